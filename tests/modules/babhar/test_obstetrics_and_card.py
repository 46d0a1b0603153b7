"""Dating, schedule and risk card: the clinical arithmetic, against hand-worked cases."""

from datetime import date, timedelta

import pytest

from modules.babhar.kspr import Band, band_for, derived_factors, four_t, score
from modules.babhar.obstetrics import due_date, gestational_age, trimester
from modules.babhar.schedule import Contact, after_delivery_schedule, antenatal_schedule

BANDS = [Band("KRR", 2, 2, "green"), Band("KRT", 6, 10, "yellow"), Band("KRST", 12, None, "red")]
POINTS = {"base": 2, "too_young_first": 4, "too_many": 4, "anaemia": 4, "caesarean": 8, "breech": 8}


@pytest.mark.parametrize(
    "hpht, hpl",
    [
        (date(2024, 2, 29), date(2024, 12, 5)),  # HPHT on a leap day
        (date(2023, 5, 27), date(2024, 3, 2)),  # pregnancy spans 29 February 2024
        (date(2025, 5, 27), date(2026, 3, 3)),  # same dates, no leap day in between
    ],
)
def test_due_date_is_hpht_plus_280_days_across_leap_years(hpht, hpl):
    assert due_date(hpht) == hpl


@pytest.mark.parametrize(
    "days, weeks_days, expected_trimester",
    [
        (12 * 7 + 6, (12, 6), 1),
        (13 * 7, (13, 0), 2),  # PMK 21/2021 / Buku KIA: I up to 12 weeks
        (24 * 7 + 6, (24, 6), 2),
        (25 * 7, (25, 0), 3),  # II up to 24
        (40 * 7 + 6, (40, 6), 3),
        (41 * 7, (41, 0), 3),  # III to 40; past it still III (post-term)
    ],
)
def test_trimester_boundaries_come_from_the_shipped_data(ctx, days, weeks_days, expected_trimester):
    hpht = date(2024, 1, 10)
    on = date.fromordinal(hpht.toordinal() + days)
    assert gestational_age(hpht, on) == weeks_days
    assert trimester(hpht, on) == expected_trimester


def test_trimester_follows_edited_boundaries():
    hpht = date(2024, 1, 10)
    assert trimester(hpht, hpht + timedelta(weeks=13), last_weeks=[13, 27, 40]) == 1  # WHO 2016 counting
    assert trimester(hpht, hpht + timedelta(weeks=13), last_weeks=[12, 24, 40]) == 2


def test_shipped_schedule_gives_one_two_three_contacts_by_trimester_with_the_doctor_at_k1_and_k5(ctx):
    hpht = date(2026, 1, 5)
    visits = antenatal_schedule(hpht)
    assert [v.code for v in visits] == ["K1", "K2", "K3", "K4", "K5", "K6"]
    by_trimester = [trimester(hpht, v.due_on) for v in visits]
    assert by_trimester.count(1) >= 1 and by_trimester.count(2) >= 2 and by_trimester.count(3) >= 3
    assert by_trimester == [1, 2, 2, 3, 3, 3]
    # every day of a contact's window falls in the trimester the contact belongs to
    for v in visits:
        assert trimester(hpht, v.window_start) == trimester(hpht, v.window_end) == trimester(hpht, v.due_on)
    assert [v.code for v in visits if v.with_doctor and v.ultrasound] == ["K1", "K5"]
    assert all(v.window_start <= v.due_on <= v.window_end for v in visits)
    assert all(v.status == "planned" for v in visits)


def test_late_registration_keeps_missed_contacts_and_brings_the_doctor_forward(ctx):
    hpht = date(2026, 1, 5)
    late = antenatal_schedule(hpht, registered_on=hpht + timedelta(weeks=20))
    assert [(v.code, v.status) for v in late] == [
        ("K1", "missed"),
        ("K2", "missed"),
        ("K3", "planned"),
        ("K4", "planned"),
        ("K5", "planned"),
        ("K6", "planned"),
    ]
    first = late[2]
    assert first.due_on == hpht + timedelta(weeks=20) and first.with_doctor and first.ultrasound
    assert [v.code for v in late if v.with_doctor] == ["K1", "K3", "K5"]


def test_registration_in_time_leaves_the_doctor_where_the_schedule_puts_it():
    contacts = [Contact("K1", 0, 12, 10, True, True), Contact("K2", 13, 18, 16)]
    early = antenatal_schedule(date(2026, 1, 5), registered_on=date(2026, 2, 1), contacts=contacts)
    assert [(v.code, v.with_doctor, v.status) for v in early] == [("K1", True, "planned"), ("K2", False, "planned")]


def test_postpartum_and_neonatal_windows_follow_the_delivery():
    visits = {v.code: v for v in after_delivery_schedule(date(2026, 3, 1))}
    assert (visits["KF1"].window_start, visits["KF1"].window_end) == (date(2026, 3, 1), date(2026, 3, 3))
    assert (visits["KF2"].window_start, visits["KF2"].window_end) == (date(2026, 3, 4), date(2026, 3, 8))
    assert (visits["KF3"].window_start, visits["KF3"].window_end) == (date(2026, 3, 9), date(2026, 3, 29))
    assert (visits["KF4"].window_start, visits["KF4"].window_end) == (date(2026, 3, 30), date(2026, 4, 12))
    assert {"KN1", "KN2", "KN3"} <= visits.keys()
    assert not {"KN1", "KN2", "KN3"} & {v.code for v in after_delivery_schedule(date(2026, 3, 1), newborn=False)}


@pytest.mark.parametrize(
    "factors, total, band",
    [
        (set(), 2, "KRR"),  # base only: low
        ({"anaemia"}, 6, "KRT"),  # first 4-point factor: high
        ({"anaemia", "too_many"}, 10, "KRT"),  # top of high
        ({"caesarean"}, 10, "KRT"),  # one 8-point factor
        ({"caesarean", "anaemia"}, 14, "KRST"),  # past 12: very high
        ({"caesarean", "breech", "anaemia", "too_many"}, 26, "KRST"),
    ],
)
def test_card_score_and_band(factors, total, band):
    assert score(factors, POINTS) == total
    assert band_for(total, BANDS).code == band


def test_a_score_between_bands_after_an_admin_edit_takes_the_band_it_reaches():
    assert band_for(4, BANDS).code == "KRR"
    assert band_for(11, BANDS).code == "KRT"
    assert band_for(12, BANDS).code == "KRST"


def test_factors_derived_from_the_record():
    born = date(2009, 6, 1)
    assert "too_young_first" in derived_factors(born, date(2025, 5, 1), 1, 0, 0, None, None)  # 15, first
    older = date(1988, 1, 1)
    assert "too_old_first" in derived_factors(older, date(2025, 1, 2), 1, 0, 0, None, None)
    assert {"too_old", "too_many", "too_soon", "too_short", "failed_pregnancy"} <= derived_factors(
        older, date(2025, 1, 2), 6, 4, 1, 144.0, date(2023, 3, 1)
    )
    assert four_t(born, date(2025, 5, 1), 0, None) == {
        "too_young": True,
        "too_old": False,
        "too_close": False,
        "too_many": False,
    }
