"""What the buyers' services share: permission names, limits, refusals, links and mail."""

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

logger = logging.getLogger(__name__)

ADD_CALL = "buyers.add_callforoffers"
VIEW_CALL = "buyers.view_callforoffers"
CHANGE_CALL = "buyers.change_callforoffers"
ANSWER_CALL = "buyers.answer_callforoffers"

# A digest lists at most this many new services per saved search, and links to the
# search for the rest: a long e-mail is not read.
DIGEST_ITEMS = 20
# Nobody needs more alerts than this; it also bounds the daily digest's work per person.
MAX_SAVED_SEARCHES = 20
UNSUBSCRIBE_SALT = "kohtaamo.buyers.unsubscribe"


class SendFailed(Exception):
    """The mail server refused or could not be reached."""


class CallNotReady(Exception):
    """Opening the call needs more: ``problems`` maps field -> what is missing."""

    def __init__(self, problems: dict[str, str | Promise]) -> None:
        self.problems = problems
        super().__init__(", ".join(str(problem) for problem in problems.values()))


class CallNotOpen(Exception):
    """Answers are taken only while the call is open and its deadline has not passed."""


class TooManySearches(Exception):
    pass


def public_base(site_url: str = "") -> str:
    """The address links in e-mails start with."""
    return (settings.KOHTAAMO_PUBLIC_URL or site_url or "").rstrip("/")


def request_base(request: HttpRequest) -> str:
    return public_base(request.build_absolute_uri("/"))


def _in_language(language: str, view: str, *args: Any) -> str:
    with translation.override(language):
        return reverse(view, args=args)


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        raise SendFailed from error
