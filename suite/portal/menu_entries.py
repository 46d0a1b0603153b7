"""The citizen's pages of the main menu (``suite.menu``); every signed-in citizen may use them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite import menu

menu.register("portal.my_tickets", _l("Laporan saya"), "citizen", order=10)
menu.register("accounts.preferences", _l("Pengaturan"), "citizen", order=80)
menu.register("privacy.overview", _l("Data & privasi"), "citizen", order=85)
