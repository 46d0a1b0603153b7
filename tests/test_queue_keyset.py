"""The staff queue's keyset by due time (issue 13): deep pages return the right rows, in order,
across tickets that share a due time, whichever deadline is the one that matters now."""

import re
from datetime import timedelta

import suite.staff.queue as queue
from tests.helpers import citizen_client, get_ticket, lorong_fields, set_ticket, staff_client, submit, ticket_code_from


def test_walking_the_cursor_visits_every_open_ticket_once_in_due_then_id_order(app, monkeypatch):
    citizen = citizen_client(app)
    codes = [
        ticket_code_from(
            submit(
                citizen, "lorong", lorong_fields(not_duplicate="y", description=f"Jalan berlubang ruas {i} di desa.")
            )
        )
        for i in range(8)
    ]
    base = get_ticket(app, codes[0]).created_at + timedelta(days=1)
    # (hours after base of the deadline that matters now, answered?): three share one due time, two
    # another; answered tickets are due by their resolution deadline, the others by the first response.
    plan = [(5, False), (1, False), (5, True), (1, True), (5, False), (3, False), (9, True), (2, False)]
    for code, (hours, answered) in zip(codes, plan, strict=True):
        due = base + timedelta(hours=hours)
        if answered:
            set_ticket(app, code, first_response_at=base - timedelta(hours=20), resolution_due_at=due)
        else:
            set_ticket(app, code, first_response_due_at=due, resolution_due_at=base + timedelta(hours=99))
    closed = codes[6]
    set_ticket(app, closed, status="closed")  # not in the default (open) queue
    ids = {code: get_ticket(app, code).id for code in codes}
    expected = sorted((c for c in codes if c != closed), key=lambda c: (plan[codes.index(c)][0], ids[c]))

    monkeypatch.setattr(queue, "PAGE_SIZE", 2)
    officer = staff_client(app, "pupr")
    seen, url = [], "/petugas/"
    for _ in range(10):
        page = officer.get(url).get_data(as_text=True)
        on_page = sorted((c for c in codes if c in page), key=page.index)
        assert len(on_page) <= 2
        seen += on_page
        cursor = re.search(r'href="/petugas/\?setelah=([^&"]+)[^"]*">Berikutnya', page)
        if cursor is None:
            break
        url = f"/petugas/?setelah={cursor.group(1)}"
    assert seen == expected
