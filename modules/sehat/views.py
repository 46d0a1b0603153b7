"""e-Sehat's own page: the directory of health facilities."""

from __future__ import annotations

from flask import render_template

from modules.sehat.facilities import facilities
from suite.registry import get_module


def facilities_page():
    return render_template("sehat/facilities.html", facilities=facilities(), module=get_module("sehat"))
