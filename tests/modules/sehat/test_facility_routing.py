from tests.helpers import gen_citizen, login_citizen, submit, ticket_code_from


def sign_in(app):
    client = app.test_client()
    _, nik, _ = gen_citizen(app)
    login_citizen(client, nik)
    return client


def test_complaint_about_a_puskesmas_goes_to_that_puskesmas(app):
    client = sign_in(app)
    form = client.get("/layanan/sehat/lapor").get_data(as_text=True)
    assert "Puskesmas Waru" in form and "RSUD dr. H. Slamet Martodirdjo" in form
    code = ticket_code_from(
        submit(
            client,
            "sehat",
            {"category": "waiting_time", "facility_code": "pkm-waru", "description": "Antre lima jam tanpa kepastian."},
        )
    )
    assert "Puskesmas Waru" in client.get(f"/laporan-saya/{code}").get_data(as_text=True)


def test_complaint_without_facility_goes_to_the_puskesmas_of_the_citizens_desa(app):
    client = sign_in(app)  # a citizen of Dabuan, served by Puskesmas Tlanakan
    code = ticket_code_from(
        submit(client, "sehat", {"category": "bpjs_card", "description": "Kartu BPJS saya tidak aktif padahal PBI."})
    )
    assert "Puskesmas Tlanakan" in client.get(f"/laporan-saya/{code}").get_data(as_text=True)


def test_unknown_facility_is_refused(app):
    client = sign_in(app)
    response = submit(
        client,
        "sehat",
        {"category": "waiting_time", "facility_code": "pkm-atlantis", "description": "Antre lima jam tanpa kepastian."},
    )
    assert response.status_code == 422
