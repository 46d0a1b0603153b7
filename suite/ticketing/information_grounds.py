"""The legal grounds on which an information request is refused, in whole or in part.

UU 14/2008 Pasal 17 huruf a-j lists the information a public body may withhold; Pasal 22 ayat 7
adds the written notice that the body does not hold the information (naming who does, when known);
Perki 1/2021 lets the PPID answer that the information has not been documented yet. A refusal
must cite one of these: the citizen's objection (Pasal 35) and a dispute at the Komisi Informasi
are argued against the ground given. The wording follows the Act, shortened where it runs long.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Ground:
    code: str
    citation: str  # the article, as a letter to the requester quotes it
    wording: object  # lazy string

    @property
    def exemption(self) -> bool:
        """A Pasal 17 exemption: the information exists and is withheld (it may cover part of it)."""
        return self.code.startswith("p17")


GROUNDS = (
    Ground("p17a", "UU 14/2008 Pasal 17 huruf a", _l("Dapat menghambat proses penegakan hukum.")),
    Ground(
        "p17b",
        "UU 14/2008 Pasal 17 huruf b",
        _l("Dapat mengganggu perlindungan hak atas kekayaan intelektual dan dari persaingan usaha tidak sehat."),
    ),
    Ground("p17c", "UU 14/2008 Pasal 17 huruf c", _l("Dapat membahayakan pertahanan dan keamanan negara.")),
    Ground("p17d", "UU 14/2008 Pasal 17 huruf d", _l("Dapat mengungkapkan kekayaan alam Indonesia.")),
    Ground("p17e", "UU 14/2008 Pasal 17 huruf e", _l("Dapat merugikan ketahanan ekonomi nasional.")),
    Ground("p17f", "UU 14/2008 Pasal 17 huruf f", _l("Dapat merugikan kepentingan hubungan luar negeri.")),
    Ground(
        "p17g",
        "UU 14/2008 Pasal 17 huruf g",
        _l("Dapat mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir ataupun wasiat seseorang."),
    ),
    Ground("p17h", "UU 14/2008 Pasal 17 huruf h", _l("Dapat mengungkap rahasia pribadi.")),
    Ground(
        "p17i",
        "UU 14/2008 Pasal 17 huruf i",
        _l(
            "Memorandum atau surat-surat antar atau intra Badan Publik yang menurut sifatnya dirahasiakan, "
            "kecuali atas putusan Komisi Informasi atau pengadilan."
        ),
    ),
    Ground(
        "p17j", "UU 14/2008 Pasal 17 huruf j", _l("Informasi yang tidak boleh diungkapkan berdasarkan undang-undang.")
    ),
    Ground(
        "not_held",
        "UU 14/2008 Pasal 22 ayat 7 huruf a-b",
        _l(
            "Informasi tidak berada di bawah penguasaan kami (bila diketahui, kami sebutkan badan publik "
            "yang menguasainya)."
        ),
    ),
    Ground("not_documented", "Perki 1/2021", _l("Informasi belum didokumentasikan.")),
)
BY_CODE = {g.code: g for g in GROUNDS}


def ground(code: str | None) -> Ground | None:
    return BY_CODE.get(code or "")


def describe(code: str | None) -> str:
    """``wording (citation)``, as the decision and the citizen's notice quote it."""
    found = ground(code)
    return f"{found.wording} ({found.citation})" if found else ""
