"""Who is calling the API: a citizen's app (bearer token) or a partner system (X-API-Key)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_smorest import abort

from suite.channels.credentials import api_key_for, citizen_for_token, record_use


@dataclass
class Caller:
    citizen: object | None = None
    api_key: object | None = None

    @property
    def key(self) -> str:
        return f"citizen:{self.citizen.id}" if self.citizen else f"apikey:{self.api_key.id}"


def current_caller(required: bool = True) -> Caller | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        citizen = citizen_for_token(header[7:])
        if citizen is None:
            abort(401, message="Token tidak berlaku atau sudah kedaluwarsa.")
        return Caller(citizen=citizen)
    if request.headers.get("X-API-Key"):
        key = api_key_for(request.headers["X-API-Key"])
        if key is None:
            abort(401, message="Kunci API tidak dikenal atau sudah dicabut.")
        return Caller(api_key=record_use(key))
    if required:
        abort(401, message="Sertakan token warga (Authorization: Bearer ...) atau kunci API (X-API-Key).")
    return None


def citizen_caller() -> Caller:
    caller = current_caller()
    if caller.citizen is None:
        abort(403, message="Hanya untuk aplikasi warga (token warga).")
    return caller
