"""Scorecards per agency and per officer for a period, derived from tickets and their timeline."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from suite.database import utcnow
from suite.extensions import db
from suite.identity.models import Agency, Staff
from suite.sla import clock, policy
from suite.sla.models import SlaTarget
from suite.ticketing import lifecycle
from suite.ticketing.models import Rating, Ticket


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


def agency_scorecards(
    start: datetime, end: datetime, now: datetime | None = None, agency_ids: set[int] | None = None
) -> list[Scorecard]:
    return _scorecards(start, end, now, "agency", agency_ids)


def officer_scorecards(
    start: datetime, end: datetime, agency_ids: set[int], now: datetime | None = None
) -> list[Scorecard]:
    return _scorecards(start, end, now, "officer", agency_ids)


def _scorecards(start, end, now, by: str, agency_ids) -> list[Scorecard]:
    now = now or utcnow()
    query = select(Ticket).where(Ticket.created_at >= start, Ticket.created_at < end, Ticket.merged_into_id.is_(None))
    if agency_ids is not None:
        query = query.where(Ticket.agency_id.in_(agency_ids))
    tickets = db.session.execute(query).scalars().all()
    ratings = (
        dict(
            db.session.execute(
                select(Rating.ticket_id, Rating.score).where(Rating.ticket_id.in_([t.id for t in tickets]))
            ).all()
        )
        if tickets
        else {}
    )
    targets: dict[tuple[str, str, str], SlaTarget] = {}
    groups: dict[int | None, list[Ticket]] = defaultdict(list)
    for ticket in tickets:
        groups[ticket.agency_id if by == "agency" else ticket.assignee_id].append(ticket)
    names = _names(by, set(groups))
    cards = []
    for key, group in groups.items():
        card = Scorecard(key=key, name=names.get(key, "—"), received=len(group))
        responses, rewards, sanctions, resolutions, reopened, resolved_ever, scores = [], 0, 0, [], 0, 0, []
        for ticket in group:
            target_key = (ticket.module, ticket.category, ticket.kind)
            if target_key not in targets:
                targets[target_key] = policy.target_for(*target_key)
            target = targets[target_key]
            standing = policy.standing(ticket, now=now, target=target)
            if standing.responded:
                responses.append(standing.response_minutes)
            rewards += standing.band == "reward"
            sanctions += standing.band == "sanction"
            if ticket.status in lifecycle.OPEN_STATES:
                card.open_now += 1
                card.awaiting_budget += ticket.status == lifecycle.AWAITING_BUDGET
            if policy.is_overdue(ticket, now):
                card.overdue_now += 1
            if ticket.resolved_at is not None:
                resolutions.append(clock.elapsed_minutes(ticket.created_at, ticket.resolved_at, target.calendar))
            if ticket.resolved_at is not None or ticket.reopen_count or ticket.status == lifecycle.CLOSED:
                resolved_ever += 1
                reopened += ticket.reopen_count > 0
            if ticket.id in ratings:
                scores.append(ratings[ticket.id])
        card.responded = len(responses)
        card.median_first_response = statistics.median(responses) if responses else None
        card.p90_first_response = percentile(responses, 0.9)
        card.reward_share = rewards / card.received
        card.sanction_share = sanctions / card.received
        card.median_resolution = statistics.median(resolutions) if resolutions else None
        card.average_rating = sum(scores) / len(scores) if scores else None
        card.ratings = len(scores)
        card.reopen_rate = reopened / resolved_ever if resolved_ever else None
        cards.append(card)
    return sorted(cards, key=_rank_key)


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
