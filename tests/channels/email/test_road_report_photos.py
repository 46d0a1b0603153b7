"""e-Lorong takes 3 photos a report (issue 11): a road report mailed with four keeps three and says
which one was left out, instead of refusing the whole report."""

from tests.channels.email.conftest import JPEG, mail, send, tickets
from tests.channels.email.test_intake_over_smtp import LORONG_LINES


def test_a_road_report_mailed_with_four_photos_keeps_three_and_says_so(app, intake):
    photos = [(f"foto{n}.jpg", JPEG, "image", "jpeg") for n in range(1, 5)]

    send(intake, mail(to="lorong@pamekasankab.go.id", subject="Jalan rusak", body=LORONG_LINES, attachments=photos))

    [ticket] = tickets(app)
    assert ticket.module == "lorong"
    assert sorted(a.original_name for a in ticket.attachments) == ["foto1.jpg", "foto2.jpg", "foto3.jpg"]
    assert "Lampiran tidak disimpan: foto4.jpg (paling banyak 3 berkas)." in ticket.description
