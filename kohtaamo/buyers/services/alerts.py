"""Saved searches and the daily digest of new services that match them."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from kohtaamo.accounts.models import User
from kohtaamo.catalogue import display
from kohtaamo.catalogue.forms import SERVICE, ReferenceLists, SearchForm
from kohtaamo.catalogue.models import Service
from kohtaamo.catalogue.states import Status
from kohtaamo.search import query as search_engine
from kohtaamo.search.params import SearchParams

from ..models import SavedSearch
from .common import (
    DIGEST_ITEMS,
    MAX_SAVED_SEARCHES,
    UNSUBSCRIBE_SALT,
    SendFailed,
    TooManySearches,
    _in_language,
    _send,
    public_base,
)

logger = logging.getLogger(__name__)

# A saved search and the ids of the new services it finds, best first.
type Group = tuple[SavedSearch, list[int]]

# --------------------------------------------------------------------------------------
# Saved searches and the daily digest
# --------------------------------------------------------------------------------------


def checked_query(data: str | QueryDict, references: ReferenceLists | None = None) -> str | None:
    """The service search in ``data`` (a query string or QueryDict) as the catalogue's
    search form reads it, as a query string holding only the filters given; ``None``
    when the form finds an error."""
    if isinstance(data, str):
        data = QueryDict(data)
    form = SearchForm(data, kind=SERVICE, references=references)
    if not form.is_valid():
        return None
    pairs: list[tuple[str, str]] = []
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


def search_params(
    saved: SavedSearch, references: ReferenceLists | None = None
) -> SearchParams | None:
    """The saved search's parameters for the search engine, or ``None`` when it no longer
    reads (a code taken out of the reference data)."""
    form = SearchForm(QueryDict(saved.query), kind=SERVICE, references=references)
    if not form.is_valid():
        return None
    return form.search_params(saved.language)


def save_search(
    user: User, *, name: str, query: str, language: str, site_url: str = ""
) -> SavedSearch:
    if SavedSearch.objects.filter(owner=user).count() >= MAX_SAVED_SEARCHES:
        raise TooManySearches
    return SavedSearch.objects.create(
        owner=user,
        name=name.strip(),
        query=query,
        language=display.current_language(language),
        site_url=site_url[:200],
    )


def searches_of(user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(owner=user)


def own_search(user: User, pk: int | str) -> SavedSearch:
    try:
        return SavedSearch.objects.get(owner=user, pk=pk)
    except (SavedSearch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def set_alert(saved: SavedSearch, on: bool) -> None:
    """Turn a saved search's e-mails on or off. Turning them back on starts from now:
    what was published while they were off is not sent late."""
    saved.is_active = on
    fields = ["is_active"]
    if on:
        saved.last_sent_at = timezone.now()
        fields.append("last_sent_at")
    saved.save(update_fields=fields)


def delete_search(saved: SavedSearch) -> None:
    saved.delete()


def unsubscribe_token(saved: SavedSearch) -> str:
    return signing.dumps(saved.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def search_for_token(token: str) -> SavedSearch:
    """The saved search an unsubscribe link names, or 404."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return SavedSearch.objects.select_related("owner").get(pk=pk)
    except (signing.BadSignature, SavedSearch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def matching_new_services(
    saved: SavedSearch, new_ids: Iterable[int], references: ReferenceLists | None = None
) -> list[int]:
    """Of the services ``new_ids``, those the saved search finds, best first.

    The search engine answers with ranked ids: its pages are read until every new
    service has turned up or the results end, so a narrow search costs one query.
    """
    params = search_params(saved, references)
    if params is None or not new_ids:
        return []
    remaining = set(new_ids)
    found: list[int] = []
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
    services: list[Service]
    more: int
    search_url: str
    unsubscribe_url: str
    items: list[dict[str, str]] = field(default_factory=list)


def _digest_groups(owner: User, groups: list[Group], base: str) -> list[DigestGroup]:
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


def _send_digest(owner: User, groups: list[Group]) -> None:
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


def _digest_for(
    owner_id: int,
    candidates: dict[int, datetime],
    now: datetime,
    references: ReferenceLists,
) -> bool:
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
        groups: list[Group] = []
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


def send_alert_digests(now: datetime | None = None) -> int:
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
    candidates = {
        pk: published
        for pk, published in Service.objects.filter(
            status=Status.PUBLISHED, published_at__gt=earliest, published_at__lte=now
        ).values_list("pk", "published_at")
        if published is not None  # always, by the filter: for the type checker
    }
    if not candidates:
        return 0
    references = ReferenceLists.load()
    owner_ids = sorted(set(waiting.values_list("owner_id", flat=True)))
    sent = 0
    for owner_id in owner_ids:
        sent += _digest_for(owner_id, candidates, now, references)
    return sent
