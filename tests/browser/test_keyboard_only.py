"""Issue 14, item 3: registration, a road report and a danger sign, done with the keyboard alone.

Focus moves only by Tab (and Shift+Tab); choices are made with Space, arrow keys and typing;
forms are sent with Enter. No element is clicked or filled by the test. At every stop of the focus
the focused element must show it: a visible outline or box shadow (its computed style)."""

from __future__ import annotations

import re
from datetime import date

from tests.browser.test_pages import sign_in_citizen  # noqa: F401 (skips the module without Chromium)
from tests.helpers import PASSWORD, gen_citizen, login_citizen, make_nik, register_pregnancy, sent_phone_code

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== "none";
  const r = el.getBoundingClientRect();
  return {
    id: el.id, name: el.getAttribute("name") || "", tag: el.tagName.toLowerCase(), type: el.type || "",
    text: (el.innerText || el.value || "").trim().slice(0, 60),
    shown: (outline || shadow) && r.width > 0 && r.height > 0,
    style: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} / ${s.boxShadow}`,
  };
}"""


class Keyboard:
    """Moves the focus with Tab only, noting any stop where the focus cannot be seen."""

    def __init__(self, page):
        self.page = page
        self.unseen: list[str] = []

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, wanted, backwards: bool = False, limit: int = 80) -> dict:
        """Press Tab (Shift+Tab) until the focused element matches ``wanted`` (an id, or a function
        of the element's description); nothing if it has the focus already (a field with autofocus)."""
        match = wanted if callable(wanted) else (lambda info: info["id"] == wanted)
        info = self.focused()
        if info is not None and match(info):
            return info
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            info = self.focused()
            if info is None:
                continue
            if not info["shown"]:
                self.unseen.append(f"{self.page.url}: {info['tag']}#{info['id']} {info['text']!r}: {info['style']}")
            if match(info):
                return info
        raise AssertionError(f"{wanted} never got the focus on {self.page.url}")

    def type_into(self, field_id: str, text: str) -> None:
        self.tab_to(field_id)
        self.page.keyboard.type(text)

    def choose(self, field_id: str, typed: str) -> None:
        """Pick an option of a select box by typing its first letters (the browser's type-ahead)."""
        self.tab_to(field_id)
        self.page.keyboard.type(typed)

    def send(self, button_text: str) -> None:
        """Tab on to the form's button and press Enter."""
        self.tab_to(lambda info: info["tag"] == "button" and info["text"] == button_text)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def skip_to_content(self) -> None:
        """The first Tab reaches the skip link; Enter jumps past the menu."""
        self.page.keyboard.press("Tab")
        info = self.focused()
        assert info and info["text"] == "Langsung ke isi", info
        if not info["shown"]:
            self.unseen.append(f"{self.page.url}: the skip link: {info['style']}")
        self.page.keyboard.press("Enter")


def value_of(page, selector: str) -> str:
    return page.locator(selector).input_value()


def test_registration_is_done_with_the_keyboard_alone(app, new_context):
    # Day and month alike: the date field takes them in the order of the browser's language.
    nik = make_nik("F", date(1995, 4, 4))
    phone = f"0812 3456 8{nik[-3:]}"
    page = new_context().new_page()
    keys = Keyboard(page)
    page.goto("/akun/daftar")
    keys.skip_to_content()
    keys.type_into("nik", nik)
    keys.type_into("full_name", "Siti Aminah")
    keys.type_into("birth_date", "04041995")
    keys.tab_to("sex-0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # moves to "Laki-laki" and picks it
    page.keyboard.press("ArrowUp")  # back to "Perempuan"
    keys.type_into("phone", phone)
    keys.choose("desa_code", "Dabuan")
    keys.type_into("password", PASSWORD)
    keys.type_into("password_confirm", PASSWORD)
    assert value_of(page, "#birth_date") == "1995-04-04"
    assert page.locator("#sex-0").is_checked()
    assert value_of(page, "#desa_code") == "35.28.01.2001"
    keys.send("Daftar")

    assert "Masukkan kode dari HP Anda" in page.locator("main h1").inner_text(), page.url
    keys.type_into("code", sent_phone_code(app, phone))
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in the field sends the form
    assert "Pendaftaran berhasil" in page.locator("main").inner_text()
    assert not keys.unseen, "focus not visible:\n" + "\n".join(keys.unseen)


def test_a_road_report_is_done_with_the_keyboard_alone(app, new_context):
    _, nik, _ = gen_citizen(app, sex="F")
    page = new_context().new_page()
    keys = Keyboard(page)
    page.goto("/akun/masuk")
    keys.skip_to_content()
    keys.type_into("identifier", nik)
    keys.type_into("password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/laporan-saya" in page.url, page.url

    page.goto("/layanan/lorong/lapor")
    keys.skip_to_content()
    keys.choose("category", "Jalan")
    keys.type_into("road_name", "Jl. Raya Tlanakan")
    keys.choose("damage_type", "Berl")
    keys.tab_to(lambda info: info["name"] == "severity")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the third: berbahaya
    keys.type_into("description", "Lubang besar di depan balai desa, motor sering jatuh.")
    keys.choose("desa_code", "Dabuan")
    # The map button is on the way to the button and is passed over (the desa and landmark suffice).
    keys.tab_to(lambda info: info["text"] == "Pilih lokasi di peta")
    keys.tab_to(lambda info: info["text"] == "Ceritakan masalahnya" or info["id"] == "description", backwards=True)
    assert value_of(page, "#category") == "jalan"
    assert page.get_by_label("Berat: berbahaya").is_checked()
    keys.send("Kirim laporan")

    page.wait_for_url("**/laporan-saya/LRG-*")
    assert "Laporan Anda diterima" in page.locator("main").inner_text()
    assert not keys.unseen, "focus not visible:\n" + "\n".join(keys.unseen)


def test_a_danger_sign_is_raised_with_the_keyboard_alone(app, new_context):
    _, nik, _ = gen_citizen(app, sex="F")
    client = app.test_client()
    login_citizen(client, nik)
    register_pregnancy(client)
    page = new_context().new_page()
    keys = Keyboard(page)
    page.goto("/akun/masuk")
    keys.skip_to_content()
    keys.type_into("identifier", nik)
    keys.type_into("password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.goto("/layanan/babhar/bahaya")
    keys.skip_to_content()
    keys.tab_to("signs_pregnancy-0")  # bleeding
    page.keyboard.press("Space")
    keys.tab_to("signs_pregnancy-2")  # high fever
    page.keyboard.press("Space")
    assert page.locator("#signs_pregnancy-0").is_checked() and page.locator("#signs_pregnancy-2").is_checked()
    keys.send("Kirim ke bidan sekarang")

    text = page.locator("main").inner_text()
    assert re.search(r"BBH-[0-9A-Z]{4}-[0-9A-Z]{4}", text) and "119" in text, text
    assert not keys.unseen, "focus not visible:\n" + "\n".join(keys.unseen)
