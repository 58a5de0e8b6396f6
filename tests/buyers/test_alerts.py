"""Saved searches and the daily digest: a person saves a search on the search page, and
the daily run (``manage.py send_alert_digests``) e-mails them, in their own language,
the services published since the last digest that match it."""

import re
import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from kohtaamo.buyers.models import SavedSearch
from kohtaamo.catalogue.states import Status
from tests import factories
from tests.buyers.conftest import SITE
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


class RefusingMailServer(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("down")


@pytest.fixture
def person(login):
    someone = factories.user(preferred_language="sv")
    return someone, login(someone, verified=False)


def saved_search(owner, query="art_form=music&municipality=297", hours_ago=1, **fields):
    return SavedSearch.objects.create(
        owner=owner,
        name=fields.pop("name", "Musik i Kuopio"),
        query=query,
        language=fields.pop("language", "fi"),
        last_sent_at=timezone.now() - timedelta(hours=hours_ago),
        **fields,
    )


def run_daily():
    out = StringIO()
    call_command("send_alert_digests", stdout=out)
    return out.getvalue()


# -- saving a search -------------------------------------------------------------------


def test_the_search_page_offers_to_save_the_search_and_saves_it_as_the_form_read_it(person):
    owner, client = person
    page = parse(client.get("/en/search/?q=kuoro&municipality=297,091&page=1"))
    box = page.find("div", cls="save-search")
    assert box.find("button", form="save-search").text == (
        "Save this search and get an e-mail when new services match"
    )
    assert box.find("input", id="id_alert_name").attrs["form"] == "save-search"
    post_form = page.by_id("save-search")
    assert post_form.attrs["method"] == "post" and post_form.parent.tag != "form"
    hidden = next(i for i in post_form.find_all("input") if i.attrs.get("name") == "query")
    assert hidden.attrs["value"] == "q=kuoro&municipality=297%2C091"

    response = client.post("/en/alerts/new/", {"name": "Choirs", "query": hidden.attrs["value"]})
    assert response.status_code == 302 and response["Location"] == "/en/alerts/"
    saved = SavedSearch.objects.get(owner=owner)
    # Stored as the search form understood it: one value per parameter, codes checked.
    assert saved.query == "q=kuoro&municipality=297&municipality=091"
    assert (saved.name, saved.language, saved.frequency, saved.is_active) == (
        "Choirs",
        "en",
        "daily",
        True,
    )
    alerts = parse(client.get("/en/alerts/"))
    link = alerts.find("table").find("a")
    assert link.text == "Choirs" and link.attrs["href"] == f"/en/search/?{saved.query}"


def test_no_save_box_for_events_for_a_broken_search_or_for_visitors(person, client):
    _owner, signed_in = person
    assert parse(signed_in.get("/en/search/?kind=events")).find("div", cls="save-search") is None
    assert (
        parse(signed_in.get("/en/search/?municipality=999")).find("div", cls="save-search") is None
    )
    signed_in.logout()
    assert parse(client.get("/en/search/")).find("div", cls="save-search") is None


def test_an_empty_name_comes_back_with_the_error_next_to_the_field(person):
    owner, client = person
    response = client.post("/en/alerts/new/", {"name": "  ", "query": "q=kuoro"})
    assert response.status_code == 200
    page = parse(response)
    field = page.by_id("id_name")
    assert field.attrs["aria-invalid"] == "true"
    error = page.by_id("id_name_error")
    assert "required" in error.text
    assert page.find("div", cls="error-summary") is not None
    assert not SavedSearch.objects.filter(owner=owner).exists()


def test_a_search_with_unknown_codes_is_not_saved(person):
    owner, client = person
    for query in ("municipality=999", "age=abc", "free=maybe"):
        response = client.post("/en/alerts/new/", {"name": "X", "query": query})
        assert response.status_code == 400
    assert client.get("/en/alerts/new/?art_form=nonsense").status_code == 400
    assert not SavedSearch.objects.filter(owner=owner).exists()


def test_unsubscribe_subscribe_again_and_delete_on_the_alerts_page(person):
    owner, client = person
    saved = saved_search(owner)
    client.post(f"/en/alerts/{saved.pk}/", {"action": "off"})
    saved.refresh_from_db()
    assert not saved.is_active
    assert "Stopped" in parse(client.get("/en/alerts/")).find("table").text
    client.post(f"/en/alerts/{saved.pk}/", {"action": "on"})
    saved.refresh_from_db()
    assert saved.is_active
    assert client.post(f"/en/alerts/{saved.pk}/", {"action": "explode"}).status_code == 400
    client.post(f"/en/alerts/{saved.pk}/", {"action": "delete"})
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_nobody_reaches_someone_elses_alert(person):
    _owner, client = person
    theirs = saved_search(factories.user())
    assert client.post(f"/en/alerts/{theirs.pk}/", {"action": "delete"}).status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
    assert "Musik i Kuopio" not in client.get("/en/alerts/").text


# -- the daily digest ------------------------------------------------------------------


def test_the_daily_run_mails_one_digest_in_the_owners_language_and_not_twice(person):
    owner, _client = person
    saved_search(owner)
    match = content.service(
        "Laulupiiri",
        name_sv="Sångcirkel",
        summary_sv="Vi sjunger tillsammans.",
        art_forms=("music",),
        municipalities=("297",),
    )
    elsewhere = content.service("Laulua Helsingissä", art_forms=("music",), municipalities=("091",))
    dance = content.service("Tanssipiiri", name_sv="Danscirkel", art_forms=("dance",))

    output = run_daily()
    assert "sent 1 digest" in output

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert message.subject == "1 ny tjänst matchar dina sparade sökningar"
    html = message.alternatives[0].content
    assert 'lang="sv"' in html
    assert "Sångcirkel" in message.body and "Musik i Kuopio" in message.body
    assert f"{SITE}/sv/services/{match.pk}/" in message.body
    assert f'href="{SITE}/sv/services/{match.pk}/"' in html
    for other in (elsewhere, dance):
        assert f"/services/{other.pk}/" not in message.body
    assert "Danscirkel" not in message.body
    assert re.search(rf"{SITE}/sv/alerts/stop/\S+/", message.body)

    assert "sent 0 digest" in run_daily()
    assert len(mail.outbox) == 1


def test_services_published_before_the_last_digest_are_not_sent_again(person):
    owner, _client = person
    content.service("Vanha laulupiiri", art_forms=("music",))
    saved = saved_search(owner, hours_ago=0)
    saved.last_sent_at = timezone.now()
    saved.save()
    run_daily()
    assert mail.outbox == []


def test_all_of_a_persons_searches_go_in_one_message_grouped_per_search(person):
    owner, _client = person
    saved_search(owner, name="Musik", query="art_form=music")
    saved_search(owner, name="Dans", query="art_form=dance")
    saved_search(owner, name="Teater", query="art_form=theatre")
    content.service("Laulupiiri", art_forms=("music",))
    content.service("Tanssipiiri", art_forms=("dance",))
    someone_else = factories.user(preferred_language="en")
    saved_search(someone_else, name="Music for me", query="art_form=music")

    run_daily()
    assert len(mail.outbox) == 2
    mine = next(message for message in mail.outbox if message.to == [owner.email])
    assert "== Musik ==" in mine.body and "== Dans ==" in mine.body
    # A search with nothing new has no group.
    assert "Teater" not in mine.body
    theirs = next(message for message in mail.outbox if message.to == [someone_else.email])
    assert f"{SITE}/en/services/" in theirs.body and "Tanssipiiri" not in theirs.body


def test_a_digest_lists_at_most_twenty_per_search_and_links_to_the_rest(person):
    owner, _client = person
    saved_search(owner, query="art_form=crafts")
    for number in range(23):
        content.service(f"Käsityöpaja {number}", art_forms=("crafts",))
    run_daily()
    body = mail.outbox[0].body
    assert body.count(f"{SITE}/sv/services/") == 20
    assert f"{SITE}/sv/search/?art_form=crafts" in body
    assert "3" in mail.outbox[0].subject or "23" in mail.outbox[0].subject


def test_a_stopped_alert_or_an_unpublished_service_sends_nothing(person):
    owner, _client = person
    saved_search(owner, is_active=False)
    content.service("Laulupiiri", art_forms=("music",))
    other = factories.user()
    saved_search(other)
    content.service("Luonnos", art_forms=("music",), status=Status.DRAFT)
    run_daily()
    assert [message.to for message in mail.outbox] == [[other.email]]
    assert "Luonnos" not in mail.outbox[0].body


def test_when_the_mail_server_is_down_the_news_waits_for_the_next_run(person, settings):
    owner, _client = person
    saved = saved_search(owner)
    before = saved.last_sent_at
    content.service("Laulupiiri", art_forms=("music",))
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingMailServer"}}
    assert "sent 0 digest" in run_daily()
    saved.refresh_from_db()
    assert saved.last_sent_at == before

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    run_daily()
    assert len(mail.outbox) == 1 and "Laulupiiri" in mail.outbox[0].body


def test_the_unsubscribe_link_asks_first_and_works_without_signing_in(person, client):
    owner, signed_in = person
    saved = saved_search(owner)
    content.service("Laulupiiri", art_forms=("music",))
    run_daily()
    link = re.search(rf"{SITE}(/sv/alerts/stop/\S+/)", mail.outbox[0].body).group(1)
    signed_in.logout()

    page = parse(client.get(link))
    assert page.find("form").attrs["method"] == "post"
    saved.refresh_from_db()
    assert saved.is_active  # opening the link (a mail scanner does) changes nothing
    client.post(link)
    saved.refresh_from_db()
    assert not saved.is_active

    assert client.get("/sv/alerts/stop/forged-token/").status_code == 404
