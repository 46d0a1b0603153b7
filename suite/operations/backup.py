"""``flask --app suite backup`` and ``restore``: the database and the uploaded files in one archive.

The archive is a tar file holding ``manifest.json`` (what kind of database, when, at which migration),
the database (``database.sqlite3``, made with SQLite's online backup API, consistent while the suite
keeps running; or ``database.pgdump``, ``pg_dump -Fc``) and ``uploads/`` (the photos and documents).

A backup holds what the database holds: NIK ciphertexts (readable with the NIK key, which is *not* in
the backup: keep them apart), health reports, phone numbers. So the archive is created owner-only
(0600, never briefly wider), in an owner-only folder by default, and must be stored and moved like the
database itself (docs/deploy.md, "Backups").

PostgreSQL: the tools get the connection from the configured URL; the password goes through the
``PGPASSWORD`` environment variable, never the command line (which other users can list).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from suite.config import make_private_dir
from suite.extensions import db

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
UPLOADS = "uploads"


class BackupError(click.ClickException):
    """A backup or restore that cannot be done; the message says why and what to do."""


# -- backup ----------------------------------------------------------------------------------


def backup(destination: Path) -> dict:
    """Write the archive to ``destination`` (a new file, mode 0600); return its manifest."""
    url = _database_url()
    backend = _backend(url)
    with tempfile.TemporaryDirectory(prefix="suite-backup-") as work:  # created 0700
        dump = Path(work) / DATABASE_FILES[backend]
        if backend == "sqlite":
            _sqlite_backup(_sqlite_path(url), dump)
        else:
            _pg_dump(url, dump)
        uploads = Path(current_app.config["UPLOAD_FOLDER"])
        manifest = {
            "format": FORMAT,
            "database": backend,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "revision": _revision(),
            "uploads": sum(1 for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else None,
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2))
        try:
            descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise BackupError(f"{destination} exists already; choose another name") from None
        except OSError as error:
            raise BackupError(f"cannot create {destination}: {error.strerror}") from None
        try:
            with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w") as archive:
                archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
                archive.add(dump, arcname=dump.name)
                if uploads.is_dir():
                    archive.add(uploads, arcname=UPLOADS)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            destination.unlink(missing_ok=True)  # never leave half an archive that looks like a backup
            raise
    return manifest


def _sqlite_backup(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while other processes keep reading and writing."""
    if not source.is_file():  # sqlite3.connect would make an empty database and back that up
        raise BackupError(f"no SQLite database at {source}")
    _sqlite_copy(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True), sqlite3.connect(target))
    os.chmod(target, 0o600)


def _pg_dump(url: URL, target: Path) -> None:
    _check_tool_version("pg_dump")
    _run(["pg_dump", "--format=custom", f"--file={target}", f"--dbname={_libpq_uri(url)}"], url)


# -- restore ---------------------------------------------------------------------------------


def restore(source: Path) -> dict:
    """Replace the configured database (and the uploads, when the archive has them) with ``source``."""
    url = _database_url()
    with tempfile.TemporaryDirectory(prefix="suite-restore-") as work:
        try:
            with tarfile.open(source, mode="r") as archive:
                manifest = _read_manifest(archive)  # an unreadable archive is said before an unknown backend
                backend = _backend(url)
                if manifest.get("database") != backend:
                    raise BackupError(
                        f"the archive holds a {manifest.get('database')} database; this suite runs on {backend}"
                    )
                archive.extractall(work, filter="data")  # refuses absolute paths, .. and links out
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{source} is not a readable suite backup ({error.__class__.__name__})") from None
        dump = Path(work) / DATABASE_FILES[backend]
        if not dump.is_file():
            raise BackupError(f"{source} holds no {dump.name}")
        # Let go of every pooled connection: the restore must not wait on (or be undone by) our own.
        db.session.remove()
        db.engine.dispose()
        if backend == "sqlite":
            _sqlite_restore(dump, _sqlite_path(url))
        else:
            _pg_restore(url, dump)
        if (Path(work) / UPLOADS).is_dir():
            _replace_folder(Path(current_app.config["UPLOAD_FOLDER"]), Path(work) / UPLOADS)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member is not None else None
    except KeyError:  # tarfile's word for "no such member"
        manifest = None
    except ValueError:  # not JSON (json.JSONDecodeError is a ValueError), or not text
        raise BackupError("the archive's manifest.json is not readable") from None
    if not isinstance(manifest, dict):
        raise BackupError("the archive has no manifest.json")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not {FORMAT}")
    return manifest


