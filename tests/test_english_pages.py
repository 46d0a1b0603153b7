"""Complete English (issue 14, item 4): no user-visible string outside the catalogues.

Two checks. Statically, every template of the core and the modules is parsed with the app's own
Jinja environment: text between tags, and the text of visible attributes, must come from a
translation call. At run time, the pages a citizen and the staff read most are rendered in English
and must not hold the Indonesian wording of what they show from data: danger signs, KSPR bands and
factors, alarms, statuses, kinds, channels, category names (stored ticket titles), the emergency
numbers' labels and the score history's reasons, nor any multi-word Indonesian message of the
catalogues. The Indonesian wording is collected from the same data the pages use."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale
from jinja2 import nodes

from tests.conftest import csrf_token
from tests.helpers import citizen_client, lorong_fields, staff_client, submit, ticket_code_from
from tests.modules.babhar.support import post_visit, registered
from tests.modules.babhar.test_danger_alerts import raise_sign

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_ROOTS = [ROOT / "suite/templates", *sorted((ROOT / "modules").glob("*/templates"))]
LETTER = re.compile(r"[^\W\d_]")
TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
# Attributes a reader sees or hears (a screen reader reads aria-label and title).
VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-roledescription", "label"}
# Text that is not language, each said why; keep it short. Anything else with letters is a bug.
NOT_LANGUAGE = {
    "Bahasa Indonesia",  # the language picker names each language in that language
    "English",
    "LRG-7K3Q-9MDP",  # an example tracking code (the placeholder of the code field)
    "G",  # the obstetric formula G2 P1 A0 (gravida, para, abortus) is written so in English too
    "P",
    "A",
    "g",  # grams
}
# A macro that writes attributes (aria-invalid="true" ...) outside any tag of its own.
ATTRIBUTE_FRAGMENT = re.compile(r"""[\w:-]+="[^"]*"?""")
HOLE = "\x00"  # where an expression's value goes
PRIVACY_PAGE = "/akun/privasi"  # the citizen's data and consents


def _shown_constants(expr) -> list[str]:
    """The string literals an output expression may print untranslated (``{{ "Ya" if x else "Tidak" }}``)."""
    if isinstance(expr, nodes.Call) and isinstance(expr.node, nodes.Name) and expr.node.name in TRANSLATING:
        return []
    if isinstance(expr, nodes.Const):
        return [expr.value] if isinstance(expr.value, str) else []
    if isinstance(expr, nodes.CondExpr):
        return _shown_constants(expr.expr1) + (_shown_constants(expr.expr2) if expr.expr2 is not None else [])
    if isinstance(expr, nodes.Concat):
        return [text for part in expr.nodes for text in _shown_constants(part)]
    if isinstance(expr, (nodes.Or, nodes.And, nodes.Add)):
        return _shown_constants(expr.left) + _shown_constants(expr.right)
    return []


