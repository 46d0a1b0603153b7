"""Public transparency pages: which agencies answer, and how fast (no officer names)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from suite.sla import scorecards
from suite.sla.periods import period_from_args

blueprint = Blueprint("dashboard", __name__, url_prefix="/statistik")


@blueprint.route("/instansi")
def agency_ranking():
    start_day, end_day, start, end = period_from_args(request.args, default_days=90)
    cards = scorecards.agency_scorecards(start, end)
    return render_template("dashboard/ranking.html", cards=cards, start_day=start_day, end_day=end_day)
