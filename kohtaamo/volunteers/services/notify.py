"""What volunteers, coordinators and requesters are told, each in their own language.

Messages carry no client data: what, when and where (the municipality), and a link.
A volunteer hears by e-mail and, with a phone number, by text message as well. The
links in reminders are signed (:func:`answer_token`): the confirm and cancel pages
read them with :func:`open_answer_token` and ask for a click before acting.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _

from kohtaamo import notifications
from kohtaamo.accounts.models import Membership, User
from kohtaamo.accounts.roles import Role
from kohtaamo.core.site import site_url
from kohtaamo.notifications import Channel, Message, Recipient

from ..models import Assignment, HelpRequest, Offer, Programme, Volunteer
from .errors import VolunteerError, local

UI_LANGUAGES = {code for code, _name in settings.LANGUAGES}
ANSWER_SALT = "kohtaamo.volunteers.answer"
# What a signed link in a reminder may do.
CONFIRM, RELEASE, CANCEL = "confirm", "release", "cancel"


def language_of(volunteer: Volunteer) -> str:
    """The volunteer's language for messages: their account's, else the first of the
    languages they speak that the site has, else Finnish."""
    user = volunteer.user if volunteer.user_id else None
    if user is not None and user.preferred_language in UI_LANGUAGES:
        return user.preferred_language
    spoken = [language.code for language in volunteer.languages.all()]
    for code in ("fi", "sv", "en"):
        if code in spoken:
            return code
    return settings.LANGUAGE_CODE


def _ui(code: str) -> str:
    return code if code in UI_LANGUAGES else settings.LANGUAGE_CODE


def offer_path(offer: Offer, language: str) -> str:
    return f"/{_ui(language)}/volunteers/offers/{offer.token}/"


def assignment_path(assignment: Assignment, language: str) -> str:
    """The volunteer's page of one assignment."""
    return f"/{_ui(language)}/volunteers/assignments/{assignment.pk}/"


def request_path(request: HelpRequest, language: str) -> str:
    """The coordinator's page of one request."""
    return f"/{_ui(language)}/volunteers/requests/{request.pk}/"


def answer_token(target: Assignment | HelpRequest, action: str) -> str:
    kind = "a" if isinstance(target, Assignment) else "r"
    return signing.dumps([kind, target.pk, action], salt=ANSWER_SALT, compress=True)


def answer_path(target: Assignment | HelpRequest, action: str, language: str) -> str:
    return f"/{_ui(language)}/volunteers/answer/{answer_token(target, action)}/"


@dataclass(frozen=True)
class Answer:
    action: str  # CONFIRM, RELEASE (an assignment) or CANCEL (a request)
    assignment: Assignment | None
    request: HelpRequest


def open_answer_token(token: str) -> Answer:
    """What a reminder's link is for; refused when the link is not one of ours."""
    try:
        kind, pk, action = signing.loads(token, salt=ANSWER_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise VolunteerError(_("This link is not valid."), code="bad_link") from None
    if kind == "a" and action in (CONFIRM, RELEASE):
        assignment = Assignment.objects.select_related("request", "volunteer").filter(pk=pk).first()
        if assignment is not None:
            return Answer(action, assignment, assignment.request)
    if kind == "r" and action == CANCEL:
        request = HelpRequest.objects.filter(pk=pk).first()
        if request is not None:
            return Answer(action, None, request)
    raise VolunteerError(_("This link is not valid."), code="bad_link")


def link(path: str) -> str:
    return site_url() + path


def when(request: HelpRequest) -> str:
    start, end = local(request.starts_at), local(request.ends_at)
    return "{} {}–{}".format(
        formats.date_format(start, "DATE_FORMAT"),
        formats.time_format(start, "TIME_FORMAT"),
        formats.time_format(end, "TIME_FORMAT"),
    )


def what(request: HelpRequest) -> str:
    if request.what:
        return request.what
    if request.event_id and request.event is not None:
        return str(request.event)
    if request.place_id and request.place is not None:
        return str(request.place)
    return str(request.get_help_kind_display())


def to_volunteer(volunteer: Volunteer, build: Callable[[str], Message], *, sms: bool = True) -> int:
    """E-mail (and a text message, when they have a phone) to one volunteer."""
    language = language_of(volunteer)
    with translation.override(language):
        message = build(language)
    sent = int(
        notifications.send(
            Recipient(Channel.EMAIL, email=volunteer.email, language=language), message
        )
    )
    if sms and volunteer.phone:
        sent += int(
            notifications.send(
                Recipient(Channel.SMS, phone=volunteer.phone, language=language), message
            )
        )
    return sent


def to_address(email: str, language: str, build: Callable[[str], Message]) -> int:
    if not email:
        return 0
    language = _ui(language)
    with translation.override(language):
        message = build(language)
    return int(
        notifications.send(Recipient(Channel.EMAIL, email=email, language=language), message)
    )


def coordinators_of(programme: Programme) -> list[User]:
    memberships = Membership.objects.filter(
        is_active=True,
        role=Role.VOLUNTEER_COORDINATOR,
        organisation_id=programme.organisation_id,
    ).select_related("user")
    if programme.unit_id:
        # The coordinating unit's own people, and the organisation's coordinators.
        memberships = memberships.filter(Q(unit_id=programme.unit_id) | Q(unit__isnull=True))
    users = [m.user for m in memberships if m.user.is_active]
    return list(dict.fromkeys(users))


def to_coordinators(programme: Programme, build: Callable[[str], Message]) -> int:
    """The programme's own address, or its coordinators' addresses when it has none."""
    if programme.email:
        return to_address(programme.email, settings.LANGUAGE_CODE, build)
    return sum(
        to_address(user.email, user.preferred_language, build)
        for user in coordinators_of(programme)
    )


def requester_addresses(request: HelpRequest) -> list[tuple[str, str]]:
    """(e-mail, language) of whoever asked for news of the request."""
    found: list[tuple[str, str]] = []
    language = request.language.code if request.language_id and request.language else ""
    if request.contact_email:
        found.append((request.contact_email, language))
    by = request.requested_by
    if by is not None and by.is_active and by.email != request.contact_email:
        found.append((by.email, by.preferred_language))
    return found


def to_requester(request: HelpRequest, build: Callable[[str], Message]) -> int:
    return sum(to_address(email, lang, build) for email, lang in requester_addresses(request))


def lines(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)
