"""Channels plug in through a small registry: ``SUITE_CHANNELS`` names the channels switched on,
and a channel switched off leaves no route, command or CSRF exemption behind."""

from __future__ import annotations

import pytest

from suite import create_app
from suite.channels import DEFAULT_CHANNELS, Channel, load_channel


def app_with_channels(app, channels=None):
    """Another app on the test database; ``channels`` None leaves SUITE_CHANNELS to the environment."""
    settings = {
        name: app.config[name] for name in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER")
    }
    if channels is not None:
        settings["SUITE_CHANNELS"] = channels
    return create_app({**settings, "TESTING": True})


def routes(application) -> set[str]:
    return {rule.rule for rule in application.url_map.iter_rules()}


def test_every_channel_is_on_by_default(app):
    assert set(app.extensions["suite_channels"]) == set(DEFAULT_CHANNELS) == {"sms", "whatsapp", "open311", "email"}
    paths = routes(app)
    assert {"/webhook/sms", "/webhook/whatsapp", "/open311/v2/requests.<any(json, xml):fmt>"} <= paths
    assert "mail-intake" in app.cli.commands


def test_a_channel_switched_off_has_no_routes_and_the_others_still_work(app):
    without_open311 = app_with_channels(app, ["sms", "whatsapp", "email"])
    assert not any(path.startswith("/open311") for path in routes(without_open311))
    assert "/webhook/sms" in routes(without_open311)
    client = without_open311.test_client()
    assert client.get("/open311/v2/services.json").status_code == 404
    assert client.get("/").status_code == 200


def test_email_switched_off_takes_its_command_away(app):
    only_sms = app_with_channels(app, "sms")  # a comma-separated setting, as from the environment
    assert set(only_sms.extensions["suite_channels"]) == {"sms"}
    assert "mail-intake" not in only_sms.cli.commands
    assert not any(path.startswith(("/open311", "/webhook/whatsapp")) for path in routes(only_sms))


def test_each_channel_package_describes_itself():
    for name in DEFAULT_CHANNELS:
        channel = load_channel(name)
        assert isinstance(channel, Channel) and channel.name == name


def test_an_unknown_channel_stops_the_app_from_starting(app):
    with pytest.raises(ModuleNotFoundError):
        app_with_channels(app, ["sms", "telegram"])


def test_the_environment_switches_channels_as_it_switches_modules(app, monkeypatch):
    monkeypatch.setenv("SUITE_CHANNELS", "sms, whatsapp")
    application = app_with_channels(app)
    assert set(application.extensions["suite_channels"]) == {"sms", "whatsapp"}
