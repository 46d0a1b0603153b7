"""Every route of the app against every role, generated from the URL map.

Each endpoint must have a rule below saying who may reach it; a route added without one fails
``test_every_route_has_an_access_rule``. For each role the test then asks for every GET route and
expects it to be allowed or refused as the rule says, and sends every POST/DELETE route from each
refused role and expects a refusal (refused requests change nothing, so they are safe to send).
Refused means 401, 403, 404 or a redirect to a sign-in page; allowed means anything else but a 5xx.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.access_world import ROLES, build_world

CITIZENS = {"citizen", "own_citizen"}
OWNER = {"own_citizen"}
STAFF = {"officer_owner", "officer_other", "health_owner", "health_other", "supervisor", "command", "admin"}
SUPERVISORS = {"supervisor", "command", "admin"}
ADMIN = {"admin"}
HEALTH_CARE = {"health_owner"}  # the unit that cares for the mother (and Dinkes above it)
HEALTH_STAFF = {"health_owner", "health_other"}  # pages scoped to the signed-in unit's own mothers
AGENCY_SUPERVISORS = {"supervisor"}  # an agency's own settings: regency-wide accounts have no agency
# Who works the road report: its agency's staff and the regency-wide supervisors.
ROAD_TICKET = {"officer_owner", "supervisor", "command", "admin"}
REGENCY_WIDE = {"command", "admin"}  # supervisors and admins without an agency (the command centre)
PUBLIC = "public"  # anyone; only "no 5xx" is checked
NOBODY = set()  # no web session reaches it (bearer tokens, API keys, signed webhooks)

RULES: dict[str, object] = {
    # Public pages and sign-in
    "portal.home": PUBLIC,
    "portal.set_language": PUBLIC,
    "portal.favicon": PUBLIC,  # issue 14, item 6: a redirect to the static icon
    "portal.track": PUBLIC,
    "portal.status": PUBLIC,
    "portal.public_map_page": PUBLIC,  # the public map (issue 11, item 4): public points only
    "portal.public_map_geojson": PUBLIC,
    "portal.repair_photo": PUBLIC,  # only before/after photos of a public ticket; 404 for anything else
    "static": PUBLIC,
    "portal.manifest": PUBLIC,  # the web app manifest (issue 14): names and icons only
    "portal.service_worker": PUBLIC,  # /sw.js: the same file for everyone
    "operations.liveness": PUBLIC,  # issue 13, item 5: one word, nothing about the deployment
    "operations.readiness": PUBLIC,
    "accounts.register": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": PUBLIC,
    "accounts.confirm_phone": PUBLIC,  # serves only a browser with a code flow going, else redirects
    "accounts.resend_phone_code": PUBLIC,
    "accounts.nik_claim": PUBLIC,  # only the browser that proved the claim's phone sees a claim
    "passwords.forgot": PUBLIC,
    "passwords.reset": PUBLIC,  # the one-time token is the key
    "passwords.staff_forgot": PUBLIC,
    "passwords.staff_reset": PUBLIC,
    "second_factor.verify": PUBLIC,  # the half-signed-in state after the password; nothing without it
    "staff.login": PUBLIC,
    "dashboard.agency_ranking": PUBLIC,
    "dashboard.overview": PUBLIC,  # the public dashboard (issue 12, item 7): summary figures only
    "dashboard.table_csv": PUBLIC,
    "kiosk.start": PUBLIC,
    "kiosk.finish": PUBLIC,
    "module_lorong.index": PUBLIC,
    "module_sehat.index": PUBLIC,
    "module_sehat.facilities": PUBLIC,
    "module_babhar.index": PUBLIC,
    "module_madul.index": PUBLIC,
    "portal.standards": PUBLIC,  # published service standards (issue 12, item 4)
    "portal.module_standard": PUBLIC,
    "module_babhar.family_danger": PUBLIC,
    "api.Modules": PUBLIC,
    "api-docs.openapi_json": PUBLIC,
    "api.Tokens": PUBLIC,  # POST signs in; DELETE needs the bearer token (checked in the API tests)
    "open311.discovery": PUBLIC,
    "open311.services": PUBLIC,
    "open311.service_definition": PUBLIC,
    "open311.requests": PUBLIC,
    "open311.one_request": PUBLIC,
    "open311.token": PUBLIC,
    "open311.unknown": PUBLIC,
    # Machine-to-machine: a bearer token, an API key or a gateway's signature, never a web session
    "api.MyTickets": NOBODY,
    "api.Tickets": NOBODY,
    "api.TicketDetail": PUBLIC,  # the public view of a ticket, as on the status page
    "api.Comments": NOBODY,
    "api.Ratings": NOBODY,
    "open311.create": NOBODY,
    "sms.receive": NOBODY,
    "whatsapp.verify": NOBODY,
    "whatsapp.receive": NOBODY,
    "connector_webhook.receive": NOBODY,  # the remote's bearer token (issue 11, item 10)
    # Citizens
    "accounts.preferences": CITIZENS,
    "passwords.citizen_change": CITIZENS,
    "privacy.overview": CITIZENS,
    "privacy.confirm": CITIZENS,
    "privacy.my_data": CITIZENS,
    "privacy.my_data_json": CITIZENS,
    "privacy.withdraw": CITIZENS,
    "privacy.erase": CITIZENS,
    "portal.my_tickets": CITIZENS,
    "portal.my_ticket": OWNER,
    "portal.reopen_ticket": OWNER,
    "portal.rate_ticket": OWNER,
    "portal.follow_ticket": CITIZENS,
    "portal.support_ticket": CITIZENS,  # issue 11: support an open report instead of filing it again
    "portal.attachment": OWNER | ROAD_TICKET,
    "kiosk.receipt": OWNER,
    "module_lorong.intake": CITIZENS,
    "module_lorong.nearby": CITIZENS,  # issue 11: open public reports near the pin, for the intake map
    "module_sehat.intake": CITIZENS,
    "module_madul.intake": CITIZENS,
    "module_babhar.intake": CITIZENS,
    "module_babhar.danger": CITIZENS,
    "module_babhar.danger_advice": OWNER,
    "module_babhar.family_danger_advice": NOBODY,  # only the browser that sent the family's report
    "module_babhar.my_pregnancies": CITIZENS,
    "module_babhar.my_birth_plan": OWNER,
    "module_babhar.my_sticker": OWNER,
    # Staff: the queue and tickets
    "staff.queue": STAFF,
    "staff.notifications_read": STAFF,
    "staff.profile": STAFF,
    "staff.notification_preferences": STAFF,  # issue 12, item 3: each staff member's own choices
    "second_factor.enrol": STAFF,
    "second_factor.change_password": STAFF,
    "staff.ticket": ROAD_TICKET,
    "staff.reply": ROAD_TICKET,
    "staff.change_status": ROAD_TICKET,
    "staff.assign": ROAD_TICKET,
    "staff.forward": ROAD_TICKET,
    "staff.merge": ROAD_TICKET,
    "staff.reclassify_ticket": ROAD_TICKET,
    "staff.confirm_classification": ROAD_TICKET,
    "staff.forward_outward_view": ROAD_TICKET,  # issue 11, item 10: to SP4N-LAPOR! and other systems
    # Ticket kinds (issue 11, item 9): who works the ticket extends or decides a request, answers a suggestion
    "staff.extend_information": ROAD_TICKET,
    "staff.decide_information": ROAD_TICKET,
    "staff.answer_suggestion": ROAD_TICKET,
    "staff.add_photo": ROAD_TICKET,
    "staff.bulk": SUPERVISORS,
    "staff.performance": SUPERVISORS,
    "staff.performance_csv": SUPERVISORS,
    # The budget-planning report (issue 12, item 9): supervisors and admins, each within their scope
    "staff.budget_report_page": SUPERVISORS,
    "staff.budget_report_csv": SUPERVISORS,
    "staff.budget_report_xlsx": SUPERVISORS,
    "staff.templates": AGENCY_SUPERVISORS,
    "staff.template_toggle": AGENCY_SUPERVISORS,
    # Command centre and staff statistics (issue 12, items 8 and 10)
    "staff.command_centre_page": REGENCY_WIDE,
    "staff.command_centre_json": REGENCY_WIDE,
    "staff.command_centre_csv": REGENCY_WIDE,
    "staff.statistics_page": STAFF,  # each their own agency (tree); regency-wide staff the regency
    "staff.statistics_csv": STAFF,
    "staff.queue_csv": STAFF,  # the queue's own access rule decides the rows
    # Call centre
    # The call centre: staff with the call-centre duty (none in this world) and admins (issue 9, item 10)
    "staff.call_lookup": ADMIN,
    "staff.call_register": ADMIN,
    "staff.call_caller": ADMIN,
    "staff.call_intake": ADMIN,
    "staff.call_end": ADMIN,
    # Identity desk: in-person KTP checks (health staff for their own area) and NIK disputes
    "staff.identity_desk": HEALTH_STAFF | ADMIN,
    "staff.verify_identity": HEALTH_CARE | ADMIN,
    "staff.grant_claim": ADMIN,
    "staff.reject_claim": ADMIN,
    # e-Babhar care team
    "module_babhar.identity_check": HEALTH_CARE,
    "module_babhar.caseload": HEALTH_STAFF,
    "module_babhar.cohort_export": HEALTH_STAFF,
    "module_babhar.summary": NOBODY,  # supervisors of Dinkes and its units only: no role of this matrix
    "module_babhar.staff_register": HEALTH_STAFF,
    "module_babhar.record_page": HEALTH_CARE,
    "module_babhar.visit": HEALTH_CARE,
    "module_babhar.outcome": HEALTH_CARE,
    "module_babhar.history": HEALTH_CARE,
    "module_babhar.staff_birth_plan": HEALTH_CARE,
    "module_babhar.staff_sticker": HEALTH_CARE,
    # Administration
    "admin.home": ADMIN,
    "admin.targets": ADMIN,
    "admin.edit_target": ADMIN,
    "admin.api_keys": ADMIN,
    "admin.revoke_key": ADMIN,
    "admin.connectors": ADMIN,
    "admin.edit_connector": ADMIN,
    "admin.retry_forward": ADMIN,
    "admin.connector_webhook_token": ADMIN,
    "admin.working_areas": ADMIN,
    "admin.update_working_area": ADMIN,
    "admin.sensitive_categories": ADMIN,
    "admin.routing_keywords": ADMIN,
    "admin.standards": ADMIN,  # issue 12, item 4
    "admin.edit_standard": ADMIN,
    "admin.delete_standard": ADMIN,
    "admin.modules": ADMIN,  # modules opened and closed at runtime (issue 12, item 1)
    "admin.try_routing": ADMIN,
    "admin.response_templates": ADMIN,  # issue 12, item 3: reply templates, message texts
    "admin.edit_response_template": ADMIN,
    "admin.toggle_response_template": ADMIN,
    "admin.message_texts_page": ADMIN,
    "admin.edit_message_text": ADMIN,
    "admin.reset_message_text": ADMIN,
    "admin.categories": ADMIN,  # issue 12, item 2: categories per module
    "admin.new_category": ADMIN,
    "admin.edit_category": ADMIN,
    "module_babhar.clinical_admin": ADMIN,
    "module_babhar.card_admin": ADMIN,
    # Agencies and staff accounts (issue 12, item 3)
    "admin.agencies": ADMIN,
    "admin.edit_agency": ADMIN,
    "admin.staff_accounts": ADMIN,
    "admin.invite_staff": ADMIN,
    "admin.edit_staff": ADMIN,
    "admin.set_staff_active": ADMIN,
    "admin.withdraw_invitation": ADMIN,
    "staff.invitation_link": PUBLIC,  # the one-time token is the key
    "staff.invitation_accept": PUBLIC,  # serves only a browser that opened a valid link
}

SIGN_IN_PATHS = {"/akun/masuk", "/petugas/masuk"}
# Public routes that end the session they are sent from (a kiosk never inherits one): sent last.
SESSION_ENDING = {"accounts.logout", "kiosk.start", "kiosk.finish"}
# The channels' webhooks answer 503 while unconfigured; configured, they must refuse unsigned requests.
WEBHOOK_SETTINGS = {
    "SMS_WEBHOOK_SECRET": "rahasia-sms",
    "WHATSAPP_APP_SECRET": "rahasia-wa",
    "WHATSAPP_VERIFY_TOKEN": "token-wa",
}


def verdict(response) -> str:
    if response.status_code >= 500:
        return "error"
    if response.status_code in (401, 403, 404):
        return "deny"
    if 300 <= response.status_code < 400:
        target = urlsplit(response.headers.get("Location", "")).path
        # citizen pages send staff to their queue instead of serving them
        return "deny" if target in SIGN_IN_PATHS or target == "/petugas/" else "allow"
    return "allow"


def routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in SESSION_ENDING, r.rule)):
        yield rule, sorted(rule.methods - {"HEAD", "OPTIONS"})


def build_url(app, rule, world) -> str:
    fixed = rule.defaults or {}
    values = {
        name: world.overrides.get((rule.endpoint, name), world.values.get(name))
        for name in rule.arguments
        if name not in fixed
    }
    missing = [name for name, value in values.items() if value is None]
    assert not missing, f"{rule.endpoint}: no test value for {missing} (add it to tests/access_world.py)"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values, **fixed)


def test_every_route_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule, _ in routes(app)}
    missing = sorted(endpoints - RULES.keys())
    assert not missing, f"routes without an access rule in tests/test_route_access.py: {missing}"
    stale = sorted(RULES.keys() - endpoints)
    assert not stale, f"access rules for routes that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_routes_its_rules_allow(app, role):
    world = build_world(app)
    client = world.clients[role]
    saved = {name: app.config.get(name) for name in WEBHOOK_SETTINGS}
    app.config.update(WEBHOOK_SETTINGS)
    app.config["WTF_CSRF_ENABLED"] = False  # refused requests must be refused for who sends them, not for a token
    wrong = []
    try:
        for rule, methods in routes(app):
            allowed = RULES.get(rule.endpoint)
            if allowed is None:
                continue
            url = build_url(app, rule, world)
            expected = "any" if allowed == PUBLIC else ("allow" if role in allowed else "deny")
            for method in methods:
                if method != "GET" and expected != "deny":
                    continue  # allowed writes are the other tests' business
                response = client.open(url, method=method, data={})
                seen = verdict(response)
                if seen == "error" or (expected != "any" and seen != expected):
                    wrong.append(
                        f"{method} {url} ({rule.endpoint}): expected {expected}, got "
                        f"{response.status_code} {response.headers.get('Location', '')}"
                    )
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
        app.config.update(saved)
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
