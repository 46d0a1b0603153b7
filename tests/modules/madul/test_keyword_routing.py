from tests.helpers import gen_citizen, login_citizen, submit, ticket_code_from


def test_other_category_is_routed_by_keywords(app):
    client = app.test_client()
    _, nik, _ = gen_citizen(app)
    login_citizen(client, nik)
    code = ticket_code_from(
        submit(
            client,
            "madul",
            {"category": "other", "description": "Sampah di TPS pasar tidak diangkut, bau sampai ke rumah warga."},
        )
    )
    assert "Dinas Lingkungan Hidup" in client.get(f"/laporan-saya/{code}").get_data(as_text=True)
    unknown = ticket_code_from(
        submit(client, "madul", {"category": "other", "description": "Saya ingin menyampaikan saran umum."})
    )
    assert "Dinas Komunikasi dan Informatika" in client.get(f"/laporan-saya/{unknown}").get_data(as_text=True)


def test_named_category_goes_to_its_agency(app):
    client = app.test_client()
    _, nik, _ = gen_citizen(app)
    login_citizen(client, nik)
    code = ticket_code_from(
        submit(client, "madul", {"category": "population", "description": "KTP elektronik belum jadi tiga bulan."})
    )
    assert "Dinas Kependudukan" in client.get(f"/laporan-saya/{code}").get_data(as_text=True)
