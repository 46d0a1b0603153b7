"""Late registration shows missed contacts as missed and brings the doctor forward; the "too
close" interval and the mother's age are measured at the HPHT, so time passing changes nothing."""

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

import modules.babhar.services as services
from modules.babhar.models import Pregnancy, Visit
from suite.extensions import db
from tests.conftest import csrf_token
from tests.modules.babhar.support import registered


def test_a_mother_registering_at_20_weeks_sees_k1_missed_and_a_doctor_contact_now(app):
    mother, midwife, pregnancy_id = registered(app, weeks=20)
    with app.app_context():
        visits = {v.code: v for v in db.session.get(Pregnancy, pregnancy_id).visits}
        assert visits["K1"].status == "missed" and visits["K1"].visited_on is None
        first = min((v for v in visits.values() if v.status == "planned"), key=lambda v: v.due_on)
        assert first.code == "K3" and first.with_doctor and first.ultrasound and first.due_on == date.today()
        assert len(visits) == 6  # nothing silently dropped
    page = midwife.get(f"/layanan/babhar/petugas/ibu/{pregnancy_id}").get_data(as_text=True)
    k1_row = re.search(r"<tr class=\"visit-missed[^>]*><td>K1.*?</tr>", page, re.S).group(0)
    assert "terlewat" in k1_row
    assert re.search(r"Kunjungan:\s*<strong>K3 \(dokter \+ USG\)", page)  # the form offers K3, not K1
    caseload = midwife.get("/layanan/babhar/petugas/kohort").get_data(as_text=True)
    assert "K1" in caseload and "K2" in caseload  # listed as missed
    own = mother.get("/layanan/babhar/kehamilan-saya").get_data(as_text=True)
    assert "terlewat" in own


def test_reminders_skip_missed_contacts(app, runner):
    _, _, pregnancy_id = registered(app, weeks=20)
    with app.app_context():
        k1 = db.session.execute(
            select(Visit).where(Visit.pregnancy_id == pregnancy_id, Visit.code == "K1")
        ).scalar_one()
        k1.due_on = date.today() + timedelta(days=1)
        db.session.commit()
    assert "babhar: 0 visit reminders queued" in runner.invoke(args=["jobs"]).output


class _Today(date):
    """``date`` whose today() the test moves."""

    moved_to = None

    @classmethod
    def today(cls):
        return cls.moved_to or date.today()


def test_too_close_is_measured_to_the_hpht_and_the_score_ignores_time_passing(app, monkeypatch):
    _, midwife, pregnancy_id = registered(app, weeks=10)
    with app.app_context():
        hpht = db.session.get(Pregnancy, pregnancy_id).last_period_date
    last_birth = hpht - relativedelta(months=23)
    url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    response = midwife.post(
        f"{url}/riwayat", data={"csrf_token": csrf_token(midwife, url), "last_birth_date": last_birth.isoformat()}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        assert "too_soon" in services.factors_in_force(pregnancy)
        score, assessments = pregnancy.risk_score, len(pregnancy.assessments)
    page = midwife.get(url).get_data(as_text=True)
    assert "terlalu dekat" in page
    # Today moves to 30 months after the last birth: the interval at HPHT is still 23 months.
    monkeypatch.setattr(_Today, "moved_to", last_birth + relativedelta(months=30))
    monkeypatch.setattr(services, "date", _Today)
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        assert "too_soon" in services.factors_in_force(pregnancy)
        assert services.recompute_risk(pregnancy, "time passes") is None
        assert pregnancy.risk_score == score and len(pregnancy.assessments) == assessments
        db.session.rollback()


def test_the_mothers_age_for_the_card_is_her_age_at_the_hpht(app):
    # 16 at the HPHT of a first pregnancy, 17 by the time she registers: still "too young, first".
    hpht = date.today() - timedelta(weeks=12)
    born = hpht - relativedelta(years=17) + timedelta(days=30)
    _, _, pregnancy_id = registered(app, weeks=12, born=born, gravida="1", para="0")
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        assert "too_young_first" in services.factors_in_force(pregnancy)


def test_a_last_birth_after_the_hpht_is_refused(app):
    _, midwife, pregnancy_id = registered(app, weeks=10)
    url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    last_birth = (date.today() - timedelta(weeks=2)).isoformat()
    response = midwife.post(
        f"{url}/riwayat", data={"csrf_token": csrf_token(midwife, url), "last_birth_date": last_birth}
    )
    assert response.status_code == 422 and "sebelum HPHT" in response.get_data(as_text=True)


def test_an_admin_edits_the_trimester_boundaries_and_overlapping_windows_are_refused(app):
    from modules.babhar.obstetrics import trimester
    from tests.helpers import staff_client
    from tests.modules.babhar.support import restore_clinical_data

    admin = staff_client(app, None, "admin")
    url = "/layanan/babhar/admin/klinis"
    page = admin.get(url).get_data(as_text=True)
    assert "trimester I 0-12 minggu" in page and "K5 oleh dokter dengan USG" in page
    keep = {f"{kind}_{code}": "y" for kind in ("doctor", "ultrasound") for code in ("K1", "K5")}
    try:
        token = csrf_token(admin, url)
        overlap = admin.post(url, data={"csrf_token": token, "first_week_K2": "10", **keep})
        assert overlap.status_code == 422 and "tumpang" in overlap.get_data(as_text=True)
        descending = admin.post(url, data={"csrf_token": token, "trimester_2": "11", **keep})
        assert descending.status_code == 422
        assert (
            admin.post(url, data={"csrf_token": token, "trimester_1": "13", "trimester_2": "27", **keep}).status_code
            == 302
        )
        with app.app_context():
            hpht = date(2026, 1, 5)
            assert trimester(hpht, hpht + timedelta(weeks=13)) == 1
            assert trimester(hpht, hpht + timedelta(weeks=25)) == 2
    finally:
        restore_clinical_data(app)
    with app.app_context():
        assert trimester(date(2026, 1, 5), date(2026, 1, 5) + timedelta(weeks=13)) == 2
