"""Service discovery (http://wiki.open311.org/Service_Discovery): where the GeoReport v2 endpoint
is, in which formats, and whom to ask for an API key."""

from __future__ import annotations

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MIME_TYPES = ["text/xml", "application/json"]


def discovery_document(endpoint_url: str, changeset: str, production: bool, regency_name: str, site_url: str) -> dict:
    return {
        "changeset": changeset,
        "contact": f"{regency_name}, Dinas Komunikasi dan Informatika: {site_url}",
        "key_service": "POST requests need an API key. Keys are issued by the administrators of this "
        f"service (Admin, Kunci API); ask through {site_url}",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url,
                "changeset": changeset,
                "type": "production" if production else "test",
                "formats": list(MIME_TYPES),
            }
        ],
    }
