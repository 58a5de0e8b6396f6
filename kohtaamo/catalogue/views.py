from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from . import display, ical, jsonld, results, search_help
from .forms import EVENT, PAGE_SIZE, SERVICE, SearchForm, page_number
from .models import Service
from .presentation import error_links, filter_groups, tab_links, without, yes_no_choices

FEED_CAP = 500


def _language():
    return display.current_language(get_language())


def _visible(request, obj):
    """Published content is public; a draft or archived item is shown only to those who
    may see it (its provider, a coordinator), as a preview. Everyone else gets 404."""
    if obj.is_published:
        return False
    if request.user.has_perm(f"catalogue.view_{obj._meta.model_name}", obj):
        return True
    raise Http404


def _capped(querydict):
    """The query with its search words cut to the form's limit, as the API allows: a long
    ``q`` is searched by its start and never repeated into the page whole."""
    values = querydict.getlist("q")
    if len(values) <= 1 and len(querydict.get("q", "")) <= SearchForm.Q_MAX_LENGTH:
        return querydict
    capped = querydict.copy()
    capped["q"] = values[-1][: SearchForm.Q_MAX_LENGTH]
    return capped


@require_safe
def search(request):
    query_data = _capped(request.GET)
    if query_data is not request.GET:
        # Every link on the page (tabs, languages, feeds) repeats the address: cut it once.
        return redirect(f"{request.path}?{query_data.urlencode()}")
    kind = EVENT if query_data.get("kind") == "events" else SERVICE
    # The same cached reference lists as the API (dropped when one is saved).
    references = results.reference_lists()
    form = SearchForm(query_data, kind=kind, references=references)
    page = None
    if form.is_valid():
        page = results.run(
            kind, form.search_params(_language()), page_number(query_data.get("page")), PAGE_SIZE
        )
    facets = page.facets if page else {}
    query = without(query_data, "page")
    lang = _language()
    help_ = None
    if page is not None and not page.count:
        help_ = search_help.no_results_help(form, query_data, kind, lang)
    return render(
        request,
        "catalogue/search.html",
        {
            "form": form,
            "kind": kind,
            "page": page,
            "query": query.urlencode(),
            "tabs": tab_links(query_data, kind),
            "groups": filter_groups(form, references, facets),
            "yes_no": yes_no_choices(form, facets),
            "error_links": error_links(form),
            "feed_query": without(query_data, "page", "kind").urlencode(),
            "offers": search_help.filter_offers(form, query_data, references, lang),
            "active_filters": search_help.active_filters(form),
            "help": help_,
        },
    )


@require_safe
def service_detail(request, pk):
    service = get_object_or_404(
        display.services_for_display(display.with_next_event(Service.objects.all())),
        pk=pk,
    )
    preview = _visible(request, service)
    now = timezone.now()
    upcoming = display.events_for_display(
        display.public_events().filter(service=service, start__gte=now).order_by("start")
    )[:21]
    upcoming = list(upcoming)
    url = request.build_absolute_uri()
    return render(
        request,
        "catalogue/service_detail.html",
        {
            "service": service,
            "preview": preview,
            "upcoming": upcoming[:20],
            "more_upcoming": len(upcoming) > 20,
            "municipalities": display.municipalities_of(service),
            "jsonld": jsonld.script_tag(jsonld.service(service, url, _language())),
        },
    )


def _event_or_404(request, pk):
    event = get_object_or_404(display.events_for_display(), pk=pk)
    return event, _visible(request, event)


@require_safe
def event_detail(request, pk):
    event, preview = _event_or_404(request, pk)
    service = event.service if event.service and event.service.is_published else None
    url = request.build_absolute_uri(reverse("catalogue:event", args=[event.pk]))
    return render(
        request,
        "catalogue/event_detail.html",
        {
            "event": event,
            "service": service,
            "preview": preview,
            "address": display.address_line(event.place, _language()),
            "jsonld": jsonld.script_tag(jsonld.event(event, url, _language())),
        },
    )


def _calendar_response(request, events, name, filename):
    body = ical.calendar(
        events,
        url_for=lambda event: request.build_absolute_uri(
            reverse("catalogue:event", args=[event.pk])
        ),
        uid_domain=request.get_host().split(":")[0],
        name=name,
        language=_language(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def event_ics(request, pk):
    event, _preview = _event_or_404(request, pk)
    return _calendar_response(
        request, [event], display.text(event, "name", _language()).value, f"event-{event.pk}.ics"
    )


@require_safe
def search_ics(request):
    """The events matching the search, from today on: a subscription that keeps the
    filters in its address, so the calendar follows new events as they are published."""
    form = SearchForm(request.GET, kind=EVENT)
    if not form.is_valid():
        lines = [f"{name}: {' '.join(messages)}" for name, messages in form.error_dict().items()]
        return HttpResponseBadRequest(
            "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
        )
    params = form.search_params(_language())
    today = timezone.localdate()
    if params.date_from is None or params.date_from < today:
        params.date_from = today
    ids = results.all_ids(EVENT, params, FEED_CAP)
    events = display.in_order(display.events_for_display(display.public_events()), ids)
    return _calendar_response(request, events, gettext("Kohtaamo events"), "kohtaamo-events.ics")
