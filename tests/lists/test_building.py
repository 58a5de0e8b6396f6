"""Building a personal list: adding from the catalogue, ordering, removing, the note and
the client's language, and who may do any of it."""

import pytest
from django.urls import reverse

from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue.states import Status
from kohtaamo.lists import services
from kohtaamo.lists.models import ListItem, PersonalList
from tests import factories
from tests.catalogue import content
from tests.catalogue.html import parse
from tests.lists.conftest import professional

pytestmark = pytest.mark.django_db


def add(client, offering, next_url=None, kind=None):
    kind = kind or offering._meta.model_name
    data = {kind: offering.pk}
    if next_url:
        data["next"] = next_url
    return client.post("/en/lists/add/", data)


def names_on_page(client, personal_list):
    page = parse(client.get(f"/en/lists/{personal_list.pk}/"))
    return [h3.text for h3 in page.find("ol", cls="list-items").find_all("h3")]


def test_a_professional_adds_a_service_and_an_event_and_sees_them_in_order(pro):
    person, client = pro
    service = content.service("Kuorolaulu")
    event = content.event("Konsertti")

    response = add(client, service, next_url="/en/search/?q=kuoro")
    assert response.status_code == 302
    assert response["Location"] == "/en/search/?q=kuoro"
    add(client, event)

    personal_list = PersonalList.objects.get(owner=person)
    assert names_on_page(client, personal_list) == ["Kuorolaulu", "Konsertti"]


def test_adding_the_same_item_twice_keeps_one(pro):
    person, client = pro
    service = content.service("Kuorolaulu")
    add(client, service)
    response = add(client, service)
    assert response.status_code == 302
    assert ListItem.objects.filter(personal_list__owner=person).count() == 1
    page = client.get(response["Location"])
    assert "already on your list" in page.text


def test_the_search_page_and_detail_pages_show_add_buttons_to_professionals_only(pro):
    _person, client = pro
    service = content.service("Kuorolaulu")
    event = content.event("Konsertti")

    page = parse(client.get("/en/search/"))
    buttons = page.find_all("button", form="add-to-list")
    assert {(b.attrs["name"], b.attrs["value"]) for b in buttons} == {("service", str(service.pk))}
    form = page.by_id("add-to-list")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/en/lists/add/"
    # The POST form sits outside the search's own GET form: forms cannot nest.
    assert form.parent.tag != "form"

    # Pressing the button sends the POST form with the button's name and value.
    add(client, service, next_url="/en/search/")
    page = parse(client.get("/en/search/"))
    assert not page.find_all("button", form="add-to-list")
    assert "On your list" in page.find("p", cls="on-list").text

    for url in (f"/en/services/{service.pk}/", f"/en/events/{event.pk}/"):
        detail = parse(client.get(url))
        assert detail.find("form", cls="add-to-list") or detail.find("p", cls="on-list")

    client.logout()
    resident = factories.user()
    client.force_login(resident)
    for url in ("/en/search/", f"/en/services/{service.pk}/", f"/en/events/{event.pk}/"):
        page = parse(client.get(url))
        assert not page.find("form", cls="add-to-list")
        assert not page.find("button", form="add-to-list")
        assert not page.by_id("add-to-list")


