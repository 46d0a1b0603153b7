"""What a citizen is asking for, as SP4N-LAPOR! sorts it (issue 11, item 9).

A complaint (pengaduan) asks the regency to put something right; a suggestion (aspirasi) offers an
idea and is answered, never "repaired"; an information request (permintaan informasi publik) is the
citizen's right under UU 14/2008 and runs on its own statutory clock (suite.ticketing.information).
Which kinds a module takes is the module's rule (``ServiceModule.accepted_kinds``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

COMPLAINT, ASPIRATION, INFORMATION = "complaint", "aspiration", "information"
KINDS = (COMPLAINT, ASPIRATION, INFORMATION)
DEFAULT = COMPLAINT

LABELS = {
    COMPLAINT: _l("Pengaduan"),
    ASPIRATION: _l("Aspirasi"),
    INFORMATION: _l("Permintaan informasi"),
}

# One line each, shown next to the choice on the intake form.
EXPLANATIONS = {
    COMPLAINT: _l("Ada masalah atau layanan yang tidak berjalan dan perlu ditindaklanjuti."),
    ASPIRATION: _l("Usul, saran atau masukan untuk pemerintah kabupaten; dijawab, tidak ada perbaikan."),
    INFORMATION: _l(
        "Meminta informasi atau dokumen publik kepada PPID; dijawab paling lama 10 hari kerja "
        "(UU 14/2008), dapat diperpanjang 7 hari kerja."
    ),
}


def label(kind: str | None) -> str:
    return str(LABELS.get(kind or DEFAULT, kind or ""))
