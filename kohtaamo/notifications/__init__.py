"""Notifications by e-mail and text message through one call, :func:`send`.

Callers render the message in the recipient's language and say how the recipient wants
to be reached; which backend carries each channel is a setting (``NOTIFICATION_EMAIL_BACKEND``,
``NOTIFICATION_SMS_BACKEND``), so development prints text messages, tests keep them in
:data:`backends.outbox`, and production posts them to an SMS gateway.
"""

from .api import Channel, Message, Recipient, send

__all__ = ["Channel", "Message", "Recipient", "send"]
