"""A module plugs in through the registry alone; the core stands without any module."""

import sys
import textwrap

import pytest

from suite import create_app
from tests.helpers import gen_citizen, login_citizen, submit

THROWAWAY = textwrap.dedent("""
    from marshmallow import Schema, fields
    from wtforms import StringField
    from wtforms.validators import DataRequired

    from suite.portal.forms import IntakeForm
    from suite.registry import Category, ServiceModule


    class PermitForm(IntakeForm):
        permit_number = StringField("Nomor izin", validators=[DataRequired()])


    class PermitSchema(Schema):
        permit_number = fields.String(required=True)


    class IzinModule(ServiceModule):
        code = "izin"
        prefix = "IZN"
        name = "e-Izin"
        description = "Layanan perizinan uji"
        default_agency_code = "dpmptsp"
        categories = [Category("slow_permit", "Izin lambat")]
        intake_form = PermitForm
        extras_schema = PermitSchema


    module = IzinModule()
""")


@pytest.fixture
def throwaway_package(tmp_path):
    package = tmp_path / "partner_modules" / "izin"
    package.mkdir(parents=True)
    (package.parent / "__init__.py").write_text("")
    (package / "__init__.py").write_text(THROWAWAY)
    sys.path.insert(0, str(tmp_path))
    yield "partner_modules.izin"
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n.startswith("partner_modules")]:
        del sys.modules[name]


def test_a_fifth_module_plugs_in_without_touching_the_core(app, throwaway_package):
    config = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER", "LOGIN_RATE_LIMIT")
    }
    extended = create_app({**config, "SUITE_MODULES": ["lorong", throwaway_package]})
    client = extended.test_client()
    home = client.get("/").get_data(as_text=True)
    assert "e-Izin" in home and "Layanan perizinan uji" in home
    _, nik, _ = gen_citizen(extended)
    login_citizen(client, nik)
    response = submit(
        client,
        "izin",
        {
            "category": "slow_permit",
            "permit_number": "503/123/2026",
            "description": "Izin usaha saya belum terbit setelah tiga bulan.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "IZN-" in page and "503/123/2026" in page
    assert "Dinas Penanaman Modal" in page  # routed to the module's default agency


def test_the_core_starts_with_no_modules(app):
    config = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER", "LOGIN_RATE_LIMIT")
    }
    bare = create_app({**config, "SUITE_MODULES": []})
    client = bare.test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada layanan yang diaktifkan" in response.get_data(as_text=True)
    assert client.get("/lacak").status_code == 200
    assert client.get("/petugas/masuk").status_code == 200


def test_core_never_imports_a_module_by_name():
    import pathlib
    import re

    core = pathlib.Path(__file__).resolve().parent.parent / "suite"
    offenders = [
        str(p) for p in core.rglob("*.py") if re.search(r"^\s*(from|import)\s+modules(\.|\s|$)", p.read_text(), re.M)
    ]
    assert offenders == []
