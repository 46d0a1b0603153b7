"""``flask --app suite backup`` and ``restore`` (issue 13, item 8): a backup brings the data back.

Runs on the test database whichever it is: SQLite (the online backup API) in the default run,
PostgreSQL (pg_dump / pg_restore) when SUITE_DATABASE_URL names one.
"""

from __future__ import annotations

import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import select

from suite.extensions import db
from suite.identity.models import Citizen
from suite.identity.services import find_citizen_by_nik
from tests.helpers import gen_citizen


@pytest.fixture(autouse=True)
def own_uploads(app, tmp_path, monkeypatch):
    # The session's upload folder holds other tests' photos under random two-letter folders; one
    # of them could be the very folder this test expects a restore to remove.
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))


@pytest.fixture
def tools(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump and pg_restore are not installed (postgresql-client)")


def upload(app, name: str, content: bytes) -> Path:
    path = Path(app.config["UPLOAD_FOLDER"]) / name[:2] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def citizen_names(app) -> list[str]:
    with app.app_context():
        names = sorted(db.session.execute(select(Citizen.full_name)).scalars())
        db.session.remove()
        return names


def test_a_restore_brings_back_the_database_and_the_uploads_as_backed_up(app, runner, tools, tmp_path):
    citizen_id, nik, _ = gen_citizen(app)
    photo = upload(app, "ab12cd34.jpg", b"\xff\xd8 the photo as it was")
    archive = tmp_path / "suite.tar"

    made = runner.invoke(args=["backup", "--to", str(archive)])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # NIK ciphertexts and health data inside
    with tarfile.open(archive) as contents:
        assert {"manifest.json", "uploads/ab/ab12cd34.jpg"} <= set(contents.getnames())

    # After the backup: the citizen renamed, a second one registered, the photo lost, another uploaded.
    with app.app_context():
        db.session.get(Citizen, citizen_id).full_name = "Nama Sesudah Cadangan"
        db.session.commit()
    gen_citizen(app)
    photo.unlink()
    later = upload(app, "ef56ab78.jpg", b"\xff\xd8 uploaded after the backup")
    assert citizen_names(app) == ["Nama Sesudah Cadangan", "Warga Uji"]

    restored = runner.invoke(args=["restore", "--yes", str(archive)])

    assert restored.exit_code == 0, restored.output
    assert citizen_names(app) == ["Warga Uji"]
    assert photo.read_bytes() == b"\xff\xd8 the photo as it was"
    assert not later.exists() and not later.parent.exists()  # the uploads folder as it was, nothing more
    with app.app_context():  # the NIK still decrypts and is still found by its blind index
        assert find_citizen_by_nik(nik).id == citizen_id
        db.session.remove()


def test_a_restore_asks_for_yes_and_changes_nothing_without_it(app, runner, tools, tmp_path):
    gen_citizen(app)
    archive = tmp_path / "suite.tar"
    assert runner.invoke(args=["backup", "--to", str(archive)]).exit_code == 0
    gen_citizen(app)

    refused = runner.invoke(args=["restore", str(archive)])

    assert refused.exit_code != 0 and "--yes" in refused.output
    assert len(citizen_names(app)) == 2


def test_a_backup_never_overwrites_a_file_and_a_restore_refuses_what_is_not_a_backup(app, runner, tools, tmp_path):
    existing = tmp_path / "existing.tar"
    existing.write_bytes(b"an older backup")
    assert runner.invoke(args=["backup", "--to", str(existing)]).exit_code != 0
    assert existing.read_bytes() == b"an older backup"

    refused = runner.invoke(args=["restore", "--yes", str(existing)])

    assert refused.exit_code != 0 and "not a readable suite backup" in refused.output


@pytest.mark.parametrize("manifest", [None, b"{not json", b"[1, 2]"])
def test_a_restore_says_plainly_when_the_manifest_is_missing_or_broken(app, runner, tools, tmp_path, manifest):
    """From the review: a tar without a readable manifest.json was a Python traceback."""
    archive_path = tmp_path / "odd.tar"
    with tarfile.open(archive_path, "w") as archive:
        if manifest is not None:
            member = tarfile.TarInfo("manifest.json")
            member.size = len(manifest)
            import io

            archive.addfile(member, io.BytesIO(manifest))
    before = citizen_names(app)

    refused = runner.invoke(args=["restore", "--yes", str(archive_path)])

    assert refused.exit_code == 1 and "manifest.json" in refused.output
    assert refused.exception is None or isinstance(refused.exception, SystemExit)
    assert citizen_names(app) == before
