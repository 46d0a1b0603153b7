"""Opening a ticket from a phone report, photos included, through the shared channel intake."""

from __future__ import annotations

import logging

from flask import current_app

from suite.channels.dialogue import texts
from suite.channels.dialogue.message import Channel, MediaError, Reply
from suite.channels.intake import open_via_channel
from suite.errors import DomainError
from suite.registry import get_module
from suite.ticketing import attachments
from suite.ticketing.draft import TicketDraft
from suite.ticketing.module_state import ServiceClosed

logger = logging.getLogger(__name__)


def fetch_uploads(
    channel: Channel, media: list[dict], limit: int | None = None
) -> tuple[list[attachments.Upload], list[Reply]]:
    """The photos that arrive and pass the upload checks (the last ``limit`` sent); a note for each
    that does not."""
    uploads, notes = [], []
    for item in media[-(limit or current_app.config["UPLOAD_MAX_FILES"]) :]:
        try:
            upload = channel.fetch_media(item)
            attachments.check_upload(upload)
        except (MediaError, attachments.AttachmentError) as error:
            logger.warning("%s photo %s dropped: %s", channel.name, item.get("id"), error)
            notes.append(Reply(texts.photo_dropped()))
            continue
        uploads.append(upload)
    return uploads, notes


def open_report(
    channel: Channel, citizen, module_code: str, draft: TicketDraft, media: list[dict], idempotency_key: str
) -> tuple[int | None, list[Reply]]:
    """(ticket id, notes for the sender). The confirmation with the tracking code is sent by the
    notification listener when the ticket is created; the notes only say what went missing."""
    # A phone user cannot pick the photos again: the module's limit keeps the last ones sent.
    uploads, notes = fetch_uploads(channel, media, attachments.max_files(get_module(module_code)))
    try:
        result = open_via_channel(module_code, citizen, draft, channel.name, uploads, idempotency_key=idempotency_key)
    except ServiceClosed as error:  # closed since the report was held: said as every channel says it
        return None, [Reply(str(error.message))]
    except DomainError as error:
        reasons = [str(m) for m in error.errors.values()] or [str(error.message)]
        return None, [Reply(texts.refused(" ".join(reasons)))]
    return result.ticket.id, notes
