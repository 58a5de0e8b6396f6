"""What buyers and the providers answering them do: each business action one function.

Favourites and saved searches are their owner's alone: every function finds them
through the owner, so nobody reaches another person's. Calls for offers belong to the
buyer's organisation (the permission rules in :mod:`kohtaamo.accounts.permissions`
decide who reaches them) and move only through the tables in :mod:`.states`.
"""

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy

from kohtaamo.accounts.models import Membership, Organisation, User
from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue import display
from kohtaamo.catalogue.forms import SERVICE, ReferenceLists, SearchForm
from kohtaamo.catalogue.models import ProviderProfile, Service
from kohtaamo.catalogue.states import Status
from kohtaamo.search import query as search_engine

from .models import Answer, CallForOffers, Favourite, SavedSearch
from .states import (
    AnswerStatus,
    CallMove,
    CallStatus,
    next_answer_status,
    next_call_status,
)

logger = logging.getLogger(__name__)

ADD_CALL = "buyers.add_callforoffers"
VIEW_CALL = "buyers.view_callforoffers"
CHANGE_CALL = "buyers.change_callforoffers"
ANSWER_CALL = "buyers.answer_callforoffers"

# A digest lists at most this many new services per saved search, and links to the
# search for the rest: a long e-mail is not read.
DIGEST_ITEMS = 20
# Nobody needs more alerts than this; it also bounds the daily digest's work per person.
MAX_SAVED_SEARCHES = 20
UNSUBSCRIBE_SALT = "kohtaamo.buyers.unsubscribe"


class SendFailed(Exception):
    """The mail server refused or could not be reached."""


class CallNotReady(Exception):
    """Opening the call needs more: ``problems`` maps field -> what is missing."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(", ".join(str(problem) for problem in problems.values()))


class CallNotOpen(Exception):
    """Answers are taken only while the call is open and its deadline has not passed."""


class TooManySearches(Exception):
    pass


def public_base(site_url=""):
    """The address links in e-mails start with."""
    return (settings.KOHTAAMO_PUBLIC_URL or site_url or "").rstrip("/")


def request_base(request):
    return public_base(request.build_absolute_uri("/"))


def _in_language(language, view, *args):
    with translation.override(language):
        return reverse(view, args=args)


def _send(message):
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        raise SendFailed from error


# --------------------------------------------------------------------------------------
# Favourites
# --------------------------------------------------------------------------------------


def favourite_keys(user):
    """{("service", id), ("event", id), ...} that ``user`` has saved."""
    keys = set()
    for service_id, event_id in Favourite.objects.filter(user=user).values_list(
        "service_id", "event_id"
    ):
        keys.add(("service", service_id) if service_id else ("event", event_id))
    return keys


def toggle_favourite(user, offering):
    """Save ``offering`` as ``user``'s favourite, or remove it if it already is one.
    Returns whether it is a favourite now."""
    field = "event" if offering._meta.model_name == "event" else "service"
    deleted, _ = Favourite.objects.filter(user=user, **{field: offering}).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Favourite.objects.create(user=user, **{field: offering})
    except IntegrityError:
        # A double click saved it already: saved is what the person asked for.
        pass
    return True


def remove_favourite(user, pk):
    deleted, _ = Favourite.objects.filter(user=user, pk=pk).delete()
    if not deleted:
        raise Http404


def favourites_of(user):
    """The user's favourites, newest first, with what the list shows."""
    return Favourite.objects.filter(user=user).select_related(
        "service__organisation",
        "event__organisation",
        "event__service",
    )


# --------------------------------------------------------------------------------------
# Saved searches and the daily digest
# --------------------------------------------------------------------------------------


def checked_query(data, references=None):
    """The service search in ``data`` (a query string or QueryDict) as the catalogue's
    search form reads it, as a query string holding only the filters given; ``None``
    when the form finds an error."""
    if isinstance(data, str):
        data = QueryDict(data)
    form = SearchForm(data, kind=SERVICE, references=references)
    if not form.is_valid():
        return None
    pairs = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            pairs.extend((name, str(item)) for item in value)
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        else:
            pairs.append((name, str(value)))
    return urlencode(pairs)


def search_params(saved, references=None):
    """The saved search's parameters for the search engine, or ``None`` when it no longer
    reads (a code taken out of the reference data)."""
    form = SearchForm(QueryDict(saved.query), kind=SERVICE, references=references)
    if not form.is_valid():
        return None
    return form.search_params(saved.language)


def save_search(user, *, name, query, language, site_url=""):
    if SavedSearch.objects.filter(owner=user).count() >= MAX_SAVED_SEARCHES:
        raise TooManySearches
    return SavedSearch.objects.create(
        owner=user,
        name=name.strip(),
        query=query,
        language=display.current_language(language),
        site_url=site_url[:200],
    )


