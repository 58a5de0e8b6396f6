"""The client's own page and the ask-an-advisor form in plain language: switched on the
page, written anew (not the standard text), and kept through the page's own forms."""

import pytest
from django.urls import reverse

from kohtaamo.core import plain
from kohtaamo.referrals.models import Referral
from kohtaamo.referrals.states import Status
from tests.catalogue import content
from tests.catalogue.html import parse


def open_link(client, referral, language="fi", query=""):
    url = reverse("referrals:client", args=[referral.public_token])
    page = client.get(f"/{language}{url[3:]}{query}", follow=True)
    assert page.status_code == 200
    return page


@pytest.mark.parametrize(
    ("language", "simple"), [("fi", "Sinun lähetteesi"), ("sv", "Ta tillbaka remissen")]
)
def test_the_link_with_the_switch_opens_the_plain_page_and_keeps_it(
    world, client, language, simple
):
    referral = world.issued()
    page = open_link(client, referral, language)
    assert 'id="status-explained"' not in page.content.decode()

    page = open_link(client, referral, language, "?plain=1")
    # The link's first answer, the redirect, keeps the choice.
    assert client.cookies[plain.COOKIE].value == "1"
    html = parse(page.content.decode())
    assert html.by_id("status-explained").text.strip()
    assert simple in page.content.decode()
    assert html.by_id("plain-on").attrs["aria-current"] == "true"
    # The link opened again (from the text message, say) stays plain.
    assert 'id="status-explained"' in open_link(client, referral, language).content.decode()


def test_the_plain_page_says_what_each_status_means(world, client):
    referral = world.issued()
    client.cookies[plain.COOKIE] = "1"
    page = open_link(client, referral).content.decode()
    assert "Lähetteesi on lähetetty. Kulttuurineuvoja lukee sen pian." in page
    Referral.objects.filter(pk=referral.pk).update(status=Status.ACCEPTED)
    page = open_link(client, referral).content.decode()
    assert "Kulttuurineuvoja ottaa sinuun pian yhteyttä." in page


def test_the_plain_page_tells_where_to_go(world, client):
    choir = content.service("Laulupiiri", schedule_fi="Tiistaisin klo 13–14.30")
    choir.places.add(content.place(name_fi="Lähiötalo"))
    referral = world.issued()
    Referral.objects.filter(pk=referral.pk).update(
        status=Status.ACTIVITY_AGREED, agreed_service=choir
    )
    client.cookies[plain.COOKIE] = "1"
    agreed = parse(open_link(client, referral).content.decode()).by_id("agreed")
    assert "Mene tähän toimintaan" in agreed.text
    assert agreed.by_id("agreed-when").text == "Tiistaisin klo 13–14.30"
    assert "Lähiötalo" in agreed.by_id("agreed-where").text


def test_the_forms_answer_in_plain_language(world, client):
    referral = world.issued()
    open_link(client, referral, query="?plain=1")
    wrong = client.post(reverse("referrals:client_unlock"), {"birth_year": "56"})
    assert wrong.status_code == 400
    assert "Kirjoita 4 numeroa. Esimerkiksi: 1956." in wrong.content.decode()

    sent = client.post(reverse("referrals:client_feedback"), {"rating": 5}, follow=True)
    assert "Kiitos! Saimme vastauksesi." in sent.content.decode()
    assert "Arvosanasi on 5. Paras arvosana on 5." in sent.content.decode()

    gone = client.post(reverse("referrals:client_withdraw"), {"confirm": "on"}, follow=True)
    assert "Peruit lähetteen. Poistimme tietosi." in gone.content.decode()
    assert "Peruit tämän lähetteen." in gone.content.decode()


@pytest.mark.parametrize(
    ("language", "heading", "label"),
    [
        ("fi", "Pyydä apua kulttuurineuvojalta", "Missä kunnassa asut?"),
        ("sv", "Be en kulturrådgivare om hjälp", "I vilken kommun bor du?"),
    ],
)
def test_the_ask_form_in_plain_language(world, client, language, heading, label):
    world.referral_type.self_referral = True
    world.referral_type.save()
    page = client.get(f"/{language}/referrals/ask/?plain=1").content.decode()
    assert heading in page and label in page
    # Back to the standard text with the other link.
    page = client.get(f"/{language}/referrals/ask/?plain=0").content.decode()
    assert label not in page
