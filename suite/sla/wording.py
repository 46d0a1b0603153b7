"""How a ticket's response time reads to the citizen: the duration, and the reward band (e-Sambat's
"answered within 10 minutes") with whether it was met. Shared by the status pages
(``macros.html`` ``sla_statement``) and the message that tells the citizen of the first answer
(``suite.notify.listeners``), so both say the same."""

from __future__ import annotations

from flask_babel import gettext as _

from suite.i18n import format_minutes
from suite.sla.policy import Standing


def reward_statement(standing: Standing) -> tuple[str, bool | None]:
    """(the reward band as a phrase, whether it was met: None while unanswered and still reachable).

    The band is ``policy.band_for``'s: answered within ``reward_minutes`` of the target's clock."""
    target = format_minutes(standing.target.reward_minutes)
    if standing.responded:
        if standing.band == "reward":
            return _("Masuk target penghargaan (paling lama %(target)s)", target=target), True
        return _("Tidak masuk target penghargaan %(target)s", target=target), False
    if standing.response_minutes <= standing.target.reward_minutes:
        return _("Target penghargaan: ditanggapi dalam %(target)s", target=target), None
    return _("Target penghargaan %(target)s sudah terlewati", target=target), False


def first_response(standing: Standing) -> str:
    """The ``{sla}`` of the first-answer message: "ditanggapi dalam 7 menit, masuk target
    penghargaan (paling lama 10 menit)". Plain GSM text: no "≤" that would make the SMS UCS-2."""
    duration = format_minutes(standing.response_minutes)
    target = format_minutes(standing.target.reward_minutes)
    if standing.band == "reward":
        return _(
            "ditanggapi dalam %(duration)s, masuk target penghargaan (paling lama %(target)s)",
            duration=duration,
            target=target,
        )
    return _(
        "ditanggapi dalam %(duration)s, tidak masuk target penghargaan %(target)s", duration=duration, target=target
    )
