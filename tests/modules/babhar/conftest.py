"""The SMS gateway stand-in and webhook sender, shared with the SMS tests, for BAHAYA by SMS."""

from tests.channels.sms.conftest import gateway, sms  # noqa: F401  (pytest fixtures)