def _stream(node, out: list[str]) -> None:
    """The template's markup in source order, every expression a hole (its literals kept)."""
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                out.append(child.data)
            else:
                out.append(HOLE + HOLE.join(_shown_constants(child)) + HOLE)
        return
    for child in node.iter_child_nodes():
        _stream(child, out)


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        shown_value = tag == "input" and dict(attrs).get("type") in ("submit", "button", "reset")
        for name, value in attrs:
            if value and (name in VISIBLE_ATTRIBUTES or (name == "value" and shown_value)):
                self._check(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden:
            self._check(ATTRIBUTE_FRAGMENT.sub("", data))

    def _check(self, text):
        for piece in (p.strip() for p in text.split(HOLE)):
            if LETTER.search(piece) and piece not in NOT_LANGUAGE:
                self.found.append(piece)


def untranslated_template_text(env, source: str) -> list[str]:
    out: list[str] = []
    _stream(env.parse(source), out)
    parser = _VisibleText()
    parser.feed("".join(out))
    parser.close()
    return parser.found


def test_every_template_text_goes_through_the_catalogue(app):
    found = []
    for root in TEMPLATE_ROOTS:
        for path in sorted(root.rglob("*.html")):
            for text in untranslated_template_text(app.jinja_env, path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(ROOT)}: {text[:80]!r}")
    assert not found, "text outside _() in templates:\n" + "\n".join(found)


def test_the_template_check_finds_text_outside_the_catalogue(app):
    """The check above can fail: it sees bare text, a visible attribute and an untranslated literal."""
    source = (
        '<p>{{ _("Kode") }} <a title="Buka laporan" href="{{ url }}">{{ code }}</a> sudah dikirim</p>'
        '<input type="submit" value="Kirim">{{ "Ya" if ok else _("Tidak") }}<script>var a = "x";</script>'
    )
    assert untranslated_template_text(app.jinja_env, source) == ["Buka laporan", "sudah dikirim", "Kirim", "Ya"]
    assert untranslated_template_text(app.jinja_env, "<p>{% trans %}Halo{% endtrans %} · {{ n }}</p>") == []


# -- pages rendered in English ------------------------------------------------------------------


def english(client):
    client.post("/bahasa", data={"csrf_token": csrf_token(client, "/"), "lang": "en"})
    return client


def page_text(response) -> str:
    """What a reader sees or hears: the text, and the labels a screen reader reads (aria-label, title)."""
    assert response.status_code == 200, response.status_code
    return page_text_of(response.get_data(as_text=True))


def catalogue_sentences() -> set[str]:
    """Indonesian messages of several words whose English differs, with no placeholder: none may
    appear in an English page."""
    found = set()
    for path in [ROOT / "suite/translations", *sorted((ROOT / "modules").glob("*/translations"))]:
        with open(path / "en/LC_MESSAGES/messages.po", "rb") as handle:
            for message in read_po(handle):
                if not message.id or isinstance(message.id, tuple) or "%" in message.id:
                    continue
                # "Polindes / Poskesdes / Pustu (village ...)": a name kept in the English is no leak.
                if len(message.id.split()) >= 2 and message.string and message.id not in message.string:
                    found.add(message.id)
    return found - NOT_LANGUAGE


def indonesian_data_labels(app) -> dict[str, str]:
    """The Indonesian wording of every label the pages show from data, and where it comes from."""
    from modules.babhar import clinical_data, danger, services, views
    from suite.portal.filters import CHANNEL_LABELS
    from suite.registry import enabled_modules
    from suite.ticketing import kinds
    from suite.ticketing.lifecycle import STATUS_LABELS

    labels: dict[str, str] = {}
    with app.test_request_context(), force_locale("id"):
        for row in danger.danger_signs():
            labels[row["label_id"]] = f"danger sign {row['code']}"
        factors, bands = services.card()
        for code, factor in factors.items():
            labels[factor.label_id] = f"KSPR factor {code}"
        for band in bands:
            labels[band.label_id] = f"KSPR band {band.code}"
            labels[band.advice_id] = f"KSPR advice {band.code}"
        for threshold in clinical_data.thresholds(False):
            labels[threshold.label_id] = f"alarm {threshold.code}"
            # Nor a code (snake_case, so no English word): an alarm, a measure, a card factor has a name.
            for kind, code in (
                ("alarm", threshold.code),
                ("measure", threshold.measure),
                ("factor", threshold.kspr_factor),
            ):
                if code and "_" in code:
                    labels[code] = f"{kind} code {code}"
        for number, label in views.EMERGENCY_NUMBERS:
            labels[str(label)] = f"emergency number {number}"
        for code, label in STATUS_LABELS.items():
            labels[str(label)] = f"status {code}"
        for code, label in kinds.LABELS.items():
            labels[str(label)] = f"kind {code}"
        for code, label in CHANNEL_LABELS.items():
            labels[str(label)] = f"channel {code}"
        for module in enabled_modules().values():
            for status, label in getattr(module, "public_status_labels", {}).items():
                labels[str(label)] = f"{module.code} status {status}"
            for category in module.all_categories:
                labels[str(category.label)] = f"{module.code} category {category.code}"
    # A few Indonesian labels are the same word in English (e.g. "SMS", "WhatsApp", "Open311").
    with app.test_request_context(), force_locale("en"):
        english_too = {str(label) for label in CHANNEL_LABELS.values()} | {
            str(label) for label in STATUS_LABELS.values()
        }
    return {text: where for text, where in labels.items() if text and text not in english_too}


def agency_names(app) -> list[str]:
    """Agencies' names are proper names (Dinas Pendidikan dan Kebudayaan): not checked."""
    from suite.extensions import db
    from suite.identity.models import Agency

    with app.app_context():
        return sorted((name for (name,) in db.session.query(Agency.name)), key=len, reverse=True)


def leaks(text: str, labels: dict[str, str], sentences: set[str], names: list[str] = ()) -> list[str]:
    for name in names:
        text = text.replace(name, " ")
    found = [
        f"{where}: {label!r}" for label, where in labels.items() if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)
    ]
    found += [f"catalogue: {s!r}" for s in sentences if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]
    return found


