"""The end of a series: evaluations, the plan to continue and the follow-ups (step 5)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kohtaamo.arts_in_care.models import Engagement
from kohtaamo.arts_in_care.services import ending, engagements
from kohtaamo.arts_in_care.services.sessions import SessionLog, log_session
from kohtaamo.arts_in_care.states import Move, TransitionNotAllowed

from .conftest import TODAY
from .test_pages import client_for

pytestmark = pytest.mark.django_db


def closing(people, engagement):
    engagement.refresh_from_db()
    if engagement.status == "agreed":
        engagement = engagements.move(people["artist"], engagement, Move.START)
    return engagements.move(people["artist"], engagement, Move.CLOSE)


def completed(people, engagement, days_ago=100):
    engagement = closing(people, engagement)
    ending.write_plan(
        people["lead"], engagement, methods="Maalaus", who="Anni", how_often="Joka viikko"
    )
    engagement = engagements.move(people["lead"], engagement, Move.COMPLETE)
    Engagement.objects.filter(pk=engagement.pk).update(
        completed_at=timezone.now() - timedelta(days=days_ago)
    )
    engagement.refresh_from_db()
    return engagement


def test_evaluations_wait_until_the_series_closes(people, engagement):
    assert ending.evaluation_roles(people["artist"], engagement) == []
    with pytest.raises(TransitionNotAllowed):
        ending.write_evaluation(people["artist"], engagement, "artist", 4)


def test_each_side_writes_its_own_evaluation_once_and_staff_many(people, engagement):
    engagement = closing(people, engagement)
    assert ending.evaluation_roles(people["artist"], engagement) == ["artist"]
    assert ending.evaluation_roles(people["lead"], engagement) == ["unit_lead", "staff"]
    ending.write_evaluation(people["artist"], engagement, "artist", 5, "Laulu", "Pidempi aika")
    with pytest.raises(ValidationError):
        ending.write_evaluation(people["artist"], engagement, "artist", 4)
    with pytest.raises(PermissionDenied):
        ending.write_evaluation(people["artist"], engagement, "unit_lead", 4)
    for _staff in range(2):
        ending.write_evaluation(people["lead"], engagement, "staff", 3)
    with pytest.raises(ValidationError):
        ending.write_evaluation(people["lead"], engagement, "unit_lead", 6)
    assert engagement.evaluations.count() == 3


def test_follow_ups_come_at_3_and_6_months_after_the_end(people, engagement):
    engagement = completed(people, engagement, days_ago=100)
    answer = ending.answer_follow_up(people["lead"], engagement, 3, True, today=TODAY)
    assert answer.still_happening
    with pytest.raises(ValidationError):  # six months are not yet up
        ending.answer_follow_up(people["lead"], engagement, 6, True, today=TODAY)
    with pytest.raises(PermissionDenied):
        ending.answer_follow_up(people["artist"], engagement, 3, True, today=TODAY)
    rates = ending.step_five_rates(Engagement.objects.all())
    assert [(rate.months, rate.followed_up, rate.percent) for rate in rates] == [
        (3, 1, 100),
        (6, 0, None),
    ]


def test_the_summary_and_the_certificate(people, engagement):
    log_session(
        people["artist"],
        engagement,
        SessionLog(
            took_place=True,
            participants=5,
            minutes=90,
            staff_present=1,
            care_worker_led=True,
            mood_before=(0, 1, 2, 2, 0),
            mood_after=(0, 0, 1, 2, 2),
        ),
        day=TODAY,
        today=TODAY,
    )
    engagement = closing(people, engagement)
    lead = client_for(people["lead"])
    response = lead.post(
        reverse("arts_in_care:evaluation", args=[engagement.pk]),
        {"role": "unit_lead", "goals_met": "4", "what_worked": "Yhteinen laulu"},
    )
    assert response.status_code == 302
    page = lead.get(reverse("arts_in_care:summary", args=[engagement.pk])).content.decode()
    assert "Yhteinen laulu" in page and "4/5" in page
    certificate = lead.get(reverse("arts_in_care:certificate", args=[engagement.pk]))
    text = certificate.content.decode()
    assert "Hoitaja Yksi, Hoitaja Kaksi" in text and "1,5" in text
    pdf = lead.get(reverse("arts_in_care:certificate_pdf", args=[engagement.pk]))
    assert pdf.content.startswith(b"%PDF")
    # Someone else's engagement stays out of reach.
    other = client_for(people["other_artist"])
    assert other.get(reverse("arts_in_care:summary", args=[engagement.pk])).status_code == 404
