"""The audit log is a hash chain nobody edits through the application; `audit verify` finds the
first broken link; admin changes carry their before and after values, IP and user agent
(issue 9, item 11)."""

import re
import threading

import pytest
from sqlalchemy import delete, select, text, update

from suite.audit.chain import AuditLogIsAppendOnly
from suite.audit.models import AuditEntry
from suite.extensions import db
from suite.sla.models import SlaTarget
from suite.sla.targets import TARGET_FIELDS
from tests.conftest import csrf_token
from tests.helpers import (
    audit_entries,
    citizen_client,
    gen_citizen,
    gen_staff,
    login_staff,
    staff_client,
    submit,
    ticket_code_from,
)

BROWSER = "Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile"


@pytest.fixture(autouse=True)
def _restore_reference_rows(app):
    """Targets and the risk card are kept between tests (conftest KEEP_TABLES): put back what a test edits."""
    from modules.babhar.models import KsprFactor
    from suite.ticketing.category_settings import CategorySetting

    with app.app_context():
        targets = {
            row.id: {name: getattr(row, name) for name in TARGET_FIELDS}
            for row in db.session.execute(select(SlaTarget)).scalars()
        }
        factors = {row.code: (row.points, row.active) for row in db.session.execute(select(KsprFactor)).scalars()}
        settings = dict(db.session.execute(select(CategorySetting.id, CategorySetting.sensitive)).all())
    yield
    with app.app_context():
        db.session.execute(delete(CategorySetting).where(CategorySetting.id.not_in(list(settings) or [0])))
        for row_id, sensitive in settings.items():
            db.session.execute(update(CategorySetting).where(CategorySetting.id == row_id).values(sensitive=sensitive))
        for row_id, values in targets.items():
            db.session.execute(update(SlaTarget).where(SlaTarget.id == row_id).values(**values))
        for code, (points, active) in factors.items():
            db.session.execute(update(KsprFactor).where(KsprFactor.code == code).values(points=points, active=active))
        db.session.commit()


def admin_from(app, address="10.7.7.7", user_agent=BROWSER):
    staff_id, email = gen_staff(app, None, "admin")
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=user_agent)
    login_staff(client, email)
    client.staff_id = staff_id
    return client


def any_target(app):
    with app.app_context():
        row = db.session.execute(select(SlaTarget).order_by(SlaTarget.id)).scalars().first()
        return row.id, {name: getattr(row, name) for name in TARGET_FIELDS}


def edit_target(client, target_id, values):
    token = csrf_token(client, f"/admin/target/{target_id}")
    return client.post(
        f"/admin/target/{target_id}",
        data={"csrf_token": token, **{name: "" if value is None else value for name, value in values.items()}},
    )


def entries(app, **where):
    return audit_entries(app, order_by="sequence", **where)  # the chain's own order


def verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def some_audited_actions(app):
    """Real actions that write audit entries: call-centre lookups, a target edit, health-ticket reads."""
    _, nik, phone = gen_citizen(app)
    operator = staff_client(app, "command-center", call_centre=True)
    token = csrf_token(operator, "/petugas/telepon")
    for identifier in (nik, "0" + phone[3:], "081200000009"):
        assert operator.post("/petugas/telepon", data={"csrf_token": token, "identifier": identifier}).status_code in (
            200,
            302,
        )
    target_id, values = any_target(app)
    assert (
        edit_target(
            admin_from(app), target_id, {**values, "first_response_minutes": values["first_response_minutes"] + 7}
        ).status_code
        == 302
    )
    code = ticket_code_from(
        submit(
            citizen_client(app),
            "sehat",
            {
                "category": "medicine",
                "facility_code": "pkm-tlanakan",
                "desa_code": "35.28.01.2001",
                "description": "Obat insulin habis sejak minggu lalu di puskesmas.",
            },
        )
    )
    unit = staff_client(app, "pkm-tlanakan")
    for _ in range(2):
        assert unit.get(f"/petugas/tiket/{code}").status_code == 200
    return entries(app)


