"""The daily referral work, run as the scheduler runs it: ``manage.py referrals_daily``
enqueues the tasks, which run at once on the test's immediate backend."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kohtaamo.core.models import AuditEvent
from kohtaamo.referrals import services
from kohtaamo.referrals.models import Referral, ReferralClient
from kohtaamo.referrals.states import Status

from .conftest import NOW, reload

pytestmark = pytest.mark.django_db


def test_the_receiver_is_reminded_once_before_the_deadline(world):
    referral = world.issued(now=NOW)
    mail.outbox.clear()
    assert services.nudge_receivers(NOW + timedelta(days=5)) == 0
    assert services.nudge_receivers(NOW + timedelta(days=12)) == 1
    assert [m.to for m in mail.outbox] == [[world.advisor.email]]
    assert str(referral.pk) in mail.outbox[0].body
    assert services.nudge_receivers(NOW + timedelta(days=13)) == 0
    assert len(mail.outbox) == 1
    # A reroute sets a new deadline: the new unit is reminded of it in turn.
    services.record_consent(
        world.advisor,
        referral,
        shared=["contact_details"],
        method="verbal",
        with_unit=world.other_advice,
    )
    services.reroute(world.advisor, referral, world.other_advice, now=NOW + timedelta(days=13))
    assert reload(referral).nudged_at is None


def test_an_unanswered_referral_goes_back_and_the_sender_hears_of_it(world):
    referral = world.issued(now=NOW)
    mail.outbox.clear()
    assert services.process_deadlines(NOW + timedelta(days=15)) == {"expired": 0, "returned": 1}
    assert reload(referral).status == Status.RETURNED
    assert [m.to for m in mail.outbox] == [[world.nurse.email]]


def test_old_drafts_are_deleted_and_recent_ones_kept(world):
    old = world.draft()
    recent = world.draft()
    Referral.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert services.delete_abandoned_drafts() == 1
    assert list(Referral.objects.all()) == [recent]
    assert not ReferralClient.objects.filter(referral_id=old.pk).exists()
    assert AuditEvent.objects.filter(
        action="delete", target_id=str(old.pk), purpose="draft never sent"
    ).exists()


def test_the_daily_command_runs_every_task(world):
    now = timezone.now()
    due_soon = world.issued(now=now - timedelta(days=12))
    overdue = world.issued(now=now - timedelta(days=15))
    closed = world.issued(now=now - timedelta(days=500))
    services.decline(world.advisor, closed, "no_capacity")
    Referral.objects.filter(pk=closed.pk).update(closed_at=now - timedelta(days=400))
    draft = world.draft()
    Referral.objects.filter(pk=draft.pk).update(created_at=now - timedelta(days=40))

    out = StringIO()
    call_command("referrals_daily", stdout=out)
    printed = out.getvalue()
    assert "nudge_receivers: 1" in printed
    assert "'returned': 1" in printed
    assert "erase_closed_personal_data: 1" in printed
    assert "delete_abandoned_drafts: 1" in printed
    assert reload(due_soon).nudged_at is not None
    assert reload(overdue).status == Status.RETURNED
    assert reload(closed).personal_data_erased_at is not None
    assert not Referral.objects.filter(pk=draft.pk).exists()

    # Run again the same day: nothing is done twice.
    again = StringIO()
    call_command("referrals_daily", stdout=again)
    assert "nudge_receivers: 0" in again.getvalue()
    assert "erase_closed_personal_data: 0" in again.getvalue()
