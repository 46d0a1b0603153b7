"""The admin's clinical data page: alarm thresholds, trimester boundaries and the antenatal contact
schedule, each with its source shown (the rules of an edit are in ``clinical_admin``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from modules.babhar import clinical_admin, clinical_data, services
from modules.babhar.alarms import MEASURES, OPERATORS, SEVERITIES
from modules.babhar.forms import VisitForm
from suite.database import write_transaction
from suite.errors import Invalid
from suite.identity.auth import staff_required


@staff_required("admin")
def clinical_admin_page():
    if request.method == "POST":
        try:
            with write_transaction():
                clinical_admin.edit_clinical_data(current_user._get_current_object(), request.form.to_dict())
        except Invalid as error:
            for message in error.errors.values():
                flash(message, "error")
            return _page(), 422
        flash(_("Data klinis disimpan. Berlaku untuk kunjungan dan pendaftaran berikutnya."), "success")
        return redirect(url_for(".clinical_admin"))
    return _page()


def _page():
    return render_template(
        "babhar/clinical_admin.html",
        thresholds=clinical_data.thresholds(False),
        trimesters=clinical_data.trimesters(),
        contacts=clinical_data.contacts(),
        operators=list(OPERATORS),
        severities=SEVERITIES,
        # What each measure is called on the visit form, in the reader's language.
        measures={name: getattr(VisitForm, name).args[0] for name in MEASURES},
        factors=services.card()[0],
    )
