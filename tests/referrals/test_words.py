"""The words on the referral pages read right in Finnish and Swedish."""

import re

from django.urls import reverse
from django.utils import translation

from kohtaamo.core.models import Municipality
from kohtaamo.referrals.forms import SelfReferralForm
from kohtaamo.referrals.models import Feedback


def test_the_advisors_inbox_names_the_sender_column_as_the_sender(world, login):
    world.issued()
    client = login(world.advisor)
    page = client.get("/fi" + reverse("referrals:queue")[3:]).content.decode()
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert "Lähettäjä" in headers
    assert "Alkaen" not in headers


def test_the_swedish_rating_labels_agree_in_form():
    with translation.override("sv"):
        labels = [str(label) for _value, label in Feedback.Rating.choices]
    assert labels == [
        "1 – mycket dåligt",
        "2 – dåligt",
        "3 – godtagbart",
        "4 – bra",
        "5 – mycket bra",
    ]


def test_a_swedish_reader_finds_municipalities_in_swedish_alphabetical_order(world):
    # Turku is Åbo in Swedish: it goes after Vanda, not among the T's.
    with translation.override("sv"):
        form = SelfReferralForm(
            municipalities=Municipality.objects.filter(code__in=["853", "092", "091", "049"])
        )
        names = [label for value, label in form.fields["municipality"].choices if value]
    assert names == ["Esbo", "Helsingfors", "Vanda", "Åbo"]
    with translation.override("fi"):
        names = [label for value, label in form.fields["municipality"].choices if value]
    assert names == ["Espoo", "Helsinki", "Turku", "Vantaa"]
