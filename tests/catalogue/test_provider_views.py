"""Providers keep their own services, events, places and profile; county coordinators
take content off the public catalogue with a reason the provider sees."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue.models import Event, Place, ProviderProfile, Service
from kohtaamo.catalogue.services import change_status
from kohtaamo.catalogue.states import Move, Status
from kohtaamo.core.models import Municipality, WellbeingStep
from tests import factories

pytestmark = pytest.mark.django_db

KUOPIO = "297"
SIILINJARVI = "749"  # also in North Savo
TAMPERE = "837"  # Pirkanmaa


def url(name, *args, language="en", **query):
    from django.utils import translation

    with translation.override(language):
        address = reverse(f"provider:{name}", args=args)
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


@pytest.fixture
def provider_org():
    return factories.organisation(Organisation.Kind.ASSOCIATION, KUOPIO, name_fi="Lauluyhdistys")


@pytest.fixture
def provider(provider_org):
    return factories.member(Role.PROVIDER, organisation=provider_org)


@pytest.fixture
def coordinator():
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, KUOPIO)
    return factories.member(Role.COORDINATOR, organisation=county)


def step(number):
    return WellbeingStep.objects.get(number=number).pk


def municipality(code):
    return Municipality.objects.get(code=code).pk


def service_form(**changes):
    data = {
        "name_fi": "Laulupiiri",
        "name_sv": "Sångcirkel",
        "summary_fi": "Laulamme yhdessä kerran viikossa.",
        "summary_sv": "Vi sjunger tillsammans en gång i veckan.",
        "kind": Service.Kind.GROUP,
        "lifecycle": Service.Lifecycle.ESTABLISHED,
        "steps": [step(2)],
        "municipalities": [municipality(KUOPIO)],
        "is_free": "on",
        "quality_criteria": ["goals", "feedback"],
        "save": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def event_form(**changes):
    start = timezone.localtime() + timedelta(days=7)
    data = {
        "name_fi": "Kevätkonsertti",
        "summary_fi": "Kuoro laulaa kevään lauluja.",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "municipality": municipality(KUOPIO),
        "steps": [step(1)],
        "registration": Event.Registration.NONE,
        "card_places": "5",
        "capacity": "80",
        "is_free": "on",
        "save": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def make_service(organisation, status=Status.DRAFT, **fields):
    fields.setdefault("name_fi", "Taidepaja")
    fields.setdefault("summary_fi", "Maalaamme yhdessä.")
    service = Service.objects.create(organisation=organisation, is_free=True, **fields)
    service.steps.add(step(3))
    service.municipalities.add(municipality(KUOPIO))
    if status == Status.PUBLISHED:
        service.status = Status.PUBLISHED
        service.published_at = timezone.now()
        service.save()
    return service


def make_event(organisation, status=Status.DRAFT, days=3, **fields):
    fields.setdefault("name_fi", "Museokierros")
    fields.setdefault("summary_fi", "Opastettu kierros.")
    event = Event.objects.create(
        organisation=organisation,
        start=timezone.now() + timedelta(days=days),
        municipality_id=municipality(KUOPIO),
        is_free=True,
        status=status,
        **fields,
    )
    event.steps.add(step(1))
    return event


# --- who may come in --------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(client):
    for address in [url("dashboard"), url("service_create"), url("moderation")]:
        response = client.get(address)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PROFESSIONAL, Role.COORDINATOR])
def test_people_without_catalogue_edit_rights_are_refused(login, role, provider_org):
    client = login(factories.member(role, organisation=provider_org))
    assert client.get(url("dashboard")).status_code == 403
    assert client.get(url("service_create")).status_code == 403
    assert client.get(url("event_create")).status_code == 403
    assert client.get(url("place_create")).status_code == 403


def test_resident_is_refused(login):
    client = login(factories.user())
    assert client.get(url("dashboard")).status_code == 403
    assert client.get(url("moderation")).status_code == 403


def test_navigation_shows_my_services_to_providers_and_moderation_to_coordinators(
    login, provider, coordinator
):
    page = login(provider).get(url("dashboard")).content.decode()
    assert f'href="{url("dashboard")}"' in page
    assert f'href="{url("moderation")}"' not in page

    page = login(coordinator).get(url("moderation")).content.decode()
    assert f'href="{url("moderation")}" aria-current="page"' in page
    assert f'href="{url("dashboard")}"' not in page


# --- services ------------------------------------------------------------------------


def test_the_form_puts_each_text_in_three_labelled_languages(login, provider):
    page = login(provider).get(url("service_create")).content.decode()
    for code in ["fi", "sv", "en"]:
        assert f'name="name_{code}"' in page
        assert f'lang="{code}"' in page
        assert f'<label for="id_description_{code}">' in page
    assert "<legend>Steps of cultural wellbeing</legend>" in page
    assert "1. " in page  # steps are listed with their numbers
    assert 'name="quality_criteria"' in page
    # Municipalities of the provider's own county are offered as checkboxes.
    assert f'value="{municipality(SIILINJARVI)}"' in page


def test_a_saved_draft_is_not_public(login, provider, client):
    response = login(provider).post(url("service_create"), service_form())
    service = Service.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("service_edit", service.pk, language="en")
    assert service.status == Status.DRAFT
    assert service.organisation == provider.memberships.get().organisation
    assert service.name_sv == "Sångcirkel"
    assert set(service.municipalities.values_list("code", flat=True)) == {KUOPIO}
    assert service.quality_criteria == ["goals", "feedback"]
    assert not Service.objects.filter(status=Status.PUBLISHED).exists()

    page = client.get(url("dashboard")).content.decode()
    assert "Laulupiiri" in page
    assert 'class="badge badge-draft"' in page


def test_save_and_publish_publishes(login, provider):
    client = login(provider)
    response = client.post(url("service_create"), service_form(save=None, publish=""))
    service = Service.objects.get()
    assert response.status_code == 302
    assert service.status == Status.PUBLISHED
    assert service.published_at is not None
    page = client.get(response["Location"]).content.decode()
    assert 'class="badge badge-published"' in page


def test_places_for_referred_clients_are_saved_and_can_be_cleared(login, provider):
    client = login(provider)
    page = client.get(url("service_create")).content.decode()
    assert 'name="referral_places"' in page
    assert 'aria-describedby="id_referral_places_helptext"' in page
    client.post(url("service_create"), service_form(referral_places="3"))
    service = Service.objects.get()
    assert service.referral_places == 3
    client.post(url("service_edit", service.pk), service_form(referral_places=""))
    service.refresh_from_db()
    assert service.referral_places is None


@pytest.mark.parametrize("value", ["0", "-2"])
def test_no_or_negative_places_for_referred_clients_are_refused_by_the_field(
    login, provider, value
):
    from django.core.validators import MinValueValidator
    from django.utils import translation

    response = login(provider).post(
        url("service_create", language="fi"), service_form(referral_places=value)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_referral_places_error"' in page
    field = re.search(r'<input[^>]*name="referral_places"[^>]*>', page).group(0)
    assert "id_referral_places_error" in field  # linked with aria-describedby
    with translation.override("fi"):
        message = str(MinValueValidator(1).message) % {"limit_value": 1}
    assert message in page.replace("&#x27;", "'")
    assert not Service.objects.exists()


def test_publishing_incomplete_service_shows_what_is_missing_by_the_fields(login, provider):
    data = service_form(save=None, publish="", summary_fi="", summary_sv="", steps=[])
    response = login(provider).post(url("service_create"), data)
    assert response.status_code == 200
    assert not Service.objects.exists(), "nothing is saved when publishing fails"
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'id="id_summary_fi_error"' in page
    assert 'id="id_steps_error"' in page
    assert 'aria-invalid="true"' in page
    # What was typed is kept.
    assert 'value="Laulupiiri"' in page

    # The same data saved as a draft is fine, and the page lists what publishing needs.
    data.pop("publish")
    response = login(provider).post(url("service_create"), {**data, "save": ""})
    assert response.status_code == 302
    page = login(provider).get(response["Location"]).content.decode()
    assert "Before publishing, add:" in page
    assert "a short summary in at least one language" in page


def test_a_name_in_any_one_language_is_enough(login, provider):
    client = login(provider)
    response = client.post(url("service_create"), service_form(name_fi="", name_sv="Sångcirkel"))
    assert response.status_code == 302
    assert Service.objects.get().name_sv == "Sångcirkel"

    response = client.post(url("service_create"), service_form(name_fi="", name_sv=""))
    assert response.status_code == 200
    assert 'id="id_name_fi_error"' in response.content.decode()
    assert Service.objects.count() == 1


def test_errors_are_in_the_language_of_the_page(login, provider):
    response = login(provider).post(
        url("service_create", language="fi"), service_form(age_min="abc", kind="")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Syötä kokonaisluku." in page  # Django's own Finnish message
    assert 'id="id_kind_error"' in page


def test_age_range_must_be_in_order(login, provider):
    response = login(provider).post(url("service_create"), service_form(age_min="60", age_max="18"))
    assert response.status_code == 200
    assert 'id="id_age_max_error"' in response.content.decode()


def test_a_published_service_cannot_be_left_incomplete(login, provider, provider_org):
    service = make_service(provider_org, status=Status.PUBLISHED)
    response = login(provider).post(
        url("service_edit", service.pk),
        service_form(name_fi="Taidepaja", summary_fi="", summary_sv=""),
    )
    assert response.status_code == 200
    assert 'id="id_summary_fi_error"' in response.content.decode()
    service.refresh_from_db()
    assert service.summary_fi == "Maalaamme yhdessä."
    assert service.status == Status.PUBLISHED


def test_edit_keeps_municipalities_of_other_counties(login, provider, provider_org):
    service = make_service(provider_org)
    client = login(provider)
    page = client.get(url("service_edit", service.pk)).content.decode()
    assert "Municipalities in other counties" in page

    response = client.post(
        url("service_edit", service.pk),
        service_form(
            municipalities=[municipality(SIILINJARVI)],
            other_municipalities=[municipality(TAMPERE)],
        ),
    )
    assert response.status_code == 302
    codes = set(service.municipalities.values_list("code", flat=True))
    assert codes == {SIILINJARVI, TAMPERE}


def test_places_offered_are_the_organisations_own(login, provider, provider_org):
    own = Place.objects.create(
        organisation=provider_org, name_fi="Oma sali", municipality_id=municipality(KUOPIO)
    )
    other = Place.objects.create(
        organisation=factories.organisation(),
        name_fi="Vieras sali",
        municipality_id=municipality(KUOPIO),
    )
    client = login(provider)
    page = client.get(url("service_create")).content.decode()
    assert "Oma sali" in page
    assert "Vieras sali" not in page
    response = client.post(url("service_create"), service_form(places=[other.pk]))
    assert response.status_code == 200
    assert 'id="id_places_error"' in response.content.decode()
    client.post(url("service_create"), service_form(places=[own.pk]))
    assert list(Service.objects.get().places.all()) == [own]


def test_moves_return_to_draft_archive_and_restore(login, provider, provider_org):
    service = make_service(provider_org, status=Status.PUBLISHED)
    client = login(provider)
    page = client.get(url("service_edit", service.pk)).content.decode()
    assert 'value="unpublish"' in page and 'value="archive"' in page

    for move, expected in [
        ("unpublish", Status.DRAFT),
        ("archive", Status.ARCHIVED),
        ("restore", Status.DRAFT),
    ]:
        response = client.post(url("service_move", service.pk), {"move": move})
        assert response.status_code == 302
        service.refresh_from_db()
        assert service.status == expected


def test_impossible_or_unknown_moves_change_nothing(login, provider, provider_org):
    service = make_service(provider_org)
    client = login(provider)
    for move in ["restore", "moderate", "explode", ""]:
        response = client.post(url("service_move", service.pk), {"move": move}, follow=True)
        assert response.status_code == 200
        service.refresh_from_db()
        assert service.status == Status.DRAFT
    assert client.get(url("service_move", service.pk)).status_code == 405


def test_another_organisations_content_is_not_found(login, provider_org):
    service = make_service(provider_org, status=Status.PUBLISHED)
    event = make_event(provider_org)
    place = Place.objects.create(
        organisation=provider_org, name_fi="Sali", municipality_id=municipality(KUOPIO)
    )
    stranger = login(factories.member(Role.PROVIDER))
    assert stranger.get(url("service_edit", service.pk)).status_code == 404
    assert stranger.post(url("service_edit", service.pk), service_form()).status_code == 404
    assert stranger.post(url("service_move", service.pk), {"move": "archive"}).status_code == 404
    assert stranger.get(url("event_edit", event.pk)).status_code == 404
    assert stranger.post(url("event_move", event.pk), {"move": "publish"}).status_code == 404
    assert stranger.get(url("place_edit", place.pk)).status_code == 404
    assert stranger.get(url("event_create", service=service.pk)).status_code == 404
    assert stranger.get(url("dashboard", organisation=provider_org.pk)).status_code == 404
    assert stranger.get(url("profile", organisation=provider_org.pk)).status_code == 404
    service.refresh_from_db()
    assert service.status == Status.PUBLISHED
    assert service.name_fi == "Taidepaja"


def test_bad_organisation_or_service_in_the_address_is_not_found(login, provider):
    client = login(provider)
    assert client.get(url("dashboard", organisation="abc")).status_code == 404
    assert client.get(url("dashboard", organisation="999999")).status_code == 404
    assert client.get(url("event_create", service="x")).status_code == 404


# --- dashboard -----------------------------------------------------------------------


def test_a_person_in_two_organisations_chooses_which(login, provider, provider_org):
    second = factories.organisation(name_fi="Teatteriryhmä")
    factories.member(Role.PROVIDER, organisation=second, user=provider)
    make_service(second, name_fi="Improkurssi")
    make_service(provider_org, name_fi="Laulupiiri")
    client = login(provider)

    page = client.get(url("dashboard")).content.decode()
    assert 'name="organisation"' in page
    assert page.count("<option") == 2

    page = client.get(url("dashboard", organisation=second.pk)).content.decode()
    assert "Improkurssi" in page
    assert "Laulupiiri" not in page


def test_dashboard_lists_events_coming_first_and_past_last(login, provider, provider_org):
    make_event(provider_org, name_fi="Mennyt", days=-2)
    make_event(provider_org, name_fi="Kaukana", days=30)
    make_event(provider_org, name_fi="Pian", days=1)
    page = login(provider).get(url("dashboard")).content.decode()
    assert page.index("Pian") < page.index("Kaukana") < page.index("Mennyt")


def test_dashboard_counts_by_status_and_paginates(login, provider, provider_org):
    for number in range(23):
        make_service(provider_org, name_fi=f"Palvelu {number:02}")
    make_service(provider_org, status=Status.PUBLISHED, name_fi="Julkaistu")
    client = login(provider)
    response = client.get(url("dashboard"))
    counts = response.context["service_counts"]
    assert {row["status"]: row["count"] for row in counts} == {
        Status.DRAFT: 23,
        Status.PUBLISHED: 1,
        Status.ARCHIVED: 0,
    }
    assert len(response.context["pages"]["services"]["page"].object_list) == 20
    assert "services_page=2" in response.content.decode()
    second = client.get(url("dashboard", services_page=2))
    assert len(second.context["pages"]["services"]["page"].object_list) == 4
    # A page number that is no number still shows a page.
    assert client.get(url("dashboard", services_page="zz")).status_code == 200


def test_dashboard_queries_do_not_grow_with_content(
    login, provider, provider_org, django_assert_max_num_queries
):
    place = Place.objects.create(
        organisation=provider_org, name_fi="Sali", municipality_id=municipality(KUOPIO)
    )
    for number in range(25):
        service = make_service(provider_org, name_fi=f"Palvelu {number}")
        make_event(provider_org, name_fi="", service=service, place=place, days=number - 5)
        Place.objects.create(
            organisation=provider_org,
            name_fi=f"Paikka {number}",
            municipality_id=place.municipality_id,
        )
    removed = make_service(provider_org, name_fi="Poistettu")
    removed.moderation_reason = "Vanha tieto"
    removed.moderated_at = timezone.now()
    removed.save()
    client = login(provider)
    # Session, user, device, memberships; three counts, two status tallies, two lists of
    # notices and three pages of rows: none of it per row.
    with django_assert_max_num_queries(15):
        response = client.get(url("dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert len(re.findall(r'href="/en/provider/events/\d+/"', page)) == 20
    assert "Palvelu 24" in page  # an event without a name of its own shows its service's
    assert "Vanha tieto" in page


# --- events --------------------------------------------------------------------------


def test_event_ending_before_it_starts_is_explained_next_to_the_end(login, provider):
    data = event_form()
    data["end"], data["start"] = data["start"], data["end"]
    response = login(provider).post(url("event_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_end_error"' in page
    assert "The event ends before it starts." in page
    assert not Event.objects.exists()


def test_every_broken_rule_is_shown_at_once(login, provider):
    data = event_form(name_fi="", summary_fi="", capacity="10", card_places="12")
    data["end"], data["start"] = data["start"], data["end"]
    page = login(provider).post(url("event_create"), data).content.decode()
    for field in ["name_fi", "end", "card_places"]:
        assert f'id="id_{field}_error"' in page


def test_more_card_places_than_capacity_is_refused(login, provider):
    response = login(provider).post(
        url("event_create"), event_form(capacity="10", card_places="12")
    )
    assert response.status_code == 200
    assert 'id="id_card_places_error"' in response.content.decode()
    assert not Event.objects.exists()


def test_registration_cannot_end_after_the_event(login, provider):
    data = event_form()
    late = timezone.localtime() + timedelta(days=30)
    data["registration_ends"] = late.strftime("%Y-%m-%dT%H:%M")
    response = login(provider).post(url("event_create"), data)
    assert response.status_code == 200
    assert 'id="id_registration_ends_error"' in response.content.decode()


def test_event_is_published_with_a_place_giving_its_municipality(login, provider, provider_org):
    place = Place.objects.create(
        organisation=provider_org, name_fi="Kirjasto", municipality_id=municipality(SIILINJARVI)
    )
    response = login(provider).post(
        url("event_create"),
        event_form(municipality="", place=place.pk, save=None, publish=""),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == Status.PUBLISHED
    assert event.municipality.code == SIILINJARVI
    assert event.card_places == 5


def test_event_without_place_or_municipality_is_not_published(login, provider):
    response = login(provider).post(
        url("event_create"), event_form(municipality="", save=None, publish="")
    )
    assert response.status_code == 200
    assert 'id="id_municipality_error"' in response.content.decode()
    assert not Event.objects.exists()


def test_event_of_a_service_starts_with_the_services_texts(login, provider, provider_org):
    service = make_service(provider_org, name_fi="Laulupiiri", name_sv="Sångcirkel")
    page = login(provider).get(url("event_create", service=service.pk)).content.decode()
    assert 'value="Laulupiiri"' in page
    assert 'value="Sångcirkel"' in page
    assert f'<option value="{service.pk}" selected>' in page
    assert f'value="{step(3)}" id="id_steps_2" checked' in page or "checked" in page


def test_event_form_offers_datetime_inputs_and_keeps_the_time(login, provider, provider_org):
    event = make_event(provider_org)
    page = login(provider).get(url("event_edit", event.pk)).content.decode()
    local = timezone.localtime(event.start).strftime("%Y-%m-%dT%H:%M")
    assert 'type="datetime-local"' in page
    assert f'value="{local}"' in page


# --- places and profile --------------------------------------------------------------


def test_place_coordinates_are_checked_and_a_comma_is_accepted(login, provider):
    client = login(provider)
    base = {"name_fi": "Kulttuuritalo", "municipality": municipality(KUOPIO)}
    response = client.post(url("place_create"), {**base, "latitude": "42,1", "longitude": "27,6"})
    assert response.status_code == 200
    assert 'id="id_latitude_error"' in response.content.decode()

    response = client.post(url("place_create"), {**base, "latitude": "62,89241234"})
    assert 'id="id_longitude_error"' in response.content.decode()  # both or neither

    response = client.post(url("place_create"), {**base, "postal_code": "7010"})
    assert 'id="id_postal_code_error"' in response.content.decode()

    response = client.post(
        url("place_create"),
        {**base, "latitude": "62,89241234", "longitude": "27.677", "postal_code": "70100"},
    )
    assert response.status_code == 302
    place = Place.objects.get()
    assert str(place.latitude) == "62.892412"
    assert place.organisation == provider.memberships.get().organisation


def test_nonsense_numbers_never_break_the_place_form(login, provider):
    client = login(provider)
    for value in ["1e400", "Infinity", "NaN", "--1", "９"]:
        response = client.post(
            url("place_create"),
            {
                "name_fi": "Talo",
                "municipality": municipality(KUOPIO),
                "latitude": value,
                "longitude": value,
            },
        )
        assert response.status_code == 200, value
    assert not Place.objects.exists()


def test_provider_profile_is_created_and_edited(login, provider, provider_org):
    client = login(provider)
    assert client.get(url("profile")).status_code == 200
    response = client.post(
        url("profile"),
        {
            "description_fi": "Yhteislaulua kaikenikäisille.",
            "experience_sv": "Vi har sjungit med äldre i tio år.",
            "municipalities": [municipality(KUOPIO)],
            "other_municipalities": [municipality(TAMPERE)],
            "contact_email": "laulu@example.fi",
        },
    )
    assert response.status_code == 302
    profile = ProviderProfile.objects.get(organisation=provider_org)
    assert profile.experience_sv.startswith("Vi har")
    assert set(profile.municipalities.values_list("code", flat=True)) == {KUOPIO, TAMPERE}

    response = client.post(url("profile"), {"contact_email": "not-an-address"})
    assert 'id="id_contact_email_error"' in response.content.decode()


# --- moderation ----------------------------------------------------------------------


def test_coordinator_removes_with_a_reason_and_the_provider_sees_it(
    login, client, provider, provider_org, coordinator
):
    service = make_service(provider_org, status=Status.PUBLISHED, name_fi="Vanha kurssi")
    login(coordinator)
    page = client.get(url("moderation")).content.decode()
    assert "Vanha kurssi" in page

    response = client.post(
        url("moderation"),
        {"kind": "service", "pk": service.pk, "reason": "Kurssi on päättynyt."},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == Status.DRAFT
    assert service.moderated_by == coordinator

    login(provider)
    page = client.get(url("dashboard")).content.decode()
    assert "Kurssi on päättynyt." in page
    page = client.get(url("service_edit", service.pk)).content.decode()
    assert "Kurssi on päättynyt." in page

    # Publishing again clears the notice.
    client.post(url("service_edit", service.pk), service_form(name_fi="Uusi kurssi", publish=""))
    service.refresh_from_db()
    assert service.status == Status.PUBLISHED
    assert service.moderation_reason == ""
    assert "Kurssi on päättynyt." not in client.get(url("dashboard")).content.decode()


def test_removal_needs_a_reason_shown_next_to_the_field(login, provider_org, coordinator):
    event = make_event(provider_org, status=Status.PUBLISHED, name_fi="Konsertti")
    response = login(coordinator).post(
        url("moderation"), {"kind": "event", "pk": event.pk, "reason": "   "}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="reason-event-{event.pk}-error"' in page
    assert f'href="#reason-event-{event.pk}"' in page
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED


def test_coordinator_of_another_county_neither_sees_nor_removes(login, provider_org):
    service = make_service(provider_org, status=Status.PUBLISHED, name_fi="Kuopion kuoro")
    pirkanmaa = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, TAMPERE)
    client = login(factories.member(Role.COORDINATOR, organisation=pirkanmaa))
    assert "Kuopion kuoro" not in client.get(url("moderation")).content.decode()
    response = client.post(
        url("moderation"), {"kind": "service", "pk": service.pk, "reason": "Ei kuulu tänne"}
    )
    assert response.status_code == 404
    service.refresh_from_db()
    assert service.status == Status.PUBLISHED


def test_moderation_ignores_nonsense_input(login, coordinator):
    client = login(coordinator)
    for data in [{"kind": "service", "pk": "abc"}, {"kind": "user", "pk": "1"}, {}]:
        assert client.post(url("moderation"), {**data, "reason": "x"}).status_code == 404


def test_moderation_lists_only_published_content_and_searches_by_name(
    login, provider_org, coordinator
):
    make_service(provider_org, status=Status.PUBLISHED, name_fi="Kuorolaulu")
    make_service(provider_org, status=Status.PUBLISHED, name_fi="Maalauskurssi")
    make_service(provider_org, name_fi="Keskeneräinen luonnos")
    client = login(coordinator)
    page = client.get(url("moderation")).content.decode()
    assert "Kuorolaulu" in page and "Maalauskurssi" in page
    assert "Keskeneräinen luonnos" not in page
    page = client.get(url("moderation", q="kuoro")).content.decode()
    assert "Kuorolaulu" in page
    assert "Maalauskurssi" not in page


def test_moderation_queries_do_not_grow_with_content(
    login, provider_org, coordinator, django_assert_max_num_queries
):
    for number in range(25):
        service = make_service(provider_org, status=Status.PUBLISHED, name_fi=f"Palvelu {number}")
        make_event(provider_org, status=Status.PUBLISHED, name_fi="", service=service)
    client = login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(url("moderation"))
    assert response.status_code == 200
    assert response.content.decode().count("Remove from the public catalogue") == 40


def test_a_provider_cannot_moderate(login, provider, provider_org):
    service = make_service(provider_org, status=Status.PUBLISHED)
    client = login(provider)
    assert client.get(url("moderation")).status_code == 403
    assert (
        client.post(
            url("moderation"), {"kind": "service", "pk": service.pk, "reason": "x"}
        ).status_code
        == 403
    )
    # Nor through the provider's own status buttons.
    client.post(url("service_move", service.pk), {"move": "moderate"})
    service.refresh_from_db()
    assert service.status == Status.PUBLISHED


def test_stale_removal_is_explained(login, provider, provider_org, coordinator):
    service = make_service(provider_org, status=Status.PUBLISHED)
    change_status(provider, service, Move.UNPUBLISH)
    response = login(coordinator).post(
        url("moderation"), {"kind": "service", "pk": service.pk, "reason": "Vanha"}, follow=True
    )
    assert response.status_code == 200
    assert "no longer in the public catalogue" in response.content.decode()
