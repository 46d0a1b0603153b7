"""Offline structure check of the NIK (Nomor Induk Kependudukan).

NIK = PP KK CC DDMMYY SSSS: province, regency/city, kecamatan of first registration, birth
day (plus 40 for women), month and two-digit year, then a serial. There is no check digit, so
the offline check can only prove a NIK is well formed and agrees with what the citizen
declared; a Dukcapil verifier can be plugged in later through ``NikVerifier``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from suite import reference

_DIGITS = re.compile(r"^\d{16}$")


class NikError(ValueError):
    """A NIK that cannot be right; ``str(error)`` is a message for the citizen."""


@dataclass
class NikInfo:
    nik: str
    province_code: str
    regency_code: str
    kecamatan_code: str
    birth_date: date
    sex: str  # "F" or "M"
    serial: str
    warnings: list[str] = field(default_factory=list)


def normalise(raw: str | None) -> str:
    return re.sub(r"[\s.\-]", "", raw or "")


def mask(nik: str) -> str:
    """``3528**********0001``: region and serial only, as shown to those without need."""
    return f"{nik[:4]}{'*' * 10}{nik[-2:]}" if len(nik) == 16 else "*" * len(nik)


def parse_nik(
    raw: str, declared_birth_date: date | None = None, declared_sex: str | None = None, today: date | None = None
) -> NikInfo:
    """Check a NIK offline and decode it; raise ``NikError`` with a citizen-facing message."""
    nik = normalise(raw)
    if not nik.isdigit():
        raise NikError(_l("NIK hanya boleh berisi angka."))
    if not _DIGITS.match(nik):
        raise NikError(_l("NIK harus tepat 16 digit (sekarang %(n)s digit).", n=len(nik)))
    province, regency, kecamatan = nik[0:2], nik[2:4], nik[4:6]
    day, month, year2, serial = int(nik[6:8]), int(nik[8:10]), int(nik[10:12]), nik[12:16]
    codes = reference.national_codes()
    if province not in codes:
        raise NikError(_l("Kode provinsi %(code)s pada NIK tidak dikenal.", code=province))
    regency_code = f"{province}.{regency}"
    if regency_code not in codes:
        raise NikError(_l("Kode kabupaten/kota %(code)s pada NIK tidak dikenal.", code=regency_code))
    if serial == "0000":
        raise NikError(_l("Nomor urut pada NIK tidak boleh 0000."))
    if 1 <= day <= 31:
        sex = "M"
    elif 41 <= day <= 71:
        sex, day = "F", day - 40
    else:
        raise NikError(_l("Tanggal lahir pada NIK tidak mungkin (digit 7-8)."))
    if not 1 <= month <= 12:
        raise NikError(_l("Bulan lahir pada NIK tidak mungkin (digit 9-10)."))
    today = today or date.today()
    birth_date = _birth_date(day, month, year2, declared_birth_date, today)
    if declared_birth_date is not None and birth_date != declared_birth_date:
        raise NikError(_l("Tanggal lahir tidak sesuai dengan yang tertulis pada NIK."))
    if declared_sex is not None and declared_sex != sex:
        raise NikError(_l("Jenis kelamin tidak sesuai dengan NIK."))
    kecamatan_code = f"{regency_code}.{kecamatan}"
    warnings = []
    # The deployed regency's code (REGENCY_CODE, from its pack): its residents' kecamatan are known.
    if regency_code == reference.regency_code() and kecamatan_code not in reference.local_regions():
        # Codes predate region splits: an unknown kecamatan is worth a look, not a refusal.
        warnings.append(str(_l("Kode kecamatan %(code)s pada NIK tidak ada di data wilayah.", code=kecamatan_code)))
    return NikInfo(nik, province, regency_code, kecamatan_code, birth_date, sex, serial, warnings)


def _birth_date(day: int, month: int, year2: int, declared: date | None, today: date) -> date:
    if declared is not None and declared.year % 100 == year2:
        century = declared.year - year2
    else:
        century = 2000 if 2000 + year2 <= today.year else 1900
    try:
        born = date(century + year2, month, day)
    except ValueError:
        raise NikError(_l("Tanggal lahir pada NIK bukan tanggal yang ada.")) from None
    if born > today:
        raise NikError(_l("Tanggal lahir pada NIK ada di masa depan."))
    return born


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
