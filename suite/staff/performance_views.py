"""Supervisors' scorecards and agencies' response templates."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from suite.database import write_transaction
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.security.exports import csv_text
from suite.sla import scorecards
from suite.sla.periods import period_from_args
from suite.staff.views import blueprint
from suite.ticketing import lifecycle
from suite.ticketing.models import ResponseTemplate
from suite.ticketing.response_templates import create_template, toggle_template


@blueprint.route("/kinerja")
@staff_required("supervisor", "admin")
def performance():
    start_day, end_day, start, end = period_from_args(request.args)
    scope = current_user.agency.subtree_ids() if current_user.agency else None
    agencies = scorecards.agency_scorecards(start, end, agency_ids=scope)
    officers = scorecards.officer_scorecards(start, end, scope) if scope is not None else []
    return render_template(
        "staff/performance.html", agencies=agencies, officers=officers, start_day=start_day, end_day=end_day
    )


@blueprint.route("/kinerja.csv")
@staff_required("supervisor", "admin")
def performance_csv():
    start_day, end_day, start, end = period_from_args(request.args)
    scope = current_user.agency.subtree_ids() if current_user.agency else None
    rows = [("agency", card) for card in scorecards.agency_scorecards(start, end, agency_ids=scope)]
    if scope is not None:
        rows += [("officer", card) for card in scorecards.officer_scorecards(start, end, scope)]
    table = [
        [
            "level",
            "name",
            "received",
            "responded",
            "median_first_response_minutes",
            "p90_first_response_minutes",
            "reward_share",
            "sanction_share",
            "overdue_now",
            "open_now",
            "awaiting_budget",
            "median_resolution_minutes",
            "average_rating",
            "ratings",
            "reopen_rate",
        ]
    ]
    for level, c in rows:
        table.append(
            [
                level,
                c.name if c.key is not None else "(unassigned)",
                c.received,
                c.responded,
                _num(c.median_first_response),
                _num(c.p90_first_response),
                _num(c.reward_share, 4),
                _num(c.sanction_share, 4),
                c.overdue_now,
                c.open_now,
                c.awaiting_budget,
                _num(c.median_resolution),
                _num(c.average_rating, 2),
                c.ratings,
                _num(c.reopen_rate, 4),
            ]
        )
    filename = f"kinerja-{start_day.isoformat()}-{end_day.isoformat()}.csv"
    return Response(
        csv_text(table), mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"}
    )


def _num(value, digits: int = 1):
    return "" if value is None else round(value, digits)


class TemplateForm(FlaskForm):
    title = StringField(_l("Judul templat"), validators=[DataRequired(_l("Wajib diisi.")), Length(max=120)])
    status = SelectField(_l("Dipakai pada status"), validators=[Optional()])
    body = TextAreaField(
        _l("Isi tanggapan"), validators=[DataRequired(_l("Wajib diisi.")), Length(max=4000)], render_kw={"rows": 4}
    )


@blueprint.route("/templat", methods=["GET", "POST"])
@staff_required("supervisor", "admin")
def templates():
    if current_user.agency is None:
        flash(_("Templat tanggapan dikelola oleh supervisor instansi."), "info")
        return redirect(url_for(".queue"))
    form = TemplateForm()
    form.status.choices = [("", _("Semua status"))] + [(k, v) for k, v in lifecycle.STATUS_LABELS.items()]
    if form.validate_on_submit():
        with write_transaction():
            create_template(current_user, form.title.data or "", form.status.data, form.body.data or "")
        flash(_("Templat disimpan."), "success")
        return redirect(url_for(".templates"))
    rows = (
        db.session.execute(
            select(ResponseTemplate)
            .where(ResponseTemplate.agency_id == current_user.agency_id)
            .order_by(ResponseTemplate.title)
        )
        .scalars()
        .all()
    )
    return render_template("staff/templates.html", form=form, rows=rows), (422 if form.is_submitted() else 200)


@blueprint.route("/templat/<int(max=2147483647):template_id>/nonaktif", methods=["POST"])
@staff_required("supervisor", "admin")
def template_toggle(template_id: int):
    with write_transaction():
        row = db.session.get(ResponseTemplate, template_id)
        # Another agency's template is not shown, so it "does not exist" here.
        if row is None or row.agency_id != current_user.agency_id:
            abort(404)
        toggle_template(current_user, row)
    return redirect(url_for(".templates"))
