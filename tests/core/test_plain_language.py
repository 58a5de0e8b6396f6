"""Plain language (kohtaamo.core.plain): one switch in the address, kept in a cookie, that
pages written for clients read to show their plain-language version."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from kohtaamo.core import plain
from kohtaamo.referrals.forms import FeedbackForm

pytestmark = pytest.mark.django_db

ASK = reverse("referrals:ask")


def test_the_switch_in_the_address_is_kept_for_the_next_pages(client):
    assert client.get(ASK).context["plain_language"] is False

    switched = client.get(f"{ASK}?plain=1")
    assert switched.context["plain_language"] is True
    cookie = switched.cookies[plain.COOKIE]
    assert cookie.value == "1" and cookie["httponly"] and cookie["samesite"] == "Lax"
    # The next page, in another language too, without the parameter.
    assert client.get(ASK).context["plain_language"] is True
    assert client.get("/sv/" + ASK.split("/", 2)[2]).context["plain_language"] is True

    back = client.get(f"{ASK}?plain=0")
    assert back.context["plain_language"] is False
    assert back.cookies[plain.COOKIE]["max-age"] == 0
    assert client.get(ASK).context["plain_language"] is False


def test_other_values_change_nothing(client):
    client.get(f"{ASK}?plain=1")
    assert client.get(f"{ASK}?plain=yes").context["plain_language"] is True
    assert plain.COOKIE not in client.get(f"{ASK}?plain=").cookies


def test_a_page_with_a_plain_version_renders_it_and_others_keep_theirs():
    request = RequestFactory().get("/")
    request.plain_language = False
    assert plain.template(request, "referrals/client.html") == "referrals/client.html"
    request.plain_language = True
    assert plain.template(request, "referrals/client.html") == "referrals/plain/client.html"
    assert plain.template(request, "referrals/detail.html") == "referrals/detail.html"


def test_the_switch_links_keep_the_pages_other_parameters(client):
    page = client.get("/fi/referrals/ask/?x=1&plain=0").content.decode()
    assert 'href="/fi/referrals/ask/?x=1&amp;plain=1"' in page
    assert 'id="plain-off" aria-current="true"' in page


@translation.override("en")
def test_a_form_takes_its_plain_labels_only_when_asked():
    standard, simple = FeedbackForm(), FeedbackForm(plain=True)
    assert str(standard.fields["rating"].label) == "How useful was the referral for you?"
    assert str(simple.fields["rating"].label) == "Was the referral useful for you?"
    # The class's own fields are never changed.
    assert str(FeedbackForm().fields["rating"].label) == "How useful was the referral for you?"