def searches_of(user):
    return SavedSearch.objects.filter(owner=user)


def own_search(user, pk):
    try:
        return SavedSearch.objects.get(owner=user, pk=pk)
    except (SavedSearch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def set_alert(saved, on):
    """Turn a saved search's e-mails on or off. Turning them back on starts from now:
    what was published while they were off is not sent late."""
    saved.is_active = on
    fields = ["is_active"]
    if on:
        saved.last_sent_at = timezone.now()
        fields.append("last_sent_at")
    saved.save(update_fields=fields)


def delete_search(saved):
    saved.delete()


def unsubscribe_token(saved):
    return signing.dumps(saved.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def search_for_token(token):
    """The saved search an unsubscribe link names, or 404."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return SavedSearch.objects.select_related("owner").get(pk=pk)
    except (signing.BadSignature, SavedSearch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def matching_new_services(saved, new_ids, references=None):
    """Of the services ``new_ids``, those the saved search finds, best first.

    The search engine answers with ranked ids: its pages are read until every new
    service has turned up or the results end, so a narrow search costs one query.
    """
    params = search_params(saved, references)
    if params is None or not new_ids:
        return []
    remaining = set(new_ids)
    found = []
    step = search_engine.MAX_LIMIT
    offset = 0
    while remaining and offset < search_engine.MAX_OFFSET:
        page = search_engine.search(SERVICE, params, offset=offset, limit=step, facets=False)
        for pk in page.ids:
            if pk in remaining:
                found.append(pk)
                remaining.discard(pk)
        if len(page.ids) < step:
            break
        offset += step
    return found


@dataclass
class DigestGroup:
    saved: SavedSearch
    services: list
    more: int
    search_url: str
    unsubscribe_url: str
    items: list = field(default_factory=list)


def _digest_groups(owner, groups, base):
    language = owner.preferred_language
    shown = Service.objects.filter(
        pk__in=[pk for _saved, ids in groups for pk in ids[:DIGEST_ITEMS]]
    ).select_related("organisation")
    by_id = {service.pk: service for service in shown}
    result = []
    for saved, ids in groups:
        services = [by_id[pk] for pk in ids[:DIGEST_ITEMS] if pk in by_id]
        search_path = _in_language(language, "catalogue:search")
        group = DigestGroup(
            saved=saved,
            services=services,
            more=max(0, len(ids) - DIGEST_ITEMS),
            search_url=f"{base}{search_path}" + (f"?{saved.query}" if saved.query else ""),
            unsubscribe_url=base
            + _in_language(language, "buyers:unsubscribe", unsubscribe_token(saved)),
        )
        group.items = [
            {
                "name": display.text(service, "name", language).value,
                "summary": display.text(service, "summary", language).value,
                "provider": service.organisation.name,
                "url": base + _in_language(language, "catalogue:service", service.pk),
            }
            for service in services
        ]
        result.append(group)
    return result


def _send_digest(owner, groups):
    base = public_base(groups[0][0].site_url)
    with translation.override(owner.preferred_language):
        context = {
            "owner": owner,
            "groups": _digest_groups(owner, groups, base),
            "alerts_url": base + reverse("buyers:alerts"),
            "site_name": settings.KOHTAAMO_SITE_NAME,
        }
        count = sum(len(ids) for _saved, ids in groups)
        subject = translation.ngettext(
            "%(count)s new service matches your saved searches",
            "%(count)s new services match your saved searches",
            count,
        ) % {"count": count}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("buyers/email/digest.txt", context),
            to=[owner.email],
        )
        message.attach_alternative(
            render_to_string("buyers/email/digest.html", context), "text/html"
        )
    _send(message)


def _digest_for(owner_id, candidates, now, references):
    """One owner's digest over the services published in their searches' windows.
    Returns whether an e-mail went out."""
    with transaction.atomic():
        # Locked, so two runs at once cannot both send the same news.
        searches = list(
            SavedSearch.objects.select_for_update()
            .filter(
                owner_id=owner_id,
                is_active=True,
                frequency=SavedSearch.Frequency.DAILY,
                last_sent_at__lt=now,
            )
            .order_by("created_at", "id")
        )
        if not searches:
            return False
        groups = []
        for saved in searches:
            new = [pk for pk, published in candidates.items() if published > saved.last_sent_at]
            ids = matching_new_services(saved, new, references)
            if ids:
                groups.append((saved, ids))
        sent = False
        if groups:
            owner = User.objects.get(pk=owner_id)
            try:
                _send_digest(owner, groups)
            except SendFailed:
                logger.exception("Alert digest to user %s could not be sent", owner_id)
                # Nothing moves on: the next run tries the same news again.
                return False
            sent = True
        # Searches with nothing new are done for this window too.
        SavedSearch.objects.filter(pk__in=[saved.pk for saved in searches]).update(last_sent_at=now)
        return sent


def send_alert_digests(now=None):
    """E-mail every person with active saved searches the services published since
    their last digest that match them: one message per person, grouped per search.
    Returns how many messages were sent. Running it again sends nothing new."""
    now = now or timezone.now()
    waiting = SavedSearch.objects.filter(
        is_active=True, frequency=SavedSearch.Frequency.DAILY, last_sent_at__lt=now
    )
    earliest = waiting.order_by("last_sent_at").values_list("last_sent_at", flat=True).first()
    if earliest is None:
        return 0
    candidates = dict(
        Service.objects.filter(
            status=Status.PUBLISHED, published_at__gt=earliest, published_at__lte=now
        ).values_list("pk", "published_at")
    )
    if not candidates:
        return 0
    references = ReferenceLists.load()
    owner_ids = sorted(set(waiting.values_list("owner_id", flat=True)))
    sent = 0
    for owner_id in owner_ids:
        sent += _digest_for(owner_id, candidates, now, references)
    return sent


# --------------------------------------------------------------------------------------
# Calls for offers: the buyer's side
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Behalf:
    """Whom a buyer writes a call for: an organisation, or one of its units."""

    organisation: Organisation
    unit: object = None

    @property
    def key(self):
        return f"{self.organisation.pk}:{self.unit.pk if self.unit else ''}"

    @property
    def label(self):
        return str(self.unit) if self.unit else self.organisation.name


def buyer_behalves(user):
    """The organisations (and units) ``user`` may publish calls for, by name."""
    found = {}
    for membership in user.active_memberships():
        if not user.has_perm(ADD_CALL, membership):
            continue
        behalf = Behalf(membership.organisation, membership.unit)
        found.setdefault(behalf.key, behalf)
    return sorted(found.values(), key=lambda behalf: behalf.label.casefold())


def calls_of_buyer(user):
    """Every call ``user`` reaches as a buyer, in any state."""
    return CallForOffers.objects.reachable_by(user, VIEW_CALL).select_related(
        "organisation", "unit"
    )


def call_for_buyer(user, pk, perm=VIEW_CALL):
    """Call ``pk`` if ``user`` reaches it as a buyer, else 404."""
    try:
        call = CallForOffers.objects.select_related("organisation__county", "unit").get(pk=pk)
    except (CallForOffers.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user.has_perm(perm, call):
        raise Http404
    return call


def open_problems(call, today=None):
    """What opening ``call`` still needs, as {field: message}."""
    problems = {}
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


def save_call(actor, form, behalf=None):
    """Save a call from its form. A new call belongs to ``behalf``; only drafts change."""
    call = form.instance
    if call.pk is None:
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


def change_call_status(actor, call, move, site_url=""):
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
        from . import tasks

        tasks.notify_matching_providers.enqueue(locked.pk, site_url)
    call.refresh_from_db()
    return call


def close_expired_calls(today=None):
    """Close every open call whose deadline has passed; returns how many."""
    today = today or timezone.localdate()
    closed = next_call_status(CallStatus.OPEN, CallMove.CLOSE)
    return CallForOffers.objects.filter(status=CallStatus.OPEN, deadline__lt=today).update(
        status=closed, closed_at=timezone.now(), updated_at=timezone.now()
    )


def close_if_expired(call):
    """A call seen after its deadline closes there and then, even before the daily run."""
    if call.status == CallStatus.OPEN and call.deadline_passed():
        CallForOffers.objects.filter(pk=call.pk, status=CallStatus.OPEN).update(
            status=next_call_status(CallStatus.OPEN, CallMove.CLOSE),
            closed_at=timezone.now(),
            updated_at=timezone.now(),
        )
        call.refresh_from_db()
    return call


def answers_to_compare(call):
    return call.answers.select_related("organisation", "service").order_by("submitted_at", "id")


def change_answer_status(actor, answer, move):
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


def matching_profiles(call):
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


def provider_recipients(call):
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


def notify_matching_providers(call_id, site_url=""):
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


def answering_organisations(user):
    """The provider organisations ``user`` may answer calls for, by name."""
    found = {}
    for membership in user.active_memberships():
        organisation = membership.organisation
        if organisation.pk not in found and user.has_perm(ANSWER_CALL, organisation):
            found[organisation.pk] = organisation
    return sorted(found.values(), key=lambda organisation: organisation.name.casefold())


def open_calls(organisations=(), *, matching_only=False, today=None):
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


def call_for_reader(user, pk):
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


def answer_of(call, organisation):
    return Answer.objects.filter(call=call, organisation=organisation).first()


def submit_answer(actor, call, organisation, *, offer, price, available_dates="", service=None):
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


def answer_status_counts(call):
    counts = dict(call.answers.values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in AnswerStatus.values}
