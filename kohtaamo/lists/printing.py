"""The list as the client gets it: a print-ready page, and the same page as a PDF.

Everything is rendered in the list's language, whatever language the professional's
own pages are in: the client reads it, not the professional.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from kohtaamo.catalogue import display
from kohtaamo.catalogue.models import Place
from kohtaamo.core.printing import public_url, qr_svg, render_pdf

PLACES = Prefetch("places", queryset=Place.objects.select_related("municipality"))
# How many coming dates a service shows: enough to choose from, short enough for paper.
NEXT_DATES = 3


@dataclass
class PrintedItem:
    kind: str
    offering: object
    url: str
    qr: str
    places: list = field(default_factory=list)
    next_events: list = field(default_factory=list)


def _next_events(service_ids):
    """Up to :data:`NEXT_DATES` coming events per service, in one query."""
    if not service_ids:
        return {}
    ranked = (
        display.public_events()
        .filter(service_id__in=service_ids, start__gte=timezone.now(), is_cancelled=False)
        .annotate(rank=Window(RowNumber(), partition_by=F("service_id"), order_by=F("start").asc()))
        .filter(rank__lte=NEXT_DATES)
        .select_related("place", "place__municipality")
        .order_by("service_id", "start")
    )
    found = {}
    for event in ranked:
        found.setdefault(event.service_id, []).append(event)
    return found


def printable_items(request, personal_list):
    """The list's items that are still public, in the list's order, ready to print.

    Content that has since left the public catalogue is left out: a client must not be
    sent to something that no longer exists.
    """
    items = list(personal_list.items.all())
    service_ids = [item.service_id for item in items if item.service_id]
    event_ids = [item.event_id for item in items if item.event_id]
    services = (
        display.public_services()
        .filter(pk__in=service_ids)
        .select_related("organisation")
        .prefetch_related("municipalities", PLACES)
    )
    events = (
        display.public_events()
        .filter(pk__in=event_ids)
        .select_related("organisation", "service", "place", "place__municipality", "municipality")
    )
    services = {service.pk: service for service in services}
    events = {event.pk: event for event in events}
    upcoming = _next_events(list(services))
    printed = []
    with translation.override(personal_list.language):
        for item in items:
            if item.service_id:
                offering = services.get(item.service_id)
                kind, route = "service", "catalogue:service"
            else:
                offering = events.get(item.event_id)
                kind, route = "event", "catalogue:event"
            if offering is None:
                continue
            url = public_url(request, reverse(route, args=[offering.pk]))
            name = display.text(offering, "name").value
            printed.append(
                PrintedItem(
                    kind=kind,
                    offering=offering,
                    url=url,
                    qr=qr_svg(url, gettext("QR code: %(name)s") % {"name": name}),
                    places=(
                        list(offering.places.all())
                        if kind == "service"
                        else [offering.place]
                        if offering.place
                        else []
                    ),
                    next_events=upcoming.get(offering.pk, []),
                )
            )
    return printed


def render_page(request, personal_list, items, **extra):
    with translation.override(personal_list.language):
        context = {
            "personal_list": personal_list,
            "items": items,
            "made_on": timezone.localdate(),
            "site_name": settings.KOHTAAMO_SITE_NAME,
            **extra,
        }
        return render_to_string("lists/print.html", context, request=request)


def pdf_filename():
    return f"kohtaamo-list-{timezone.localdate().isoformat()}.pdf"


def pdf(request, personal_list, items):
    """The print page as a PDF, made by WeasyPrint from the same template."""
    return render_pdf(request, render_page(request, personal_list, items, for_pdf=True))
