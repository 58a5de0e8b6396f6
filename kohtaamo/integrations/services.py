"""API keys and webhooks: each business action one function.

Keys look like ``kht_<prefix>_<secret>``. The prefix finds the row; the secret is
compared as a SHA-256 hash in constant time. A key's secret is 256 random bits, so a
fast hash is enough: nobody can guess their way back from it, unlike a password.

A webhook message is the JSON body of one status change, signed as
``HMAC-SHA256(secret, "<timestamp>.<body>")`` and sent in the header
``Kohtaamo-Signature: t=<timestamp>,v1=<hex>`` (docs/webhooks.md).
"""

import hashlib
import hmac
import json
import logging
import secrets
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from kohtaamo.accounts.models import Membership, Organisation, Unit, User
from kohtaamo.accounts.roles import Role
from kohtaamo.core import audit
from kohtaamo.core import http as outbound
from kohtaamo.referrals.models import StatusChange

from .models import (
    KEY_PREFIX,
    ApiKey,
    WebhookDelivery,
    WebhookEndpoint,
    check_webhook_url,
    webhook_address,
)

log = logging.getLogger(__name__)

# Backoff between attempts: a minute, five, half an hour, two hours, twelve hours; then
# the delivery is given up (six attempts in about 15 hours).
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
TIMEOUT_SECONDS = 10
# While one worker sends a delivery no other picks it up; longer than the timeout.
CLAIM = timedelta(seconds=TIMEOUT_SECONDS * 3)
SIGNATURE_HEADER = "Kohtaamo-Signature"
USER_AGENT = "Kohtaamo-Webhooks/1.0"


# --- API keys ---------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(
    *,
    organisation: Organisation,
    name: str,
    unit: Unit | None = None,
    created_by: User | None = None,
    prefix: str | None = None,
    secret: str | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its plain text, which is shown once and never stored.

    ``prefix`` and ``secret`` are for the demo data only, whose key is published."""
    prefix = prefix or secrets.token_hex(4)
    secret = secret or secrets.token_urlsafe(32)
    with transaction.atomic():
        user = User.objects.create_user(
            email=f"api-{prefix}@keys.kohtaamo.invalid",
            password=None,
            full_name=f"API: {name}"[:200],
        )
        Membership.objects.create(
            user=user, organisation=organisation, unit=unit, role=Role.PROFESSIONAL
        )
        key = ApiKey.objects.create(
            organisation=organisation,
            unit=unit,
            name=name,
            prefix=prefix,
            secret_hash=_hash(secret),
            user=user,
            created_by=created_by,
        )
        audit.record(audit.Action.CREATE, key, actor=created_by, purpose="API key created")
    return key, f"{KEY_PREFIX}_{prefix}_{secret}"


def revoke_api_key(key: ApiKey, *, by: User | None = None, now: datetime | None = None) -> ApiKey:
    """Stop the key at once: its account can no longer act."""
    now = now or timezone.now()
    with transaction.atomic():
        ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now)
        User.objects.filter(pk=key.user_id).update(is_active=False)
        Membership.objects.filter(user_id=key.user_id).update(is_active=False)
        audit.record(audit.Action.CHANGE, key, actor=by, purpose="API key revoked")
    key.refresh_from_db()
    return key


def authenticate_key(raw: str | None, now: datetime | None = None) -> ApiKey | None:
    """The active key ``raw`` stands for, or None. Marks the key as used."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    key = (
        ApiKey.objects.select_related("user", "organisation", "unit")
        .filter(prefix=parts[1])
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_hash, _hash(parts[2])):
        return None
    if not key.is_active or not key.user.is_active:
        return None
    now = now or timezone.now()
    # One write a minute at most: a busy system's every request need not update the row.
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


