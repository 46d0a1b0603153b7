"""Service modules plug in here; the core never imports ``modules.*`` by name.

``SUITE_MODULES`` lists the enabled modules: a bare code (``lorong``) means the package
``modules.lorong``; a dotted path (``partner.izin``) is imported as given. Each package exposes
``module``, an instance of a ``ServiceModule`` subclass.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import Blueprint, Flask, current_app, has_app_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError

if TYPE_CHECKING:
    from suite.ticketing.draft import TicketDraft


@dataclass
class Category:
    code: str
    label: object  # a lazy string or a CategoryName, translated when shown (``str(label)``)
    agency_code: str | None = None  # None: the module's default agency
    urgent: bool = False
    active: bool = True  # False: kept for the tickets filed under it, offered for no new one


class CategoryName:
    """A category's name as an admin wrote it in both languages (issue 12, item 2): ``str()`` gives
    the English name when the current locale is English, the Indonesian one otherwise, like the
    lazy strings the modules' defaults are written in."""

    __slots__ = ("indonesian", "english")

    def __init__(self, indonesian: str, english: str | None = None):
        self.indonesian, self.english = indonesian, english or indonesian

    def __str__(self) -> str:
        locale = get_locale() if has_app_context() else None
        return self.english if locale is not None and locale.language == "en" else self.indonesian

    def __repr__(self) -> str:
        return f"CategoryName({self.indonesian!r}, {self.english!r})"

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.indonesian)

    def __len__(self) -> int:
        return len(str(self))

    def lower(self) -> str:
        return str(self).lower()


@dataclass(frozen=True)
class TicketKind:
    """What a citizen is asking for, as SP4N-LAPOR! sorts it (issue 11, item 9); a module lists the
    codes it takes in ``ServiceModule.kinds``. Rules per kind are in ``suite.ticketing.kinds``."""

    code: str
    label: object  # lazy string
    explanation: object  # one line, shown next to the choice on the intake form


TICKET_KINDS = (
    TicketKind(
        "complaint",
        _l("Pengaduan"),
        _l("Ada masalah atau layanan yang tidak berjalan dan perlu ditindaklanjuti."),
    ),
    TicketKind(
        "aspiration",
        _l("Aspirasi"),
        _l("Usul, saran atau masukan untuk pemerintah kabupaten; dijawab, tidak ada perbaikan."),
    ),
    TicketKind(
        "information",
        _l("Permintaan informasi"),
        _l(
            "Meminta informasi atau dokumen publik kepada PPID; dijawab paling lama 10 hari kerja "
            "(UU 14/2008), dapat diperpanjang 7 hari kerja."
        ),
    ),
)


@dataclass
class Suggestion:
    """Where a text probably belongs, shown to the verifying officer, who confirms or changes it
    (issue 11, item 8): a category of the module, its agency, and the words that decided it."""

    category: str
    agency_code: str | None
    matched: list[str] = field(default_factory=list)


@dataclass
class MessageAnswer:
    """A module's own answer to a keyword sent by SMS or WhatsApp: a reply, and a ticket to open
    for the sender when ``draft`` is set."""

    outcome: str
    text: str
    draft: TicketDraft | None = None
    # Called with the new ticket's id once it is open, for a last line of the reply that can only be
    # written then (e.g. who was alerted, read from what was actually written).
    confirm: Callable[[int], str] | None = None


