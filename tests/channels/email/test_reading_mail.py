"""Reading a mail: the citizen's new text, the tracking code, the place and the service's fields."""

from __future__ import annotations

import pytest

from suite.channels.email.drafting import draft_from_text, find_desa, find_desa_mention
from suite.channels.email.parsing import parse_mail, strip_quotation
from suite.registry import get_module
from tests.channels.email.conftest import mail


@pytest.mark.parametrize(
    "text",
    [
        "Sudah diperbaiki, terima kasih.\n\nOn Mon, 2 Jun 2025 at 09:00, Layanan Warga\n<lapor@pamekasankab.go.id> "
        "wrote:\n> Laporan Anda diterima",
        "Sudah diperbaiki, terima kasih.\n\nFrom: Layanan Warga <layanan@pamekasankab.go.id>\nSent: Monday\n"
        "Subject: [MDL-7K3Q-9MDP] Kabar laporan Anda",
        "Sudah diperbaiki, terima kasih.\n> kutipan\n-- \nSiti Aminah\nRT 02 RW 01",
        "Sudah diperbaiki, terima kasih.\n\n-----Pesan Asli-----\nDari: Layanan Warga",
    ],
)
def test_only_the_new_text_of_a_reply_counts(text):
    assert strip_quotation(text) == "Sudah diperbaiki, terima kasih."


@pytest.mark.parametrize(
    "subject, code",
    [
        ("Re: [MDL-7K3Q-9MDP] Kabar laporan Anda", "MDL-7K3Q-9MDP"),
        ("RE: FW: laporan lrg-7k3q-9mdp", "LRG-7K3Q-9MDP"),
        ("Jalan rusak di Dabuan", None),
    ],
)
def test_the_tracking_code_is_read_from_the_subject(subject, code):
    assert parse_mail(bytes(mail(subject=subject))).tracking_code == code


def test_a_mail_without_message_id_is_known_by_its_bytes():
    message = mail()
    del message["Message-ID"]
    first, again = parse_mail(bytes(message)), parse_mail(bytes(message))
    assert first.message_id.startswith("sha256:") and first.message_id == again.message_id


@pytest.mark.parametrize(
    "value, code",
    [
        ("Dabuan", "35.28.01.2001"),
        ("desa dabuan", "35.28.01.2001"),
        ("35.28.01.2001", "35.28.01.2001"),
        ("Tanjung", None),  # two desa share the name
        ("Tanjung, Kec. Pegantenan", "35.28.07.2013"),
        ("Tanjung, Kecamatan Pademawu", "35.28.02.2001"),
        ("Atlantis", None),
    ],
)
def test_a_desa_is_found_by_name_or_code_when_unambiguous(ctx, value, code):
    assert find_desa(value) == code


def test_a_desa_named_in_the_story_is_found(ctx):
    assert find_desa_mention("Lampu jalan di desa Branta Pesisir mati sejak Senin.") == "35.28.01.2007"
    assert find_desa_mention("Jalan antara desa Dabuan dan desa Terrak rusak.") is None  # which one?


def test_labelled_lines_fill_a_service_form_by_its_labels_and_choices(ctx):
    lorong = get_module("lorong")
    draft = draft_from_text(
        lorong,
        "Lampu jalan mati",
        "Desa: Terrak\nNama jalan atau patokan: depan masjid\n"
        "Jenis kerusakan: lampu jalan mati\nTingkat kerusakan: sedang\nStatus jalan: jalan desa\n"
        "Koordinat: -7.1612, 113.4801",
        "deskripsi",
    )
    assert (draft.category, draft.desa_code, draft.latitude, draft.longitude) == (
        "penerangan",
        "35.28.01.2002",
        -7.1612,
        113.4801,
    )
    assert draft.extras == {
        "road_name": "depan masjid",
        "damage_type": "street_light",
        "severity": "sedang",
        "road_status": "village",
    }
