"""Staff statistics and the CSV exports of staff lists (issue 12, item 10): the statistics page
and its tables as CSV, and the queue as CSV with the queue's own filters. What each figure means
and who sees which: ``suite.staff.statistics``; the queue's rules: ``suite.staff.queue``."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from suite import reference
from suite.audit.services import record_read
from suite.database import utcnow
from suite.errors import DomainError
from suite.identity.auth import staff_required
from suite.privacy.redaction import redact_nik
from suite.registry import enabled_modules, get_module
from suite.security.exports import csv_text
from suite.sla.policy import is_overdue
from suite.sla.stats_queries import Figures
from suite.staff import statistics
from suite.staff.queue import params_from_args, queue_page
from suite.staff.views import blueprint
from suite.ticketing import kinds, lifecycle
from suite.web_errors import status_for

QUEUE_EXPORT_CAP = 5000  # "all pages" stops here: a bigger list is narrowed with the filters


def _statistics() -> statistics.Statistics:
    modules = enabled_modules()
    try:
        params = statistics.params_from_args(request.args, modules)
        return statistics.compute(current_user, params, modules)
    except DomainError as error:
        abort(status_for(error), description=str(error.message))


def category_label(module_code: str, category_code: str) -> str:
    module = get_module(module_code)
    category = module.category(category_code) if module else None
    return str(category.label) if category else category_code


def module_name(module_code: str) -> str:
    module = get_module(module_code)
    return str(module.name) if module else module_code


@blueprint.route("/statistik")
@staff_required()
def statistics_page():
    stats = _statistics()
    modules = enabled_modules()
    return render_template(
        "staff/statistics.html",
        stats=stats,
        params=stats.params,
        modules={code: m for code, m in modules.items() if code in stats.scope.modules},
        statuses=lifecycle.STATUS_LABELS,
        kinds=kinds.LABELS,
        kecamatan=reference.kecamatan_list(),
        status_labels=statistics.STATUS_ROW_LABELS,
        distribution_labels=statistics.DISTRIBUTION_LABELS,
        category_label=category_label,
        module_name=module_name,
        csv_args=stats.params.query_args(),
    )


FIGURE_COLUMNS = (
    "received",
    "answered",
    "answered_in_target",
    "target_share",
    "mean_response_minutes",
    "resolved",
    "open_now",
    "awaiting_budget",
)


def _figure_cells(figures: Figures) -> list:
    cells: list = []
    for column in FIGURE_COLUMNS:
        value = getattr(figures, column)
        cells.append("" if value is None else (round(value, 4) if isinstance(value, float) else value))
    return cells


@blueprint.route("/statistik.csv")
@staff_required()
def statistics_csv():
    """Every table of the page in one CSV: a ``table`` column says which, ``key`` and ``label`` the row."""
    stats = _statistics()
    table: list[list] = [["table", "key", "label", "count", *FIGURE_COLUMNS]]
    for key, count in stats.by_status:
        table.append(["status", key, str(statistics.STATUS_ROW_LABELS[key]), count])
    for key, count in stats.distribution:
        table.append(["response_time", key, str(statistics.DISTRIBUTION_LABELS[key]), count])
    table.append(["total", "", _("Jumlah"), stats.total.received, *_figure_cells(stats.total)])
    for f in stats.by_module:
        table.append(["module", f.key["module"], module_name(f.key["module"]), f.received, *_figure_cells(f)])
    for f in stats.by_category:
        key = f"{f.key['module']}.{f.key['category']}"
        label = category_label(f.key["module"], f.key["category"])
        table.append(["category", key, label, f.received, *_figure_cells(f)])
    for f in stats.by_kecamatan:
        code = f.key["kecamatan_code"]
        label = reference.region_label(code) if code else _("(tanpa kecamatan)")
        table.append(["kecamatan", code, label, f.received, *_figure_cells(f)])
    for f in stats.by_month:
        month = f.key["month"].strftime("%Y-%m")
        table.append(["month", month, month, f.received, *_figure_cells(f)])
    if stats.undisclosed:
        table.append(["undisclosed", "", _("Tiket kesehatan/rahasia: dihitung, tidak dirinci"), stats.undisclosed])
    p = stats.params
    filename = f"statistik-{p.first_month:%Y%m}-{p.last_month:%Y%m}.csv"
    return Response(
        csv_text(table), mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"}
    )


QUEUE_COLUMNS = (
    "code",
    "title",
    "kind",
    "module",
    "category",
    "status",
    "priority",
    "due",
    "overdue",
    "kecamatan",
    "desa",
    "agency",
    "assignee",
    "created",
)


@blueprint.route("/antrean.csv")
@staff_required()
def queue_csv():
    """The queue with the page's filters: the page the link was on, or (``semua=1``) every page up to
    ``QUEUE_EXPORT_CAP`` rows. The queue's access rule decides the rows, so health tickets reach
    only staff of their care tree; titles pass NIK redaction and every cell formula neutralisation."""
    params = params_from_args(request.args)
    everything = bool(request.args.get("semua"))
    if everything:
        params.cursor = None
    page = queue_page(current_user, params, enabled_modules(), page_size=QUEUE_EXPORT_CAP if everything else None)
    table: list[list] = [list(QUEUE_COLUMNS)]
    health = 0
    for t in page.tickets:
        module = get_module(t.module)
        if t.sensitive or (module is not None and (module.care_root or module.sensitive)):
            health += 1
        due = (t.first_response_due_at if t.first_response_at is None else t.resolution_due_at) or None
        table.append(
            [
                t.code,
                redact_nik(t.title),
                t.kind,
                module_name(t.module),
                category_label(t.module, t.category),
                t.status,
                t.priority,
                due.isoformat() if due and t.status in lifecycle.OPEN_STATES else "",
                "yes" if is_overdue(t) else "",
                reference.region_label(t.kecamatan_code) if t.kecamatan_code else "",
                reference.region_label(t.desa_code) if t.desa_code else "",
                t.agency.short_name if t.agency else "",
                t.assignee.full_name if t.assignee else "",
                t.created_at.isoformat(),
            ]
        )
    if health:
        # Health data leaving the app in a file: who took how many, as for a ticket page read.
        record_read("ticket_export", "queue.csv", staff=current_user, detail=f"queue CSV, {health} health tickets")
    filename = f"antrean-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(
        csv_text(table), mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"}
    )
