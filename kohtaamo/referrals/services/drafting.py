"""Writing a referral: one validated draft, whoever writes it.

A :class:`Draft` is what a referral says before it is saved. The professional's form,
the API and a resident's own request (:mod:`.self_referral`) all build one and
:meth:`Draft.check` it, so a rule about what a referral may say is written once.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import Unit, User
from kohtaamo.catalogue.models import Event, Service
from kohtaamo.core import audit
from kohtaamo.core.models import ArtForm

from ..models import Need, Reason, Referral, ReferralClient, ReferralType
from ..states import Side, Status
from .access import ADD, CLIENT_FIELDS, sides
from .codes import check_codes
from .consent import record_consent
from .loop import issue_referral

# Numbers written without a country code are Finnish (040 123 4567).
PHONE_REGION = "FI"
# Types a text message can reach; FIXED_LINE_OR_MOBILE is where a country's plan does
# not tell the two apart (e.g. the United States).
TEXTABLE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def normalise_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """``value`` parsed as a phone number (Finnish unless it has a country code), or
    None when it is not a number anyone could call."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def check_client(client: dict, *, today: date | None = None) -> dict:
    """The client's contact data with the phone in E.164 (+358401234567), or a
    ValidationError on each field at fault: a phone that is not a number, a text
    message to a number that is not a mobile, a birth date in the future or before
    1900. The professional's form, the API and the resident's own request all pass
    through here."""
    client = dict(client)
    errors = {}
    phone = (client.get("phone") or "").strip()
    if phone:
        number = normalise_phone(phone)
        if number is None:
            errors["phone"] = ValidationError(
                _("Check the phone number, e.g. 040 123 4567, or +46 70 123 4567 from abroad."),
                code="phone_invalid",
            )
        else:
            preference = client.get("contact_preference")
            if (
                preference == ReferralClient.ContactPreference.SMS
                and phonenumbers.number_type(number) not in TEXTABLE
            ):
                errors["phone"] = ValidationError(
                    _(
                        "Text messages need a mobile number. "
                        "Write one, or choose another way to contact."
                    ),
                    code="phone_not_mobile",
                )
            phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if "phone" in client:
        client["phone"] = phone
    born = client.get("birth_date")
    if born:
        today = today or timezone.localdate()
        if born > today:
            errors["birth_date"] = ValidationError(
                _("The date of birth cannot be in the future."), code="birth_date_future"
            )
        elif born < EARLIEST_BIRTH_DATE:
            errors["birth_date"] = ValidationError(
                _("Check the date of birth: it is before 1900."), code="birth_date_too_early"
            )
    if errors:
        raise ValidationError(errors)
    return client


@dataclass(frozen=True)
class Draft:
    """A referral's content, before it is saved.

    ``client`` holds the personal data (a dict of :data:`CLIENT_FIELDS`): required for
    a personal type, refused for an anonymous prescription."""

    referral_type: ReferralType
    issuing_unit: Unit
    receiving_unit: Unit | None = None
    receiving_service: object = None
    reasons: Sequence[str] = ()
    reason_note: str = ""
    interests: Iterable[ArtForm] = ()
    language: object = None
    needs: Sequence[str] = ()
    needs_note: str = ""
    preferred_municipality: object = None
    suggested_services: Iterable[Service] = ()
    suggested_events: Iterable[Event] = ()
    client: dict[str, Any] | None = field(default=None)

    @classmethod
    def from_form(
        cls, referral_type: ReferralType, issuing_unit: Unit, data: dict[str, Any]
    ) -> "Draft":
        """From the professional's form's cleaned data (the client's fields among them)."""
        client = None
        if referral_type.is_personal:
            client = {name: data.get(name) or "" for name in CLIENT_FIELDS}
            client["birth_date"] = data.get("birth_date") or None
        return cls(
            referral_type=referral_type,
            issuing_unit=issuing_unit,
            receiving_unit=data.get("receiving_unit"),
            receiving_service=data.get("receiving_service"),
            reasons=data.get("reasons") or (),
            reason_note=data.get("reason_note") or "",
            interests=data.get("interests") or (),
            language=data.get("language"),
            needs=data.get("needs") or (),
            needs_note=data.get("needs_note") or "",
            preferred_municipality=data.get("preferred_municipality"),
            suggested_services=data.get("suggested_services") or (),
            suggested_events=data.get("suggested_events") or (),
            client=client,
        )

    def check(self) -> "Draft":
        """The draft with its codes and texts tidied, or a ValidationError on the field
        at fault."""
        self._check_receiver()
        reasons = check_codes(self.reasons, Reason, "reasons")
        needs = check_codes(self.needs, Need, "needs")
        client = self.client
        if self.referral_type.is_personal:
            name = " ".join(((client or {}).get("full_name") or "").split())
            if not name:
                raise ValidationError(
                    {
                        "client": _(
                            "Write the client's name: this referral type contacts the client."
                        )
                    },
                    code="client_required",
                )
            assert client is not None  # the name was read from it
            client = {name_: client[name_] for name_ in CLIENT_FIELDS if name_ in client}
            client = check_client(client)
            client["full_name"] = name
        elif client:
            raise ValidationError(
                {"client": _("An anonymous prescription carries no personal data.")},
                code="client_not_allowed",
            )
        return replace(
            self,
            reasons=reasons,
            needs=needs,
            reason_note=self.reason_note.strip(),
            needs_note=self.needs_note.strip(),
            client=client,
        )

    def _check_receiver(self) -> None:
        kind = self.referral_type.receiver_kind
        unit, service = self.receiving_unit, self.receiving_service
        if kind == ReferralType.ReceiverKind.UNIT and (unit is None or service):
            raise ValidationError(
                {"receiving_unit": _("Choose the unit that receives this referral.")},
                code="receiver",
            )
        if kind == ReferralType.ReceiverKind.SERVICE and (service is None or unit):
            raise ValidationError(
                {"receiving_service": _("Choose the service this referral is for.")},
                code="receiver",
            )
        if kind == ReferralType.ReceiverKind.NOBODY and (unit or service):
            raise ValidationError(
                _("The client uses this referral on their own: it has no receiver."),
                code="receiver",
            )

    def content(self) -> dict[str, Any]:
        """The referral's own fields this draft sets (a checked draft's)."""
        return {
            "receiving_unit": self.receiving_unit,
            "receiving_service": self.receiving_service,
            "reasons": list(self.reasons),
            "reason_note": self.reason_note,
            "language": self.language,
            "needs": list(self.needs),
            "needs_note": self.needs_note,
            "preferred_municipality": self.preferred_municipality,
        }

    def save_to(self, referral: Referral) -> None:
        """The choices and the client's data, on a saved referral."""
        referral.interests.set(self.interests)
        referral.suggested_services.set(self.suggested_services)
        referral.suggested_events.set(self.suggested_events)
        if self.client:
            ReferralClient.objects.update_or_create(referral=referral, defaults=self.client)

    def create(self, *, issued_by: User | None = None, is_self_referral: bool = False) -> Referral:
        """Save this (checked) draft as a new referral."""
        with transaction.atomic():
            referral = Referral.objects.create(
                referral_type=self.referral_type,
                county_id=self.referral_type.county_id,
                issuing_unit=self.issuing_unit,
                issued_by=issued_by,
                is_self_referral=is_self_referral,
                **self.content(),
            )
            self.save_to(referral)
        return referral


