"""The parts of the start page, one for each kind of work.

Each function answers ``None`` when its reader does not do that work, or a
:class:`Panel` with what they need first. They read only through the apps' own
services, so a part never shows what its reader could not open.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Unit, User
from kohtaamo.cards import services as card_services
from kohtaamo.catalogue.models import Event, Service
from kohtaamo.catalogue.states import Status as ContentStatus
from kohtaamo.lists import services as list_services
from kohtaamo.referrals import services as referral_services
from kohtaamo.referrals.models import ContactLog
from kohtaamo.referrals.states import AWAITING_RESPONSE, WORKING
from kohtaamo.referrals.states import Status as ReferralStatus

# How many rows of each list the start page shows; the full list is a link away.
ROWS = 5


@dataclass
class Panel:
    name: str
    title: str | Promise  # lazy translation
    template: str
    context: dict = field(default_factory=dict)


@dataclass
class Reader:
    """Whom the start page is for, and when; what several parts ask is read once."""

    user: User
    now: datetime

    @cached_property
    def issuing_units(self) -> list[Unit]:
        return referral_services.issuing_units(self.user)


def for_user(user, *, now=None) -> list[Panel]:
    reader = Reader(user, now or timezone.now())
    makers = (
        referral_inbox,
        referrals_sent,
        client_lists,
        culture_cards,
        door_lists,
        own_content,
        network,
    )
    found = [panel for make in makers if (panel := make(reader)) is not None]
    found.append(personal(reader))
    return found


def referrals_sent(reader: Reader) -> Panel | None:
    """A nurse's referrals: drafts to finish and those sent lately, with their status."""
    user = reader.user
    units = reader.issuing_units
    if not units:
        return None
    sent = referral_services.sent_by_units_of(user)
    if referral_services.only_receives(units) and not sent.exists():
        # An advisor who has never sent one: the inbox is their work.
        return None
    return Panel(
        "referrals-sent",
        _("Referrals you sent"),
        "desk/_referrals_sent.html",
        {
            "drafts": list(sent.filter(status=ReferralStatus.DRAFT)[:ROWS]),
            "recent": list(sent.exclude(status=ReferralStatus.DRAFT)[:ROWS]),
            "can_book": user.has_perm("cards.book_for_holder"),
        },
    )


def client_lists(reader: Reader) -> Panel | None:
    """The lists of activities a professional is putting together for clients."""
    user = reader.user
    if not user.has_perm("lists.view_personallist"):
        return None
    return Panel(
        "client-lists",
        _("Lists for clients"),
        "desk/_client_lists.html",
        {"lists": list(list_services.lists_of(user)[:ROWS])},
    )


def referral_inbox(reader: Reader) -> Panel | None:
    """An advisor's inbox: how many wait for an answer, are overdue or in progress, and
    the contacts recorded for today."""
    user, now = reader.user, reader.now
    if not user.has_perm("referrals.act_as_receiver"):
        return None
    incoming = referral_services.received_by_units_of(user)
    counts = incoming.aggregate(
        waiting=Count("pk", filter=Q(status__in=AWAITING_RESPONSE)),
        overdue=Count("pk", filter=Q(status__in=AWAITING_RESPONSE, response_due_at__lt=now)),
        working=Count("pk", filter=Q(status__in=WORKING)),
    )
    if not any(counts.values()) and not _receives(reader.issuing_units):
        # A sender whose unit receives nothing: the sender's part says it all.
        return None
    today = timezone.localdate(now)
    contacts = (
        ContactLog.objects.filter(referral__in=incoming, date=today)
        .select_related("referral__referral_type")
        .order_by("pk")[:ROWS]
    )
    return Panel(
        "referral-inbox",
        _("Incoming referrals"),
        "desk/_referral_inbox.html",
        {**counts, "contacts": list(contacts)},
    )


def _receives(units):
    # Writing for no unit, a receiver only; else receiving in at least one of them.
    return not units or any(referral_services.receives_referrals(unit) for unit in units)


def culture_cards(reader: Reader) -> Panel | None:
    """A distributor issues cards: the button, and the cards issued lately."""
    user = reader.user
    if not user.has_perm("cards.view_card"):
        return None
    return Panel(
        "culture-cards",
        _("Culture cards"),
        "desk/_culture_cards.html",
        {
            "recent": list(card_services.cards_of(user)[:ROWS]),
            "can_issue": user.has_perm("cards.add_card"),
        },
    )


def door_lists(reader: Reader) -> Panel | None:
    """A venue's door lists for today."""
    user, now = reader.user, reader.now
    if not user.has_perm("cards.check_in_cardoffer"):
        return None
    today = timezone.localdate(now)
    offers = card_services.at_the_door_today(card_services.offers_of(user), today)
    return Panel(
        "door-lists",
        _("Today at the door"),
        "desk/_door_lists.html",
        {"offers": list(offers.order_by("event__start", "pk")[:ROWS]), "today": today},
    )


def own_content(reader: Reader) -> Panel | None:
    """A provider's services and events: what is published and what is still a draft."""
    user = reader.user
    if not user.has_perm("catalogue.change_service"):
        return None
    counts = {}
    for name, model in (("services", Service), ("events", Event)):
        rows = model.objects.reachable_by(user, f"catalogue.change_{model._meta.model_name}")
        counts[name] = rows.aggregate(
            published=Count("pk", filter=Q(status=ContentStatus.PUBLISHED)),
            drafts=Count("pk", filter=Q(status=ContentStatus.DRAFT)),
        )
    return Panel("own-content", _("Your services and events"), "desk/_own_content.html", counts)


def network(reader: Reader) -> Panel | None:
    """A coordinator's or analyst's way into the numbers, moderation, referral types, the
    county's arts in care units and its volunteer work."""
    user = reader.user
    links = {
        "moderate": user.has_perm("catalogue.moderate_service"),
        "referral_numbers": user.has_perm("referrals.view_statistics"),
        "card_numbers": user.has_perm("cards.view_programme_statistics"),
        "referral_types": user.has_perm("referrals.view_referraltype"),
        "arts_in_care": user.has_perm("arts_in_care.view_inventory"),
        "volunteer_numbers": user.has_perm("volunteers.view_statistics"),
        "audit": user.has_perm("core.view_auditevent"),
    }
    if not (links["moderate"] or links["card_numbers"] or links["referral_types"]):
        return None
    return Panel("network", _("The network"), "desk/_network.html", links)


def personal(reader: Reader) -> Panel:
    """What everyone signed in has: favourites, alerts and calls for offers."""
    user = reader.user
    return Panel(
        "personal",
        _("Your own"),
        "desk/_personal.html",
        {
            "calls": user.has_perm("buyers.add_callforoffers")
            or user.has_perm("buyers.answer_callforoffers")
        },
    )
