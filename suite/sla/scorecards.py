"""Scorecards per agency and per officer for a period, derived from tickets and their timeline.

They read the daily summary ``suite.sla.score_days`` (kept by the statistics refresh the minute's
sla-sweep runs), not the tickets: its docstring says how fresh and how precise the figures are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select, union_all

from suite.extensions import db
from suite.identity.models import Agency, Staff
from suite.sla.score_days import (
    COUNTS,
    MAXIMA,
    RESOLUTION_COLUMNS,
    RESPONSE_COLUMNS,
    SCORE_EDGES,
    TicketDayScore,
    TicketMonthScore,
    clock_day,
)
from suite.sla.stats_refresh import next_month


@dataclass
class Scorecard:
    key: int | None
    name: str
    received: int = 0
    responded: int = 0
    median_first_response: float | None = None  # minutes
    p90_first_response: float | None = None
    reward_share: float | None = None  # of tickets received
    sanction_share: float | None = None
    overdue_now: int = 0
    # Still open now (lifecycle.OPEN_STATES), and of those the ones waiting for the budget cycle:
    # an honest figure, never hidden as done (issue 11, item 5).
    open_now: int = 0
    awaiting_budget: int = 0
    median_resolution: float | None = None  # minutes
    average_rating: float | None = None
    ratings: int = 0
    reopen_rate: float | None = None  # of tickets ever resolved


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least ``share`` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))  # ceil(share * n)
    return ordered[rank - 1]


def agency_scorecards(start: datetime, end: datetime, agency_ids: set[int] | None = None) -> list[Scorecard]:
    return _scorecards(start, end, "agency", agency_ids)


def officer_scorecards(start: datetime, end: datetime, agency_ids: set[int]) -> list[Scorecard]:
    return _scorecards(start, end, "officer", agency_ids)


def _scorecards(start: datetime, end: datetime, by: str, agency_ids: set[int] | None) -> list[Scorecard]:
    """Sums of the daily summary (``suite.sla.score_days``) over the WIB days from ``start`` to
    ``end`` (exclusive; both WIB midnights, as ``suite.sla.periods`` gives them)."""
    first, following = clock_day(start), clock_day(end)
    # Whole months inside the span read the monthly rows; the days before and after them, daily ones.
    months_from = first if first.day == 1 else next_month(first)
    months_to = date(following.year, following.month, 1)
    parts = []
    for table, where in _row_sources(first, following, months_from, months_to):
        part = select(
            table.agency_id.label("agency_id"),
            table.assignee_id.label("assignee_id"),
            *[getattr(table, name).label(name) for name in (*COUNTS, *MAXIMA)],
        ).where(where)
        if agency_ids is not None:
            part = part.where(table.agency_id.in_(agency_ids))
        parts.append(part)
    rows = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    key = rows.c.agency_id if by == "agency" else rows.c.assignee_id
    query = select(
        key,
        *[func.coalesce(func.sum(rows.c[name]), 0) for name in COUNTS],
        *[func.coalesce(func.max(rows.c[name]), 0) for name in MAXIMA],
    ).group_by(key)
    sums = {row[0]: dict(zip((*COUNTS, *MAXIMA), row[1:], strict=True)) for row in db.session.execute(query)}
    names = _names(by, set(sums))
    cards = []
    for group, s in sums.items():
        if not s["received"]:
            continue
        responses = [int(s[c]) for c in RESPONSE_COLUMNS]
        resolutions = [int(s[c]) for c in RESOLUTION_COLUMNS]
        cards.append(
            Scorecard(
                key=group,
                name=names.get(group, "\u2014"),
                received=int(s["received"]),
                responded=int(s["responded"]),
                median_first_response=histogram_percentile(
                    responses, int(s["responded"]), float(s["response_max"]), 0.5
                ),
                p90_first_response=histogram_percentile(responses, int(s["responded"]), float(s["response_max"]), 0.9),
                reward_share=int(s["reward"]) / int(s["received"]),
                sanction_share=int(s["sanction"]) / int(s["received"]),
                overdue_now=int(s["overdue_now"]),
                open_now=int(s["open_now"]),
                awaiting_budget=int(s["awaiting_budget"]),
                median_resolution=histogram_percentile(
                    resolutions, int(s["resolved"]), float(s["resolution_max"]), 0.5
                ),
                average_rating=int(s["rating_sum"]) / int(s["ratings"]) if s["ratings"] else None,
                ratings=int(s["ratings"]),
                reopen_rate=int(s["reopened"]) / int(s["resolved_ever"]) if s["resolved_ever"] else None,
            )
        )
    return sorted(cards, key=_rank_key)


def _row_sources(first: date, following: date, months_from: date, months_to: date):
    """(table, condition) pairs covering the days [first, following) exactly once."""
    if months_from >= months_to:
        return [(TicketDayScore, and_(TicketDayScore.day >= first, TicketDayScore.day < following))]
    day = TicketDayScore.day
    return [
        (TicketMonthScore, and_(TicketMonthScore.month >= months_from, TicketMonthScore.month < months_to)),
        (TicketDayScore, or_(and_(day >= first, day < months_from), and_(day >= months_to, day < following))),
    ]


def histogram_percentile(cumulative: list[int], total: int, maximum: float, share: float) -> float | None:
    """The nearest-rank percentile (as ``percentile``) of ``total`` values known only by how many
    lie at or below each of ``SCORE_EDGES`` (``cumulative``) and by the largest (``maximum``): the
    rank's bucket, interpolated linearly inside it (past the last edge, up to the maximum)."""
    if not total:
        return None
    rank = max(1, -(-int(share * 100) * total // 100))  # ceil(share * total)
    lower, below = 0.0, 0
    for edge, at_or_below in zip(SCORE_EDGES, cumulative, strict=True):
        if at_or_below >= rank:
            return lower + (rank - below) / (at_or_below - below) * (min(edge, maximum) - lower)
        lower, below = float(edge), at_or_below
    return lower + (rank - below) / (total - below) * (max(maximum, lower) - lower)


def _rank_key(card: Scorecard):
    # Best first: most answers in the reward band, then fastest median, then fewest sanctions.
    return (
        -(card.reward_share or 0),
        card.median_first_response if card.median_first_response is not None else float("inf"),
        card.sanction_share or 0,
        card.name,
    )


def _names(by: str, keys: set) -> dict:
    ids = [k for k in keys if k is not None]
    if not ids:
        return {}
    if by == "agency":
        return dict(db.session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(ids))).all())
    return dict(db.session.execute(select(Staff.id, Staff.full_name).where(Staff.id.in_(ids))).all())
