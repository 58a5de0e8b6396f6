"""``send(recipient, message)``: the one way Kohtaamo tells a person something."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class Channel:
    EMAIL = "email"
    SMS = "sms"
    # The person asked not to be contacted: nothing is sent, whatever the caller has.
    NONE = "none"


@dataclass(frozen=True)
class Recipient:
    channel: str
    email: str = ""
    phone: str = ""
    language: str = "fi"

    @property
    def address(self):
        return {Channel.EMAIL: self.email, Channel.SMS: self.phone}.get(self.channel, "")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def _backend(channel):
    setting = {
        Channel.EMAIL: settings.NOTIFICATION_EMAIL_BACKEND,
        Channel.SMS: settings.NOTIFICATION_SMS_BACKEND,
    }[channel]
    return import_string(setting)()


def send(recipient, message):
    """Send ``message`` to ``recipient`` on their chosen channel.

    Returns True when a backend accepted it; False when the person chose not to be
    contacted, has no address for the channel, or the backend failed (logged: a
    notification never breaks the action that caused it)."""
    if recipient.channel not in (Channel.EMAIL, Channel.SMS) or not recipient.address:
        return False
    try:
        _backend(recipient.channel).send(recipient.address, message)
    except Exception:
        log.exception("Sending a %s notification failed", recipient.channel)
        return False
    return True
