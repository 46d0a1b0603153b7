"""Issue 10, item 3: every commit-or-rollback around a service call goes through
``suite.database.write_transaction()``. A bare ``begin_write()``, ``commit()`` or ``rollback()``
outside ``suite/database.py`` is allowed only where it is listed here with the reason its code gives."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (file, function, call) -> how many; each has a comment beside it in the code saying why.
ALLOWED = {
    # Refusing a webhook: drop whatever the request did before logging the refusal in its own write.
    ("suite/channels/dialogue/gateway.py", "refuse", "rollback"): 1,
    # The inbound message row must survive a failed reply, so only the reply's work is dropped.
    ("suite/channels/dialogue/gateway.py", "deliver", "rollback"): 1,
    # The outbox worker ends its read before a slow send, so it holds no lock while sending.
    ("suite/notify/worker.py", "deliver", "commit"): 1,
    # `audit verify` only reads: it ends the read transaction, there is nothing to keep.
    ("suite/audit/cli.py", "audit_verify", "rollback"): 1,
    # Issue 13, item 7: the database failed under a request or a worker round; its work is abandoned.
    ("suite/operations/outage.py", "recover", "rollback"): 1,
}
WATCHED = {"begin_write", "commit", "rollback"}


def _bare_transaction_calls(path: Path) -> Counter:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: Counter = Counter()

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Call):
                callee = child.func
                called = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", None)
                # ``db.session.commit()``, ``session.rollback()``, ``begin_write()``; not ``connection.commit``
                # on a raw DBAPI connection, which the code never holds outside the database layer.
                if called in WATCHED and (called == "begin_write" or "session" in ast.unparse(callee)):
                    found[(str(path.relative_to(ROOT)), name, called)] += 1
            visit(child, name)

    visit(tree, "<module>")
    return found


def test_commits_and_rollbacks_go_through_write_transaction():
    found: Counter = Counter()
    for package in ("suite", "modules"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "suite" / "database.py":
                continue  # the helper itself
            found += _bare_transaction_calls(path)
    unexpected = {place: n for place, n in found.items() if n > ALLOWED.get(place, 0)}
    assert not unexpected, (
        "use `with write_transaction():` (suite.database) instead of a bare begin_write/commit/rollback, "
        f"or list the place in this test with the reason: {unexpected}"
    )
    gone = {place for place in ALLOWED if place not in found}
    assert not gone, f"no longer in the code, remove from ALLOWED: {gone}"