@dataclass
class ServiceStandard:
    """A module's service standard (standar pelayanan) as shipped in code: the seed of the
    ``service_standards`` table, which admins edit afterwards (issue 12, item 4; ``suite.standards``).

    The components are the service-delivery components of Permenpan RB 15/2014 tentang Pedoman
    Standar Pelayanan (Lampiran, Bab II; after UU 25/2009 Pasal 21): persyaratan (``requirements``),
    sistem, mekanisme dan prosedur (``procedure``), jangka waktu pelayanan (``duration``), biaya/tarif
    (``cost``), produk pelayanan (``product``), penanganan pengaduan, saran dan masukan
    (``complaint_channel``), and of its management components the dasar hukum (``legal_basis``)."""

    requirements: list = field(default_factory=list)
    cost: object = _l("Gratis")
    duration: object = ""
    procedure: list = field(default_factory=list)
    product: object = _l("Tanggapan tertulis dan tindak lanjut dari instansi yang berwenang.")
    complaint_channel: object = _l(
        "Tidak puas dengan penanganan? Buka kembali laporan dalam 7 hari setelah selesai, beri nilai, "
        "atau sampaikan pengaduan lewat e-Madul, SMS/WhatsApp layanan warga, atau SP4N-LAPOR! (lapor.go.id)."
    )
    legal_basis: list = field(
        default_factory=lambda: [
            _l("UU 25/2009 tentang Pelayanan Publik"),
            _l("Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik"),
            _l("Permenpan RB 15/2014 tentang Pedoman Standar Pelayanan"),
        ]
    )


@dataclass(frozen=True)
class HeavyDamage:
    """How a module marks the reports that wait for the budget cycle because the damage is heavy
    (issue 12, item 9: e-Lorong's severity "berat"): the extras field and the value that says so,
    and the extras field naming the road or landmark, for the budget-planning report's list.
    Field names and the value are plain words (letters, digits, underscores): they are written
    into SQL and into a partial index (``suite.ticketing.heavy_damage``)."""

    field: str
    value: str
    place_field: str | None = None


