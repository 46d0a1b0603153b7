"""Photos are stored without their metadata, whatever the channel; the camera's GPS fills the
report's point only with the citizen's consent; broken photos and bombs are refused politely
(issue 9, item 9). The JSON API takes no files; web and email are the upload channels tested."""

import hashlib
import io
import struct
import zlib

from PIL import Image
from sqlalchemy import select

from suite.extensions import db
from suite.ticketing import attachments
from suite.ticketing.models import Attachment, Ticket
from tests.channels.email.conftest import intake, mail, send, tickets  # noqa: F401 - intake is a fixture
from tests.helpers import citizen_client, count, get_ticket, lorong_fields, staff_client, submit, ticket_code_from

CAMERA = "KameraRahasia-SN123"


def photo_with_gps(size=(1200, 800)) -> bytes:
    """A JPEG as a phone writes it: GPS (7°9'36"S 113°28'48"E), maker, rotated by its tag."""
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {1: "S", 2: (7.0, 9.0, 36.0), 3: "E", 4: (113.0, 28.0, 48.0)}  # the GPS IFD
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the test photo really has GPS
    return data


def png_bomb() -> bytes:
    """A valid PNG header claiming 60000 x 60000 pixels (3.6 Gpx) in a few bytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


def assert_clean(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    assert b"Exif" not in data and CAMERA.encode() not in data and b"http://ns.adobe.com/xap" not in data
    return image


def attachments_of(app, code: str) -> list[Attachment]:
    with app.app_context():
        found = (
            db.session.execute(select(Attachment).join(Ticket).where(Ticket.code == code).order_by(Attachment.id))
            .scalars()
            .all()
        )
        db.session.expunge_all()
        return found


def stored_bytes(app, attachment: Attachment) -> bytes:
    with app.app_context():
        return attachments.upload_path(attachment.stored_name).read_bytes()


def test_a_web_photo_is_stored_and_served_without_exif_and_upright(app):
    citizen = citizen_client(app)
    response = submit(citizen, "lorong", lorong_fields(), files=[(io.BytesIO(photo_with_gps()), "lubang.jpg")])
    code = ticket_code_from(response)
    ticket = get_ticket(app, code)
    [attachment] = attachments_of(app, code)
    assert ticket.latitude is None and ticket.longitude is None  # no consent: the GPS is not used
    on_disk = stored_bytes(app, attachment)
    image = assert_clean(on_disk)
    assert image.size == (800, 1200)  # the orientation tag was applied before it was dropped
    assert attachment.sha256 == hashlib.sha256(on_disk).hexdigest() and attachment.size == len(on_disk)
    assert attachment.content_type == "image/jpeg"

    officer = staff_client(app, "pupr")
    served = officer.get(f"/lampiran/{attachment.id}")
    assert served.status_code == 200 and served.data == on_disk
    assert_clean(served.data)
    assert citizen.get(f"/lampiran/{attachment.id}").data == on_disk


def test_a_large_photo_is_shrunk_to_the_configured_longest_side(app, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_SIDE", 640)
    citizen = citizen_client(app)
    code = ticket_code_from(
        submit(citizen, "lorong", lorong_fields(), files=[(io.BytesIO(photo_with_gps((1600, 900))), "besar.jpg")])
    )
    [attachment] = attachments_of(app, code)
    assert max(Image.open(io.BytesIO(stored_bytes(app, attachment))).size) == 640


def test_the_photo_gps_fills_the_point_only_with_consent_and_only_when_none_was_typed(app):
    citizen = citizen_client(app)
    consented = ticket_code_from(
        submit(
            citizen,
            "lorong",
            lorong_fields(use_photo_location="y"),
            files=[(io.BytesIO(photo_with_gps()), "lubang.jpg")],
        )
    )
    ticket = get_ticket(app, consented)
    assert (round(ticket.latitude, 4), round(ticket.longitude, 4)) == (-7.16, 113.48)

    typed = ticket_code_from(
        submit(
            citizen,
            "lorong",
            lorong_fields(
                use_photo_location="y",
                latitude="-7.2",
                longitude="113.5",
                not_duplicate="y",
                description="Lubang kedua di ujung jalan desa, dekat jembatan.",
            ),
            files=[(io.BytesIO(photo_with_gps()), "kedua.jpg")],
        )
    )
    ticket = get_ticket(app, typed)
    assert (ticket.latitude, ticket.longitude) == (-7.2, 113.5)  # what the citizen typed wins


def _ticket_count(app) -> int:
    return count(app, Ticket)


def test_a_truncated_photo_and_a_decompression_bomb_are_refused_with_a_message(app):
    citizen = citizen_client(app)
    whole = photo_with_gps()
    response = submit(citizen, "lorong", lorong_fields(), files=[(io.BytesIO(whole[: len(whole) // 2]), "putus.jpg")])
    assert response.status_code == 422
    assert "putus.jpg rusak atau tidak lengkap" in response.get_data(as_text=True)

    response = submit(citizen, "lorong", lorong_fields(), files=[(io.BytesIO(png_bomb()), "bom.png")])
    assert response.status_code == 422
    assert "bom.png terlalu besar" in response.get_data(as_text=True)
    assert _ticket_count(app) == 0


def test_a_photo_sent_by_email_is_stored_without_exif(app, intake):  # noqa: F811
    send(intake, mail(attachments=[("dari-email.jpg", photo_with_gps(), "image", "jpeg")]))
    [ticket] = tickets(app)
    [attachment] = ticket.attachments
    on_disk = stored_bytes(app, attachment)
    assert_clean(on_disk)
    assert attachment.sha256 == hashlib.sha256(on_disk).hexdigest()
    assert ticket.latitude is None  # email gives no consent to use the point


def test_public_outputs_round_the_point_and_drop_it_for_anonymous_reports(app, client):
    citizen = citizen_client(app)
    plain = ticket_code_from(submit(citizen, "lorong", lorong_fields(latitude="-7.160149", longitude="113.480251")))
    hidden = ticket_code_from(
        submit(
            citizen,
            "lorong",
            lorong_fields(
                anonymous="y",
                latitude="-7.101234",
                longitude="113.401234",
                not_duplicate="y",
                description="Jalan berlubang di depan rumah saya sendiri, mohon nama saya dirahasiakan.",
            ),
        )
    )

    listed = {entry["service_request_id"]: entry for entry in client.get("/open311/v2/requests.json").get_json()}
    assert (listed[plain]["lat"], listed[plain]["long"]) == (-7.16, 113.48)
    assert (listed[hidden]["lat"], listed[hidden]["long"]) == (None, None)
    [one] = client.get(f"/open311/v2/requests/{plain}.json").get_json()
    assert (one["lat"], one["long"]) == (-7.16, 113.48)
    xml = client.get(f"/open311/v2/requests/{hidden}.xml").get_data(as_text=True)
    assert "<lat />" in xml or "<lat/>" in xml or "<lat></lat>" in xml
    assert "7.1012" not in xml

    for code, exact in ((plain, "7.16014"), (hidden, "7.10123")):
        for url in (f"/lacak/{code}", f"/api/v1/tickets/{code}", f"/open311/v2/requests/{code}.xml"):
            text = client.get(url).get_data(as_text=True)
            assert exact not in text and exact[:-1] not in text, url

    officer = staff_client(app, "pupr")  # staff keep the exact point
    assert "-7.16015" in officer.get(f"/petugas/tiket/{plain}").get_data(as_text=True)
