"""Keys and secrets (issue 9, item 13): strong production secrets, atomic owner-only development
secrets, owner-only folders and files, and NIK key rotation that never breaks a lookup."""

from __future__ import annotations

import io
import json
import os
import secrets
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from suite import create_app
from suite.config import ConfigError, load_settings
from suite.extensions import db
from suite.identity.models import Citizen
from tests.helpers import citizen_client, gen_citizen, login_citizen, lorong_fields, submit

ROOT = Path(__file__).resolve().parent.parent
STRONG = secrets.token_urlsafe(32)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- development secrets -----------------------------------------------------------------------

CHILD = """
import json, os, sys, time
from pathlib import Path
folder, go = sys.argv[1], Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
from suite.config import load_settings
settings = load_settings(folder, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
print(json.dumps({"SECRET_KEY": settings["SECRET_KEY"], "NIK_KEY": settings["NIK_KEY"]}))
"""


def test_commands_started_at_once_on_a_fresh_instance_agree_on_the_development_secrets(tmp_path, monkeypatch):
    for name in ("SUITE_ENV", "SUITE_SECRET_KEY", "SUITE_NIK_KEY"):
        monkeypatch.delenv(name, raising=False)
    folder, go = tmp_path / "instance", tmp_path / "go"
    env = {k: v for k, v in os.environ.items() if k not in ("SUITE_ENV", "SUITE_SECRET_KEY", "SUITE_NIK_KEY")}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), str(go)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    time.sleep(1.5)  # let every child import and wait at the gate
    go.touch()
    outputs = [child.communicate(timeout=60) for child in children]
    assert all(child.returncode == 0 for child in children), [err for _, err in outputs]
    seen = {out.strip() for out, _ in outputs}
    assert len(seen) == 1
    written = json.loads((folder / "dev-secrets.json").read_text())
    assert json.loads(seen.pop()) == written
    assert _mode(folder / "dev-secrets.json") == 0o600
    assert _mode(folder) == 0o700
    assert not [p for p in folder.iterdir() if p.name.startswith(".dev-secrets.json.")]  # no temporary left


def test_development_secrets_are_read_not_rewritten_once_they_exist(tmp_path, monkeypatch):
    for name in ("SUITE_ENV", "SUITE_SECRET_KEY", "SUITE_NIK_KEY"):
        monkeypatch.delenv(name, raising=False)
    first = load_settings(str(tmp_path), {})
    path = tmp_path / "dev-secrets.json"
    before = path.stat().st_mtime_ns, path.stat().st_ino
    second = load_settings(str(tmp_path), {})
    assert (first["NIK_KEY"], first["SECRET_KEY"]) == (second["NIK_KEY"], second["SECRET_KEY"])
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before


def test_the_instance_folder_is_created_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("SUITE_INSTANCE_PATH", str(tmp_path / "fresh" / "instance"))
    application = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "NIK_KEY": "y"})
    assert _mode(Path(application.instance_path)) == 0o700


def test_uploaded_photos_are_stored_in_owner_only_folders_and_files(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    client = citizen_client(app)
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(picture, "JPEG")
    response = submit(client, "lorong", lorong_fields(), files=[(io.BytesIO(picture.getvalue()), "jalan.jpg")])
    assert response.status_code == 302, response.get_data(as_text=True)
    root = tmp_path / "uploads"
    files = [p for p in root.rglob("*") if p.is_file()]
    assert files and all(_mode(p) == 0o600 for p in files)
    assert all(_mode(p) == 0o700 for p in [root, *[p for p in root.rglob("*") if p.is_dir()]])


# -- production secrets ------------------------------------------------------------------------


def _production(monkeypatch, tmp_path, **values):
    monkeypatch.setenv("SUITE_ENV", "production")
    for name in ("SUITE_SECRET_KEY", "SUITE_NIK_KEY", "SUITE_NIK_KEYS_PREVIOUS", "SUITE_NIK_KEY_VERSION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return load_settings(str(tmp_path), {})


@pytest.mark.parametrize("weak", ["short", "a" * 64, "0" * 64, secrets.token_hex(16), secrets.token_urlsafe(24)])
def test_production_refuses_a_nik_key_weaker_than_32_random_bytes(monkeypatch, tmp_path, weak):
    with pytest.raises(ConfigError, match="SUITE_NIK_KEY is weaker than 32 random bytes"):
        _production(monkeypatch, tmp_path, SUITE_SECRET_KEY=STRONG, SUITE_NIK_KEY=weak)


def test_production_refuses_a_weak_secret_key_and_a_weak_previous_nik_key(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match="SUITE_SECRET_KEY"):
        _production(monkeypatch, tmp_path, SUITE_SECRET_KEY="change-me", SUITE_NIK_KEY=STRONG)
    with pytest.raises(ConfigError, match=r"SUITE_NIK_KEYS_PREVIOUS \(v1\)"):
        _production(
            monkeypatch,
            tmp_path,
            SUITE_SECRET_KEY=STRONG,
            SUITE_NIK_KEY=STRONG,
            SUITE_NIK_KEY_VERSION="v2",
            SUITE_NIK_KEYS_PREVIOUS="v1:short",
        )


@pytest.mark.parametrize(
    "strong",
    [secrets.token_urlsafe(32), secrets.token_hex(32), __import__("base64").b64encode(os.urandom(32)).decode()],
)
def test_production_accepts_32_random_bytes_in_any_usual_encoding(monkeypatch, tmp_path, strong):
    settings = _production(monkeypatch, tmp_path, SUITE_SECRET_KEY=strong, SUITE_NIK_KEY=strong)
    assert settings["NIK_KEY"] == strong
    assert not (tmp_path / "dev-secrets.json").exists()


def test_a_key_version_must_be_well_formed_and_not_repeated(monkeypatch, tmp_path):
    monkeypatch.delenv("SUITE_ENV", raising=False)
    with pytest.raises(ConfigError, match="v1, v2"):
        load_settings(str(tmp_path), {"NIK_KEY_VERSION": "2024"})
    with pytest.raises(ConfigError, match="repeats the current version"):
        load_settings(str(tmp_path), {"NIK_KEY_VERSION": "v2", "NIK_KEYS_PREVIOUS": "v2:old"})


# -- rotation ----------------------------------------------------------------------------------

NEW_KEY = secrets.token_urlsafe(32)


def _app_with_keys(app, current: str, version: str, previous: dict | None = None):
    other = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "NIK_KEY": current,
            "NIK_KEY_VERSION": version,
            "NIK_KEYS_PREVIOUS": previous or {},
            "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
            "TESTING": True,
            "LOGIN_RATE_LIMIT": "10000 per minute",
            "FAMILY_DANGER_RATE_LIMIT": "10000 per minute",
        }
    )
    return other


