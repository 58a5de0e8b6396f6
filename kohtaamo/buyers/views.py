"""Pages for buyers and the providers who answer them: favourites, alerts on saved
searches, and calls for offers with their answers.

Someone else's favourite, alert, draft call or answers are "not found" (404), never
"forbidden": these pages do not tell what exists in other people's hands.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kohtaamo.catalogue import display
from kohtaamo.catalogue.models import Event, Service
from kohtaamo.core.redirects import back

from . import services
from .forms import (
    AlertActionForm,
    AnswerForm,
    AnswerMoveForm,
    CallForm,
    CallMoveForm,
    IdForm,
    OfferingForm,
    SaveSearchForm,
)
from .models import Answer
from .states import (
    AnswerMove,
    AnswerStatus,
    CallMove,
    CallStatus,
    TransitionNotAllowed,
    answer_moves,
    call_moves,
)

PAGE_SIZE = 20


def _page(request, rows, param="page"):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get(param))


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# --------------------------------------------------------------------------------------
# Favourites
# --------------------------------------------------------------------------------------


@require_safe
@login_required
def favourites(request):
    return render(
        request,
        "buyers/favourites.html",
        {"page": _page(request, services.favourites_of(request.user))},
    )


@require_POST
@login_required
def favourite_toggle(request):
    form = OfferingForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose one service or event."))
    kind = "service" if form.cleaned_data.get("service") else "event"
    model = {"service": Service, "event": Event}[kind]
    offering = get_object_or_404(model, pk=form.cleaned_data[kind])
    if (kind, offering.pk) not in services.favourite_keys(request.user) and (
        not offering.is_published
    ):
        # Only what the public catalogue shows can be saved; a saved one can always go.
        raise Http404
    saved = services.toggle_favourite(request.user, offering)
    name = display.text(offering, "name").value
    if saved:
        messages.success(request, _("“%(name)s” was saved to your favourites.") % {"name": name})
    else:
        messages.success(
            request, _("“%(name)s” was removed from your favourites.") % {"name": name}
        )
    return back(request, reverse("buyers:favourites"))


@require_POST
@login_required
def favourite_remove(request):
    form = IdForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a favourite."))
    services.remove_favourite(request.user, form.cleaned_data["id"])
    messages.success(request, _("The favourite was removed."))
    return back(request, reverse("buyers:favourites"))


# --------------------------------------------------------------------------------------
# Saved searches and alerts
# --------------------------------------------------------------------------------------


@require_safe
@login_required
def alerts(request):
    return render(
        request,
        "buyers/alerts.html",
        {"page": _page(request, services.searches_of(request.user))},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def alert_create(request):
    """Save a search as an alert. The search page's box posts here; a mistake comes back
    on this page with the message next to the field."""
    if request.method == "POST":
        form = SaveSearchForm(request.POST)
        raw = request.POST.get("query", "")
    else:
        raw = _query_without(request, "page", "kind")
        form = SaveSearchForm(initial={"query": raw, "name": request.GET.get("q", "")[:100]})
    query = services.checked_query(raw)
    if query is None or (form.is_bound and "query" in form.errors):
        return HttpResponseBadRequest(_("The search has errors: correct it on the search page."))
    if form.is_bound and form.is_valid():
        try:
            services.save_search(
                request.user,
                name=form.cleaned_data["name"],
                query=query,
                language=display.current_language(),
                site_url=services.request_base(request),
            )
        except services.TooManySearches:
            form.add_error(
                None,
                _("You have %(count)s alerts already. Delete one before saving another.")
                % {"count": services.MAX_SAVED_SEARCHES},
            )
        else:
            messages.success(
                request,
                _(
                    "The search was saved. You get an e-mail when new services match it "
                    "(at most once a day)."
                ),
            )
            return redirect("buyers:alerts")
    search_url = reverse("catalogue:search") + (f"?{query}" if query else "")
    return render(request, "buyers/alert_form.html", {"form": form, "search_url": search_url})


@require_POST
@login_required
def alert_action(request, pk):
    saved = services.own_search(request.user, pk)
    form = AlertActionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose what to do with the alert."))
    action = form.cleaned_data["action"]
    if action == "delete":
        services.delete_search(saved)
        messages.success(request, _("The alert “%(name)s” was deleted.") % {"name": saved.name})
    elif action == "off":
        services.set_alert(saved, False)
        messages.success(
            request, _("You no longer get e-mails for “%(name)s”.") % {"name": saved.name}
        )
    else:
        services.set_alert(saved, True)
        messages.success(request, _("You get e-mails for “%(name)s” again.") % {"name": saved.name})
    return redirect("buyers:alerts")


@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The link in a digest. Opening it changes nothing (mail scanners open links);
    the button on the page does. No sign-in needed: the signed link is the key."""
    saved = services.search_for_token(token)
    done = False
    if request.method == "POST":
        services.set_alert(saved, False)
        done = True
    return render(request, "buyers/unsubscribe.html", {"saved": saved, "done": done})


