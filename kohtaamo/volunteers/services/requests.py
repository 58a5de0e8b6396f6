"""Asking for a companion: one validated request, whoever asks.

A request comes from inside a referral (only under the client's recorded consent, and
never with the referral's reasons: the caller passes what the volunteer may see), from
a card holder's booking, from a professional or advisor, from a care unit for a group,
or from a resident. What a volunteer will see of the client is the least the visit
needs: a first name or alias, the meeting point, the needs, and a phone number only
when the client agreed.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import Unit, User
from kohtaamo.core.models import Municipality
from kohtaamo.notifications import Message

from ..models import (
    MAX_PEOPLE,
    MAX_VOLUNTEERS_PER_REQUEST,
    Assistance,
    HelpKind,
    HelpRequest,
    Programme,
    RequestSource,
)
from . import notify
from .phones import check_phone

# A volunteer is looked for until this long before the start, unless told otherwise.
DEFAULT_FILL_BEFORE = timedelta(hours=24)
LONGEST_VISIT = timedelta(hours=12)
# Fields a caller may set; anything else (a referral's reasons, notes) is refused.
FIELDS = frozenset(
    {
        "help_kind",
        "event",
        "place",
        "what",
        "art_forms",
        "starts_at",
        "ends_at",
        "fill_by",
        "municipality",
        "meeting_point",
        "people",
        "volunteers_needed",
        "language",
        "needs",
        "needs_note",
        "involves_minors",
        "client_alias",
        "client_phone",
        "client_agreed_to_share_phone",
        "contact_email",
    }
)


def programmes_for(municipality: Municipality, help_kind: str | None = None) -> list[Programme]:
    """Active programmes whose area covers ``municipality`` (and that give ``help_kind``)."""
    found = Programme.objects.filter(is_active=True, municipalities=municipality).select_related(
        "organisation", "unit"
    )
    return [p for p in found if help_kind is None or help_kind in (p.help_kinds or HelpKind.values)]


def _check_source(
    source: str,
    by: User | None,
    requesting_unit: Unit | None,
    referral: Any,
    reservation: Any,
    fields: dict[str, Any],
) -> None:
    if source == RequestSource.REFERRAL:
        if referral is None:
            raise ValidationError(
                _("A request from a referral needs the referral."), code="referral"
            )
        # Under the referral's consent: a client's data go to the volunteer service only
        # when the client agreed to share them with someone at all.
        if not referral.consents.exists():
            raise ValidationError(
                _("Record the client's consent on the referral first."), code="consent_required"
            )
        if by is None or not (
            by.has_perm("referrals.act_as_issuer", referral.issuing_side)
            or by.has_perm("referrals.act_as_receiver", referral.receiving_side)
        ):
            raise PermissionDenied
    elif source == RequestSource.CARD_BOOKING:
        if reservation is None:
            raise ValidationError(_("A request from a booking needs the booking."), code="booking")
    elif source in (RequestSource.PROFESSIONAL, RequestSource.CARE_UNIT):
        if by is None or not by.has_perm("volunteers.add_helprequest", requesting_unit):
            raise PermissionDenied
    elif source == RequestSource.RESIDENT:
        if not fields.get("contact_email") and not fields.get("client_phone"):
            raise ValidationError(
                {"contact_email": _("Tell us how to reach you: an e-mail address or a phone.")},
                code="contact_required",
            )
    else:
        raise ValidationError(_("Unknown source."), code="source")


def _clean(programme: Programme, fields: dict[str, Any], now: datetime) -> dict[str, Any]:
    errors: dict[str, ValidationError] = {}
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValueError(f"A request does not keep {sorted(unknown)}")
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts is None or ends is None:
        errors["starts_at"] = ValidationError(_("Give the date and the time."), code="required")
    elif starts <= now:
        errors["starts_at"] = ValidationError(_("The time must be in the future."), code="past")
    elif not starts < ends <= starts + LONGEST_VISIT:
        errors["ends_at"] = ValidationError(
            _("The visit ends after it starts, within 12 hours."), code="ends"
        )
    if starts is not None and starts > now:
        fill_by = fields.get("fill_by") or max(
            starts - DEFAULT_FILL_BEFORE, now + timedelta(hours=1)
        )
        fill_by = min(fill_by, starts)
        if fill_by <= now:
            errors["fill_by"] = ValidationError(
                _("The deadline for finding a volunteer must be in the future."), code="fill_by"
            )
        fields["fill_by"] = fill_by
    municipality = fields.get("municipality")
    if municipality is None:
        errors["municipality"] = ValidationError(_("Choose the municipality."), code="required")
    elif not programme.municipalities.filter(pk=municipality.pk).exists():
        errors["municipality"] = ValidationError(
            _("The programme does not work in this municipality."), code="outside_area"
        )
    kind = fields.setdefault("help_kind", HelpKind.ACCOMPANY)
    if kind not in (programme.help_kinds or HelpKind.values):
        errors["help_kind"] = ValidationError(
            _("The programme does not give this kind of help."), code="help_kind"
        )
    if not (fields.get("meeting_point") or "").strip():
        errors["meeting_point"] = ValidationError(_("Tell where to meet."), code="required")
    if not (fields.get("client_alias") or "").strip():
        errors["client_alias"] = ValidationError(
            _("Write the client's first name or an alias."), code="required"
        )
    if not 1 <= fields.setdefault("people", 1) <= MAX_PEOPLE:
        errors["people"] = ValidationError(
            _("From 1 to %(most)s people.") % {"most": MAX_PEOPLE}, code="people"
        )
    if not 1 <= fields.setdefault("volunteers_needed", 1) <= MAX_VOLUNTEERS_PER_REQUEST:
        errors["volunteers_needed"] = ValidationError(
            _("From 1 to %(most)s volunteers.") % {"most": MAX_VOLUNTEERS_PER_REQUEST},
            code="volunteers_needed",
        )
    needs = list(dict.fromkeys(fields.get("needs") or []))
    if set(needs) - set(Assistance.values):
        errors["needs"] = ValidationError(_("Choose from the list."), code="unknown_choice")
    fields["needs"] = needs
    try:
        fields["client_phone"] = check_phone(fields.get("client_phone", ""), "client_phone")
    except ValidationError as error:
        errors.update(error.error_dict)  # type: ignore[arg-type]
    if fields.get("client_phone") and not fields.get("client_agreed_to_share_phone"):
        errors["client_phone"] = ValidationError(
            _("Keep the phone number only if the client agreed that the volunteer may call."),
            code="phone_needs_agreement",
        )
    email = (fields.get("contact_email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = ValidationError(_("Check the e-mail address."), code="email")
    fields["contact_email"] = email
    for name in ("what", "meeting_point", "client_alias", "needs_note"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if errors:
        raise ValidationError(errors)
    return fields


def create_request(
    *,
    programme: Programme,
    source: str,
    by: User | None,
    requesting_unit: Unit | None = None,
    referral: Any = None,
    reservation: Any = None,
    now: datetime | None = None,
    **fields: Any,
) -> HelpRequest:
    """A validated request, and the programme's coordinator told of it."""
    now = now or timezone.now()
    source = RequestSource(source)
    if not programme.is_active:
        raise ValidationError(_("This programme is not active."), code="inactive")
    if referral is not None and requesting_unit is None:
        requesting_unit = referral.issuing_unit
    _check_source(source, by, requesting_unit, referral, reservation, fields)
    art_forms: Iterable[Any] = fields.pop("art_forms", None) or ()
    cleaned = _clean(programme, dict(fields), now)
    with transaction.atomic():
        request = HelpRequest.objects.create(
            programme=programme,
            source=source,
            requesting_unit=requesting_unit,
            requested_by=by if by is not None and by.is_authenticated else None,
            referral=referral,
            reservation=reservation,
            **cleaned,
        )
        request.art_forms.set(art_forms)
        transaction.on_commit(lambda: _tell_new(request))
    return request


def _tell_new(request: HelpRequest) -> None:
    def build(language: str) -> Message:
        return Message(
            _("A new companion request"),
            notify.lines(
                _("A companion is asked for %(what)s in %(place)s on %(when)s.")
                % {
                    "what": notify.what(request),
                    "place": request.municipality,
                    "when": notify.when(request),
                },
                notify.link(notify.request_path(request, language)),
            ),
        )

    notify.to_coordinators(request.programme, build)
