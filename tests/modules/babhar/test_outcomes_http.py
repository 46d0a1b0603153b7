"""A pregnancy ends: a miscarriage stops the reminders and frees the mother to register again; a
birth records its outcome, starts the postpartum and newborn visits and is counted in the register."""

import csv
import io
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from modules.babhar.models import Outcome, Pregnancy, Visit
from suite.audit.models import AuditEntry
from suite.extensions import db
from suite.notify.models import OutboxMessage
from tests.helpers import submit
from tests.modules.babhar.support import post_outcome, registered

BIRTH = {
    "kind": "live_birth",
    "place": "puskesmas",
    "attendant": "midwife",
    "mode": "spontaneous",
    "birth_weight_g": "2400",
}


def test_a_miscarriage_stops_reminders_and_a_new_pregnancy_can_be_registered(app, runner):
    mother, midwife, pregnancy_id = registered(app, weeks=14)
    ended_on = date.today() - timedelta(days=3)
    response = post_outcome(midwife, pregnancy_id, kind="miscarriage", ended_on=ended_on.isoformat())
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        assert (pregnancy.status, pregnancy.ended_on, pregnancy.delivered_on) == ("ended", ended_on, None)
        assert pregnancy.outcome.kind == "miscarriage" and pregnancy.outcome.recorded_by_staff_id == midwife.staff_id
        states = {v.code: v.state for v in pregnancy.visits}
        assert states["K1"] == "missed" and {states[c] for c in ("K2", "K3", "K4", "K5", "K6")} == {"cancelled"}
        assert not any(v.kind != "antenatal" for v in pregnancy.visits)  # no postpartum or newborn visits
        for visit in pregnancy.visits:
            visit.due_on = date.today() + timedelta(days=1)
        db.session.commit()
    assert "babhar: 0 visit reminders queued" in runner.invoke(args=["jobs"]).output
    with app.app_context():
        assert db.session.execute(select(OutboxMessage)).first() is None
    again = submit(
        mother,
        "babhar",
        {
            "last_period_date": (date.today() - timedelta(days=1)).isoformat(),
            "gravida": "3",
            "para": "1",
            "abortus": "1",
            "consent": "y",
        },
    )
    assert again.status_code == 302, again.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Pregnancy.status).order_by(Pregnancy.id)).scalars().all() == [
            "ended",
            "active",
        ]


def test_impossible_outcomes_are_refused(app):
    _, midwife, pregnancy_id = registered(app, weeks=22)
    today = date.today().isoformat()
    late_miscarriage = post_outcome(midwife, pregnancy_id, kind="miscarriage", ended_on=today)
    assert late_miscarriage.status_code == 422
    assert "lahir hidup atau lahir mati" in late_miscarriage.get_data(as_text=True)
    early = (date.today() - timedelta(weeks=3)).isoformat()
    early_birth = post_outcome(midwife, pregnancy_id, **{**BIRTH, "ended_on": early})
    assert early_birth.status_code == 422 and "keguguran atau abortus" in early_birth.get_data(as_text=True)
    no_place = post_outcome(midwife, pregnancy_id, **{**BIRTH, "place": "", "ended_on": today})
    assert no_place.status_code == 422
    with app.app_context():
        assert db.session.execute(select(Outcome)).first() is None
        assert db.session.get(Pregnancy, pregnancy_id).status == "active"


def test_a_delivery_records_its_outcome_and_the_cohort_register_counts_it(app, runner):
    _, midwife, pregnancy_id = registered(app, weeks=39)
    response = post_outcome(midwife, pregnancy_id, **{**BIRTH, "ended_on": date.today().isoformat()})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        assert (pregnancy.status, pregnancy.delivered_on) == ("delivered", date.today())
        codes = {v.code for v in pregnancy.visits}
        assert {"KF1", "KF2", "KF3", "KF4", "KN1", "KN2", "KN3"} <= codes
        assert {v.state for v in pregnancy.visits if v.code == "K6"} == {"cancelled"}
    page = midwife.get(f"/layanan/babhar/petugas/ibu/{pregnancy_id}").get_data(as_text=True)
    assert "Lahir hidup" in page and "2400 g" in page
    csv_text = midwife.get("/layanan/babhar/petugas/kohort.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(csv_text)))
    header = rows[0]
    for column in (
        "LiLA (cm)",
        "Status Td",
        "Protein urin",
        "HIV",
        "Sifilis",
        "HBsAg",
        "USG",
        "Konseling",
        "Akhir kehamilan",
        "Tempat",
        "Penolong",
        "Cara",
        "BB lahir (g)",
        "KN1",
        "KN2",
        "KN3",
    ):
        assert column in header, column
    mine = next(r for r in rows[1:] if r and r[0] == "1")
    assert mine[header.index("Akhir kehamilan")] == "Lahir hidup" and mine[header.index("BB lahir (g)")] == "2400"
    assert mine[header.index("Penolong")] == "Bidan" and mine[header.index("K6")] == "batal"
    recap = {r[0]: r[1] for r in rows[rows.index([]) + 1 :] if len(r) == 2}
    assert recap["Lahir hidup"] == "1" and recap["Keguguran (< 20 minggu)"] == "0"
    assert recap["Berat lahir rendah (< 2500 g)"] == "1" and recap["Persalinan ditolong tenaga kesehatan"] == "1"
    book = load_workbook(io.BytesIO(midwife.get("/layanan/babhar/petugas/kohort.xlsx").data))
    assert {tuple(r) for r in book["Rekap"].iter_rows(values_only=True)} >= {("Lahir hidup", 1)}
    with app.app_context():
        assert db.session.execute(select(AuditEntry).where(AuditEntry.action == "export")).first() is not None


def test_a_stillbirth_has_no_newborn_visits_and_a_neonatal_death_is_counted(app):
    _, midwife, first_id = registered(app, weeks=38)
    post_outcome(midwife, first_id, **{**BIRTH, "kind": "stillbirth", "ended_on": date.today().isoformat()})
    with app.app_context():
        codes = {v.code for v in db.session.get(Pregnancy, first_id).visits}
        assert {"KF1", "KF4"} <= codes and not codes & {"KN1", "KN2", "KN3"}
    _, midwife, second_id = registered(app, weeks=40)
    assert (
        post_outcome(
            midwife, second_id, **{**BIRTH, "neonatal_death": "y", "ended_on": date.today().isoformat()}
        ).status_code
        == 302
    )
    csv_text = midwife.get("/layanan/babhar/petugas/kohort.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(csv_text)))
    recap = {r[0]: r[1] for r in rows[rows.index([]) + 1 :] if len(r) == 2}
    assert recap["Lahir mati"] == "1" and recap["Kematian neonatal"] == "1"  # both mothers: one desa, one unit
    with app.app_context():
        assert (
            db.session.execute(select(Visit).where(Visit.pregnancy_id == second_id, Visit.kind == "neonatal")).first()
            is None
        )


def test_a_baby_whose_mother_died_still_gets_the_newborn_visits(app):
    _, midwife, pregnancy_id = registered(app, weeks=38)
    response = post_outcome(
        midwife, pregnancy_id, **{**BIRTH, "ended_on": date.today().isoformat(), "maternal_death": "y"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        planned = {v.code for v in pregnancy.visits if v.kind != "antenatal"}
        assert pregnancy.status == "ended" and planned == {"KN1", "KN2", "KN3"}
