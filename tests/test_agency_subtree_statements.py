"""A supervisor's agency tree is read in one statement, however many units it has (issue 13: the
tree was walked by lazy-loading each agency's units, a statement per agency on every page of a
regency or dinas supervisor)."""

from sqlalchemy import select

from suite.extensions import db
from suite.identity.models import Agency
from tests.helpers import recorded_statements, staff_client


def statements_for(app, client, url: str) -> int:
    with recorded_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def add_units(app, parent_code: str, depth: int) -> list[int]:
    """A chain of ``depth`` units below the agency: unit of unit of ..."""
    with app.app_context():
        parent = db.session.execute(select(Agency).where(Agency.code == parent_code)).scalar_one()
        ids = []
        for level in range(depth):
            unit = Agency(code=f"{parent_code}-u{level}", name=f"Unit {level}", short_name=f"U{level}", parent=parent)
            db.session.add(unit)
            db.session.flush()
            ids.append(unit.id)
            parent = unit
        db.session.commit()
        return ids


def test_the_statistics_of_a_supervisor_cost_the_same_statements_for_a_deeper_tree(app):
    supervisor = staff_client(app, "pupr", role="supervisor")
    statements_for(app, supervisor, "/petugas/statistik")  # warm the per-process reference caches
    shallow = statements_for(app, supervisor, "/petugas/statistik")
    units = add_units(app, "pupr", 4)
    statements_for(app, supervisor, "/petugas/statistik")
    deep = statements_for(app, supervisor, "/petugas/statistik")
    assert deep == shallow
    with app.app_context():
        pupr = db.session.execute(select(Agency).where(Agency.code == "pupr")).scalar_one()
        assert pupr.subtree_ids() == {pupr.id, *units}
        assert db.session.get(Agency, units[1]).subtree_ids() == set(units[1:])


def test_the_tree_is_read_once_per_session_and_again_after_an_agency_changes(app):
    with app.app_context():
        pupr = db.session.execute(select(Agency).where(Agency.code == "pupr")).scalar_one()
        with recorded_statements(app) as statements:
            before = pupr.subtree_ids()
            for _ in range(3):  # as a list checks each staff member or ticket against the tree
                assert pupr.subtree_ids() == before
            assert len(statements) == 1
            unit = Agency(code="pupr-new", name="Unit baru", short_name="UB", parent=pupr)
            db.session.add(unit)
            db.session.flush()
            assert pupr.subtree_ids() == before | {unit.id}
            db.session.rollback()
            assert pupr.subtree_ids() == before
