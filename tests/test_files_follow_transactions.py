"""A file stored for a row lives or dies with the transaction that records it
(``suite.database.on_rollback``): kept by a commit, deleted by a rollback (a savepoint's too)
or by a session closed without committing."""

from __future__ import annotations

import pytest

from suite.database import begin_write, write_transaction
from suite.extensions import db
from suite.ticketing import attachments
from tests.test_intake import PNG


def stored_file(app) -> str:
    [checked] = attachments.check_uploads([attachments.Upload("a.png", PNG)])
    return attachments.store(checked)


def exists(name: str) -> bool:
    return attachments.upload_path(name).exists()


def test_a_commit_keeps_the_file(app):
    with app.test_request_context():
        with write_transaction():
            name = stored_file(app)
        assert exists(name)
        attachments.discard([name])


def test_a_rollback_deletes_the_file(app):
    with app.test_request_context():
        with pytest.raises(RuntimeError), write_transaction():
            name = stored_file(app)
            raise RuntimeError("a later step failed")
        assert not exists(name)


def test_a_session_closed_without_a_commit_deletes_the_file(app):
    with app.test_request_context():
        begin_write()
        name = stored_file(app)
        db.session.remove()  # what the request's teardown does
        assert not exists(name)


def test_a_savepoint_rolled_back_deletes_only_its_own_file(app):
    with app.test_request_context():
        with write_transaction():
            kept = stored_file(app)
            with pytest.raises(RuntimeError), db.session.begin_nested():
                dropped = stored_file(app)
                raise RuntimeError("this attempt failed")
            assert not exists(dropped) and exists(kept)
            with db.session.begin_nested():
                kept_too = stored_file(app)
        assert exists(kept) and exists(kept_too)
        attachments.discard([kept, kept_too])


def test_a_clean_up_that_fails_neither_hides_the_error_nor_stops_the_others(app, caplog):
    from suite.database import on_rollback

    removed = []
    with app.test_request_context():
        with pytest.raises(RuntimeError, match="the real failure"), write_transaction():
            on_rollback(lambda: (_ for _ in ()).throw(PermissionError("read-only mount")))
            on_rollback(lambda: removed.append("second"))
            raise RuntimeError("the real failure")
    assert removed == ["second"]
    assert "clean-up after a rolled-back transaction failed" in caplog.text