def _sqlite_restore(dump: Path, live: Path) -> None:
    """Copy the backup into the live file with the backup API: it takes the database's write lock, so
    it waits for a writer to finish and no reader ever sees half a database."""
    _sqlite_copy(sqlite3.connect(dump), sqlite3.connect(live, timeout=30))


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy ``source`` into ``target`` with SQLite's backup API, then close both connections."""
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _pg_restore(url: URL, dump: Path) -> None:
    _check_tool_version("pg_restore")
    # One transaction: a restore that fails half-way leaves the database as it was.
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run([*command, "--exit-on-error", f"--dbname={_libpq_uri(url)}", str(dump)], url)


def _replace_folder(live: Path, restored: Path) -> None:
    """Make ``live`` hold exactly the files of ``restored``. File by file (each written beside its place
    and renamed over it), not by swapping the folder: with several hosts the uploads folder is a shared
    mount point, which cannot be renamed."""
    make_private_dir(live)
    wanted = set()
    for source in sorted(restored.rglob("*")):
        relative = source.relative_to(restored)
        target = live / relative
        if source.is_dir():
            target.mkdir(mode=0o700, parents=True, exist_ok=True)
            continue
        wanted.add(relative)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(source, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    for present in sorted(live.rglob("*"), reverse=True):  # files first, then the folders they leave empty
        relative = present.relative_to(live)
        if present.is_file() and relative not in wanted:
            present.unlink()
        elif present.is_dir() and not any(present.iterdir()) and not (restored / relative).is_dir():
            present.rmdir()


# -- shared ----------------------------------------------------------------------------------


def _database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _backend(url: URL) -> str:
    backend = url.get_backend_name()
    if backend not in DATABASE_FILES:
        raise BackupError(f"backups know SQLite and PostgreSQL, not {backend}")
    return backend


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("the SQLite database is in memory: nothing to back up")
    return Path(url.database)


def _revision() -> list[str]:
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:  # a database without migrations still backs up
        return []
    return sorted(rows)


def _libpq_uri(url: URL) -> str:
    """The connection as libpq reads it (host, port, user, database, ssl options), without the password."""
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False)


def _run(command: list[str], url: URL) -> None:
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        message = (finished.stderr or finished.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{command[0]} failed: {' / '.join(message)}")


def _check_tool_version(tool: str) -> None:
    """pg_dump and pg_restore refuse (or silently lose features) against a newer server: say so first."""
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client)")
    found = re.search(r"(\d+)", subprocess.run([tool, "--version"], capture_output=True, text=True).stdout)
    with db.engine.connect() as connection:
        server = int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    if found is None or int(found.group(1)) < server:
        version = found.group(1) if found else "unknown"
        raise BackupError(f"{tool} {version} is older than the server ({server}): install postgresql-client-{server}")


def default_destination() -> Path:
    folder = make_private_dir(Path(current_app.instance_path) / "backups")
    return folder / f"suite-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.tar"


@click.command("backup")
@click.option("--to", "destination", type=click.Path(dir_okay=False, path_type=Path), help="Archive to write.")
@with_appcontext
def backup_command(destination: Path | None) -> None:
    """Back up the database and the uploads into one owner-only archive (default: instance/backups/)."""
    destination = destination or default_destination()
    manifest = backup(destination)
    uploads = "no uploads folder" if manifest["uploads"] is None else f"{manifest['uploads']} uploaded file(s)"
    click.echo(f"Backup written to {destination} ({manifest['database']}, {uploads}); mode 0600.")
    click.echo("It holds encrypted NIKs and health data: store it like the database, apart from the keys.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the configured database and uploads without asking.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the configured database and uploads with a backup (stop the web, worker, sweep and jobs first)."""
    if not yes:
        raise BackupError(
            "restore replaces the whole configured database and the uploads folder with the backup. "
            "Stop the web, worker, sweep and jobs, then run again with --yes."
        )
    manifest = restore(source)
    click.echo(
        f"Restored the {manifest['database']} backup of {manifest['created_at']} "
        f"(migration {', '.join(manifest['revision']) or 'unknown'}). "
        "Run flask --app suite db upgrade if the code is newer, then start the processes again."
    )
