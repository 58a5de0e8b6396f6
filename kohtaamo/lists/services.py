"""What a professional does with a personal list: each action one function.

A list belongs to the professional who made it and to nobody else: every function takes
the owner's list (found by :func:`own_list`) and no view reaches a list another way.
"""

import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from kohtaamo.accounts.models import User
from kohtaamo.accounts.requests import SignedInRequest
from kohtaamo.catalogue import display
from kohtaamo.catalogue.models import Event, Service
from kohtaamo.core import audit
from kohtaamo.core.models import AuditEvent

from . import printing
from .models import ListItem, PersonalList

# A handout, not a catalogue: beyond this the list stops helping a client choose.
MAX_ITEMS = 30
# Lists untouched this long are deleted by ``purge_personal_lists`` (run daily).
RETENTION = timedelta(days=90)
# Which list "Add to list" fills: the one the professional last started or chose.
SESSION_KEY = "lists:current"

MOVES = {"up": -1, "down": 1}
# A professional sends a handful of lists a day; more than this in an hour looks like a
# misused account sending mail to strangers, so it waits.
SENDS_PER_HOUR = 20
SENT_PURPOSE = "e-mailed to client"


class ListFull(Exception):
    pass


class NothingToPrint(Exception):
    """Every item on the list has left the public catalogue (or there are none)."""


class SendFailed(Exception):
    """The mail server refused or could not be reached; nothing was kept."""


class TooManySends(Exception):
    pass


def sent_within_the_hour(user: User) -> int:
    """How many lists ``user`` has e-mailed in the last hour (from the audit log)."""
    return AuditEvent.objects.filter(
        actor_id=user.pk,
        action=audit.Action.EXPORT,
        target_type=PersonalList._meta.label_lower,
        purpose=SENT_PURPOSE,
        occurred_at__gte=timezone.now() - timedelta(hours=1),
    ).count()


def lists_of(user: User) -> QuerySet[PersonalList]:
    """The user's own lists, newest change first, with how many items each holds."""
    return (
        PersonalList.objects.filter(owner=user)
        .annotate(item_count=Count("items"))
        .order_by("-updated_at", "-id")
    )


def own_list(user: User, pk: int | str) -> PersonalList:
    """The user's list ``pk``, or 404: someone else's list does not exist for them."""
    try:
        return PersonalList.objects.get(pk=pk, owner=user)
    except (PersonalList.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def current_list(request: SignedInRequest, *, create: bool = False) -> PersonalList | None:
    """The list that "Add to list" adds to: the one chosen in this session, else the
    newest one, else (with ``create``) a new one."""
    lists = PersonalList.objects.filter(owner=request.user)
    chosen = request.session.get(SESSION_KEY)
    found = lists.filter(pk=chosen).first() if isinstance(chosen, int) else None
    found = found or lists.first()
    if found is None and create:
        found = start_list(request)
    return found


def choose_list(request: SignedInRequest, personal_list: PersonalList) -> None:
    request.session[SESSION_KEY] = personal_list.pk


def start_list(request: SignedInRequest, language: str | None = None) -> PersonalList:
    """A new empty list, which becomes the one that "Add to list" fills."""
    language = language or display.current_language()
    if language not in dict(PersonalList._meta.get_field("language").choices or ()):
        language = settings.LANGUAGE_CODE
    personal_list = PersonalList.objects.create(owner=request.user, language=language)
    choose_list(request, personal_list)
    return personal_list


def _touch(personal_list: PersonalList) -> None:
    # The retention clock and the list order follow the last change to the items too.
    personal_list.save(update_fields=["updated_at"])


@transaction.atomic
def add_item(personal_list: PersonalList, offering: Service | Event) -> tuple[ListItem, bool]:
    """Put a published service or event at the end of the list; returns the item and
    whether it was new (adding twice keeps the one already there)."""
    locked = PersonalList.objects.select_for_update().get(pk=personal_list.pk)
    field = "event" if offering._meta.model_name == "event" else "service"
    existing = locked.items.filter(**{field: offering}).first()
    if existing is not None:
        return existing, False
    if locked.items.count() >= MAX_ITEMS:
        raise ListFull
    last = locked.items.aggregate(last=Max("position"))["last"]
    item = ListItem.objects.create(
        personal_list=locked, position=0 if last is None else last + 1, **{field: offering}
    )
    _touch(personal_list)
    return item, True


@transaction.atomic
def move_item(personal_list: PersonalList, item_id: int, direction: str) -> bool:
    """Swap an item with its neighbour above (``"up"``) or below (``"down"``)."""
    PersonalList.objects.select_for_update().get(pk=personal_list.pk)
    items = list(personal_list.items.all())
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    if index is None:
        raise Http404
    other = index + MOVES[direction]
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    # Renumber from scratch: positions stay 0..n-1 even after removals.
    for position, item in enumerate(items):
        item.position = position
    ListItem.objects.bulk_update(items, ["position"])
    _touch(personal_list)
    return True


@transaction.atomic
def remove_item(personal_list: PersonalList, item_id: int) -> None:
    deleted, _ = personal_list.items.filter(pk=item_id).delete()
    if not deleted:
        raise Http404
    _touch(personal_list)


def update_details(personal_list: PersonalList, *, note: str, language: str) -> None:
    personal_list.note = note
    personal_list.language = language
    personal_list.save(update_fields=["note", "language", "updated_at"])


def delete_list(request: SignedInRequest, personal_list: PersonalList) -> None:
    if request.session.get(SESSION_KEY) == personal_list.pk:
        del request.session[SESSION_KEY]
    personal_list.delete()


def purge_old_lists(now: datetime | None = None) -> int:
    """Delete lists nobody has changed within :data:`RETENTION`; returns how many."""
    cutoff = (now or timezone.now()) - RETENTION
    _total, by_model = PersonalList.objects.filter(updated_at__lt=cutoff).delete()
    return by_model.get(PersonalList._meta.label, 0)


def send_to_client(request: SignedInRequest, personal_list: PersonalList, address: str) -> None:
    """E-mail the list as a PDF to the client's ``address``, in the list's language.

    The address lives only in this call: it is not saved anywhere, and the audit event
    says that the list was sent, not where to.
    """
    if sent_within_the_hour(request.user) >= SENDS_PER_HOUR:
        raise TooManySends
    items = printing.printable_items(request, personal_list)
    if not items:
        raise NothingToPrint
    pdf = printing.pdf(request, personal_list, items)
    with translation.override(personal_list.language):
        context = {
            "personal_list": personal_list,
            "items": items,
            "site_name": settings.KOHTAAMO_SITE_NAME,
        }
        message = EmailMultiAlternatives(
            subject=gettext("Arts and culture activities for you"),
            body=render_to_string("lists/email.txt", context),
            to=[address],
        )
        message.attach_alternative(render_to_string("lists/email.html", context), "text/html")
        message.attach(printing.pdf_filename(), pdf, "application/pdf")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        raise SendFailed from error
    audit.record(audit.Action.EXPORT, personal_list, request=request, purpose="e-mailed to client")
