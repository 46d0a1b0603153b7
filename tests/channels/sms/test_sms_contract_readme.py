"""The README's SMS gateway contract is what the webhook does: its curl example, run by bash as written
(``date``, ``printf``, ``openssl``; only ``curl`` is stood in for), is accepted by the real endpoint,
and each documented answer comes back for the documented request."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import update

from suite.channels.models import InboundMessage
from suite.channels.sms.signature import MAX_AGE_SECONDS, sign
from suite.extensions import db
from tests.channels.sms.stand_in import SECRET

README = Path(__file__).resolve().parents[3] / "README.md"
SENDER = "+6281234500001"


def readme_example() -> str:
    text = README.read_text()
    match = re.search(r"<!-- sms-contract-example -->\s*```sh\n(.*?)```\s*<!-- /sms-contract-example -->", text, re.S)
    assert match, "the README lost its SMS contract example"
    return match.group(1)


def run_example(tmp_path) -> tuple[str, dict[str, str], bytes]:
    """(path, headers, body) of the request the example's curl would send."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    args_file = tmp_path / "curl-args"
    stand_in = f'curl() {{ printf "%s\\0" "$@" > "{args_file}"; }}\n'
    subprocess.run(["bash", "-euo", "pipefail", "-c", stand_in + readme_example()], check=True, timeout=30)
    args = args_file.read_bytes().decode().split("\0")[:-1]
    headers, body, url = {}, None, None
    i = 0
    while i < len(args):
        if args[i] == "-H":
            name, _, value = args[i + 1].partition(": ")
            headers[name] = value
            i += 2
        elif args[i] in ("--data-binary", "-X"):
            body = args[i + 1].encode() if args[i] == "--data-binary" else body
            i += 2
        elif args[i].startswith("http"):
            url = args[i]
            i += 1
        else:
            i += 1
    assert url and body is not None
    return urlsplit(url).path, headers, body


def test_the_readme_example_is_signed_as_documented_and_accepted(app, client, gateway, tmp_path):
    path, headers, body = run_example(tmp_path)

    assert path == "/webhook/sms" and headers["Content-Type"] == "application/json"
    stamp = headers["X-Timestamp"]
    assert re.fullmatch(r"\d{10}", stamp) and abs(int(stamp) - time.time()) < 30  # Unix seconds
    assert headers["X-Signature"] == sign(SECRET, stamp, body)  # the server's own computation
    answer = client.post(path, data=body, headers=headers)

    assert answer.status_code == 200
    assert answer.get_json() == {"outcome": "not_found", "status": "accepted"}
    assert json.loads(body)["id"] == "gw-81723"

    again = client.post(path, data=body, headers=headers)  # the gateway's retry, same id
    assert again.status_code == 200 and again.get_json() == {"status": "duplicate", "outcome": "duplicate"}


def test_the_readme_test_vector_is_what_the_server_computes(tmp_path):
    text = README.read_text()
    vector = re.search(r"TS=(\d+)`.*?`X-Signature: (sha256=[0-9a-f]{64})`", text, re.S)
    assert vector, "the README lost its test vector"
    body = re.search(r"^BODY='(.*)'$", readme_example(), re.M).group(1).encode()
    secret = re.search(r"^SECRET='(.*)'$", readme_example(), re.M).group(1)
    assert sign(secret, vector.group(1), body) == vector.group(2)


def signed(body: bytes, stamp: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Timestamp": stamp, "X-Signature": sign(SECRET, stamp, body)}


def message(message_id: str, text: str = "BANTU", sender: str = SENDER) -> bytes:
    return json.dumps({"id": message_id, "from": sender, "text": text}).encode()


def test_the_timestamp_is_unix_seconds_within_the_documented_window(app, client, gateway):
    now = int(time.time())
    iso = datetime.fromtimestamp(now, UTC).isoformat()

    def post(message_id, stamp):
        body = message(message_id)
        return client.post("/webhook/sms", data=body, headers=signed(body, stamp))

    iso_answer, ms_answer = post("t-iso", iso), post("t-ms", str(now * 1000))
    assert iso_answer.status_code == 401 and iso_answer.get_json()["error"] == "bad timestamp"  # not ISO 8601
    assert ms_answer.status_code == 401 and ms_answer.get_json()["error"].startswith("stale timestamp")  # nor ms
    stale = post("t-old", str(now - MAX_AGE_SECONDS - 5))
    assert stale.status_code == 401 and stale.get_json()["error"].startswith("stale timestamp")
    assert post("t-ahead", str(now + MAX_AGE_SECONDS - 20)).status_code == 200  # either way of our clock
    assert post("t-behind", str(now - MAX_AGE_SECONDS + 20)).status_code == 200
    assert MAX_AGE_SECONDS == 300  # what the README promises
    upper = client.post(
        "/webhook/sms",
        data=message("t-upper"),
        headers={
            **signed(message("t-upper"), str(now)),
            "X-Signature": sign(SECRET, str(now), message("t-upper")).upper(),
        },
    )
    assert upper.status_code == 200  # hex compared case-insensitively


def test_the_documented_answers(app, client, gateway):
    stamp = str(int(time.time()))
    missing = client.post("/webhook/sms", data=message("a-1"), headers={"Content-Type": "application/json"})
    assert missing.status_code == 401 and missing.get_json() == {"error": "missing X-Signature or X-Timestamp"}

    not_json = b"id=a-2&from=0812"
    assert client.post("/webhook/sms", data=not_json, headers=signed(not_json, stamp)).status_code == 400
    for bad_id in (None, "", " ", True, ["a"]):
        body = json.dumps({"id": bad_id, "from": SENDER, "text": "BANTU"}).encode()
        assert client.post("/webhook/sms", data=body, headers=signed(body, stamp)).status_code == 400, bad_id

    no_text = json.dumps({"id": 7, "from": "081234500001", "text": None}).encode()  # a number id, a local number
    answer = client.post("/webhook/sms", data=no_text, headers=signed(no_text, stamp))
    assert answer.status_code == 200 and answer.get_json() == {"status": "accepted", "outcome": "help"}

    short_code = message("a-3", sender="PROMO")
    answer = client.post("/webhook/sms", data=short_code, headers=signed(short_code, stamp))
    assert answer.get_json() == {"status": "ignored", "outcome": "sender_not_a_phone"}

    # An id whose first handling has not finished (a request still running, or cut off a moment ago).
    body = message("a-4")
    assert client.post("/webhook/sms", data=body, headers=signed(body, stamp)).status_code == 200
    with app.app_context():
        db.session.execute(update(InboundMessage).where(InboundMessage.external_id == "a-4").values(outcome="received"))
        db.session.commit()
    busy = client.post("/webhook/sms", data=body, headers=signed(body, stamp))
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "60"
    assert busy.get_json() == {"error": "message still being handled; retry after 60 s"}


def test_a_switched_off_channel_answers_503_naming_the_setting(app, client, gateway):
    app.config["SMS_WEBHOOK_SECRET"] = ""
    body = message("off-1")
    answer = client.post("/webhook/sms", data=body, headers=signed(body, str(int(time.time()))))
    assert answer.status_code == 503
    assert answer.get_json() == {"error": "SMS channel is switched off: SUITE_SMS_WEBHOOK_SECRET is not set"}


def test_a_reply_goes_out_as_the_readme_says(app, sms, gateway):
    from tests.channels.sms.support import deliver_outbox

    sms("BANTU", SENDER)
    assert deliver_outbox(app).sent == 1
    [sent] = gateway.sent
    assert set(sent) == {"to", "text"} and sent["to"] == SENDER  # POST /messages {"to", "text"}, bearer checked
