"""The ``wib`` filter writes the locale's pattern out by hand (issue 13: Babel per cell was a fifth of
the staff queue's time); it must read exactly as Babel's ``format_datetime`` in every language: the
locale's medium date and the 24-hour time, always in WIB (issue 14, item 4)."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template_string
from flask_babel import format_datetime, get_locale, refresh

from suite.i18n import date_pattern


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_wib_filter_reads_as_babel_for_every_month_and_hour(app, lang):
    moments = [
        datetime(2026, month, 1, 0, 0, tzinfo=UTC) + timedelta(days=27, hours=19, minutes=7) for month in range(1, 13)
    ]
    moments += [datetime(2026, 12, 31, 17, 0, tzinfo=UTC), datetime(999, 1, 2, 3, 4, tzinfo=UTC)]
    moments.append(datetime(2026, 6, 30, 18, 30))  # naive: taken as UTC, as Babel does
    with app.test_request_context():
        from flask import session

        session["lang"] = lang
        refresh()
        pattern = f"{date_pattern(get_locale())} HH:mm"
        for moment in moments:
            shown = render_template_string("{{ moment|wib }}", moment=moment)
            assert shown == f"{format_datetime(moment, pattern)} WIB", moment
            assert render_template_string("{{ moment|wib(seconds=True) }}", moment=moment) == (
                f"{format_datetime(moment, pattern + ':ss')} WIB"
            )
        assert render_template_string("{{ moment|wib('d MMMM yyyy') }}", moment=moments[0]) == (
            f"{format_datetime(moments[0], 'd MMMM yyyy')} WIB"
        )
        assert render_template_string("{{ none|wib }}", none=None) == ""
        december = {"id": "29 Des 2026 02:07 WIB", "en": "Dec 29, 2026 02:07 WIB"}[lang]
        assert render_template_string("{{ moment|wib }}", moment=moments[11]) == december
