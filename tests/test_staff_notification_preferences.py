"""Staff choose how they hear of new, assigned and escalated tickets (issue 12, item 3): in the app
always, and by email, WhatsApp or SMS as they pick on their profile, through the outbox."""

from __future__ import annotations

from datetime import timedelta

from suite.extensions import db
from suite.identity.models import Staff
from suite.notify.models import OutboxMessage
from tests.conftest import csrf_token
from tests.helpers import (
    citizen_client,
    get_ticket,
    lorong_fields,
    rows,
    set_ticket,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)

PROFILE = "/petugas/profil"
DESCRIPTION = "Lubang besar di depan balai desa, motor sering jatuh."


def _staff(app, client, **fields):
    with app.app_context():
        staff = db.session.get(Staff, client.staff_id)
        for name, value in fields.items():
            setattr(staff, name, value)
        db.session.commit()
        return staff.email, staff.phone


def _choose(client, **choices):
    """``assigned="email sms"``: tick those channels for that event on the profile page."""
    data = {f"{event}-{channel}": "y" for event, channels in choices.items() for channel in channels.split()}
    return client.post(f"{PROFILE}/pemberitahuan", data={"csrf_token": csrf_token(client, PROFILE), **data})


def _staff_messages(app, staff_id):
    return rows(app, OutboxMessage, OutboxMessage.staff_id == staff_id)


def _road_ticket(app):
    return ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields(not_duplicate="y")))


def test_an_officer_who_chose_email_and_sms_gets_exactly_those_when_assigned(app):
    chosen, app_only = staff_client(app, "pupr"), staff_client(app, "pupr")
    supervisor = staff_client(app, "pupr", "supervisor")
    email, phone = _staff(app, chosen, phone="+6281300000001")
    _staff(app, app_only, phone="+6281300000002")
    assert _choose(chosen, assigned="email sms").status_code == 302
    assert _choose(app_only).status_code == 302
    page = chosen.get(PROFILE).get_data(as_text=True)
    assert 'id="assigned-email" name="assigned-email" value="y" checked' in page
    assert 'name="new_ticket-email"' not in page  # new tickets are the supervisors' to watch

    code = _road_ticket(app)
    assert staff_post(supervisor, code, "tugaskan", {"assignee": str(chosen.staff_id)}).status_code == 302
    messages = _staff_messages(app, chosen.staff_id)
    assert sorted((m.channel, m.recipient) for m in messages) == [("email", email), ("sms", phone)]
    for message in messages:
        assert message.purpose == "staff_assigned" and message.ticket_id is not None
        assert code in message.body and "e-Lorong" in message.body and f"/petugas/tiket/{code}" in message.body
        assert DESCRIPTION not in message.body
    assert messages[0].subject and code in messages[0].subject

    assert staff_post(supervisor, code, "tugaskan", {"assignee": str(app_only.staff_id)}).status_code == 302
    assert _staff_messages(app, app_only.staff_id) == []


def test_taking_a_ticket_oneself_or_being_off_duty_sends_nothing(app):
    officer, other = staff_client(app, "pupr"), staff_client(app, "pupr")
    supervisor = staff_client(app, "pupr", "supervisor")
    _staff(app, officer, phone="+6281300000003")
    _staff(app, other, phone="+6281300000004", on_duty=False)
    assert _choose(officer, assigned="sms").status_code == 302
    assert _choose(other, assigned="sms email").status_code == 302
    code = _road_ticket(app)
    assert staff_post(officer, code, "tugaskan", {"assignee": str(officer.staff_id)}).status_code == 302
    assert _staff_messages(app, officer.staff_id) == []
    assert staff_post(supervisor, code, "tugaskan", {"assignee": str(other.staff_id)}).status_code == 302
    assert _staff_messages(app, other.staff_id) == []


def test_sms_or_whatsapp_without_a_phone_is_refused_and_nothing_is_stored(app):
    officer = staff_client(app, "pupr")
    _staff(app, officer, phone=None)
    refused = _choose(officer, assigned="email whatsapp")
    assert refused.status_code == 422 and "Isi nomor HP" in refused.get_data(as_text=True)
    assert 'id="assigned-email" name="assigned-email" value="y" checked' not in officer.get(PROFILE).get_data(
        as_text=True
    )


def test_a_supervisor_hears_of_a_new_ticket_of_their_agency_as_chosen(app):
    supervisor, elsewhere = staff_client(app, "pupr", "supervisor"), staff_client(app, "dlh", "supervisor")
    email, _ = _staff(app, supervisor)
    assert _choose(supervisor, new_ticket="email").status_code == 302
    assert _choose(elsewhere, new_ticket="email").status_code == 302
    code = _road_ticket(app)
    messages = _staff_messages(app, supervisor.staff_id)
    assert [(m.channel, m.recipient, m.purpose) for m in messages] == [("email", email, "staff_new_ticket")]
    assert code in messages[0].body and DESCRIPTION not in messages[0].body
    assert _staff_messages(app, elsewhere.staff_id) == []


def test_an_escalation_by_the_sweep_is_told_once_per_chosen_channel(app, runner):
    officer, supervisor = staff_client(app, "pupr"), staff_client(app, "pupr", "supervisor")
    _, phone = _staff(app, officer, phone="+6281300000005")
    sup_email, _ = _staff(app, supervisor)
    assert _choose(officer, escalated="whatsapp").status_code == 302
    assert _choose(supervisor, escalated="email").status_code == 302
    code = _road_ticket(app)
    assert staff_post(officer, code, "tugaskan", {"assignee": str(officer.staff_id)}).status_code == 302
    ticket = get_ticket(app, code)
    shift = ticket.first_response_due_at - ticket.created_at + timedelta(hours=1)
    set_ticket(
        app,
        code,
        created_at=ticket.created_at - shift,
        first_response_due_at=ticket.first_response_due_at - shift,
        resolution_due_at=ticket.resolution_due_at - shift,
    )
    first = runner.invoke(args=["sla-sweep"])
    assert first.exit_code == 0 and "1 breached" in first.output, first.output
    assert runner.invoke(args=["sla-sweep"]).exit_code == 0
    told = [(m.channel, m.recipient) for m in _staff_messages(app, officer.staff_id)]
    assert told == [("whatsapp", phone)]
    (escalation,) = _staff_messages(app, supervisor.staff_id)
    assert (escalation.channel, escalation.recipient, escalation.purpose) == ("email", sup_email, "staff_escalated")
    assert code in escalation.body and "tanggapan pertama" in escalation.body
    assert f"/petugas/tiket/{code}" in escalation.body and DESCRIPTION not in escalation.body


def test_the_choices_are_audited_with_before_and_after(app):
    from tests.helpers import audit_entries

    officer = staff_client(app, "pupr")
    _staff(app, officer, phone="+6281300000006")
    assert _choose(officer, assigned="sms").status_code == 302
    (entry,) = audit_entries(app, resource_type="staff_notification_preferences")
    assert entry.before == {"assigned": [], "escalated": []}
    assert entry.after == {"assigned": ["sms"], "escalated": []}