def test_reordering_with_up_and_down_buttons(pro):
    person, client = pro
    first, second, third = (content.service(name) for name in ("Yksi", "Kaksi", "Kolme"))
    for service in (first, second, third):
        add(client, service)
    personal_list = PersonalList.objects.get(owner=person)
    items = {item.service_id: item.pk for item in personal_list.items.all()}
    url = f"/en/lists/{personal_list.pk}/items/"

    response = client.post(url, {"item": items[third.pk], "action": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{items[third.pk]}")
    assert names_on_page(client, personal_list) == ["Yksi", "Kolme", "Kaksi"]

    client.post(url, {"item": items[first.pk], "action": "down"})
    assert names_on_page(client, personal_list) == ["Kolme", "Yksi", "Kaksi"]

    # The first cannot go further up: nothing changes, nothing breaks.
    client.post(url, {"item": items[third.pk], "action": "up"})
    assert names_on_page(client, personal_list) == ["Kolme", "Yksi", "Kaksi"]

    page = parse(client.get(f"/en/lists/{personal_list.pk}/"))
    rows = page.find("ol", cls="list-items").find_all("li", cls="list-item")
    assert [b.attrs["value"] for b in rows[0].find_all("button")] == ["down", "remove"]
    assert [b.attrs["value"] for b in rows[1].find_all("button")] == ["up", "down", "remove"]
    assert [b.attrs["value"] for b in rows[2].find_all("button")] == ["up", "remove"]


def test_removing_an_item(pro):
    person, client = pro
    keep, drop = content.service("Pysyy"), content.event("Poistuu")
    add(client, keep)
    add(client, drop)
    personal_list = PersonalList.objects.get(owner=person)
    item = personal_list.items.get(event=drop)
    response = client.post(
        f"/en/lists/{personal_list.pk}/items/", {"item": item.pk, "action": "remove"}
    )
    assert response.status_code == 302
    assert names_on_page(client, personal_list) == ["Pysyy"]


def test_note_and_language_are_saved_and_a_long_note_is_refused_next_to_the_field(pro):
    person, client = pro
    personal_list = PersonalList.objects.create(owner=person, language="fi")
    url = f"/en/lists/{personal_list.pk}/"

    response = client.post(url, {"note": "Tervetuloa mukaan!", "language": "sv"})
    assert response.status_code == 302
    personal_list.refresh_from_db()
    assert (personal_list.note, personal_list.language) == ("Tervetuloa mukaan!", "sv")

    response = client.post(url, {"note": "x" * 501, "language": "de"})
    assert response.status_code == 200
    page = parse(response)
    assert page.by_id("id_note_error")
    assert page.by_id("id_note").attrs["aria-describedby"].endswith("id_note_error")
    assert page.by_id("id_language_error")
    personal_list.refresh_from_db()
    assert personal_list.note == "Tervetuloa mukaan!"


def test_the_note_field_tells_not_to_write_the_clients_name_or_health_details(pro):
    person, client = pro
    personal_list = PersonalList.objects.create(owner=person)
    page = parse(client.get(f"/en/lists/{personal_list.pk}/"))
    help_text = page.by_id("id_note_helptext").text
    assert "name" in help_text and "health" in help_text


def test_a_new_list_becomes_the_one_that_add_fills(pro):
    person, client = pro
    first_service, second_service = content.service("Eka"), content.service("Toka")
    add(client, first_service)
    first = PersonalList.objects.get(owner=person)

    response = client.post("/en/lists/new/")
    second = PersonalList.objects.exclude(pk=first.pk).get(owner=person)
    assert response["Location"] == f"/en/lists/{second.pk}/"
    add(client, second_service)
    assert [i.service_id for i in second.items.all()] == [second_service.pk]

    client.post(f"/en/lists/{first.pk}/choose/")
    add(client, content.service("Kolmas"))
    assert first.items.count() == 2


def test_lists_page_is_paginated_and_shows_only_own_lists(pro):
    person, client = pro
    for _ in range(25):
        PersonalList.objects.create(owner=person)
    PersonalList.objects.create(owner=professional())

    page = parse(client.get("/en/lists/"))
    assert len(page.find("tbody").find_all("tr")) == 20
    page = parse(client.get("/en/lists/?page=2"))
    assert len(page.find("tbody").find_all("tr")) == 5
    # Nonsense page numbers show a page, never an error.
    assert client.get("/en/lists/?page=abc").status_code == 200
    assert client.get("/en/lists/?page=99999999999999999999").status_code == 200


def test_another_professional_gets_404_for_every_page_and_action(pro, login):
    owner, owner_client = pro
    service = content.service()
    add(owner_client, service)
    personal_list = PersonalList.objects.get(owner=owner)
    item = personal_list.items.get()

    other = login(professional())
    base = f"/en/lists/{personal_list.pk}"
    for url in (f"{base}/", f"{base}/print/", f"{base}/pdf/", f"{base}/email/"):
        assert other.get(url).status_code == 404, url
    posts = {
        f"{base}/": {"note": "hijack", "language": "fi"},
        f"{base}/items/": {"item": item.pk, "action": "remove"},
        f"{base}/choose/": {},
        f"{base}/delete/": {},
        f"{base}/email/": {"address": "someone@example.fi", "consent": "on"},
    }
    for url, data in posts.items():
        assert other.post(url, data).status_code == 404, url
    assert personal_list.items.count() == 1
    personal_list.refresh_from_db()
    assert personal_list.note == ""


@pytest.mark.parametrize("role", [None, Role.PROVIDER, Role.VOLUNTEER, Role.COORDINATOR])
def test_residents_and_other_roles_cannot_use_lists(login, role):
    person = factories.user() if role is None else factories.member(role)
    client = login(person)
    service = content.service()
    assert client.get("/en/lists/").status_code == 403
    assert client.post("/en/lists/new/").status_code == 403
    assert client.post("/en/lists/add/", {"service": service.pk}).status_code == 403
    assert not PersonalList.objects.exists()


def test_a_culture_advisor_makes_lists_too(login):
    client = login(professional(Role.CULTURE_ADVISOR))
    assert client.get("/en/lists/").status_code == 200
    assert add(client, content.service()).status_code == 302


def test_signed_out_people_are_sent_to_log_in(client):
    response = client.get("/en/lists/")
    assert response.status_code == 302
    assert "/en/accounts/login/" in response["Location"]


def test_a_professional_who_has_not_entered_the_code_cannot_use_lists(login):
    client = login(professional(), verified=False)
    response = client.get("/en/lists/")
    assert response.status_code == 302
    assert "/accounts/login/code/" in response["Location"] or "two-factor" in response["Location"]


def test_permission_rules_cover_only_the_owners_lists():
    owner, colleague = professional(), professional()
    colleague.memberships.update(organisation=owner.memberships.get().organisation)
    colleague._active_memberships = None
    personal_list = PersonalList.objects.create(owner=owner)
    for action in ("view", "change", "delete"):
        assert owner.has_perm(f"lists.{action}_personallist", personal_list)
        # Same organisation, same role: still not theirs.
        assert not colleague.has_perm(f"lists.{action}_personallist", personal_list)
    assert colleague.has_perm("lists.add_personallist")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"service": "abc"},
        {"service": "-1"},
        {"service": "99999999999999999999999"},
        {"service": "1", "event": "1"},
        {"event": ""},
    ],
)
def test_bad_add_requests_are_refused_without_errors(pro, data):
    _person, client = pro
    assert client.post("/en/lists/add/", data).status_code == 400


