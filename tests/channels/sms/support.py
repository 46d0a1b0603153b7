"""Small readers shared by the SMS and WhatsApp tests."""

from sqlalchemy import func, select

from suite.extensions import db
from suite.notify import worker


def deliver_outbox(app):
    """One run of the real outbox worker, as ``flask --app suite worker`` would do it."""
    with app.app_context():
        result = worker.run_once("test-worker")
        db.session.remove()
        return result


def count(app, model, *where):
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar()


def rows(app, model, *where):
    with app.app_context():
        found = db.session.execute(select(model).where(*where).order_by(model.id)).scalars().all()
        db.session.expunge_all()
        return found
