"""Pages where providers keep their services, events, places and profile, and where
county coordinators take content off the public catalogue.

Content of an organisation the user does not reach is "not found" (404), never
"forbidden", so that these pages do not reveal what other organisations have in draft.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Event, Place, ProviderProfile, Service
from .provider_forms import (
    EventForm,
    ModerationSearchForm,
    PlaceForm,
    ProviderProfileForm,
    RemovalForm,
    ServiceForm,
)
from .provider_services import (
    EDIT_PERMISSION,
    NotReadyToPublish,
    organisation_content,
    organisation_for,
    provider_organisations,
    removed_by_coordinator,
    save_offering,
    save_place,
    save_profile,
    status_counts,
)
from .services import change_status, publish_problems, published
from .states import Move, Status, TransitionNotAllowed, allowed_moves

PAGE_SIZE = 20
PROVIDER_MOVES = (Move.PUBLISH, Move.UNPUBLISH, Move.ARCHIVE, Move.RESTORE)
OFFERINGS = {"service": Service, "event": Event}


def _require_editor(user):
    if not user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied


def _chosen_organisation(request):
    """The organisation this page is about: ``?organisation=<id>``, or the first one
    the user keeps content for."""
    organisations = provider_organisations(request.user)
    wanted = request.GET.get("organisation")
    if wanted:
        organisation = organisation_for(request.user, wanted)
        if organisation is None:
            raise Http404
    else:
        organisation = organisations[0] if organisations else None
    return organisation, organisations


def _organisation_or_404(request):
    organisation, _organisations = _chosen_organisation(request)
    if organisation is None:
        raise Http404
    return organisation


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _dashboard_url(organisation):
    return f"{reverse('provider:dashboard')}?{urlencode({'organisation': organisation.pk})}"


def _editable(user, model, pk):
    """``model`` row ``pk`` if ``user`` may change it, else 404."""
    rows = model.objects.reachable_by(user, f"catalogue.change_{model._meta.model_name}")
    return get_object_or_404(rows.select_related("organisation__county"), pk=pk)


@login_required
def dashboard(request):
    _require_editor(request.user)
    organisation, organisations = _chosen_organisation(request)
    if organisation is not None and organisation not in organisations:
        # An administrator reaching an organisation through its county, not a membership.
        organisations = [organisation, *organisations]
    context = {"organisation": organisation, "organisations": organisations}
    if organisation is not None:
        content = organisation_content(organisation)
        pages = {}
        for name in ("services", "events", "places"):
            param = f"{name}_page"
            pages[name] = {
                "page": Paginator(content[name], PAGE_SIZE).get_page(request.GET.get(param)),
                "param": param,
                "query": _query_without(request, param),
            }
        own_services = Service.objects.filter(organisation=organisation)
        own_events = Event.objects.filter(organisation=organisation)
        context.update(
            pages=pages,
            service_counts=status_counts(own_services),
            event_counts=status_counts(own_events),
            removed_services=removed_by_coordinator(own_services),
            removed_events=removed_by_coordinator(own_events.select_related("service")),
            can_edit_profile=request.user.has_perm(
                "catalogue.change_providerprofile", organisation
            ),
        )
    return render(request, "provider/dashboard.html", context)


def _offering_page(request, form_class, organisation, offering=None, initial=None):
    """The create and edit page of a service or an event."""
    model = form_class._meta.model
    form = form_class(
        request.POST or None, instance=offering, initial=initial, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        was_published = offering is not None and offering.status == Status.PUBLISHED
        publish = "publish" in request.POST
        try:
            offering = save_offering(request.user, form, publish=publish)
        except NotReadyToPublish as incomplete:
            form.add_problems(incomplete.problems)
            form.add_error(
                None,
                _("Nothing was saved: published content must stay complete.")
                if was_published
                else _("Not published: fill in what is marked. You can also save a draft."),
            )
        except (ValidationError, TransitionNotAllowed):
            form.add_error(None, _("Not published: someone changed it at the same time."))
        else:
            if offering.status == Status.PUBLISHED:
                messages.success(request, _("Saved and published."))
            else:
                messages.success(request, _("Saved."))
            return redirect(f"provider:{model._meta.model_name}_edit", pk=offering.pk)
    kind = model._meta.model_name
    saved = form.instance if form.instance.pk else None
    context = {
        "form": form,
        "kind": kind,
        "organisation": organisation,
        "offering": saved,
        "dashboard_url": _dashboard_url(organisation),
    }
    if saved is not None:
        # Publishing is the form's own button, so that what is missing shows by the fields.
        context["moves"] = [
            move
            for move in allowed_moves(saved.status)
            if move in PROVIDER_MOVES and move != Move.PUBLISH
        ]
        context["move_url"] = reverse(f"provider:{kind}_move", args=[saved.pk])
        if saved.status == Status.DRAFT:
            context["problems"] = publish_problems(saved)
    return render(request, "provider/offering_form.html", context)


@login_required
def service_create(request):
    _require_editor(request.user)
    return _offering_page(request, ServiceForm, _organisation_or_404(request))


@login_required
def service_edit(request, pk):
    service = _editable(request.user, Service, pk)
    return _offering_page(request, ServiceForm, service.organisation, service)


def _event_initial(service):
    """A new event of ``service`` starts with the service's texts and classification."""
    copied = [
        f"{text}_{code}"
        for text in ("name", "summary", "description", "keywords", "price")
        for code in ("fi", "sv", "en")
    ]
    initial = {name: getattr(service, name) for name in copied}
    initial.update(
        service=service.pk,
        age_min=service.age_min,
        age_max=service.age_max,
        is_free=service.is_free,
        booking_url=service.booking_url,
        contact_phone=service.contact_phone,
        contact_email=service.contact_email,
    )
    for name in ("steps", "art_forms", "target_groups", "languages", "accessibility"):
        initial[name] = [item.pk for item in getattr(service, name).all()]
    place = service.places.filter(organisation=service.organisation_id).first()
    if place is not None:
        initial["place"] = place.pk
    return initial


