"""JSON and XML bodies as GeoReport v2 wants them: UTF-8, the standard's content types, and XML
derived from the JSON by the Spark convention (a plural element wraps one element per item)."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from flask import Response

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
FORMATS = tuple(CONTENT_TYPES)

# The element each item of a list is wrapped in, named after the list (Spark convention).
ITEM_ELEMENTS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


class Open311Error(Exception):
    """A refused Open311 call: the HTTP status and one description per problem."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = list(descriptions) or ["Error"]

    def as_payload(self) -> list[dict]:
        return [{"code": self.status, "description": text} for text in self.descriptions]


def render(fmt: str, root: str, payload, status: int = 200) -> Response:
    """``payload`` (a list or a dict) as JSON, or as XML under the element ``root``."""
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False)
    else:
        body = to_xml(root, payload)
    return Response(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_error(fmt: str, error: Open311Error) -> Response:
    return render(fmt, "errors", error.as_payload(), status=error.status)


# What a refusal that no Open311 view wrote itself (routing, size, rate limit, a crash) says.
STATUS_DESCRIPTIONS = {
    400: "Bad request.",
    401: "Authentication required.",
    403: "Forbidden.",
    404: "Not found.",
    405: "Method not allowed; GET and POST are the methods of this endpoint.",
    413: "Request too large.",
    429: "Too many requests; wait a minute and try again.",
    500: "Internal error; nothing was saved. Try again later.",
}


def error_response(path: str, status: int, description: str | None = None) -> Response:
    """Any error under ``/open311`` in the standard's shape, in the format the path asked for."""
    text = description or STATUS_DESCRIPTIONS.get(status) or STATUS_DESCRIPTIONS[500 if status >= 500 else 400]
    return render_error(format_of_path(path), Open311Error(status, text))


def format_of_path(path: str) -> str:
    """The format a client asked for by a path's extension; XML (the required one) otherwise."""
    return "json" if path.endswith(".json") else "xml"


def to_xml(root: str, payload) -> str:
    element = ElementTree.Element(root)
    _fill(element, payload)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(element, encoding="unicode")


def _fill(element: ElementTree.Element, value) -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            _fill(ElementTree.SubElement(element, name), item)
    elif isinstance(value, list):
        child_name = ITEM_ELEMENTS.get(element.tag, "item")
        for item in value:
            _fill(ElementTree.SubElement(element, child_name), item)
    elif value is None:
        return  # an empty element, as in the standard's examples (<account_id/>)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)
