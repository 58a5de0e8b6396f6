"""The start page of the people who send and receive referrals."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kohtaamo.referrals import services
from kohtaamo.referrals.models import ContactLog
from tests.catalogue.html import parse


def desk(client):
    response = client.get(reverse("desk"))
    assert response.status_code == 200
    return parse(response.content)


def referral_links(page, panel):
    part = page.by_id(panel)
    return {a.attrs.get("href") for a in part.find_all("a")} if part else set()


def counts(page):
    return [int(span.text) for span in page.by_id("referral-inbox").find_all("span", "desk-count")]


def test_the_nurse_sees_drafts_and_sent_referrals_of_their_own_unit_only(world, login):
    draft = world.draft()
    sent = world.issued()
    page = desk(login(world.nurse))
    links = referral_links(page, "referrals-sent")
    assert reverse("referrals:detail", args=[draft.pk]) in links
    assert reverse("referrals:detail", args=[sent.pk]) in links

    other = desk(login(world.stranger))
    links = referral_links(other, "referrals-sent")
    assert reverse("referrals:detail", args=[draft.pk]) not in links
    assert reverse("referrals:detail", args=[sent.pk]) not in links


def test_the_advisor_sees_the_inbox_counts_and_todays_contacts(world, login):
    now = timezone.now()
    waiting = world.issued(now=now)
    world.issued(now=now - datetime.timedelta(days=60))
    working = world.issued(now=now)
    services.accept(world.advisor, working)
    ContactLog.objects.create(
        referral=working, date=timezone.localdate(), kind=ContactLog.Kind.PHONE
    )
    page = desk(login(world.advisor))
    assert counts(page) == [2, 1, 1]  # waiting (one of them late), past the date, in progress
    assert reverse("referrals:detail", args=[working.pk]) in referral_links(page, "referral-inbox")
    assert reverse("referrals:detail", args=[waiting.pk]) not in referral_links(
        page, "referral-inbox"
    )
    # An advisor who has never sent a referral gets no sender's part.
    assert page.by_id("referrals-sent") is None

    # The other advice unit sees none of it.
    assert counts(desk(login(world.other_advisor))) == [0, 0, 0]
