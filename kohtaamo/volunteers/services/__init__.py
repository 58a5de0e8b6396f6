"""What happens in a volunteer programme: each business action one function.

* :mod:`.applications`: applying, the coordinator's decision, availability, trainings;
* :mod:`.requests`: asking for a companion;
* :mod:`.matching`: who can take a request, best first, and why not the others;
* :mod:`.offers`: offering to several at once, the first to accept takes it;
* :mod:`.lifecycle`: every move of a request through one ``_move``;
* :mod:`.schedule`: reminders 48 hours before, unfilled requests at their deadline;
* :mod:`.access`: what a volunteer may read of a client (audited), and erasure;
* :mod:`.kits`, :mod:`.expenses`: loans of kits, and costs for approval.

Callers import from here: ``from kohtaamo.volunteers import services``. Refusals are
:class:`~.errors.VolunteerError` (``code``, translated ``message``) and its kinds
:class:`AlreadyTaken`, :class:`Overlap`, :class:`KitTaken`; mistakes in what someone
wrote are ``ValidationError``; a person acting outside their part gets
``PermissionDenied``; a move the state table refuses is ``TransitionNotAllowed``.
"""

from ..states import TransitionNotAllowed
from .access import (
    ClientView,
    assignments_of,
    can_read_assignment,
    erase_for_referral,
    erase_personal_data,
    read_request_for_volunteer,
    readable_until,
    volunteer_for,
    volunteers_of,
)
from .applications import (
    ApplicationData,
    add_training,
    apply,
    decide,
    record_check,
    set_availability,
    welcome_path,
    welcomed_user,
)
from .errors import AlreadyTaken, KitTaken, NotEligible, Overlap, VolunteerError
from .expenses import decide_expense, expenses_table, export_csv, export_xlsx, submit_expense
from .kits import calendar, cancel_loan, lend, return_kit
from .lifecycle import (
    MOVE_ACTORS,
    Actor,
    actors_of,
    assign,
    cancel,
    confirm,
    log_no_show,
    log_visit,
    may,
    release,
    reopen,
)
from .matching import RULE_LABELS, Candidate, candidates, explain, why_not
from .notify import (
    CANCEL,
    CONFIRM,
    RELEASE,
    Answer,
    answer_path,
    assignment_path,
    offer_path,
    open_answer_token,
    request_path,
)
from .offers import accept, by_token, decline, offer, open_offers_of, withdraw
from .ratings import ClientVisit, client_visits, rate_visit, rateable
from .requests import create_request, programmes_for
from .schedule import alert_unfilled, send_reminders

__all__ = [
    "CANCEL",
    "CONFIRM",
    "MOVE_ACTORS",
    "RELEASE",
    "RULE_LABELS",
    "Actor",
    "AlreadyTaken",
    "Answer",
    "ApplicationData",
    "Candidate",
    "ClientView",
    "ClientVisit",
    "KitTaken",
    "NotEligible",
    "Overlap",
    "TransitionNotAllowed",
    "VolunteerError",
    "accept",
    "actors_of",
    "add_training",
    "alert_unfilled",
    "answer_path",
    "apply",
    "assign",
    "assignment_path",
    "assignments_of",
    "by_token",
    "calendar",
    "can_read_assignment",
    "cancel",
    "cancel_loan",
    "candidates",
    "client_visits",
    "confirm",
    "create_request",
    "decide",
    "decide_expense",
    "decline",
    "erase_for_referral",
    "erase_personal_data",
    "expenses_table",
    "explain",
    "export_csv",
    "export_xlsx",
    "lend",
    "log_no_show",
    "log_visit",
    "may",
    "offer",
    "offer_path",
    "open_answer_token",
    "open_offers_of",
    "programmes_for",
    "rate_visit",
    "rateable",
    "read_request_for_volunteer",
    "readable_until",
    "record_check",
    "release",
    "reopen",
    "request_path",
    "return_kit",
    "send_reminders",
    "set_availability",
    "submit_expense",
    "volunteer_for",
    "volunteers_of",
    "welcome_path",
    "welcomed_user",
    "why_not",
    "withdraw",
]