def test_an_admin_editing_a_target_is_recorded_with_before_after_ip_and_user_agent(app):
    target_id, values = any_target(app)
    admin = admin_from(app)
    changed = {**values, "first_response_minutes": values["first_response_minutes"] + 5, "note": "Perbup 12/2026"}
    assert edit_target(admin, target_id, changed).status_code == 302
    [entry] = entries(app, resource_type="sla_target", resource_id=str(target_id))
    assert entry.action == "update" and entry.staff_id == admin.staff_id
    assert entry.before == {"first_response_minutes": values["first_response_minutes"], "note": values["note"]}
    assert entry.after == {"first_response_minutes": values["first_response_minutes"] + 5, "note": "Perbup 12/2026"}
    assert entry.ip_address == "10.7.7.7" and entry.user_agent == BROWSER


def test_a_long_user_agent_is_cut_to_the_column(app):
    target_id, values = any_target(app)
    admin = admin_from(app, user_agent="X" * 5000)
    assert edit_target(admin, target_id, {**values, "reward_minutes": values["reward_minutes"] - 1}).status_code == 302
    [entry] = entries(app, resource_type="sla_target")
    assert entry.user_agent == "X" * 200


def test_other_admin_settings_record_before_and_after(app):
    admin = admin_from(app)
    token = csrf_token(admin, "/admin/kunci-api")
    page = admin.post("/admin/kunci-api", data={"csrf_token": token, "name": "Aplikasi desa"}).get_data(as_text=True)
    plain = re.search(r'<code class="code">([^<]+)</code>', page).group(1)
    [created] = entries(app, resource_type="api_key")
    assert created.action == "create" and created.after["name"] == "Aplikasi desa"
    assert plain not in str(created.after) and created.before is None
    assert admin.post(f"/admin/kunci-api/{created.resource_id}/cabut", data={"csrf_token": token}).status_code == 302
    revoked = entries(app, resource_type="api_key", action="update")
    assert [(e.before, bool(e.after["revoked_at"])) for e in revoked] == [({"revoked_at": None}, True)]

    token = csrf_token(admin, "/layanan/babhar/admin/kspr")
    with app.app_context():
        from modules.babhar.models import KsprCategory, KsprFactor

        factors = db.session.execute(select(KsprFactor).order_by(KsprFactor.code)).scalars().all()
        bands = db.session.execute(select(KsprCategory)).scalars().all()
        form = {
            "csrf_token": token,
            **{f"points_{f.code}": str(f.points) for f in factors},
            **{f"active_{f.code}": "y" for f in factors if f.active},
            **{f"min_{b.code}": str(b.min_score) for b in bands},
            **{f"max_{b.code}": "" if b.max_score is None else str(b.max_score) for b in bands},
        }
        code, points = next((f.code, f.points) for f in factors if f.code != "base" and f.points < 20)
    form[f"points_{code}"] = str(points + 1)
    assert admin.post("/layanan/babhar/admin/kspr", data=form).status_code == 302
    [card] = entries(app, resource_type="babhar_kspr_card")
    assert card.before == {"factors": {code: {"points": points}}}
    assert card.after == {"factors": {code: {"points": points + 1}}}
    assert card.ip_address == "10.7.7.7" and card.user_agent == BROWSER


def test_supervisors_response_templates_and_sensitive_categories_record_before_and_after(app):
    supervisor = staff_client(app, "pupr", "supervisor")
    token = csrf_token(supervisor, "/petugas/templat")
    assert (
        supervisor.post(
            "/petugas/templat",
            data={
                "csrf_token": token,
                "title": "Survei lokasi",
                "status": "",
                "body": "Tim kami survei lokasi dalam 2 hari kerja.",
            },
        ).status_code
        == 302
    )
    [created] = entries(app, resource_type="response_template")
    assert created.after["title"] == "Survei lokasi" and created.after["active"] is True
    assert (
        supervisor.post(f"/petugas/templat/{created.resource_id}/nonaktif", data={"csrf_token": token}).status_code
        == 302
    )
    [toggled] = entries(app, resource_type="response_template", action="update")
    assert (toggled.before, toggled.after) == ({"active": True}, {"active": False})

    admin = admin_from(app)
    page = admin.get("/admin/kategori-sensitif").get_data(as_text=True)
    boxes = re.findall(r'name="sensitive" value="([^"]+)"( checked)?', page)
    assert boxes, "no editable category"
    flipped, was_ticked = boxes[0][0], bool(boxes[0][1])
    ticked = {value for value, checked in boxes if checked} ^ {flipped}
    assert (
        admin.post(
            "/admin/kategori-sensitif",
            data={"csrf_token": csrf_token(admin, "/admin/kategori-sensitif"), "sensitive": sorted(ticked)},
        ).status_code
        == 302
    )
    [setting] = entries(app, resource_type="category_setting", resource_id=flipped)
    assert (setting.before, setting.after) == ({"sensitive": was_ticked}, {"sensitive": not was_ticked})
    assert setting.user_agent == BROWSER


