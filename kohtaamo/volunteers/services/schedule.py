"""Scheduled work: reminders 48 hours before a visit, and requests nobody took by
their deadline. Both are idempotent (``reminded_at``, ``unfilled_alert_at`` are set by
a conditional UPDATE before anything is sent), so a second run, or two at once, sends
nothing twice."""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.notifications import Message

from ..models import Assignment, HelpRequest
from ..states import HELD_STATES, OPEN_STATES, RequestMove
from . import notify
from .lifecycle import REMIND_BEFORE, Actor, _move, close_open_offers, lock


def send_reminders(now: datetime | None = None) -> int:
    """Remind both sides of visits starting within 48 hours: each volunteer with links
    to confirm or step back, the requester with a link to cancel. Returns how many
    requests were reminded."""
    now = now or timezone.now()
    due = HelpRequest.objects.filter(
        status__in=HELD_STATES,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
    ).values_list("pk", flat=True)
    reminded = 0
    for pk in list(due):
        # Whoever stamps it first sends it.
        if not HelpRequest.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        request = HelpRequest.objects.select_related(
            "programme", "municipality", "event", "place", "language", "requested_by"
        ).get(pk=pk)
        _remind(request)
        reminded += 1
    return reminded


def _remind(request: HelpRequest) -> None:
    held = Assignment.objects.filter(request=request, is_active=True).select_related(
        "volunteer__user"
    )
    for assignment in held:

        def build(language: str, assignment: Assignment = assignment) -> Message:
            return Message(
                _("Reminder: your companion visit"),
                notify.lines(
                    _("Reminder: you are going along to %(what)s on %(when)s.")
                    % {"what": notify.what(request), "when": notify.when(request)},
                    _("Confirm that you are coming:")
                    + " "
                    + notify.link(notify.answer_path(assignment, notify.CONFIRM, language)),
                    _("If you cannot come, tell us here:")
                    + " "
                    + notify.link(notify.answer_path(assignment, notify.RELEASE, language)),
                ),
            )

        notify.to_volunteer(assignment.volunteer, build)

    def told(language: str) -> Message:
        return Message(
            _("Reminder: a volunteer is coming along"),
            notify.lines(
                _("A volunteer is coming along to %(what)s on %(when)s.")
                % {"what": notify.what(request), "when": notify.when(request)},
                _("If the visit is off, cancel it here:")
                + " "
                + notify.link(notify.answer_path(request, notify.CANCEL, language)),
            ),
        )

    notify.to_requester(request, told)


def alert_unfilled(now: datetime | None = None) -> int:
    """Requests still waiting for a volunteer at their deadline become unfilled: the
    coordinator is alerted and the requester told honestly. A request with some of its
    volunteers found goes ahead with them. Returns how many requests were handled."""
    now = now or timezone.now()
    due = HelpRequest.objects.filter(
        status__in=OPEN_STATES, fill_by__lte=now, unfilled_alert_at__isnull=True
    ).values_list("pk", flat=True)
    handled = 0
    for pk in list(due):
        with transaction.atomic():
            row = lock(HelpRequest(pk=pk))
            if row.status not in OPEN_STATES or row.unfilled_alert_at is not None:
                continue
            some = Assignment.objects.filter(request=row, is_active=True).exists()
            move = RequestMove.ASSIGN if some else RequestMove.EXPIRE
            _move(
                row,
                move,
                actor=Actor.SYSTEM,
                now=now,
                locked=row,
                changes={"unfilled_alert_at": now},
            )
            close_open_offers(row, now=now)
            transaction.on_commit(partial(_tell_unfilled, row, some))
        handled += 1
    return handled


def _tell_unfilled(request: HelpRequest, partly: bool) -> None:
    def to_coordinator(language: str) -> Message:
        text = (
            _("Not every volunteer needed was found for %(what)s on %(when)s.")
            if partly
            else _("No volunteer was found for %(what)s on %(when)s by the deadline.")
        )
        return Message(
            _("A companion request is unfilled"),
            notify.lines(
                text % {"what": notify.what(request), "when": notify.when(request)},
                notify.link(notify.request_path(request, language)),
            ),
        )

    notify.to_coordinators(request.programme, to_coordinator)
    if partly:
        return

    def to_requester(language: str) -> Message:
        return Message(
            _("We could not find a volunteer"),
            notify.lines(
                _(
                    "We are sorry: we could not find a volunteer to come along to %(what)s "
                    "on %(when)s."
                )
                % {"what": notify.what(request), "when": notify.when(request)},
                _(
                    "Volunteers are free to say yes or no, and this time nobody was free. "
                    "You are welcome to ask again for another time."
                ),
            ),
        )

    notify.to_requester(request, to_requester)