def test_drafts_and_missing_items_cannot_be_added(pro):
    _person, client = pro
    draft = content.service(status=Status.DRAFT)
    assert add(client, draft).status_code == 404
    assert client.post("/en/lists/add/", {"event": 987654}).status_code == 404
    assert not ListItem.objects.exists()


def test_bad_item_actions_are_refused_without_errors(pro):
    person, client = pro
    personal_list = PersonalList.objects.create(owner=person)
    url = f"/en/lists/{personal_list.pk}/items/"
    assert client.post(url, {"item": "x", "action": "up"}).status_code == 400
    assert client.post(url, {"item": 5, "action": "sideways"}).status_code == 400
    assert client.post(url, {"item": 424242, "action": "up"}).status_code == 404
    assert client.post(url, {"item": 424242, "action": "remove"}).status_code == 404
    assert client.get(url).status_code == 405


def test_unsafe_next_addresses_are_ignored(pro):
    _person, client = pro
    response = add(client, content.service(), next_url="https://evil.example/")
    assert response["Location"].startswith("/en/lists/")


def test_a_list_holds_at_most_thirty_items(pro):
    person, client = pro
    for _ in range(services.MAX_ITEMS):
        add(client, content.service())
    response = add(client, content.service(), next_url="/en/search/")
    assert response.status_code == 302
    assert ListItem.objects.filter(personal_list__owner=person).count() == services.MAX_ITEMS
    assert f"{services.MAX_ITEMS} items" in client.get("/en/search/").text


def test_deleting_a_list(pro):
    person, client = pro
    personal_list = PersonalList.objects.create(owner=person)
    response = client.post(f"/en/lists/{personal_list.pk}/delete/")
    assert response["Location"] == reverse("lists:index")
    assert not PersonalList.objects.exists()


def test_an_item_that_left_the_catalogue_is_marked_on_the_list(pro):
    person, client = pro
    service = content.service("Lopetettu")
    add(client, service)
    service.status = Status.ARCHIVED
    service.save()
    personal_list = PersonalList.objects.get(owner=person)
    page = parse(client.get(f"/en/lists/{personal_list.pk}/"))
    assert "No longer in the public catalogue" in page.find("ol", cls="list-items").text
