"""Carriers for notifications. A backend has one method, ``send(address, message)``,
and raises when the message could not be handed over.

E-mail always goes through Django's mail (whose own backend is configured separately).
Text messages go to the console, to files, to :data:`outbox` (tests), or to an HTTP
gateway: see :class:`HttpSMSBackend` for the interface a gateway has to offer.
"""

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail

from kohtaamo.core import http as outbound

log = logging.getLogger(__name__)

# Text messages the locmem backend has "sent", like django.core.mail.outbox.
outbox: list[dict[str, str]] = []


class EmailBackend:
    def send(self, address, message):
        send_mail(message.subject, message.body, None, [address])


class LocmemSMSBackend:
    def send(self, address, message):
        outbox.append({"to": address, "body": message.body})


class ConsoleSMSBackend:
    def send(self, address, message):
        stream = sys.stdout
        stream.write(f"--- SMS to {address} ---\n{message.body}\n---\n")
        stream.flush()


class FileSMSBackend:
    """One JSON file per message in ``SMS_FILE_PATH``."""

    def send(self, address, message):
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = folder / f"{stamp}.json"
        path.write_text(json.dumps({"to": address, "body": message.body}, ensure_ascii=False))


class HttpSMSBackend:
    """Posts each message to ``SMS_GATEWAY_URL`` as JSON ``{"to": ..., "text": ...}``
    with ``Authorization: Bearer SMS_GATEWAY_TOKEN`` (if set) and ``SMS_SENDER_ID`` as
    ``"from"``. Any 2xx answer means the gateway took it; anything else raises. A
    gateway with another interface gets a small adapter in front of it, or a subclass
    overriding :meth:`payload`."""

    def payload(self, address, message):
        return {"to": address, "text": message.body, "from": settings.SMS_SENDER_ID}

    def send(self, address, message):
        url = settings.SMS_GATEWAY_URL
        if not url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_GATEWAY_URL must be an http(s) address.")
        headers = {"Content-Type": "application/json"}
        if settings.SMS_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.SMS_GATEWAY_TOKEN}"
        body = json.dumps(self.payload(address, message)).encode()
        # Any failure (no answer, or not 2xx) raises: the message was not handed over.
        outbound.post(url, body, headers=headers, timeout=settings.SMS_GATEWAY_TIMEOUT, redirects=0)
