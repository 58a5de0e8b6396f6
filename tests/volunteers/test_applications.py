"""Applying, the coordinator's decision, and what the volunteer keeps up to date."""

from datetime import date, time

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from kohtaamo.accounts.models import Membership, User
from kohtaamo.accounts.roles import Role
from kohtaamo.volunteers import services
from kohtaamo.volunteers.states import TransitionNotAllowed, VolunteerStatus
from tests import factories

from .conftest import NOW, language

pytestmark = pytest.mark.django_db


def data(**fields):
    fields.setdefault("full_name", "Saara Luotsi")
    fields.setdefault("email", "Saara@Example.fi")
    fields.setdefault("consent", True)
    fields.setdefault("municipalities", [factories.municipality("297")])
    fields.setdefault("languages", [language("sv"), language("fi")])
    return services.ApplicationData(**fields)


def test_apply_and_be_approved(programme, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        volunteer = services.apply(
            programme,
            data=data(
                phone="040 123 4567", help_kinds=["accompany"], weekly=[(2, time(12), time(18))]
            ),
            now=NOW,
        )
    assert (volunteer.status, volunteer.email, volunteer.phone) == (
        VolunteerStatus.APPLIED,
        "saara@example.fi",
        "+358401234567",
    )
    assert volunteer.weekly.count() == 1
    assert [m.to for m in mail.outbox] == [["luotsit@kirjasto.example"]]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.decide(volunteer, "approve", by=coordinator, now=NOW)
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.APPROVED and volunteer.decided_by == coordinator
    user = volunteer.user
    assert user.email == "saara@example.fi" and not user.has_usable_password()
    assert Membership.objects.filter(
        user=user, role=Role.VOLUNTEER, organisation=programme.organisation, is_active=True
    ).exists()
    [welcome] = mail.outbox
    link = next(line for line in welcome.body.splitlines() if "/volunteers/welcome/" in line)
    uid, token = link.rstrip("/").split("/")[-2:]
    assert services.welcomed_user(uid, token) == user
    assert services.welcomed_user(uid, "bad-token") is None
    assert services.volunteer_for(user) == volunteer


def test_the_application_is_checked(programme):
    with pytest.raises(ValidationError) as error:
        services.apply(
            programme,
            data=data(
                full_name=" ",
                email="nope",
                consent=False,
                phone="12",
                monthly_cap=40,
                municipalities=[factories.municipality("091")],
                help_kinds=["perform"],
            ),
            now=NOW,
        )
    assert set(error.value.error_dict) == {
        "full_name",
        "email",
        "consent",
        "phone",
        "monthly_cap",
        "municipalities",
        "help_kinds",
    }
    services.apply(programme, data=data(), now=NOW)
    with pytest.raises(ValidationError) as twice:
        services.apply(programme, data=data(), now=NOW)
    assert twice.value.error_dict["email"][0].code == "already_applied"


def test_an_existing_account_is_found(programme, coordinator):
    existing = factories.user(email="saara@example.fi")
    volunteer = services.apply(programme, data=data(), now=NOW)
    services.decide(volunteer, "approve", by=coordinator, now=NOW)
    volunteer.refresh_from_db()
    assert volunteer.user == existing
    assert User.objects.filter(email__iexact="saara@example.fi").count() == 1


def test_who_decides(programme, coordinator, nurse):
    volunteer = services.apply(programme, data=data(), now=NOW)
    with pytest.raises(PermissionDenied):
        services.decide(volunteer, "approve", by=nurse, now=NOW)
    services.decide(volunteer, "approve", by=coordinator, now=NOW)
    volunteer.refresh_from_db()
    # The volunteer takes a break and comes back by themself; cannot approve anyone.
    services.decide(volunteer, "pause", by=volunteer.user, now=NOW)
    services.decide(volunteer, "resume", by=volunteer.user, now=NOW)
    with pytest.raises(TransitionNotAllowed):
        services.decide(volunteer, "approve", by=coordinator, now=NOW)
    services.decide(volunteer, "leave", by=volunteer.user, now=NOW)
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.LEFT
    assert not Membership.objects.get(user=volunteer.user, role=Role.VOLUNTEER).is_active


def test_a_declined_application(programme, coordinator):
    volunteer = services.apply(programme, data=data(), now=NOW)
    services.decide(volunteer, "decline", by=coordinator, now=NOW)
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.DECLINED and volunteer.user is None


def test_a_closed_programme_takes_no_applications(programme):
    programme.accepts_applications = False
    programme.save()
    with pytest.raises(ValidationError):
        services.apply(programme, data=data(), now=NOW)


def test_availability_trainings_and_the_record_check(make_volunteer, coordinator):
    volunteer = make_volunteer()
    services.set_availability(
        volunteer,
        [(0, time(9), time(12)), (4, time(17), time(21))],
        [(date(2027, 7, 1), date(2027, 7, 31))],
    )
    assert volunteer.weekly.count() == 2 and volunteer.absences.count() == 1
    with pytest.raises(ValidationError):
        services.set_availability(volunteer, [(0, time(12), time(9))])
    with pytest.raises(ValidationError):
        services.set_availability(volunteer, [], [(date(2027, 7, 31), date(2027, 7, 1))])

    training = services.add_training(
        volunteer,
        kind="first_aid",
        completed_on=date(2026, 5, 1),
        expires_on=date(2029, 5, 1),
        today=date(2027, 3, 1),
    )
    assert training.kind == "first_aid"
    with pytest.raises(ValidationError):
        services.add_training(
            volunteer, kind="basic", completed_on=date(2027, 4, 1), today=date(2027, 3, 1)
        )
    with pytest.raises(PermissionDenied):
        services.record_check(volunteer, checked_on=date(2027, 2, 1), by=volunteer.user)
    services.record_check(
        volunteer, checked_on=date(2027, 2, 1), by=coordinator, today=date(2027, 3, 1)
    )
    assert (volunteer.record_checked_on, volunteer.record_checked_by) == (
        date(2027, 2, 1),
        coordinator,
    )
