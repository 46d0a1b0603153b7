"""Raw mail to ``IncomingMail``: who sent it, what it says, what it carries.

Parsing never fails on a malformed message: a header that cannot be read counts as absent, a
body in an unknown charset is decoded with replacement characters.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from suite.ticketing.attachments import Upload
from suite.ticketing.codes import CODE_PATTERN, normalise_code

MAX_TEXT = 20_000
# Parts that sign or wrap a message rather than carry something the citizen sent.
IGNORED_PARTS = {
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
    "application/pgp-keys",
    "application/ms-tnef",
}
_CODE_IN_SUBJECT = re.compile(r"\b[A-Za-z]{2,5}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\b")
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|bls|balas|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
# Where a reply's quotation of earlier mail starts (Gmail, Outlook, Apple Mail, in English and
# Indonesian); everything from there on is not the citizen's new text.
_QUOTE_START = re.compile(
    r"^\s*(On\s.{0,300}?\swrote:|Pada\s.{0,300}?\smenulis:"
    r"|-{2,}\s*(Original Message|Pesan Asli|Forwarded message|Pesan yang diteruskan)\s*-{2,}"
    r"|(From|Dari):\s[^\n]+\n\s*(Sent|Date|Dikirim|Tanggal):\s)",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)


@dataclass
class IncomingMail:
    message_id: str
    envelope_from: str
    sender: str  # the From address, lower case; "" when there is none
    sender_name: str
    subject: str
    text: str  # the body as plain text
    recipients: list[str]
    attachments: list[Upload] = field(default_factory=list)
    message: EmailMessage | None = None  # for header checks

    def header(self, name: str) -> str:
        return header_text(self.message, name) if self.message is not None else ""

    @property
    def tracking_code(self) -> str | None:
        """The first well-formed tracking code in the subject (``Re: [LRG-7K3Q-9MDP] ...``)."""
        for match in _CODE_IN_SUBJECT.finditer(self.subject):
            code = normalise_code(match.group(0))
            if CODE_PATTERN.match(code):
                return code
        return None

    @property
    def clean_subject(self) -> str:
        return _REPLY_PREFIX.sub("", self.subject).strip()

    @property
    def new_text(self) -> str:
        """What the sender wrote in this mail: quoted earlier mail and the signature cut off."""
        return strip_quotation(self.text)


def parse_mail(raw: bytes, envelope_from: str | None = None, recipients: list[str] | None = None) -> IncomingMail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    name, address = parseaddr(header_text(message, "From"))
    if not recipients:
        recipients = [
            addr
            for _, addr in getaddresses(
                [header_text(message, h) for h in ("Delivered-To", "X-Original-To", "To", "Cc")]
            )
            if addr
        ]
    return IncomingMail(
        message_id=_message_id(message, raw),
        envelope_from=(envelope_from or "").strip(),
        sender=address.strip().lower() if "@" in address else "",
        sender_name=name.strip(),
        subject=" ".join(header_text(message, "Subject").split()),
        text=_body_text(message)[:MAX_TEXT],
        recipients=list(recipients),
        attachments=_attachments(message),
        message=message,
    )


def header_text(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header the parser cannot model counts as absent
        return ""
    return str(value).strip() if value is not None else ""


def strip_quotation(text: str) -> str:
    match = _QUOTE_START.search(text)
    if match:
        text = text[: match.start()]
    match = _SIGNATURE.search(text)
    if match:
        text = text[: match.start()]
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    return "\n".join(lines).strip()


def _message_id(message: EmailMessage, raw: bytes) -> str:
    """The Message-ID, or a digest of the bytes when it is missing or too long to store."""
    value = header_text(message, "Message-ID").strip()
    if value and len(value) <= 200:
        return value
    return "sha256:" + hashlib.sha256(value.encode() if value else raw).hexdigest()


def _body_text(message: EmailMessage) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None:
        return ""
    text = _decoded(part)
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _decoded(part) -> str:
    try:
        content = part.get_content()
        return content if isinstance(content, str) else content.decode("utf-8", "replace")
    except Exception:  # unknown charset or broken transfer encoding
        payload = part.get_payload(decode=True) or b""
        try:
            return payload.decode(part.get_content_charset() or "utf-8", "replace")
        except LookupError:
            return payload.decode("utf-8", "replace")


def _attachments(message: EmailMessage) -> list[Upload]:
    """Every leaf part except the body text: files, inline photos, parts of forwarded mail."""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        body = None
    uploads = []
    for number, part in enumerate(message.walk(), start=1):
        if part.is_multipart() or part is body or part.get_content_type() in IGNORED_PARTS:
            continue
        filename = part.get_filename()
        if part.get_content_maintype() == "text" and not filename and part.get_content_disposition() != "attachment":
            continue  # the other half of a text/html alternative
        data = part.get_payload(decode=True) or b""
        if not isinstance(data, bytes):  # never for a leaf part decoded; the stubs allow a Message
            continue
        uploads.append(Upload(filename or f"lampiran-{number}", data))
    return uploads


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = [" ".join(line.split()) for line in "".join(extractor.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
