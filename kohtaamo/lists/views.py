"""Pages where a professional builds a personal list and hands it to a client.

Only professionals and culture advisors make lists, and each sees only their own: any
other list is "not found" (404), so these pages never reveal that it exists.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kohtaamo.catalogue import display
from kohtaamo.core.gates import gate
from kohtaamo.core.redirects import back

from . import printing, services
from .forms import AddItemForm, DetailsForm, ItemActionForm, SendForm

PAGE_SIZE = 20


list_maker = gate("lists.view_personallist")


def _own(request, pk, perm="lists.change_personallist"):
    personal_list = services.own_list(request.user, pk)
    if not request.user.has_perm(perm, personal_list):
        raise Http404
    return personal_list


def _detail(personal_list):
    return redirect("lists:detail", personal_list.pk)


@require_safe
@list_maker
def index(request):
    page = Paginator(services.lists_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    current = services.current_list(request)
    return render(
        request,
        "lists/index.html",
        {
            "page": page,
            "current_id": current.pk if current else None,
            "retention_days": services.RETENTION.days,
        },
    )


@require_POST
@list_maker
def start(request):
    if not request.user.has_perm("lists.add_personallist"):
        raise PermissionDenied
    personal_list = services.start_list(request)
    messages.success(request, _("You started a new list. Items you add go to this list."))
    return _detail(personal_list)


def _offering(form):
    """The published service or event the form names, or 404."""
    if form.cleaned_data.get("service"):
        queryset = display.public_services()
        pk = form.cleaned_data["service"]
    else:
        queryset = display.public_events()
        pk = form.cleaned_data["event"]
    return get_object_or_404(queryset, pk=pk)


@require_POST
@list_maker
def add(request):
    if not request.user.has_perm("lists.add_personallist"):
        raise PermissionDenied
    form = AddItemForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose one service or event."))
    offering = _offering(form)
    personal_list = services.current_list(request, create=True)
    list_url = reverse("lists:detail", args=[personal_list.pk])
    name = display.text(offering, "name").value
    try:
        _item, added = services.add_item(personal_list, offering)
    except services.ListFull:
        messages.error(
            request,
            _("The list already has %(count)s items. Start a new list or remove some.")
            % {"count": services.MAX_ITEMS},
        )
        return back(request, list_url)
    count = personal_list.items.count()
    if added:
        text = _("“%(name)s” was added to your list.") % {"name": name}
    else:
        text = _("“%(name)s” is already on your list.") % {"name": name}
    summary = ngettext(
        "Open the list (%(count)s item)", "Open the list (%(count)s items)", count
    ) % {"count": count}
    messages.success(request, format_html('{} <a href="{}">{}</a>', text, list_url, summary))
    return back(request, list_url)


@require_http_methods(["GET", "HEAD", "POST"])
@list_maker
def detail(request, pk):
    personal_list = _own(request, pk, "lists.view_personallist")
    if request.method == "POST":
        form = DetailsForm(request.POST, instance=personal_list)
        if form.is_valid():
            services.update_details(
                personal_list,
                note=form.cleaned_data["note"],
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("The note and language were saved."))
            return _detail(personal_list)
    else:
        form = DetailsForm(instance=personal_list)
    items = list(
        personal_list.items.select_related(
            "service", "event", "event__service", "event__place", "event__place__municipality"
        )
    )
    current = services.current_list(request)
    return render(
        request,
        "lists/detail.html",
        {
            "personal_list": personal_list,
            "items": items,
            "form": form,
            "is_current": current is not None and current.pk == personal_list.pk,
            "retention_days": services.RETENTION.days,
            "max_items": services.MAX_ITEMS,
        },
    )


@require_POST
@list_maker
def item(request, pk):
    personal_list = _own(request, pk)
    form = ItemActionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose an item on the list."))
    item_id, action = form.cleaned_data["item"], form.cleaned_data["action"]
    if action == "remove":
        services.remove_item(personal_list, item_id)
        messages.success(request, _("The item was removed from the list."))
    else:
        services.move_item(personal_list, item_id, action)
    response = _detail(personal_list)
    # Back to the item that moved, so a keyboard user keeps their place.
    if action != "remove":
        response["Location"] += f"#item-{item_id}"
    return response


@require_POST
@list_maker
def choose(request, pk):
    personal_list = _own(request, pk)
    services.choose_list(request, personal_list)
    messages.success(request, _("Items you add from the search now go to this list."))
    return _detail(personal_list)


@require_POST
@list_maker
def delete(request, pk):
    personal_list = _own(request, pk, "lists.delete_personallist")
    services.delete_list(request, personal_list)
    messages.success(request, _("The list was deleted."))
    return redirect("lists:index")


def _printable(request, personal_list):
    items = printing.printable_items(request, personal_list)
    if not items:
        messages.error(
            request, _("There is nothing to print: add services or events to the list first.")
        )
    return items


@require_safe
@list_maker
def print_page(request, pk):
    personal_list = _own(request, pk, "lists.view_personallist")
    items = _printable(request, personal_list)
    if not items:
        return _detail(personal_list)
    html = printing.render_page(
        request,
        personal_list,
        items,
        back_url=reverse("lists:detail", args=[personal_list.pk]),
        pdf_url=reverse("lists:pdf", args=[personal_list.pk]),
        interface_language=display.current_language(),
    )
    return HttpResponse(html)


@require_safe
@list_maker
def pdf(request, pk):
    personal_list = _own(request, pk, "lists.view_personallist")
    items = _printable(request, personal_list)
    if not items:
        return _detail(personal_list)
    response = HttpResponse(
        printing.pdf(request, personal_list, items), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{printing.pdf_filename()}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@list_maker
def send(request, pk):
    personal_list = _own(request, pk, "lists.view_personallist")
    form = SendForm(request.POST if request.method == "POST" else None)
    failed = refused = False
    if form.is_bound and form.is_valid():
        try:
            services.send_to_client(request, personal_list, form.cleaned_data["address"])
        except services.NothingToPrint:
            messages.error(
                request, _("There is nothing to send: add services or events to the list first.")
            )
            return _detail(personal_list)
        except services.TooManySends:
            form, refused = SendForm(), True
        except services.SendFailed:
            # An empty form again: the address is not kept, not even in the page.
            form, failed = SendForm(), True
        else:
            messages.success(
                request, _("The list was sent to the client. The address was not saved.")
            )
            return _detail(personal_list)
    return render(
        request,
        "lists/send.html",
        {
            "personal_list": personal_list,
            "form": form,
            "failed": failed,
            "refused": refused,
            "limit": services.SENDS_PER_HOUR,
        },
    )
