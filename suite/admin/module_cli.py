"""``flask --app suite modules``: list installed modules and open or close one to new reports from the
server, as the admin page ``/admin/layanan`` does (issue 12, item 1); audited without a staff member."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from suite.database import write_transaction
from suite.registry import enabled_modules, get_module
from suite.ticketing import module_state


@click.group("modules", cls=AppGroup)
def modules_group() -> None:
    """Installed modules and whether they take new reports."""


@modules_group.command("list")
def list_command() -> None:
    """Each installed module: code, name, open or closed, and the notice."""
    for module in enabled_modules().values():
        state = module_state.state(module.code)
        shown = "open" if state.open else f"closed: {state.notice or '(no notice)'}"
        click.echo(f"{module.code}\t{module.name}\t{shown}")


@modules_group.command("close")
@click.argument("code")
@click.option("--notice", default="", help="What citizens are told besides that the service is closed.")
def close_command(code: str, notice: str) -> None:
    """Stop new reports to a module on every channel."""
    _set(code, False, notice)


@modules_group.command("open")
@click.argument("code")
def open_command(code: str) -> None:
    """Let a closed module take new reports again."""
    _set(code, True, "")


def _set(code: str, open_: bool, notice: str) -> None:
    module = get_module(code)
    if module is None:
        raise click.BadParameter(f"no installed module {code!r} (SUITE_MODULES installs modules)")
    with write_transaction():
        changed = module_state.set_state(module, open_, notice, None, via="command line")
    click.echo(f"{module.name}: {'open' if open_ else 'closed'}{'' if changed else ' (no change)'}.")
