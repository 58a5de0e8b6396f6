"""The demo catalogue ``seed_demo`` builds: enough services and events of every kind to
try search, referrals and the culture card with, in all three demo counties."""

import itertools
import re
from collections import Counter
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kohtaamo import demo
from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import Event, Place, ProviderProfile, Service, Source
from kohtaamo.catalogue.states import Status
from kohtaamo.core.models import TargetGroup
from kohtaamo.demo.catalogue_events import session_specs, venue_event_specs
from kohtaamo.demo.catalogue_places import place_specs
from kohtaamo.demo.catalogue_providers import owners_by_town
from kohtaamo.demo.catalogue_services import service_specs
from kohtaamo.search.query import SearchParams, search

pytestmark = pytest.mark.django_db

DEMO = {"source": Source.IMPORT, "external_id__startswith": "demo:"}
FAKE_PHONE = re.compile(r"^\+358 40 000 0\d{3}$")
CATALOGUE_MODELS = (Place, Service, Event, ProviderProfile)


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """Seed once for the whole module, and roll it all back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            report = demo.seed()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def published(first_run):
    return Service.objects.filter(status=Status.PUBLISHED, **DEMO)


def found(kind, **params):
    return search(kind, SearchParams(**params), limit=5).count


def test_the_catalogue_has_hundreds_of_services_and_thousands_of_events(first_run):
    assert Service.objects.filter(**DEMO).count() >= 500
    assert Event.objects.filter(**DEMO).count() >= 2000
    assert 120 <= Place.objects.filter(**DEMO).count() <= 250
    assert first_run.created(Service) == Service.objects.filter(**DEMO).count()


def test_most_services_are_published_and_some_are_drafts_or_archived(published):
    total = Service.objects.filter(**DEMO).count()
    assert 0.8 <= published.count() / total <= 0.9
    statuses = set(Service.objects.filter(**DEMO).values_list("status", flat=True))
    assert statuses == {Status.PUBLISHED, Status.DRAFT, Status.ARCHIVED}


def test_a_coordinator_has_taken_a_couple_of_services_off_the_catalogue(first_run):
    moderated = Service.objects.filter(**DEMO).exclude(moderation_reason="")
    assert moderated.count() >= 2
    for service in moderated:
        assert service.status == Status.DRAFT
        assert service.moderated_by == first_run.users["coordinator"]
        assert service.moderated_at is not None


@pytest.mark.parametrize("county", ["13", "08", "06"])
def test_each_demo_county_has_published_services_and_events_found_by_its_filter(first_run, county):
    assert found("service", county=[county]) >= 80
    assert found("event", county=[county]) >= 300


def test_every_step_of_cultural_wellbeing_has_published_services(published):
    for number in range(1, 6):
        assert published.filter(steps__number=number).count() >= 5, number
        assert found("service", step=[number]) >= 5


def test_every_voimala_priority_group_has_published_services(published):
    priority = TargetGroup.objects.filter(is_priority_group=True)
    assert priority.count() == 5
    for group in priority:
        assert published.filter(target_groups=group).count() >= 10, group.code


def test_steps_follow_the_kind_of_service(published):
    def steps_of(**filters):
        return {
            tuple(sorted(s.steps.values_list("number", flat=True)))
            for s in published.filter(**filters)
        }

    assert steps_of(kind=Service.Kind.HOSPITAL_CLOWNS) <= {(3,), (3, 4)}
    assert steps_of(external_id__contains=":care-home-weekly:") == {(5,)}
    assert steps_of(external_id__contains=":daytime-concerts:") == {(1,)}
    assert steps_of(external_id__contains=":choir:") == {(2,)}
    assert steps_of(external_id__contains=":work-pair:") == {(4,)}


def test_artist_and_care_professional_pairs_meet_fifteen_to_thirty_times(published):
    pairs = published.filter(external_id__contains=":work-pair:")
    assert pairs.exists()
    for service in pairs:
        sessions = int(re.search(r"yhteensä (\d+) kertaa", service.schedule_fi)[1])
        assert 15 <= sessions <= 30


def test_every_service_is_in_finnish_and_some_also_in_swedish_and_english(published):
    total = published.count()
    assert not published.filter(name_fi="").exists()
    assert not published.filter(summary_fi="").exists()
    swedish = published.exclude(name_sv="").count()
    english = published.exclude(name_en="").count()
    assert 0.2 <= swedish / total <= 0.45
    assert 0.1 <= english / total <= 0.3
    assert found("service", q="museet", lang="sv") > 0
    assert found("service", q="workshop", lang="en") > 0


def test_services_name_the_kinds_of_work_the_counties_do(published):
    names = " ".join(published.values_list("name_fi", flat=True)).lower()
    for kind in (
        "kulttuurilähete",
        "kulttuuriresepti",
        "hyvinvointilähete",
        "harrastelähete",
        "kaikukortilla",
        "kulttuuriluotsi",
        "kulttuurikaveri",
        "sairaalaklovnit",
        "ambulansseihin",
        "taiteilijaresidenssi",
        "neuvola",
        "kulttuurineuvonta",
        "museokierros",
        "laulupiiri",
        "tanssikahvila",
        "taidepajat nuorille",
        "teatteriryhmä mielenterveyskuntoutujille",
        "käsityöpiiri",
        "lukupiiri",
        "työpari",
    ):
        assert kind in names, kind


def test_search_understands_the_demo_texts_in_finnish(first_run):
    assert found("service", q="museoihin") > 0
    assert found("service", q="lähete") > 0
    assert found("service", q="konsertteihin") > 0
    assert found("service", q="ikäihmisille") > 0
    assert found("service", q="taidepaja") > 0
    assert found("event", q="konsertti", date_from=timezone.localdate()) > 0


def test_dance_for_young_people_in_kuopio_comes_first(first_run):
    # The example question of issue 13: a youth venue's name must not outrank the dance.
    first = search("service", SearchParams(q="tanssi nuorille Kuopio", lang="fi"), limit=5)
    top = Service.objects.in_bulk(first.ids[:2])
    assert len(top) == 2
    for service in top.values():
        assert service.external_id.startswith("demo:service:youth-dance:297:")
        assert service.target_groups.filter(code="young-people").exists()
        assert service.art_forms.filter(code="dance").exists()
        assert service.municipalities.filter(code="297").exists()


def test_culture_card_places_are_offered_on_services_and_events(published):
    assert 0.2 <= published.filter(card_places=True).count() / published.count() <= 0.45
    with_card = Event.objects.filter(card_places__gt=0, **DEMO)
    assert with_card.count() >= 100
    assert not with_card.filter(card_places__gt=10).exists()
    for event in with_card.exclude(capacity=None):
        assert event.card_places <= event.capacity
    assert found("service", card=True) > 50


def test_referral_groups_and_hobby_referral_courses_keep_places_for_referred_clients(published):
    groups = published.filter(external_id__startswith="demo:service:referral-group:")
    courses = published.filter(external_id__startswith="demo:service:hobby-referral:")
    assert groups.exists() and courses.exists()
    assert not groups.filter(referral_places=None).exists()
    assert not groups.filter(referral_places__gt=10).exists()
    assert set(courses.values_list("referral_places", flat=True)) == {4}
    others = published.exclude(external_id__startswith="demo:service:referral-group:")
    assert (
        others.exclude(external_id__startswith="demo:service:hobby-referral:")
        .filter(referral_places__isnull=False)
        .count()
        == 0
    )


def test_events_run_from_two_weeks_ago_to_four_months_ahead(first_run):
    now = timezone.now()
    events = Event.objects.filter(status=Status.PUBLISHED, **DEMO)
    assert events.filter(start__lt=now).count() >= 100
    assert events.filter(start__gt=now + timedelta(days=60)).count() >= 100
    assert not events.filter(start__lt=now - timedelta(days=16)).exists()
    assert not events.filter(start__gt=now + timedelta(days=122)).exists()
    assert events.filter(is_cancelled=True).exists()
    assert not events.filter(end__lt=F("start")).exists()


def test_seeding_on_another_day_would_make_the_same_events_at_new_dates():
    # Dates follow the day of seeding, but which events exist must not: seeding an old
    # demo database again a month later may not add a second copy of anything.
    services, places = service_specs(), place_specs(owners_by_town())
    by_day = {}
    for day in (date(2026, 1, 5), date(2026, 2, 4), date(2026, 12, 31)):
        events = session_specs(services, day) + venue_event_specs(places, day)
        by_day[day] = {event.key: event.start.date() - day for event in events}
    first, *others = by_day.values()
    assert all(other.keys() == first.keys() for other in others)
    assert {offset.days for offset in first.values()} >= {-14, 0, 90, 120}


def test_weekly_groups_have_their_sessions_in_the_calendar(first_run):
    service = (
        Service.objects.filter(status=Status.PUBLISHED, external_id__contains=":choir:", **DEMO)
        .exclude(events=None)
        .first()
    )
    sessions = list(service.events.order_by("start"))
    assert len(sessions) == 15
    gaps = {(b.start - a.start).days for a, b in itertools.pairwise(sessions)}
    assert gaps == {7}
    place = service.places.get()
    assert {e.place_id for e in sessions} == {place.pk}
    assert {e.municipality_id for e in sessions} == {place.municipality_id}
    assert sessions[0].name == service.name_fi


def test_places_are_in_their_own_municipality_with_accessibility(first_run):
    places = Place.objects.filter(**DEMO).select_related("municipality")
    kinds = " ".join(places.values_list("name_fi", flat=True)).lower()
    for kind in ("kirjasto", "museo", "teatteri", "musiikkikeskus", "kulttuuritalo",
                 "hoivakoti", "terveysasema", "seurakuntatalo", "sairaala"):  # fmt: skip
        assert kind in kinds, kind
    for place in places:
        assert place.municipality.county.code in {"13", "08", "06"}
        assert 60.5 < place.latitude < 64.5 and 21 < place.longitude < 28.5
        assert place.street_address_fi
    without = places.filter(accessibility=None).count()
    assert without == 0


def test_demo_contacts_use_example_addresses_and_obviously_fake_phone_numbers(first_run):
    for service in Service.objects.filter(**DEMO):
        if service.booking_url:
            assert urlsplit(service.booking_url).hostname.endswith(".example.fi")
        assert service.contact_email.endswith(".example.fi")
        if service.contact_phone:
            assert FAKE_PHONE.match(service.contact_phone), service.contact_phone
    for profile in ProviderProfile.objects.all():
        assert profile.contact_email.endswith(".example.fi")
        assert FAKE_PHONE.match(profile.contact_phone)
        assert urlsplit(profile.website).hostname.endswith(".example.fi")
    for organisation in Organisation.objects.exclude(website=""):
        assert urlsplit(organisation.website).hostname.endswith(".example.fi")
        assert organisation.business_id == ""


def test_providers_have_profiles_that_match_what_they_offer(first_run):
    profiles = ProviderProfile.objects.filter(organisation__services__source=Source.IMPORT)
    profiles = profiles.distinct()
    assert profiles.count() >= 50
    kinds = Counter(profiles.values_list("organisation__kind", flat=True))
    assert {"association", "artist", "municipality", "parish", "education"} <= set(kinds)
    for profile in profiles[:20]:
        assert profile.description_fi and profile.experience_fi
        offered = set(
            Service.objects.filter(organisation=profile.organisation).values_list(
                "art_forms", flat=True
            )
        )
        assert set(profile.art_forms.values_list("pk", flat=True)) == offered - {None}


def test_services_carry_the_details_a_professional_needs(published):
    assert published.exclude(age_min=None).count() >= 100
    assert published.filter(is_free=True).exists() and published.filter(is_free=False).exists()
    assert published.exclude(price_fi="").exists()
    assert not published.filter(how_to_join_fi="").exists()
    assert not published.filter(schedule_fi="").exists()
    assert set(published.values_list("lifecycle", flat=True)) == set(Service.Lifecycle.values)
    funding = set(published.values_list("funding_sources__code", flat=True))
    assert {"rrf", "municipal", "county", "stea", "okm", "taike"} <= funding
    criteria = {code for s in published for code in s.quality_criteria}
    assert criteria == set(Service.Quality.values)


def test_a_demo_service_page_shows_its_finnish_texts(client, published):
    service = published.filter(external_id__contains=":referral-museum:").first()
    response = client.get(reverse("catalogue:service", args=[service.pk]))
    assert response.status_code == 200
    assert service.name_fi in response.content.decode()


def test_seeding_again_creates_nothing(first_run):
    before = {model: model.objects.count() for model in CATALOGUE_MODELS}
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        report = demo.seed()
    assert {model: model.objects.count() for model in CATALOGUE_MODELS} == before
    for model in CATALOGUE_MODELS:
        assert report.created(model) == 0
        assert report.existing(model) == first_run.created(model)
