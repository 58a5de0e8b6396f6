"""The refusals the volunteer services raise, and what every action shares.

A refusal carries a ``code`` for the caller (a view, a test) and a translated
``message`` for the person; field-by-field mistakes in what someone wrote are Django's
``ValidationError`` as elsewhere in Kohtaamo.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Availability, months and dates are the volunteer's and the client's local ones.
HELSINKI = ZoneInfo("Europe/Helsinki")


class VolunteerError(Exception):
    """A refusal the volunteer, the coordinator or the requester can read and act on."""

    code = "refused"
    default_message: str | Promise = _("This cannot be done now.")

    def __init__(self, message: str | Promise | None = None, code: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))
        if code:
            self.code = code


class AlreadyTaken(VolunteerError):
    code = "already_taken"
    default_message = _("Another volunteer has already taken this request. Thank you all the same!")


class Overlap(VolunteerError):
    code = "overlap"
    default_message = _("You already have an assignment at this time.")


class KitTaken(VolunteerError):
    code = "kit_taken"
    default_message = _("The kit is already lent on some of these days.")


class NotEligible(VolunteerError):
    code = "not_eligible"
    default_message = _("This volunteer cannot take this request.")


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment, HELSINKI)


def local_date(moment: datetime) -> date:
    return local(moment).date()


def month_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """The local calendar month ``moment`` falls in, as aware datetimes [start, end)."""
    here = local(moment)
    start = here.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, following
