"""The admin home page's list of screens (issue 12): each admin view module registers its own entry,
so ``/admin/`` links every screen without one file knowing them all."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdminScreen:
    endpoint: str
    title: object  # lazy string
    description: object  # one line, lazy string
    group: str  # "services", "people", "rules", "connections": the home page's sections


SCREENS: list[AdminScreen] = []

GROUPS = ("services", "people", "rules", "connections")


def register(endpoint: str, title, description, group: str) -> None:
    if group not in GROUPS:
        raise ValueError(f"unknown admin screen group {group!r}")
    if not any(screen.endpoint == endpoint for screen in SCREENS):
        SCREENS.append(AdminScreen(endpoint, title, description, group))


def by_group(endpoints) -> list[tuple[str, list[AdminScreen]]]:
    """The screens whose endpoint this app has (a module left out of SUITE_MODULES has none), grouped."""
    return [(group, [s for s in SCREENS if s.group == group and s.endpoint in endpoints]) for group in GROUPS]