def _stored(app, citizen_id):
    with app.app_context():
        citizen = db.session.get(Citizen, citizen_id)
        return citizen.nik_encrypted, citizen.nik_index


@pytest.fixture
def rotated_apps(app):
    made = []

    def make(*args, **kwargs):
        made.append(_app_with_keys(app, *args, **kwargs))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_rotation_re_encrypts_every_nik_and_sign_in_by_nik_works_with_the_old_key_dropped(app, rotated_apps):
    citizens = [gen_citizen(app) for _ in range(3)]
    old = {cid: _stored(app, cid) for cid, _, _ in citizens}
    assert all(token.startswith("v1:") for token, _ in old.values())

    rotating = rotated_apps(NEW_KEY, "v2", {"v1": app.config["NIK_KEY"]})
    login_citizen(rotating.test_client(), citizens[0][1])  # before the rotation: found by the old index
    result = rotating.test_cli_runner().invoke(args=["rotate-nik-key", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "citizens.nik_encrypted: 3 re-encrypted under v2, 0 unreadable" in result.output

    for cid, _nik, _ in citizens:
        token, index = _stored(app, cid)
        assert token.startswith("v2:") and token != old[cid][0] and index != old[cid][1]

    new_only = rotated_apps(NEW_KEY, "v2")  # the old key is gone from the settings
    for _, nik, _ in citizens:
        login_citizen(new_only.test_client(), nik)
    with new_only.app_context():
        assert {db.session.get(Citizen, cid).nik for cid, _, _ in citizens} == {nik for _, nik, _ in citizens}

    again = new_only.test_cli_runner().invoke(args=["rotate-nik-key"])
    assert again.exit_code == 0 and "3 re-encrypted" not in again.output
    assert "citizens.nik_encrypted: 0 re-encrypted" in again.output
    assert {cid: _stored(app, cid) for cid, _, _ in citizens} == {cid: _stored(new_only, cid) for cid, _, _ in citizens}


def test_a_rotation_that_stops_half_way_leaves_every_nik_findable_and_resumes(app, rotated_apps, monkeypatch):
    citizens = [gen_citizen(app) for _ in range(3)]
    rotating = rotated_apps(NEW_KEY, "v2", {"v1": app.config["NIK_KEY"]})
    from suite.identity import protection

    real_encrypt, calls = protection.encrypt, []

    def crash_on_second(value):
        calls.append(value)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return real_encrypt(value)

    monkeypatch.setattr(protection, "encrypt", crash_on_second)
    crashed = rotating.test_cli_runner().invoke(args=["rotate-nik-key", "--batch-size", "1"])
    assert crashed.exit_code != 0
    monkeypatch.setattr(protection, "encrypt", real_encrypt)
    versions = sorted(_stored(app, cid)[0][:2] for cid, _, _ in citizens)
    assert versions == ["v1", "v1", "v2"]  # one batch committed, the failed one rolled back
    for _, nik, _ in citizens:  # mixed state: every NIK still signs in
        login_citizen(rotating.test_client(), nik)

    resumed = rotating.test_cli_runner().invoke(args=["rotate-nik-key", "--batch-size", "1"])
    assert resumed.exit_code == 0, resumed.output
    assert "2 re-encrypted" in resumed.output
    assert all(_stored(app, cid)[0].startswith("v2:") for cid, _, _ in citizens)


def test_a_nik_under_an_unconfigured_key_is_reported_not_lost(app, rotated_apps):
    citizen_id, _, _ = gen_citizen(app)
    before = _stored(app, citizen_id)
    careless = rotated_apps(NEW_KEY, "v2")  # v1 dropped before the rotation ran
    result = careless.test_cli_runner().invoke(args=["rotate-nik-key"])
    assert result.exit_code != 0 and "1 unreadable" in result.output
    assert "SUITE_NIK_KEYS_PREVIOUS" in result.output
    assert _stored(app, citizen_id) == before


def test_lookup_by_nik_during_a_rotation_finds_rows_still_under_the_old_key(app, rotated_apps):
    from suite.identity.services import find_citizen_by_nik

    citizen_id, nik, _ = gen_citizen(app)
    rotating = rotated_apps(NEW_KEY, "v2", {"v1": app.config["NIK_KEY"]})
    with rotating.app_context():
        assert find_citizen_by_nik(nik).id == citizen_id
        assert db.session.execute(select(Citizen.id)).scalars().all() == [citizen_id]
