"""The outbox worker, run once as the SMS and WhatsApp tests need it."""

from suite.extensions import db
from suite.notify import worker


def deliver_outbox(app):
    """One run of the real outbox worker, as ``flask --app suite worker`` would do it."""
    with app.app_context():
        result = worker.run_once("test-worker")
        db.session.remove()
        return result
