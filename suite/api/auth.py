"""Who is calling the API: a citizen's app (bearer token) or a partner system (X-API-Key)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from flask import request
from flask_smorest import abort

from suite.channels.credentials import api_key_for, citizen_for_token, record_use
from suite.channels.models import ApiKey
from suite.identity.models import Citizen


@dataclass
class Caller:
    citizen: Citizen | None = None
    api_key: ApiKey | None = None

    @property
    def key(self) -> str:
        if self.citizen is not None:
            return f"citizen:{self.citizen.id}"
        if self.api_key is not None:
            return f"apikey:{self.api_key.id}"
        raise ValueError("a caller is a citizen or an API key")


def refuse(status: int, message: str) -> NoReturn:
    """Abort with the API's JSON error body."""
    abort(status, message=message)
    raise AssertionError("abort() raises")  # webargs' abort is not annotated NoReturn


def current_caller(required: bool = True) -> Caller | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        citizen = citizen_for_token(header[7:])
        if citizen is None:
            refuse(401, "Token tidak berlaku atau sudah kedaluwarsa.")
        return Caller(citizen=citizen)
    if request.headers.get("X-API-Key"):
        key = api_key_for(request.headers["X-API-Key"])
        if key is None:
            refuse(401, "Kunci API tidak dikenal atau sudah dicabut.")
        return Caller(api_key=record_use(key))
    if required:
        refuse(401, "Sertakan token warga (Authorization: Bearer ...) atau kunci API (X-API-Key).")
    return None


def citizen_caller() -> Caller:
    caller = current_caller()
    if caller is None or caller.citizen is None:  # None only when no credential was sent: refused above
        refuse(403, "Hanya untuk aplikasi warga (token warga).")
    return caller
