"""What a citizen is asking for, as SP4N-LAPOR! sorts it (issue 11, item 9).

A complaint (pengaduan) asks the regency to put something right; a suggestion (aspirasi) offers an
idea and is answered, never "repaired" (suite.ticketing.aspirations); an information request
(permintaan informasi publik) is the citizen's right under UU 14/2008 and runs on its own statutory
clock (suite.ticketing.information). The catalogue itself is ``suite.registry.TICKET_KINDS`` (the
intake forms read it below ticketing); which kinds a module takes is the module's rule
(``ServiceModule.accepted_kinds``).
"""

from __future__ import annotations

from suite.registry import TICKET_KINDS

COMPLAINT, ASPIRATION, INFORMATION = (kind.code for kind in TICKET_KINDS)
KINDS = tuple(kind.code for kind in TICKET_KINDS)
DEFAULT = COMPLAINT
LABELS = {kind.code: kind.label for kind in TICKET_KINDS}
EXPLANATIONS = {kind.code: kind.explanation for kind in TICKET_KINDS}


def label(kind: str | None) -> str:
    return str(LABELS.get(kind or DEFAULT, kind or ""))