# --------------------------------------------------------------------------------------
# Calls for offers
# --------------------------------------------------------------------------------------


def _may_buy(user):
    return user.has_perm(services.ADD_CALL)


def _may_answer(user):
    return user.has_perm(services.ANSWER_CALL)


@require_safe
@login_required
def calls(request):
    may_buy, may_answer = _may_buy(request.user), _may_answer(request.user)
    if not (may_buy or may_answer):
        raise PermissionDenied
    context = {"may_buy": may_buy, "may_answer": may_answer}
    if may_buy:
        own = (
            services.calls_of_buyer(request.user)
            .annotate(answer_count=Count("answers"))
            .order_by("-created_at", "-id")
        )
        context["own_page"] = _page(request, own, "own_page")
        context["own_query"] = _query_without(request, "own_page")
    organisations = services.answering_organisations(request.user) if may_answer else []
    show = request.GET.get("show")
    matching_only = bool(organisations) and show != "all"
    open_rows = services.open_calls(organisations, matching_only=matching_only)
    context.update(
        open_page=_page(request, open_rows),
        open_query=_query_without(request, "page"),
        matching_only=matching_only,
        can_filter=bool(organisations),
    )
    return render(request, "buyers/calls.html", context)


def _call_form_page(request, form, call=None):
    return render(request, "buyers/call_form.html", {"form": form, "call": call})


