"""Who hears of a referral's moves, and what they are told, in their own language.

The receiving unit hears of a new (or rerouted) referral and of a near deadline; the
sender hears of every move they did not make themselves; the client hears that their
referral was accepted, on the channel they chose (nothing if "do not contact" or a
phone call). Messages carry no client data: only a link to a page that asks for a
login, or the client's own link.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kohtaamo import notifications
from kohtaamo.accounts.models import Membership
from kohtaamo.accounts.permissions import REFERRAL_STAFF
from kohtaamo.core import audit
from kohtaamo.core.site import site_url
from kohtaamo.notifications import Channel, Message, Recipient

from . import events
from .models import ReferralClient, StatusChange
from .states import Side, Status

UI_LANGUAGES = {code for code, _name in settings.LANGUAGES}

_silenced = ContextVar("referral_notifications_silenced", default=False)


@contextmanager
def silenced():
    """No notifications inside (the demo data make moves nobody needs to hear of)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def _link(language, name, *args):
    with translation.override(language):
        return site_url() + reverse(name, args=args)


def _language(code):
    return code if code in UI_LANGUAGES else settings.LANGUAGE_CODE


def _has_mailbox(user):
    # An API key acts through a login-less account whose address is a placeholder: the
    # system behind the key hears of moves through its webhooks, not by e-mail.
    return user.is_active and not hasattr(user, "api_key")


def _staff_of(referral):
    """People of the receiving unit (or of the named service's organisation)."""
    memberships = Membership.objects.filter(is_active=True, role__in=REFERRAL_STAFF)
    if referral.receiving_unit_id:
        memberships = memberships.filter(unit_id=referral.receiving_unit_id)
    elif referral.receiving_service_id:
        memberships = memberships.filter(
            organisation_id=referral.receiving_service.organisation_id, unit__isnull=True
        )
    else:
        return []
    users = [
        m.user for m in memberships.select_related("user", "user__api_key") if _has_mailbox(m.user)
    ]
    return list(dict.fromkeys(users))


def _to_user(user, build):
    language = _language(user.preferred_language)
    with translation.override(language):
        message = build(language)
    return notifications.send(
        Recipient(Channel.EMAIL, email=user.email, language=language), message
    )


def _type_name(referral):
    return referral.referral_type.name


def _new_referral(referral):
    def build(language):
        due = referral.response_due_at
        lines = [
            _("A new %(type)s (number %(number)s) is waiting for your unit.")
            % {"type": _type_name(referral), "number": referral.pk},
        ]
        if due:
            lines.append(
                _("Please accept or decline it by %(date)s.")
                % {"date": formats.date_format(timezone.localtime(due), "DATE_FORMAT")}
            )
        lines.append(_link(language, "referrals:detail", referral.pk))
        return Message(_("New referral waiting"), "\n\n".join(lines))

    return sum(_to_user(user, build) for user in _staff_of(referral))


def response_due(referral):
    """Remind the receiving unit that the response deadline is near."""

    def build(language):
        date = formats.date_format(timezone.localtime(referral.response_due_at), "DATE_FORMAT")
        body = "\n\n".join(
            [
                _(
                    "The %(type)s number %(number)s is still waiting for an answer. "
                    "If it is not accepted or declined by %(date)s, it goes back to the sender."
                )
                % {"type": _type_name(referral), "number": referral.pk, "date": date},
                _link(language, "referrals:detail", referral.pk),
            ]
        )
        return Message(_("Reminder: a referral is waiting for an answer"), body)

    return sum(_to_user(user, build) for user in _staff_of(referral))


def _to_sender(change):
    referral = change.referral
    sender = referral.issued_by
    if sender is None or not _has_mailbox(sender) or change.side == Side.ISSUER:
        return 0

    def build(language):
        body = "\n\n".join(
            [
                _("Your %(type)s number %(number)s is now: %(status)s.")
                % {
                    "type": _type_name(referral),
                    "number": referral.pk,
                    "status": Status(change.to_status).label,
                },
                _link(language, "referrals:detail", referral.pk),
            ]
        )
        return Message(_("Referral status changed"), body)

    return int(_to_user(sender, build))


def _to_client(referral):
    client = ReferralClient.objects.filter(referral=referral).first()
    if client is None:
        return 0
    preference = client.contact_preference
    channel = {
        ReferralClient.ContactPreference.EMAIL: Channel.EMAIL,
        ReferralClient.ContactPreference.SMS: Channel.SMS,
    }.get(preference, Channel.NONE)
    if channel == Channel.NONE:
        return 0
    audit.record(
        audit.Action.VIEW,
        client,
        fields=("email",) if channel == Channel.EMAIL else ("phone",),
        purpose="tell the client their referral was accepted",
    )
    language = _language(referral.language.code if referral.language_id else "")
    with translation.override(language):
        unit = referral.receiving_unit or referral.receiving_service
        body = "\n\n".join(
            [
                _("Hello! %(unit)s has received your referral and will contact you soon.")
                % {"unit": unit.name if unit else ""},
                _("Your referral page:")
                + " "
                + _link(language, "referrals:client", referral.public_token),
            ]
        )
        message = Message(_("Your culture referral was accepted"), body)
    recipient = Recipient(channel, email=client.email, phone=client.phone, language=language)
    return int(notifications.send(recipient, message))


def _enqueue(sender, change, **kwargs):
    # Enqueued in the move's transaction: a rolled-back move notifies nobody (decision
    # 0013).
    from .tasks import notify_status_change

    notify_status_change.enqueue(change.pk)


def listen():
    """Hear every status change (events.status_changed)."""
    events.status_changed.connect(_enqueue, dispatch_uid="referrals_notify_status_change")


def status_changed(change_id):
    """Tell everyone concerned about one move. Returns how many messages went out."""
    if _silenced.get():
        return 0
    change = (
        StatusChange.objects.select_related(
            "referral__referral_type",
            "referral__issued_by",
            "referral__receiving_unit",
            "referral__receiving_service",
            "referral__language",
        )
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        return 0
    referral = change.referral
    sent = 0
    if change.to_status in (Status.ISSUED, Status.REROUTED):
        sent += _new_referral(referral)
    sent += _to_sender(change)
    if change.to_status == Status.ACCEPTED:
        sent += _to_client(referral)
    return sent
