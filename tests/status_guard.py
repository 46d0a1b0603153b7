"""Every status change in the test run goes through ``suite.ticketing.transitions.move`` (issue 10).

A listener on ``Ticket.status`` notes each write to a stored ticket's status that happens outside
``move``; the autouse fixture (imported by conftest) fails the test in which it happened. A test
arranging a state on purpose (``set_ticket(app, code, status=...)`` in tests/) is not a change the
application made and is left alone.
"""

from __future__ import annotations

import os
import sys

import pytest
import sqlalchemy
from sqlalchemy import event, inspect

from suite.ticketing import transitions
from suite.ticketing.models import Ticket

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
_SQLALCHEMY_DIR = os.path.dirname(os.path.abspath(sqlalchemy.__file__))
changes_outside: list[str] = []


@event.listens_for(Ticket.status, "set")
def _watch(target, value, oldvalue, _initiator):
    if value == oldvalue or not inspect(target).persistent or transitions.moving():
        return
    writer = _writer()
    if writer.startswith(TESTS_DIR + os.sep):
        return
    changes_outside.append(f"{oldvalue!r} -> {value!r} written by {writer}")


def _writer() -> str:
    """The file of the first frame outside SQLAlchemy and this guard: the code that wrote the status."""
    frame = sys._getframe(1)
    here = os.path.abspath(__file__)
    while frame is not None:
        name = os.path.abspath(frame.f_code.co_filename)
        if name != here and not name.startswith(_SQLALCHEMY_DIR):
            return f"{name}:{frame.f_lineno}"
        frame = frame.f_back
    return "?"


@pytest.fixture(autouse=True)
def status_changes_go_through_move():
    changes_outside.clear()
    yield
    found, changes_outside[:] = list(changes_outside), []
    assert not found, f"Ticket.status changed outside suite.ticketing.transitions.move: {found}"