@login_required
def event_create(request):
    _require_editor(request.user)
    initial = None
    if request.GET.get("service"):
        try:
            service_id = int(request.GET["service"])
        except ValueError:
            raise Http404 from None
        service = _editable(request.user, Service, service_id)
        organisation = service.organisation
        if request.method == "GET":
            initial = _event_initial(service)
    else:
        organisation = _organisation_or_404(request)
    return _offering_page(request, EventForm, organisation, initial=initial)


@login_required
def event_edit(request, pk):
    event = _editable(request.user, Event, pk)
    return _offering_page(request, EventForm, event.organisation, event)


@require_POST
@login_required
def offering_move(request, kind, pk):
    """Publish, return to draft, archive or restore: one button each on the edit page."""
    model = OFFERINGS[kind]
    offering = _editable(request.user, model, pk)
    try:
        move = Move(request.POST.get("move", ""))
    except ValueError:
        move = None
    edit_page = redirect(f"provider:{kind}_edit", pk=offering.pk)
    if move not in PROVIDER_MOVES:
        messages.error(request, _("That change is not possible."))
        return edit_page
    try:
        change_status(request.user, offering, move)
    except TransitionNotAllowed:
        messages.error(request, _("That change is not possible now. The page has been updated."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Status changed: %(status)s.") % {"status": offering.get_status_display()},
        )
    return edit_page


def _place_page(request, organisation, place=None):
    form = PlaceForm(request.POST or None, instance=place, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        place = save_place(request.user, form)
        messages.success(request, _("Saved."))
        return redirect("provider:place_edit", pk=place.pk)
    return render(
        request,
        "provider/place_form.html",
        {
            "form": form,
            "organisation": organisation,
            "place": place,
            "dashboard_url": _dashboard_url(organisation),
        },
    )


@login_required
def place_create(request):
    if not request.user.has_perm("catalogue.add_place"):
        raise PermissionDenied
    return _place_page(request, _organisation_or_404(request))


@login_required
def place_edit(request, pk):
    place = _editable(request.user, Place, pk)
    return _place_page(request, place.organisation, place)


@login_required
def profile(request):
    if not request.user.has_perm("catalogue.change_providerprofile"):
        raise PermissionDenied
    organisation = _organisation_or_404(request)
    if not request.user.has_perm("catalogue.change_providerprofile", organisation):
        raise Http404
    instance = ProviderProfile.objects.filter(organisation=organisation).first()
    if instance is None:
        instance = ProviderProfile(organisation=organisation)
    form = ProviderProfileForm(request.POST or None, instance=instance, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        save_profile(request.user, form)
        messages.success(request, _("Saved."))
        return redirect(
            f"{reverse('provider:profile')}?{urlencode({'organisation': organisation.pk})}"
        )
    return render(
        request,
        "provider/profile_form.html",
        {"form": form, "organisation": organisation, "dashboard_url": _dashboard_url(organisation)},
    )


def _removal_target(request):
    """The service or event a coordinator's removal form is about, or 404."""
    kind = request.POST.get("kind")
    model = OFFERINGS.get(kind)
    try:
        pk = int(request.POST.get("pk", ""))
    except ValueError:
        pk = None
    if model is None or pk is None:
        raise Http404
    rows = model.objects.reachable_by(request.user, f"catalogue.moderate_{kind}")
    return kind, get_object_or_404(rows, pk=pk)


@login_required
def moderation(request):
    user = request.user
    if not (
        user.has_perm("catalogue.moderate_service") or user.has_perm("catalogue.moderate_event")
    ):
        raise PermissionDenied
    search = ModerationSearchForm(request.GET or None)
    words = search.cleaned_data["q"].strip() if search.is_valid() else ""

    rejected, summary = None, []
    if request.method == "POST":
        kind, target = _removal_target(request)
        form = RemovalForm(request.POST)
        if form.is_valid():
            try:
                change_status(user, target, Move.MODERATE, form.cleaned_data["reason"])
            except TransitionNotAllowed:
                messages.error(request, _("It was no longer in the public catalogue."))
                return redirect(request.get_full_path())
            except ValidationError as error:
                form.add_error("reason", " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _(
                        "“%(name)s” was removed from the public catalogue. "
                        "The provider sees your reason."
                    )
                    % {"name": target.name},
                )
                return redirect(request.get_full_path())
        rejected = (kind, target.pk, form)
        summary = [
            {"anchor": f"reason-{kind}-{target.pk}", "label": _("Reason for removal"), "message": m}
            for m in form.errors.get("reason", [])
        ]

    lists = {}
    for kind, model in OFFERINGS.items():
        rows = published(model).reachable_by(user, f"catalogue.moderate_{kind}")
        rows = rows.select_related("organisation")
        if kind == "event":
            rows = rows.select_related("service").order_by("start", "pk")
        else:
            rows = rows.order_by("name_fi", "pk")
        if words:
            match = (
                Q(name_fi__icontains=words)
                | Q(name_sv__icontains=words)
                | Q(name_en__icontains=words)
            )
            if kind == "event":
                match |= Q(name_fi="", name_sv="", name_en="") & (
                    Q(service__name_fi__icontains=words)
                    | Q(service__name_sv__icontains=words)
                    | Q(service__name_en__icontains=words)
                )
            rows = rows.filter(match)
        param = f"{kind}s_page"
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get(param))
        page.object_list = list(page.object_list)
        for item in page.object_list:
            item.reason_field_id = f"reason-{kind}-{item.pk}"
            item.removal_form = None
            if rejected and rejected[0] == kind and rejected[1] == item.pk:
                item.removal_form = rejected[2]
        lists[kind] = {"page": page, "param": param, "query": _query_without(request, param)}
    return render(
        request,
        "provider/moderation.html",
        {
            "search": search,
            "words": words,
            "lists": lists,
            "rejected": rejected,
            "summary": summary,
        },
    )