def create_draft(actor: User, draft: Draft) -> Referral:
    """Save ``draft`` for the professional's unit, not yet sent."""
    unit, referral_type = draft.issuing_unit, draft.referral_type
    if not actor.has_perm(ADD, unit):
        raise PermissionDenied
    if not referral_type.is_active or referral_type.county_id != unit.organisation.county_id:
        raise ValidationError(
            {"referral_type": _("This referral type is not in use in your county.")},
            code="referral_type",
        )
    draft = draft.check()
    with transaction.atomic():
        referral = draft.create(issued_by=actor)
        audit.record(audit.Action.CREATE, referral, actor=actor, purpose="draft referral")
    return referral


def draft_referral(actor: User, **fields: Any) -> Referral:
    """Write a referral as a draft for the professional's unit (``fields`` are a
    :class:`Draft`'s)."""
    return create_draft(actor, Draft(**fields))


def write_draft(
    actor: User,
    draft: Draft,
    *,
    consent: dict[str, Any] | None = None,
    issue: bool,
    now: datetime | None = None,
) -> Referral:
    """Save ``draft``, record the client's ``consent`` (the arguments of
    :func:`~.consent.record_consent`) when given and, with ``issue``, send it: all in
    one transaction. The form and the API write through here."""
    now = now or timezone.now()
    with transaction.atomic():
        referral = create_draft(actor, draft)
        if consent:
            record_consent(actor, referral, **consent)
        if issue:
            issue_referral(actor, referral, now=now)
    referral.refresh_from_db()
    return referral


def _form_consent(
    referral_type: ReferralType, data: dict[str, Any], now: datetime
) -> dict[str, Any] | None:
    """The consent given in the professional's form, if it was."""
    if referral_type.is_personal and data.get("consent_shared") and data.get("consent_method"):
        return {
            "shared": data["consent_shared"],
            "method": data["consent_method"],
            "given_at": data.get("consent_given_at") or now,
        }
    return None


def write_referral(
    actor: User,
    issuing_unit: Unit,
    referral_type: ReferralType,
    data: dict[str, Any],
    *,
    issue: bool,
    now: datetime | None = None,
) -> Referral:
    """The professional's form in one transaction: the draft, the client's consent
    (recorded first when given) and, with ``issue``, the sending.

    ``data`` holds the form's fields; the consent fields are ``consent_shared``,
    ``consent_method`` and ``consent_given_at``."""
    now = now or timezone.now()
    return write_draft(
        actor,
        Draft.from_form(referral_type, issuing_unit, data),
        consent=_form_consent(referral_type, data, now),
        issue=issue,
        now=now,
    )


def update_draft(
    actor: User,
    referral: Referral,
    data: dict[str, Any],
    *,
    issue: bool,
    now: datetime | None = None,
) -> Referral:
    """Change a draft from the same form that wrote it (and send it, with ``issue``).

    A consent given in the form is recorded for the receiver chosen now; an earlier
    consent for another receiver does not cover the new one."""
    now = now or timezone.now()
    if Side.ISSUER not in sides(actor, referral):
        raise PermissionDenied
    draft = Draft.from_form(referral.referral_type, referral.issuing_unit, data).check()
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be changed."), code="not_draft")
        for name, value in draft.content().items():
            setattr(locked, name, value)
        locked.save()
        draft.save_to(locked)
        consent = _form_consent(referral.referral_type, data, now)
        if consent:
            record_consent(actor, locked, **consent)
        audit.record(audit.Action.CHANGE, locked, actor=actor, purpose="draft referral changed")
        if issue:
            issue_referral(actor, locked, now=now)
    referral.refresh_from_db()
    return referral


def delete_draft(actor: User, referral: Referral) -> None:
    """The sender throws away a draft that was never sent."""
    if Side.ISSUER not in sides(actor, referral):
        raise PermissionDenied
    if referral.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be deleted."), code="not_draft")
    with transaction.atomic():
        audit.record(
            audit.Action.DELETE,
            referral,
            actor=actor,
            fields=CLIENT_FIELDS,
            purpose="draft deleted by the sender",
        )
        referral.delete()