@pytest.fixture
def english_world(app):
    """One ticket of every module, a danger sign, a pregnancy with a score history of several
    reasons, read by the citizen, the mother, the midwife and a road officer, all in English."""
    citizen = english(citizen_client(app))
    codes = {
        "lorong": ticket_code_from(submit(citizen, "lorong", lorong_fields())),
        "madul": ticket_code_from(
            submit(citizen, "madul", {"category": "population", "description": "KTP elektronik belum jadi."})
        ),
        "sehat": ticket_code_from(
            submit(
                citizen,
                "sehat",
                {
                    "category": "ambulance",
                    "facility_code": "rsud-smart",
                    "description": "Ibu saya sesak napas, mohon ambulans.",
                    "desa_code": "35.28.01.2001",
                },
            )
        ),
    }
    mother, midwife, pregnancy_id = registered(app)
    english(mother), english(midwife)
    danger_page = mother.get(raise_sign(mother, signs_pregnancy=["bleeding", "high_fever"]).headers["Location"])
    url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    midwife.post(
        f"{url}/riwayat",
        data={"csrf_token": csrf_token(midwife, url), "height_cm": "150", "history_factors": ["caesarean"]},
    )
    post_visit(app, midwife, pregnancy_id, systolic=150, diastolic=95)
    officer = english(staff_client(app, "pupr"))
    return {
        "citizen": citizen,
        "mother": mother,
        "midwife": midwife,
        "officer": officer,
        "codes": codes,
        "record_url": url,
        "danger_advice": danger_page,
    }


def test_the_main_pages_in_english_show_no_indonesian_label(app, english_world):
    world = english_world
    labels, sentences, names = indonesian_data_labels(app), catalogue_sentences(), agency_names(app)
    citizen, mother, midwife, officer = world["citizen"], world["mother"], world["midwife"], world["officer"]
    pages = {f"status page {m}": citizen.get(f"/lacak/{code}") for m, code in world["codes"].items()}
    pages |= {f"my ticket {m}": citizen.get(f"/laporan-saya/{code}") for m, code in world["codes"].items()}
    pages["my tickets"] = citizen.get("/laporan-saya")
    danger_code = re.search(r"BBH-[0-9A-Z]{4}-[0-9A-Z]{4}", world["danger_advice"].get_data(as_text=True)).group(0)
    pages["status page babhar"] = mother.get(f"/lacak/{danger_code}")
    pages["my ticket babhar"] = mother.get(f"/laporan-saya/{danger_code}")
    pages["midwife's ticket page babhar"] = midwife.get(f"/petugas/tiket/{danger_code}")
    pages["danger sign form"] = mother.get("/layanan/babhar/bahaya")
    pages["family danger sign form"] = citizen.get("/layanan/babhar/bahaya/keluarga")
    pages["danger sign advice"] = world["danger_advice"]
    pages["my pregnancies"] = mother.get("/layanan/babhar/kehamilan-saya")
    pages["mother's data and consents"] = mother.get(PRIVACY_PAGE)
    pages["mother's tickets"] = mother.get("/laporan-saya")
    pages["mother's record (score history)"] = midwife.get(world["record_url"])
    pages["road officer's queue"] = officer.get("/petugas/")
    pages["staff ticket page"] = officer.get(f"/petugas/tiket/{world['codes']['lorong']}")
    midwife_queue = midwife.get("/petugas/").get_data(as_text=True)
    # Alerts are stored as sent (in Indonesian, by SMS too); the rest of the midwife's queue is checked.
    pages["midwife's queue"] = re.sub(
        r'(?s)<section class="card" aria-labelledby="notif-title">.*?</section>', "", midwife_queue
    )
    admin = english(staff_client(app, None, "admin"))
    pages["clinical data admin"] = admin.get("/layanan/babhar/admin/klinis")
    found = []
    for name, response in pages.items():
        text = page_text(response) if not isinstance(response, str) else page_text_of(response)
        found += [f"{name}: {leak}" for leak in leaks(text, labels, sentences, names)]
    assert not found, "Indonesian in English pages:\n" + "\n".join(found)


