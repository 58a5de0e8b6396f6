"""Calls for offers: the buyer's side and the answering providers'."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.forms import ModelForm
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from kohtaamo.accounts.models import Membership, Organisation, Unit, User
from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue import display
from kohtaamo.catalogue.models import ProviderProfile, Service

from ..models import Answer, CallForOffers
from ..states import (
    AnswerStatus,
    CallMove,
    CallStatus,
    next_answer_status,
    next_call_status,
)
from .common import (
    ADD_CALL,
    ANSWER_CALL,
    CHANGE_CALL,
    VIEW_CALL,
    CallNotOpen,
    CallNotReady,
    SendFailed,
    _send,
    public_base,
)

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------
# Calls for offers: the buyer's side
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Behalf:
    """Whom a buyer writes a call for: an organisation, or one of its units."""

    organisation: Organisation
    unit: Unit | None = None

    @property
    def key(self) -> str:
        return f"{self.organisation.pk}:{self.unit.pk if self.unit else ''}"

    @property
    def label(self) -> str:
        return str(self.unit) if self.unit else self.organisation.name


def buyer_behalves(user: User) -> list[Behalf]:
    """The organisations (and units) ``user`` may publish calls for, by name."""
    found: dict[str, Behalf] = {}
    for membership in user.active_memberships():
        if not user.has_perm(ADD_CALL, membership):
            continue
        behalf = Behalf(membership.organisation, membership.unit)
        found.setdefault(behalf.key, behalf)
    return sorted(found.values(), key=lambda behalf: behalf.label.casefold())


def calls_of_buyer(user: User) -> QuerySet[CallForOffers]:
    """Every call ``user`` reaches as a buyer, in any state."""
    return CallForOffers.objects.reachable_by(user, VIEW_CALL).select_related(
        "organisation", "unit"
    )


def call_for_buyer(user: User, pk: int | str, perm: str = VIEW_CALL) -> CallForOffers:
    """Call ``pk`` if ``user`` reaches it as a buyer, else 404."""
    try:
        call = CallForOffers.objects.select_related("organisation__county", "unit").get(pk=pk)
    except (CallForOffers.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user.has_perm(perm, call):
        raise Http404
    return call


def open_problems(call: CallForOffers, today: date | None = None) -> dict[str, str | Promise]:
    """What opening ``call`` still needs, as {field: message}."""
    problems: dict[str, str | Promise] = {}
    if not call.title_fi.strip():
        problems["title_fi"] = gettext_lazy("a title in Finnish")
    if not call.description_fi.strip():
        problems["description_fi"] = gettext_lazy("a description in Finnish")
    if not call.art_forms.exists():
        problems["art_forms"] = gettext_lazy("at least one art form")
    if not call.municipalities.exists():
        problems["municipalities"] = gettext_lazy("at least one municipality")
    if call.deadline is None or call.deadline <= (today or timezone.localdate()):
        problems["deadline"] = gettext_lazy("a deadline in the future")
    return problems


def save_call(
    actor: User, form: ModelForm[CallForOffers], behalf: Behalf | None = None
) -> CallForOffers:
    """Save a call from its form. A new call belongs to ``behalf``; only drafts change."""
    call = form.instance
    if call.pk is None:
        assert behalf is not None, "a new call is written for someone"
        call.organisation = behalf.organisation
        call.unit = behalf.unit
        call.created_by = actor
        if not actor.has_perm(ADD_CALL, call):
            raise PermissionDenied
    else:
        if not actor.has_perm(CHANGE_CALL, call):
            raise PermissionDenied
        if call.status != CallStatus.DRAFT:
            raise CallNotOpen
    with transaction.atomic():
        return form.save()


def change_call_status(
    actor: User, call: CallForOffers, move: str, site_url: str = ""
) -> CallForOffers:
    """Move ``call`` along its state table on behalf of ``actor``. Opening tells the
    providers whose profile matches (a background task, after the change is saved)."""
    move = CallMove(move)
    if not actor.has_perm(CHANGE_CALL, call):
        raise PermissionDenied
    with transaction.atomic():
        locked = CallForOffers.objects.select_for_update().get(pk=call.pk)
        new_status = next_call_status(locked.status, move)
        now = timezone.now()
        if move == CallMove.OPEN:
            problems = open_problems(locked)
            if problems:
                raise CallNotReady(problems)
            locked.opened_at = now
        else:
            locked.closed_at = now
        locked.status = new_status
        locked.save(update_fields=["status", "opened_at", "closed_at", "updated_at"])
    if move == CallMove.OPEN:
        from .. import tasks

        tasks.notify_matching_providers.enqueue(locked.pk, site_url)
    call.refresh_from_db()
    return call


def close_expired_calls(today: date | None = None) -> int:
    """Close every open call whose deadline has passed; returns how many."""
    today = today or timezone.localdate()
    closed = next_call_status(CallStatus.OPEN, CallMove.CLOSE)
    return CallForOffers.objects.filter(status=CallStatus.OPEN, deadline__lt=today).update(
        status=closed, closed_at=timezone.now(), updated_at=timezone.now()
    )


def close_if_expired(call: CallForOffers) -> CallForOffers:
    """A call seen after its deadline closes there and then, even before the daily run."""
    if call.status == CallStatus.OPEN and call.deadline_passed():
        CallForOffers.objects.filter(pk=call.pk, status=CallStatus.OPEN).update(
            status=next_call_status(CallStatus.OPEN, CallMove.CLOSE),
            closed_at=timezone.now(),
            updated_at=timezone.now(),
        )
        call.refresh_from_db()
    return call


def answers_to_compare(call: CallForOffers) -> QuerySet[Answer]:
    return call.answers.select_related("organisation", "service").order_by("submitted_at", "id")


def change_answer_status(actor: User, answer: Answer, move: str) -> Answer:
    """The buyer shortlists, declines or accepts an answer (see the state table)."""
    call = answer.call
    if not actor.has_perm(CHANGE_CALL, call):
        raise PermissionDenied
    if call.status not in (CallStatus.OPEN, CallStatus.CLOSED):
        raise CallNotOpen
    with transaction.atomic():
        locked = Answer.objects.select_for_update().get(pk=answer.pk)
        locked.status = next_answer_status(locked.status, move)
        locked.save(update_fields=["status", "updated_at"])
    answer.refresh_from_db()
    return answer


# --------------------------------------------------------------------------------------
# Calls for offers: the providers' side
# --------------------------------------------------------------------------------------


def matching_profiles(call: CallForOffers) -> QuerySet[ProviderProfile]:
    """Provider profiles that match ``call``: an art form in common, and either a
    municipality in common or no areas given (a profile without areas works anywhere)."""
    return (
        ProviderProfile.objects.filter(
            organisation__is_active=True, art_forms__in=call.art_forms.all()
        )
        .filter(Q(municipalities__in=call.municipalities.all()) | Q(municipalities__isnull=True))
        .exclude(organisation_id=call.organisation_id)
        .distinct()
    )


def provider_recipients(call: CallForOffers) -> QuerySet[User]:
    """The people told about a new call: active providers of the matching profiles."""
    organisations = matching_profiles(call).values("organisation_id")
    people = (
        Membership.objects.filter(
            organisation_id__in=organisations,
            role=Role.PROVIDER,
            is_active=True,
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    return User.objects.filter(pk__in=people).order_by("pk")


def notify_matching_providers(call_id: int, site_url: str = "") -> int:
    """E-mail each matching provider about an opened call, in their own language.
    Returns how many were told."""
    call = (
        CallForOffers.objects.select_related("organisation")
        .filter(pk=call_id, status=CallStatus.OPEN)
        .first()
    )
    if call is None:
        return 0
    base = public_base(site_url)
    sent = 0
    for person in provider_recipients(call):
        language = person.preferred_language
        with translation.override(language):
            context = {
                "call": call,
                "title": display.text(call, "title", language).value,
                "url": base + reverse("buyers:call", args=[call.pk]),
                "profile_url": base + reverse("provider:profile"),
                "site_name": settings.KOHTAAMO_SITE_NAME,
            }
            message = EmailMultiAlternatives(
                subject=gettext("New call for offers: %(title)s") % {"title": context["title"]},
                body=render_to_string("buyers/email/call_opened.txt", context),
                to=[person.email],
            )
            message.attach_alternative(
                render_to_string("buyers/email/call_opened.html", context), "text/html"
            )
        try:
            _send(message)
        except SendFailed:
            logger.exception("Call %s: provider %s could not be told", call.pk, person.pk)
            continue
        sent += 1
    return sent


def answering_organisations(user: User) -> list[Organisation]:
    """The provider organisations ``user`` may answer calls for, by name."""
    found: dict[int, Organisation] = {}
    for membership in user.active_memberships():
        organisation = membership.organisation
        if organisation.pk not in found and user.has_perm(ANSWER_CALL, organisation):
            found[organisation.pk] = organisation
    return sorted(found.values(), key=lambda organisation: organisation.name.casefold())


def open_calls(
    organisations: Iterable[Organisation] = (),
    *,
    matching_only: bool = False,
    today: date | None = None,
) -> QuerySet[CallForOffers]:
    """Open calls still taking answers, nearest deadline first; with ``matching_only``,
    those matching the profile of one of ``organisations`` (the rule of
    :func:`matching_profiles`, seen from the provider's side)."""
    today = today or timezone.localdate()
    calls = CallForOffers.objects.filter(status=CallStatus.OPEN, deadline__gte=today)
    if matching_only:
        condition = Q(pk__in=[])
        profiles = ProviderProfile.objects.filter(organisation__in=organisations).prefetch_related(
            "art_forms", "municipalities"
        )
        for profile in profiles:
            art_forms = [art_form.pk for art_form in profile.art_forms.all()]
            if not art_forms:
                continue
            matching = CallForOffers.objects.filter(art_forms__in=art_forms)
            areas = [municipality.pk for municipality in profile.municipalities.all()]
            if areas:
                matching = matching.filter(municipalities__in=areas)
            condition |= Q(pk__in=matching.values("pk"))
        calls = calls.filter(condition)
    return calls.select_related("organisation").order_by("deadline", "id")


def call_for_reader(user: User, pk: int | str) -> tuple[CallForOffers, bool]:
    """Call ``pk`` and whether ``user`` reads it as its buyer. The buyer's organisation
    sees it in every state; other buyers and providers see it once it has been opened.
    Anyone else, and anyone asking for someone else's draft, gets 404."""
    try:
        call = CallForOffers.objects.select_related("organisation__county", "unit").get(pk=pk)
    except (CallForOffers.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if user.has_perm(VIEW_CALL, call):
        return call, True
    if call.status != CallStatus.DRAFT and (user.has_perm(ANSWER_CALL) or user.has_perm(ADD_CALL)):
        return call, False
    raise Http404


def answer_of(call: CallForOffers, organisation: Organisation) -> Answer | None:
    return Answer.objects.filter(call=call, organisation=organisation).first()


def submit_answer(
    actor: User,
    call: CallForOffers,
    organisation: Organisation,
    *,
    offer: str,
    price: str,
    available_dates: str = "",
    service: Service | None = None,
) -> tuple[Answer, bool]:
    """A provider organisation's answer to ``call``: the first one is created, later ones
    change it, until the deadline. Returns (answer, created)."""
    if not actor.has_perm(ANSWER_CALL, organisation):
        raise PermissionDenied
    if service is not None and service.organisation_id != organisation.pk:
        raise ValidationError({"service": gettext("Choose one of your own services.")})
    with transaction.atomic():
        locked = CallForOffers.objects.select_for_update().get(pk=call.pk)
        if locked.status != CallStatus.OPEN or locked.deadline_passed():
            raise CallNotOpen
        values = {
            "offer": offer,
            "price": price,
            "available_dates": available_dates,
            "service": service,
            "submitted_by": actor,
        }
        answer, created = Answer.objects.get_or_create(
            call=locked, organisation=organisation, defaults=values
        )
        if not created:
            for name, value in values.items():
                setattr(answer, name, value)
            answer.save()
    return answer, created


def answer_status_counts(call: CallForOffers) -> dict[str, int]:
    counts = dict(call.answers.values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in AnswerStatus.values}
