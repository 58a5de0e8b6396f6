"""The one way to write the audit log.

Every read of a client's personal data, and every change to it, goes through
:func:`read` or :func:`record`. Views never create :class:`AuditEvent` rows directly,
so the log's shape and the facts it keeps (who, what, when, from where, why) are
decided here once.
"""

from .addresses import client_address
from .models import AuditEvent

Action = AuditEvent.Action


# The caller's address, as the login lockout and the rate limits see it.
client_ip = client_address


def _actor_fields(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_id": None, "actor_label": "", "actor_organisation_id": None}
    organisation_ids = getattr(actor, "organisation_ids", None)
    organisation_id = None
    if organisation_ids is not None:
        ids = sorted(organisation_ids())
        organisation_id = ids[0] if len(ids) == 1 else None
    return {
        "actor_id": actor.pk,
        "actor_label": actor.get_username(),
        "actor_organisation_id": organisation_id,
    }


def _target_fields(target, target_type, target_id, target_organisation_id):
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id if target_id is not None else target.pk
        if target_organisation_id is None:
            target_organisation_id = getattr(target, "audit_organisation_id", None)
    return {
        "target_type": target_type or "",
        "target_id": "" if target_id is None else str(target_id),
        "target_organisation_id": target_organisation_id,
    }


def record(
    action,
    target=None,
    *,
    request=None,
    actor=None,
    target_type=None,
    target_id=None,
    target_organisation_id=None,
    fields=(),
    purpose="",
):
    """Append one event to the audit log and return it."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    meta = request.META if request is not None else {}
    return AuditEvent.objects.create(
        action=action,
        fields=sorted(fields),
        purpose=purpose[:200],
        ip_address=client_ip(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
        path=(request.get_full_path()[:500] if request is not None else ""),
        **_actor_fields(actor),
        **_target_fields(target, target_type, target_id, target_organisation_id),
    )


def read(request, target, *, fields=(), purpose=""):
    """Log that ``request.user`` read ``target``'s personal data, and hand it back.

    Use it where the data is about to be shown or exported::

        referral = audit.read(request, get_object_or_404(...), purpose="queue")
    """
    record(Action.VIEW, target, request=request, fields=fields, purpose=purpose)
    return target


def history(target):
    """Events about one record, newest first."""
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
