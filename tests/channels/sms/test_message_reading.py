"""How a one-line message is read: the desa as people type it, and the draft completed for staff."""

import pytest

from suite.channels.dialogue.commands import split
from suite.channels.dialogue.drafts import draft_from_text
from suite.channels.dialogue.places import match_desa
from suite.registry import get_module


@pytest.mark.parametrize(
    "typed, desa, rest",
    [
        ("Dabuan jalan berlubang", "Dabuan", "jalan berlubang"),
        ("branta-pesisir: lampu mati", "Branta Pesisir", "lampu mati"),
        ("BRANTAPESISIR lampu mati", "Branta Pesisir", "lampu mati"),
        ("desa Taroan got mampet", "Taro'an", "got mampet"),
        ("Tanjung/Pademawu jalan rusak", "Tanjung", "jalan rusak"),
        ("tanjung kec pegantenan, jalan rusak", "Tanjung", "jalan rusak"),
        ("Bujur Barat jembatan putus", "Bujur Barat", "jembatan putus"),
    ],
)
def test_the_desa_is_found_however_it_is_typed(ctx, typed, desa, rest):
    found = match_desa(typed)
    assert (found.desa.name, found.rest) == (desa, rest)


def test_an_unclear_desa_names_the_candidates(ctx):
    assert [r.name for r in match_desa("Bujur jalan rusak").suggestions] == [
        "Bujur Barat",
        "Bujur Tengah",
        "Bujur Timur",
    ]
    assert len(match_desa("Panaguan jalan rusak").same_name) == 2
    assert match_desa("Zzzz jalan rusak").desa is None


@pytest.mark.parametrize(
    "module, text, category, extras",
    [
        (
            "lorong",
            "jalan berlubang di Jl. Raya Tlanakan depan SD",
            "jalan",
            {"road_name": "Jl. Raya Tlanakan", "damage_type": "pothole", "severity": "sedang"},
        ),
        (
            "lorong",
            "jalan tergenang di gang mawar, parah",
            "jalan",
            {"road_name": "Gg. Mawar", "damage_type": "flood", "severity": "sedang"},
        ),
        (
            "lorong",
            "got mampet air meluap",
            "drainase",
            {"road_name": "Tidak disebut", "damage_type": "drainage", "severity": "sedang"},
        ),
        ("madul", "KTP belum jadi tiga bulan", "population", {}),
        ("madul", "anjing liar berkeliaran malam hari", "other", {}),
        ("sehat", "obat darah tinggi kosong", "medicine", {}),
    ],
)
def test_a_message_becomes_a_draft_with_documented_defaults(ctx, module, text, category, extras):
    draft = draft_from_text(get_module(module), "35.28.01.2001", text)
    assert (draft.category, draft.extras, draft.description) == (category, extras, text)


@pytest.mark.parametrize(
    "text, word, rest",
    [
        ("lorong: Dabuan jalan", "LORONG", "Dabuan jalan"),
        ("LORONG#Dabuan#jalan rusak", "LORONG", "Dabuan jalan rusak"),
        ("Cek LRG-7K3Q-9MDP", "CEK", "LRG-7K3Q-9MDP"),
        ("?", "?", ""),
        ("", "", ""),
    ],
)
def test_the_first_word_is_the_keyword_in_any_case(text, word, rest):
    assert split(text) == (word, rest)
