from tests.helpers import gen_citizen, login_citizen, lorong_fields, submit, ticket_code_from


def test_street_lights_go_to_dishub_and_roads_to_pupr(app):
    client = app.test_client()
    _, nik, _ = gen_citizen(app)
    login_citizen(client, nik)
    light = ticket_code_from(submit(client, "lorong", lorong_fields(category="penerangan", damage_type="street_light")))
    road = ticket_code_from(submit(client, "lorong", lorong_fields(description="Aspal mengelupas sepanjang 50 meter.")))
    assert "Dinas Perhubungan" in client.get(f"/laporan-saya/{light}").get_data(as_text=True)
    assert "Dinas Pekerjaan Umum" in client.get(f"/laporan-saya/{road}").get_data(as_text=True)