@dataclass
class Consent:
    """A consent a citizen gave, as the privacy page shows it (issue 9, item 12). ``key`` is unique
    across the suite (``<module>:<what>:<id>``); ``withdrawal_effect`` tells the citizen what
    withdrawing changes, and what it does not."""

    key: str
    purpose: object
    given_at: object  # aware datetime, or None when not known
    withdrawn_at: object = None
    withdrawal_effect: object = ""

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class ServiceModule:
    """Base class of a service module. Every hook has a safe default; override what differs."""

    code: str = ""
    prefix: str = ""  # tracking-code prefix, e.g. LRG
    name: object = ""
    description: object = ""
    icon: str = "•"
    default_agency_code: str = ""
    # The categories the module ships with: seeded into the category table (``service_categories``)
    # once, then edited by admins (Admin > Kategori layanan). Read ``categories`` for what holds now.
    default_categories: list[Category] = []
    # Codes the module's own code relies on (danger signs, "other"): an admin may rename them and
    # set their target, keywords and sensitivity, never deactivate them or change their agency or
    # urgency, which the code decides.
    fixed_categories: tuple[str, ...] = ()
    # Admins may add categories of their own (False where each category needs the module's code).
    categories_extendable = True
    standard: ServiceStandard = ServiceStandard()
    # Module extra fields: a WTForms form class (subclass of suite.portal.forms.IntakeForm)
    # for the web and a marshmallow schema that every channel's extras are validated by.
    intake_form: type | None = None
    extras_schema: type[Schema] = Schema
    intake_template = "portal/intake.html"
    template_folder: str | None = None
    # The whole module is secret (e-Babhar): every ticket is sensitive, and the module is not
    # offered by SMS/WhatsApp drafts, email or Open311.
    sensitive = False
    # Per-category sensitivity an admin may change (Admin > Kategori sensitif); the module's
    # ``default_sensitive`` says what holds until an admin decides.
    sensitive_categories_editable = False
    # Agency code whose subtree alone may hold and see the module's tickets (health data stays
    # inside Dinas Kesehatan): forwarding stays inside it, and only its staff see the content.
    care_root: str | None = None
    # A desa is required for the ticket (roads); otherwise it is optional.
    requires_desa = False
    # Warn the citizen of likely duplicates before submitting.
    detect_duplicates = True
    # Staff may move the module's tickets to another category or module, and others' into it
    # (issue 11, item 6). False where a ticket's category made module-owned rows at opening.
    reclassifiable = True
    # What citizens may file here (suite.ticketing.kinds): complaints only unless a module says more.
    kinds: tuple[str, ...] = ("complaint",)
    # The agency whose PPID answers information requests filed here (None: the ordinary routing).
    information_agency_code: str | None = None
    # Repair-workflow states of the one lifecycle the module uses (a subset of
    # ``suite.ticketing.lifecycle.WORKFLOW_STATES``): survey scheduled, work order issued, waiting
    # for the budget, referred to another government. Staff of other modules are never offered them.
    workflow_states: tuple[str, ...] = ()
    # Resolving a ticket needs a staff photo of the finished work (purpose "after"); every path
    # that resolves is refused without one (``suite.ticketing.transitions.move``).
    requires_after_photo = False
    # The web form places the report with a pin on a map and shows open reports nearby before
    # submitting, which the citizen may support instead (FixMyStreet; issue 11).
    report_on_map = False
    # Photos one report may carry (None: the suite's UPLOAD_MAX_FILES).
    max_photos: int | None = None
    # Reports of heavy damage that wait for the budget cycle (``HeavyDamage``), listed with their
    # location and age in the budget-planning report; None: the module has no such reports.
    heavy_damage: HeavyDamage | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A module written before categories were data lists them as ``categories``: its defaults.
        listed = cls.__dict__.get("categories")
        if isinstance(listed, list):
            cls.default_categories = listed
            del cls.categories

    def __init__(self):
        if not self.code or not self.prefix:
            raise TypeError(f"{type(self).__name__} must set code and prefix")

    # -- catalogue -----------------------------------------------------------
    @property
    def all_categories(self) -> list[Category]:
        """Every category, deactivated ones too (for the labels and filters of tickets filed under
        them), in the admins' order: the category table's rows when the app has installed a reader
        (``suite.ticketing.categories``), each default the table lacks after them, as in code."""
        reader = current_app.extensions.get("suite_category_reader") if has_app_context() else None
        return reader(self) if reader is not None else list(self.default_categories)

    @property
    def categories(self) -> list[Category]:
        """The categories offered for new tickets on every channel, in order."""
        return [c for c in self.all_categories if c.active]

    def category(self, code: str, include_inactive: bool = False) -> Category | None:
        """The category ``code`` when it takes new tickets (or, with ``include_inactive``, when it
        exists at all: to show a ticket filed under it); None otherwise."""
        return next(
            (c for c in self.all_categories if c.code == code and (c.active or include_inactive)),
            None,
        )

    def category_choices(self) -> list[tuple[str, object]]:
        return [(c.code, c.label) for c in self.categories]

    def default_sensitive(self, category: str | None) -> bool:
        """Whether a category's tickets are sensitive when no admin has decided otherwise."""
        return self.sensitive

    # -- hooks ---------------------------------------------------------------
    def validate_extras(self, extras: dict, category: str | None = None) -> dict:
        """Return the extras as the module's schema loads them; raise marshmallow's error."""
        return self.schema_for(category)().load(extras or {})

    def schema_for(self, category: str | None) -> type[Schema]:
        """The extras schema of a category; one schema for the whole module by default."""
        return self.extras_schema

    def seed_reference(self) -> int:
        """Load the module's reference data (idempotent); return how many rows were added."""
        return 0

    def scheduled_jobs(self) -> list:
        """Callables ``job(now) -> str`` run by ``flask --app suite jobs`` (e.g. reminders)."""
        return []

    def sms_keywords(self) -> set[str]:
        """Words that pick this module in an SMS or WhatsApp message (``LORONG <desa> <keluhan>``)."""
        return {self.code.upper()}

    def default_sla_targets(self) -> list[dict]:
        """Targets this module proposes (seeded once; admins edit them afterwards)."""
        return [
            {
                "category": c.code,
                "first_response_minutes": 15,
                "reward_minutes": 5,
                "sanction_minutes": 60,
                "resolution_minutes": 24 * 60,
                "note": "Kategori mendesak: ditanggapi dalam 15 menit.",
            }
            for c in self.default_categories
            if c.urgent
        ]

    def complete_draft(self, draft, citizen) -> None:
        """Fill what the module derives rather than asks (e.g. the mother's desa)."""

    def check_citizen(self, citizen, category: str | None = None) -> str | None:
        """A reason this citizen cannot use the module (or the category, when given), or None."""
        return None

    def route(self, draft) -> str:
        """The code of the agency responsible for a new ticket."""
        category = self.category(draft.category)
        return (category.agency_code if category and category.agency_code else None) or self.default_agency_code

    def accepted_kinds(self, category: str | None = None) -> tuple[str, ...]:
        """The ticket kinds (complaint, aspiration, information) a citizen may file in the module, or
        in one of its categories; the first is the default. An urgent category (an ambulance, a
        danger sign) is a report that needs action now: complaints only."""
        found = self.category(category, include_inactive=True) if category else None
        if found is not None and found.urgent:
            return ("complaint",)
        return self.kinds

    def route_information(self, draft) -> str:
        """The agency (its PPID) that answers an information request; ``route`` when none is named."""
        return self.information_agency_code or self.route(draft)

    def suggest_classification(self, text: str) -> Suggestion | None:
        """The category (and agency) a ticket's text points to, or None when the text says nothing.
        A module that routes by keywords answers with ``suite.ticketing.routing.suggest``."""
        return None

    def default_routing_keywords(self) -> dict[str, list[str]]:
        """Keywords (lowercase words or phrases) per category that point a text to it, until an
        admin edits them (Admin > Kata kunci rute). Empty: the module does not route by keywords."""
        return {}

    def priority(self, draft) -> str:
        category = self.category(draft.category)
        return "urgent" if category and category.urgent else "normal"

    def title(self, draft) -> str:
        category = self.category(draft.category)
        label = str(category.label) if category else draft.category
        return label[:200]

    def after_open(self, ticket, extras: dict, citizen) -> None:
        """Create module-owned rows (e.g. a pregnancy) in the same transaction."""

    def status_label(self, status: str) -> object | None:
        """The module's public wording of a state (e-Lorong: "Sudah diperbaiki" for resolved), or
        None for the core's label."""
        return None

    def referral_body(self, ticket) -> str | None:
        """The code of the outside body (``suite.reference.external_bodies``) a ticket most likely
        belongs to, offered first when staff refer it; None when the module cannot tell."""
        return None

    def after_forward(self, ticket) -> None:
        """React in the same transaction when a ticket moved to another agency (it is there now)."""

    # -- personal data (UU 27/2022; suite.privacy.subject_rights) ---------------
    def personal_data(self, citizen) -> dict:
        """What the module's own tables hold about the citizen, JSON-ready, for their data download.
        Tickets and their extras are exported by the core."""
        return {}

    def consents(self, citizen) -> list[Consent]:
        """Consents the citizen gave to this module."""
        return []

    def withdraw_consent(self, citizen, key: str, now) -> bool:
        """Withdraw one of ``consents(citizen)`` by key (flush only); False when it is not the module's."""
        return False

    def legal_holds(self, citizen) -> list:
        """Reasons the citizen's data may not be erased now (e.g. an open health alarm)."""
        return []

    def erase_personal_data(self, citizen) -> None:
        """Erase or anonymise the module's own rows about the citizen, in the caller's transaction.
        Tickets are anonymised by the core; rows the law requires to keep may stay de-identified."""

    def describe_extras(self, ticket) -> list[tuple[object, str]]:
        """(label, value) pairs of the extras, for staff ticket pages."""
        form = self.intake_form() if self.intake_form else None
        pairs = []
        for name, value in (ticket.extras or {}).items():
            field = getattr(form, name, None)
            if field is None or field.type in ("HiddenField", "BooleanField"):
                continue
            choices = dict((str(k), v) for k, v in (getattr(field, "choices", None) or []))
            pairs.append((field.label.text, choices.get(str(value), _display(value))))
        return pairs

    def demo_draft(self, rng, citizen):
        """A realistic TicketDraft for demo data, or None to skip this citizen."""
        from suite.ticketing.draft import TicketDraft

        category = rng.choice(self.categories)
        return TicketDraft(
            category=category.code,
            description=str(
                _l("Mohon ditindaklanjuti: %(topic)s di lingkungan kami.", topic=str(category.label).lower())
            ),
            desa_code=citizen.desa_code,
        )

    def message_command(self, keyword: str, text: str, citizen, phone: str | None = None) -> MessageAnswer | None:
        """Handle a keyword the module owns (e.g. e-Babhar's BAHAYA); None: the ordinary
        ``<KATA> <desa> <keluhan>`` report. ``citizen`` is None for an unregistered ``phone``; a
        draft returned then is opened without an account, the phone kept as the reporter's."""
        return None

    def closed_advice(self) -> object:
        """What a citizen must still be told when an admin has closed the module to new reports
        (``suite.ticketing.module_state``), said first on every channel; e.g. where to go in an
        emergency. Empty by default."""
        return ""

    def message_commands(self) -> set[str]:
        """The keywords among ``sms_keywords`` that ``message_command`` answers (e-Babhar's BAHAYA):
        the SMS/WhatsApp help must name each (``message_hints``), even where the module takes no
        ``<KATA> <desa> <keluhan>`` report."""
        return set()

    def message_hints(self) -> list:
        """Lines the SMS/WhatsApp help adds for the module's own keywords."""
        return []

    def extras_from_text(self, category: Category, text: str) -> dict:
        """The module's extra fields read out of a one-line report (SMS, WhatsApp). A module whose
        required fields cannot be read from text is not offered on those channels."""
        return {}

    def citizen_facts(self, ticket) -> list[tuple[object, str]]:
        """(label, value) pairs the citizen who filed ``ticket`` is told on her own ticket page, the
        page she lands on after filing (e-Babhar: the due date and the next visit). Empty by default."""
        return []

    def menu_links(self) -> list[tuple[object, str]]:
        """(label, endpoint) of the module's own pages, listed on its page."""
        return []

    def register_views(self, blueprint: Blueprint) -> None:
        """Add module-specific routes; the intake routes are there already."""

    def agency_codes(self) -> set[str]:
        """Codes of the agencies this module sends tickets or alerts to by name (issue 12, item 3):
        an admin cannot switch them off while the module points at them. A module that pages an
        agency from its own code (a call centre) adds it here."""
        named = {self.default_agency_code, self.information_agency_code, self.care_root}
        return {code for code in named | {c.agency_code for c in self.categories} if code}

    def make_blueprint(self, core_routes=()) -> Blueprint:
        """The module's blueprint: the routes every module shares (``core_routes``, callables
        ``(blueprint, module)`` the portal supplies: the intake form), then the module's own."""
        blueprint = Blueprint(
            f"module_{self.code}",
            self.__module__,
            url_prefix=f"/layanan/{self.code}",
            template_folder=self.template_folder,
        )
        for add_routes in core_routes:
            add_routes(blueprint, self)
        self.register_views(blueprint)
        return blueprint


def _display(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def load_modules(app: Flask, core_routes=()) -> dict[str, ServiceModule]:
    """Import the enabled modules and register their blueprints, each with ``core_routes`` first."""
    modules: dict[str, ServiceModule] = {}
    for entry in app.config["SUITE_MODULES"]:
        path = entry if "." in entry else f"modules.{entry}"
        instance = importlib.import_module(path).module
        if not isinstance(instance, ServiceModule):
            raise TypeError(f"{path}.module is not a ServiceModule")
        if instance.code in modules:
            raise ValueError(f"module code {instance.code!r} is enabled twice")
        modules[instance.code] = instance
        app.register_blueprint(instance.make_blueprint(core_routes))
    app.extensions["suite_modules"] = modules
    return modules


def enabled_modules() -> dict[str, ServiceModule]:
    return current_app.extensions.get("suite_modules", {})


def get_module(code: str) -> ServiceModule | None:
    return enabled_modules().get(code)


__all__ = [
    "Category",
    "CategoryName",
    "Consent",
    "HeavyDamage",
    "ServiceModule",
    "ServiceStandard",
    "TICKET_KINDS",
    "TicketKind",
    "ValidationError",
    "enabled_modules",
    "get_module",
    "load_modules",
]