def test_verify_reports_an_intact_chain_built_by_real_actions(app):
    written = some_audited_actions(app)
    assert len(written) >= 6
    assert [e.sequence for e in written] == list(range(1, len(written) + 1))
    assert all(e.prev_hash == before.entry_hash for before, e in zip(written, written[1:], strict=False))
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert f"{len(written)} entries, chain intact" in result.output


def test_each_test_starts_a_fresh_chain(app):
    assert verify(app).output.startswith("0 entries, chain intact")
    operator = staff_client(app, "command-center", call_centre=True)
    operator.post(
        "/petugas/telepon", data={"csrf_token": csrf_token(operator, "/petugas/telepon"), "identifier": "081200000009"}
    )
    assert [e.sequence for e in entries(app)] == [1]


def test_verify_names_an_entry_whose_content_was_changed_with_sql(app):
    written = some_audited_actions(app)
    victim = written[2]
    with app.app_context():
        db.session.execute(text("UPDATE audit_log SET detail = 'nothing to see' WHERE id = :id"), {"id": victim.id})
        db.session.commit()
    result = verify(app)
    assert result.exit_code != 0
    assert f"entry {victim.id} (#{victim.sequence}) was changed" in result.output


def test_verify_names_the_gap_a_deleted_middle_entry_leaves(app):
    written = some_audited_actions(app)
    gone, follower = written[2], written[3]
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": gone.id})
        db.session.commit()
    result = verify(app)
    assert result.exit_code != 0
    assert f"entries missing before entry {follower.id}" in result.output
    assert f"from #{gone.sequence - 1} to #{follower.sequence}" in result.output


def test_verify_notices_entries_cut_off_the_end(app):
    written = some_audited_actions(app)
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": written[-1].id})
        db.session.commit()
    result = verify(app)
    assert result.exit_code != 0 and f"the log ends at #{len(written) - 1}" in result.output


def test_verify_notices_a_renumbered_chain(app):
    written = some_audited_actions(app)
    with app.app_context():  # drop an entry and renumber the rest to hide the gap
        db.session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": written[1].id})
        for entry in written[2:]:  # one by one, upwards: the sequence stays unique at every step
            db.session.execute(
                text("UPDATE audit_log SET sequence = :n WHERE id = :id"), {"n": entry.sequence - 1, "id": entry.id}
            )
        db.session.commit()
    result = verify(app)
    assert result.exit_code != 0 and f"entry {written[2].id} (#2) was changed" in result.output


def test_the_application_cannot_change_or_delete_an_entry(app):
    some_audited_actions(app)
    with app.app_context():
        entry = db.session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().first()
        entry.detail = "rewritten"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEntry, entry.id))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        for statement in (delete(AuditEntry), update(AuditEntry).values(detail="x")):
            with pytest.raises(AuditLogIsAppendOnly):
                db.session.execute(statement)
            db.session.rollback()
    assert verify(app).exit_code == 0


def test_concurrent_writers_do_not_fork_the_chain(app):
    threads_count, lookups = 6, 4
    clients = []
    for _ in range(threads_count):
        client = staff_client(app, "command-center", call_centre=True)
        clients.append((client, csrf_token(client, "/petugas/telepon")))
    barrier = threading.Barrier(threads_count)
    statuses, lock = [], threading.Lock()

    def work(index):
        client, token = clients[index]
        barrier.wait()
        for n in range(lookups):
            status = client.post(
                "/petugas/telepon", data={"csrf_token": token, "identifier": f"08120000{index:02d}{n:02d}"}
            ).status_code
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [200] * (threads_count * lookups)
    written = entries(app)
    assert [e.sequence for e in written] == list(range(1, threads_count * lookups + 1))
    result = verify(app)
    assert result.exit_code == 0 and f"{threads_count * lookups} entries, chain intact" in result.output