# --- Webhooks ---------------------------------------------------------------------


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``v1`` signature of ``body`` (bytes) sent at ``timestamp`` (seconds)."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: float | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify_signature(
    secret: str, body: bytes, header: str, tolerance: float = 300, now: float | None = None
) -> bool:
    """What a receiver does (docs/webhooks.md), here for tests and for Python receivers."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(fields.get("v1", ""), sign(secret, timestamp, body))


def _site() -> str:
    return getattr(settings, "KOHTAAMO_PUBLIC_URL", "") or ""


def status_change_payload(change: StatusChange, event_id: str) -> dict[str, Any]:
    """What the receiver is told: codes and times, never personal data or notes.
    The receiver reads the referral itself over the API (audited)."""
    referral = change.referral
    return {
        "id": event_id,
        "type": f"referral.{change.to_status}",
        "created": change.at.isoformat(),
        "data": {
            "referral": {
                "id": referral.pk,
                "url": _site() + reverse("referrals_api:detail", args=[referral.pk]),
                "referral_type": referral.referral_type.code,
                "status": change.to_status,
            },
            "from_status": change.from_status or None,
            "to_status": change.to_status,
            "move": change.move,
            "side": change.side,
            "reason": change.reason or None,
            "at": change.at.isoformat(),
        },
    }


def organisations_told(change: StatusChange) -> set[int]:
    """The sending and the receiving organisation; for a reroute also the unit's it left."""
    referral = change.referral
    ids = {referral.issuing_unit.organisation_id}
    if change.to_status != "draft" and referral.receiving_organisation_id:
        ids.add(referral.receiving_organisation_id)
    if change.from_unit is not None:
        ids.add(change.from_unit.organisation_id)
    return ids


def queue_deliveries(change: StatusChange, now: datetime | None = None) -> list[WebhookDelivery]:
    """One pending delivery per active endpoint that wants this change. Runs in the
    transaction of the move itself, so a rolled-back move leaves nothing to send."""
    now = now or timezone.now()
    event_id = f"evt_{change.pk}"
    event_type = f"referral.{change.to_status}"
    endpoints = WebhookEndpoint.objects.filter(
        organisation_id__in=organisations_told(change), is_active=True
    )
    wanted = [endpoint for endpoint in endpoints if endpoint.wants(event_type)]
    if not wanted:
        return []
    body = json.dumps(status_change_payload(change, event_id), separators=(",", ":"))
    deliveries = [
        WebhookDelivery(
            endpoint=endpoint,
            event_id=event_id,
            event_type=event_type,
            payload=body,
            next_attempt_at=now,
        )
        for endpoint in wanted
    ]
    return WebhookDelivery.objects.bulk_create(deliveries)


def _claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    """Take the delivery for this worker if it is due; None if it is not (or taken)."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at__lte=now,
        endpoint__is_active=True,
    ).update(next_attempt_at=now + CLAIM)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


# What the administrator reads about a failed attempt: the receiver's HTTP status, or
# one of these. Never the network's own words ("connection refused", "no route to
# host"): they would map the server's network for whoever registers the address.
ADDRESS_REFUSED = gettext_noop("Not sent: webhooks go only to public https addresses.")
UNREACHABLE = gettext_noop("The receiver could not be reached.")
DELIVERY_ERRORS = (ADDRESS_REFUSED, UNREACHABLE)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """(response code or None, error) of one attempt; a redirect is a failed attempt:
    a receiver answers where it was registered."""
    url = delivery.endpoint.url
    body = delivery.payload.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: signature_header(delivery.endpoint.secret, body),
        "Kohtaamo-Event": delivery.event_type,
        "Kohtaamo-Event-Id": delivery.event_id,
        "Kohtaamo-Delivery": str(delivery.pk),
    }
    try:
        # Checked again at each delivery, and the connection goes to the very address
        # checked: a name that resolved to a public address when it was saved may not
        # lead inside the network now.
        check_webhook_url(url)
        answer = outbound.post(
            url,
            body,
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            redirects=0,
            connect_to=webhook_address,
        )
    except outbound.BadStatus as error:
        return error.status, f"HTTP {error.status}"
    except outbound.OutboundError as error:
        log.warning(
            "Webhook delivery %s to endpoint %s failed: %s",
            delivery.pk,
            delivery.endpoint_id,
            error,
        )
        refused = isinstance(error, outbound.Refused)
        return None, ADDRESS_REFUSED if refused else UNREACHABLE
    return answer.status, ""


def deliver(delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """Send one delivery if it is due. On failure the next attempt is scheduled with
    backoff, or the delivery is given up after :data:`MAX_ATTEMPTS`. Returns the
    delivery (None if it was not due)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    code, error = _post(delivery)
    delivery.attempts += 1
    delivery.response_code = code
    if code is not None and 200 <= code < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
        delivery.last_error = ""
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
        delivery.last_error = error
    else:
        delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
        delivery.last_error = error
    delivery.save(
        update_fields=[
            "attempts",
            "response_code",
            "status",
            "delivered_at",
            "next_attempt_at",
            "last_error",
        ]
    )
    return delivery


def due_deliveries(now: datetime | None = None) -> QuerySet[WebhookDelivery]:
    now = now or timezone.now()
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at__lte=now,
        endpoint__is_active=True,
    ).order_by("next_attempt_at", "pk")