def page_text_of(page: str) -> str:
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    heard = " · ".join(re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', page))
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page) + " · " + heard))


def test_english_pages_show_what_the_data_means(app, english_world):
    """Not only no Indonesian: the English is there (signs, stored titles, the score history's
    reasons in words, the emergency numbers, the channel)."""
    world = english_world
    advice = page_text(world["danger_advice"])
    assert "Bleeding from the birth canal" in advice and "High fever" in advice
    assert "Ambulance" in advice and "Ambulans" not in advice
    mine = page_text(world["citizen"].get("/laporan-saya"))
    assert "Damaged road: Jl. Raya Tlanakan" in mine  # the category's name in English, the road as typed
    record = world["midwife"].get(world["record_url"]).get_data(as_text=True)
    history = re.search(r"(?s)<ol>(.*?)</ol>", record).group(1)
    reasons = [
        html.unescape(re.sub(r"<[^>]+>", "", item)).split(" — ")[-1].strip()
        for item in re.findall(r"(?s)<li>(.*?)</li>", history)
    ]
    assert reasons == ["pregnancy registration", "history and risk factors updated", "visit K1"], reasons
    assert "(KRR)" not in history and "Low-risk pregnancy" in history
    assert "Maternal and child health care (e-Babhar)" in page_text(world["mother"].get(PRIVACY_PAGE))
    staff_page = page_text(world["officer"].get(f"/petugas/tiket/{world['codes']['lorong']}"))
    assert "Channel website" in staff_page


def test_a_title_someone_typed_stays_as_typed_in_english(app):
    from suite.extensions import db
    from suite.ticketing.models import Ticket
    from tests.helpers import set_ticket

    citizen = english(citizen_client(app))
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    set_ticket(app, code, title="Jalan rusak parah dekat pasar")
    assert "Jalan rusak parah dekat pasar" in page_text(citizen.get(f"/laporan-saya/{code}"))
    with app.app_context():
        assert db.session.query(Ticket).filter_by(code=code).one().title == "Jalan rusak parah dekat pasar"


def test_a_note_the_system_wrote_is_read_in_english_and_a_person_s_note_stays(app, runner):
    from datetime import timedelta

    from tests.helpers import get_ticket, set_ticket, staff_photo, staff_post

    officer = staff_client(app, "pupr")
    citizen = english(citizen_client(app))
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    assert staff_photo(officer, code).status_code == 302
    for target in ("verified", "in_progress"):
        staff_post(officer, code, "status", {"status": target})
    staff_post(officer, code, "status", {"status": "resolved", "note": "Sudah ditambal."})
    set_ticket(app, code, resolved_at=get_ticket(app, code).resolved_at - timedelta(days=8))
    assert "1 closed" in runner.invoke(args=["sla-sweep"]).output
    page = page_text(citizen.get(f"/laporan-saya/{code}"))
    assert "Closed automatically" in page and "Ditutup otomatis" not in page
    assert "Sudah ditambal." in page  # what the officer wrote, as written