def _save_and_maybe_open(request, form, behalf=None):
    """Save the call; with "Save and open", open it too. Returns a response, or None when
    the form must be shown again."""
    call = services.save_call(request.user, form, behalf)
    if "open" not in request.POST:
        messages.success(request, _("The call was saved as a draft."))
        return redirect("buyers:call", call.pk)
    try:
        services.change_call_status(
            request.user, call, CallMove.OPEN, services.request_base(request)
        )
    except services.CallNotReady as problem:
        for field, missing in problem.problems.items():
            form.add_error(
                field if field in form.fields else None,
                _("Needed for opening: %(missing)s.") % {"missing": missing},
            )
        return None
    messages.success(request, _("The call is open. Providers whose profile matches were told."))
    return redirect("buyers:call", call.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def call_create(request):
    behalves = services.buyer_behalves(request.user)
    if not behalves:
        raise PermissionDenied
    form = CallForm(
        request.POST if request.method == "POST" else None,
        behalves=behalves,
        initial={"contact_name": request.user.full_name, "contact_email": request.user.email},
    )
    if form.is_bound and form.is_valid():
        response = _save_and_maybe_open(request, form, form.chosen_behalf())
        if response is not None:
            return response
        # Saved as a draft but not opened: go on from the draft's own address.
        return _call_form_page(request, form, form.instance)
    return _call_form_page(request, form)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def call_edit(request, pk):
    call = services.call_for_buyer(request.user, pk, services.CHANGE_CALL)
    if call.status != CallStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("buyers:call", call.pk)
    form = CallForm(request.POST if request.method == "POST" else None, instance=call)
    if form.is_bound and form.is_valid():
        response = _save_and_maybe_open(request, form)
        if response is not None:
            return response
    return _call_form_page(request, form, call)


def _chosen_provider(request, organisations):
    """The provider organisation this page answers for: ``organisation`` in the query or
    form, else the first one."""
    wanted = request.POST.get("organisation") or request.GET.get("organisation")
    if wanted:
        for organisation in organisations:
            if str(organisation.pk) == str(wanted):
                return organisation
        raise Http404
    return organisations[0] if organisations else None


def _call_page(request, call, is_buyer, answer_form=None, status=200):
    services.close_if_expired(call)
    context = {
        "call": call,
        "is_buyer": is_buyer,
        "art_forms": list(call.art_forms.all()),
        "target_groups": list(call.target_groups.all()),
        "steps": list(call.steps.all()),
        "municipalities": list(call.municipalities.all()),
    }
    if is_buyer:
        context.update(
            moves=[
                {"value": move.value, "label": move.label}
                for move in call_moves(call.status)
                if request.user.has_perm(services.CHANGE_CALL, call)
            ],
            answer_counts=services.answer_status_counts(call),
            answer_total=call.answers.count(),
            can_edit=call.status == CallStatus.DRAFT
            and request.user.has_perm(services.CHANGE_CALL, call),
        )
    organisations = services.answering_organisations(request.user)
    organisation = _chosen_provider(request, organisations)
    if organisation is not None and organisation.pk != call.organisation_id:
        answer = services.answer_of(call, organisation)
        taking = call.status == CallStatus.OPEN and not call.deadline_passed()
        if answer_form is None and taking:
            answer_form = AnswerForm(instance=answer, organisation=organisation)
        context.update(
            organisations=organisations,
            organisation=organisation,
            answer=answer,
            answer_form=answer_form if taking else None,
        )
    return render(request, "buyers/call_detail.html", context, status=status)


@require_safe
@login_required
def call_detail(request, pk):
    call, is_buyer = services.call_for_reader(request.user, pk)
    return _call_page(request, call, is_buyer)


@require_POST
@login_required
def call_move(request, pk):
    call = services.call_for_buyer(request.user, pk, services.CHANGE_CALL)
    form = CallMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose what to do with the call."))
    move = form.cleaned_data["move"]
    try:
        services.change_call_status(request.user, call, move, services.request_base(request))
    except TransitionNotAllowed:
        messages.error(
            request,
            _("That cannot be done to a call that is %(status)s.")
            % {"status": call.get_status_display().lower()},
        )
    except services.CallNotReady as problem:
        messages.error(
            request,
            _("Before opening, add: %(missing)s.")
            % {"missing": ", ".join(str(missing) for missing in problem.problems.values())},
        )
        return redirect("buyers:call_edit", call.pk)
    else:
        text = {
            CallMove.OPEN: _("The call is open. Providers whose profile matches were told."),
            CallMove.CLOSE: _("The call is closed. No more answers are taken."),
            CallMove.CANCEL: _("The call was cancelled."),
        }[CallMove(move)]
        messages.success(request, text)
    return redirect("buyers:call", call.pk)


@require_POST
@login_required
def answer_submit(request, pk):
    call, is_buyer = services.call_for_reader(request.user, pk)
    organisations = services.answering_organisations(request.user)
    organisation = _chosen_provider(request, organisations)
    if organisation is None or organisation.pk == call.organisation_id:
        raise PermissionDenied
    answer = services.answer_of(call, organisation)
    form = AnswerForm(request.POST, instance=answer, organisation=organisation)
    if form.is_valid():
        try:
            _answer, created = services.submit_answer(
                request.user,
                call,
                organisation,
                offer=form.cleaned_data["offer"],
                price=form.cleaned_data["price"],
                available_dates=form.cleaned_data["available_dates"],
                service=form.cleaned_data["service"],
            )
        except services.CallNotOpen:
            messages.error(request, _("The call is closed: answers are no longer taken."))
            return redirect("buyers:call", call.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your answer was sent to the buyer.")
                if created
                else _("Your answer was updated."),
            )
            url = reverse("buyers:call", args=[call.pk])
            if len(organisations) > 1:
                url += "?" + urlencode({"organisation": organisation.pk})
            return redirect(url)
    return _call_page(request, call, is_buyer, answer_form=form)


@require_safe
@login_required
def answers(request, pk):
    call = services.call_for_buyer(request.user, pk)
    services.close_if_expired(call)
    rows = list(services.answers_to_compare(call))
    can_decide = request.user.has_perm(services.CHANGE_CALL, call) and call.status in (
        CallStatus.OPEN,
        CallStatus.CLOSED,
    )
    for answer in rows:
        answer.moves = (
            [{"value": m.value, "label": m.label} for m in answer_moves(answer.status)]
            if can_decide
            else []
        )
    return render(
        request,
        "buyers/answers.html",
        {"call": call, "answers": rows, "statuses": AnswerStatus},
    )


@require_POST
@login_required
def answer_move(request, pk):
    call = services.call_for_buyer(request.user, pk, services.CHANGE_CALL)
    form = AnswerMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose an answer and what to do with it."))
    answer = get_object_or_404(Answer, call=call, pk=form.cleaned_data["answer"])
    try:
        services.change_answer_status(request.user, answer, form.cleaned_data["move"])
    except (TransitionNotAllowed, services.CallNotOpen):
        messages.error(request, _("That cannot be done to this answer now."))
    else:
        text = {
            AnswerMove.SHORTLIST: _("The answer from %(provider)s is on the shortlist."),
            AnswerMove.DECLINE: _("The answer from %(provider)s was declined."),
            AnswerMove.ACCEPT: _("The answer from %(provider)s was accepted."),
        }[AnswerMove(form.cleaned_data["move"])]
        messages.success(request, text % {"provider": answer.organisation.name})
    return redirect(f"{reverse('buyers:answers', args=[call.pk])}#answer-{answer.pk}")
