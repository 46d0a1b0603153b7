"""Dates, numbers and durations in the reader's locale, times always in WIB (issue 14, item 4): the
same ticket reads "6 Des 2026 14:00 WIB" and "3 jam 5 menit" in Indonesian, "Dec 6, 2026 14:00 WIB"
and "3 hours 5 minutes" in English."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template_string, session
from flask_babel import refresh

from tests.conftest import csrf_token
from tests.helpers import citizen_client, lorong_fields, set_ticket, submit, ticket_code_from

OPENED = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)  # 14:00 WIB


def reading(client, lang):
    client.post("/bahasa", data={"csrf_token": csrf_token(client, "/"), "lang": lang})
    return client


@pytest.mark.parametrize(
    "lang,opened,answered_in,target",
    [
        ("id", "6 Des 2026 14:00 WIB", "3 jam 5 menit", "2 hari"),
        ("en", "Dec 6, 2026 14:00 WIB", "3 hours 5 minutes", "2 days"),
    ],
)
def test_a_ticket_reads_its_dates_and_durations_in_the_reader_s_locale(app, lang, opened, answered_in, target):
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    set_ticket(app, code, created_at=OPENED, first_response_at=OPENED + timedelta(hours=3, minutes=5))
    page = reading(citizen, lang).get(f"/lacak/{code}").get_data(as_text=True)
    assert opened in page
    assert answered_in in page and target in page, page[page.find("sla-statement") :][:400]


@pytest.mark.parametrize(
    "lang,shown",
    [
        ("id", ["1.234", "1.234,5", "25%", "12,5%", "1 hari", "1 menit", "0 menit", "2 hari 4 jam", "—"]),
        ("en", ["1,234", "1,234.5", "25%", "12.5%", "1 day", "1 minute", "0 minutes", "2 days 4 hours", "—"]),
    ],
)
def test_numbers_shares_and_durations_follow_the_locale(app, lang, shown):
    template = (
        "{{ 1234|number }}|{{ 1234.5|number(1) }}|{{ 0.25|percent }}|{{ 0.125|percent(1) }}|{{ 1440|duration }}"
        "|{{ 1|duration }}|{{ 0|duration }}|{{ (2 * 1440 + 240)|duration }}|{{ none|duration }}"
    )
    with app.test_request_context():
        session["lang"] = lang
        refresh()
        assert render_template_string(template, none=None).split("|") == shown
