"""The world the route x role access test runs in: one citizen's road report with a photo, her
pregnancy and danger sign, and a signed-in client for each role that may or may not reach them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import select

from tests.helpers import (
    citizen_client,
    get_ticket,
    lorong_fields,
    report_danger_sign,
    staff_client,
    submit,
    ticket_code_from,
)
from tests.helpers import photo as _photo

# Who asks. "own_citizen" filed every resource below; "health_owner" works at the puskesmas her
# pregnancy was routed to; "health_other" at a puskesmas at the other end of the regency.
ROLES = (
    "anonymous",
    "citizen",
    "own_citizen",
    "officer_owner",
    "officer_other",
    "health_owner",
    "health_other",
    "supervisor",
    "command",
    "admin",
)


@dataclass
class World:
    clients: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)  # URL arguments by name
    overrides: dict = field(default_factory=dict)  # (endpoint, argument) -> value


def build_world(app: Flask) -> World:
    from modules.babhar.models import Pregnancy, Visit
    from suite.channels.credentials import create_api_key
    from suite.connectors.models import ConnectorEndpoint
    from suite.extensions import db
    from suite.identity.models import Agency
    from suite.identity.working_areas import WorkingArea
    from suite.sla.models import SlaTarget
    from suite.standards.models import ServiceStandardRecord  # issue 12, item 4
    from suite.ticketing.models import Attachment, ResponseTemplate

    world = World()
    mother = citizen_client(app)
    response = submit(mother, "lorong", lorong_fields(), files=[(_photo(), "lubang.jpg")])
    assert response.status_code == 302, response.get_data(as_text=True)
    road_code = ticket_code_from(response)
    response = submit(
        mother,
        "babhar",
        {"last_period_date": _weeks_ago(12), "gravida": "1", "para": "0", "abortus": "0", "consent": "y"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    response = report_danger_sign(mother)
    assert response.status_code == 302, response.get_data(as_text=True)
    danger_code = re.search(r"BBH-[0-9A-Z]{4}-[0-9A-Z]{4}", response.headers["Location"]).group(0)

    road = get_ticket(app, road_code)
    with app.app_context():
        pregnancy = db.session.execute(select(Pregnancy)).scalars().one()
        visit = db.session.execute(select(Visit).where(Visit.pregnancy_id == pregnancy.id)).scalars().first()
        unit_code = pregnancy.agency.code
        attachment_id = db.session.execute(select(Attachment.id).where(Attachment.ticket_id == road.id)).scalar_one()
        agency_id = db.session.execute(select(Agency.id).where(Agency.code == "pupr")).scalar_one()
        template = ResponseTemplate(agency_id=agency_id, title="Terima kasih", body="Sedang kami tangani.")
        db.session.add(template)
        key_row, _ = create_api_key("Mitra uji")
        endpoint = ConnectorEndpoint(
            name="SP4N-LAPOR!", base_url="http://127.0.0.1:9", field_mapping={"judul": "title"}
        )
        db.session.add(endpoint)
        db.session.commit()
        world.values.update(
            {
                "code": road_code,
                "pregnancy_id": pregnancy.id,
                "visit_id": visit.id,
                "attachment_id": attachment_id,
                "template_id": template.id,
                "key_id": key_row.id,
                "endpoint_id": endpoint.id,  # issue 11, item 10: outward connectors
                "reference_id": 1,  # only ever POSTed, and only by roles refused before any lookup
                "target_id": db.session.execute(select(SlaTarget.id)).scalars().first(),
                "area_id": db.session.execute(select(WorkingArea.id)).scalars().first(),
                # issue 12, item 4: a module's standard (deleting it is refused even to admins)
                "standard_id": db.session.execute(select(ServiceStandardRecord.id)).scalars().first(),
                "module_code": "lorong",
                "fmt": "json",
                "service_request_id": road_code,
                "service_code": "lorong.jalan",
                "token": "tidak-ada",
                "rest": "tidak-ada",
                "filename": "suite.css",
                "citizen_id": mother.citizen_id,
                "claim_id": 1,
                "key": "core:notifications",
                "text_key": "status_changed",  # issue 12, item 3: a message text
                "language": "id",
                "agency_id": agency_id,  # issue 12, item 3: agencies and staff accounts
                "invitation_id": 1,  # only ever POSTed, and only by roles refused before any lookup
                "table": "kategori",  # the public dashboard's CSV (issue 12, item 7)
            }
        )
    far_unit = "pkm-pasean" if unit_code != "pkm-pasean" else "pkm-tlanakan"
    world.overrides.update(
        {
            ("module_babhar.danger_advice", "code"): danger_code,
            ("module_babhar.family_danger_advice", "code"): danger_code,
            ("module_babhar.cohort_export", "fmt"): "csv",
            ("admin.edit_category", "code"): "jalan",  # issue 12, item 2: a category of module_code (lorong)
        }
    )
    world.clients = {
        "anonymous": app.test_client(),
        "citizen": citizen_client(app, sex="M"),
        "own_citizen": mother,
        "officer_owner": staff_client(app, road.agency.code),
        "officer_other": staff_client(app, "dlh"),
        "health_owner": staff_client(app, unit_code),
        "health_other": staff_client(app, far_unit),
        "supervisor": staff_client(app, road.agency.code, "supervisor"),
        "command": staff_client(app, None, "supervisor"),
        "admin": staff_client(app, None, "admin"),
    }
    world.values["staff_id"] = world.clients["officer_owner"].staff_id  # issue 12, item 3
    return world


def _weeks_ago(weeks: int) -> str:
    from datetime import date, timedelta

    return (date.today() - timedelta(weeks=weeks)).isoformat()
