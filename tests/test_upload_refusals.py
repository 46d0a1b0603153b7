"""Issue 14, item 6: a form sent back with errors never holds the files chosen for it (browsers empty
a file input), so the page says next to the input that they must be chosen again, naming them:
when the file itself was refused and when another field sent the form back."""

from __future__ import annotations

import io
import re

from tests.helpers import citizen_client, lorong_fields, photo, staff_client, staff_photo, submit, ticket_code_from

AGAIN = re.compile(r'<p class="error" id="([\w-]+)-again">([^<]*)</p>')


def notices(response) -> dict[str, str]:
    return dict(AGAIN.findall(response.get_data(as_text=True)))


def test_another_fields_error_says_the_chosen_photos_must_be_chosen_again(app):
    citizen = citizen_client(app)
    response = submit(
        citizen, "lorong", lorong_fields(description=""), files=[(photo(), "lubang.jpg"), (photo(), "jalan.jpg")]
    )
    assert response.status_code == 422
    said = notices(response)
    assert said == {"photos": "Foto belum terkirim: pilih lagi foto Anda (lubang.jpg, jalan.jpg)."}
    page = response.get_data(as_text=True)
    field = re.search(r'<div class="field has-error">\s*<label for="photos".*?</div>', page, re.S).group(0)
    assert 'id="photos-again"' in field and re.search(r'<input[^>]*aria-describedby="[^"]*photos-again', field)


def test_a_refused_photo_says_it_must_be_chosen_again(app):
    citizen = citizen_client(app)
    response = submit(citizen, "lorong", lorong_fields(), files=[(io.BytesIO(b"bukan foto"), "rusak.jpg")])
    assert response.status_code == 422
    assert notices(response) == {"photos": "Foto belum terkirim: pilih lagi foto Anda (rusak.jpg)."}


def test_a_form_sent_back_without_photos_or_a_fresh_form_says_nothing_of_photos(app):
    citizen = citizen_client(app)
    assert notices(citizen.get("/layanan/lorong/lapor")) == {}
    response = submit(citizen, "lorong", lorong_fields(description=""))
    assert response.status_code == 422 and notices(response) == {}


def test_a_nik_in_a_file_name_is_not_shown_back(app):
    citizen = citizen_client(app)
    response = submit(citizen, "lorong", lorong_fields(description=""), files=[(photo(), "ktp 3528011204870001.jpg")])
    assert "3528011204870001" not in response.get_data(as_text=True)
    assert "pilih lagi foto Anda" in notices(response)["photos"]


def test_a_refused_repair_photo_says_it_must_be_chosen_again(app):
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    officer = staff_client(app, "pupr")
    response = staff_photo(officer, code, "before", data=io.BytesIO(b"bukan foto"))
    assert response.status_code in (400, 422)
    said = notices(response)
    assert said == {"photo-file": "Foto belum terkirim: pilih lagi foto Anda (sesudah.jpg)."}
    assert staff_photo(officer, code, "before").status_code == 302  # a good photo is taken as before
