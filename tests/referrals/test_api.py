"""The referral API for client-information systems: API keys, writing a referral
through the services (consent first), reading only one's own organisation's referrals
with every read of personal data audited, and 4xx answers a program can act on."""

from datetime import timedelta
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from kohtaamo.core.models import AuditEvent
from kohtaamo.integrations import services as keys
from kohtaamo.referrals import services
from kohtaamo.referrals.models import Consent, Referral, ReferralClient, StatusChange
from kohtaamo.referrals.states import Status
from tests import factories

from .conftest import CLIENT, NOW

pytestmark = pytest.mark.django_db

LIST = "/api/v1/referrals/"


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def api(raw_key=None):
    client = APIClient()
    if raw_key:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client


@pytest.fixture
def ehr(world):
    """The health station's patient-information system and its key."""
    _key, raw = keys.create_api_key(
        organisation=world.health_station.organisation,
        unit=world.health_station,
        name="Potilastietojärjestelmä",
    )
    return api(raw)


@pytest.fixture
def advice_system(world):
    """The culture-advice unit's own client system (the receiving side)."""
    _key, raw = keys.create_api_key(
        organisation=world.culture_advice.organisation, unit=world.culture_advice, name="Asiakas"
    )
    return api(raw)


def personal_body(world, **changes):
    body = {
        "referral_type": "kulttuurilahete",
        "receiving_unit": world.culture_advice.pk,
        "reasons": ["loneliness", "low_mood"],
        "interests": ["music"],
        "language": "fi",
        "preferred_municipality": "297",
        "client": {
            "full_name": "Testi  Asiakas",
            "birth_date": "1950-05-17",
            "phone": "+358 40 000 0000",
            "contact_preference": "phone",
        },
        "consent": {"shared": ["contact_details", "reasons"], "method": "verbal"},
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not ...}


# --- Writing ----------------------------------------------------------------------


def test_a_system_writes_and_issues_a_personal_referral_with_consent(world, ehr):
    response = ehr.post(LIST, personal_body(world), format="json")
    assert response.status_code == 201, response.json()
    answer = response.json()
    referral = Referral.objects.get(pk=answer["id"])
    assert response["Location"].endswith(f"/api/v1/referrals/{referral.pk}/")
    assert answer["status"] == Status.ISSUED == referral.status
    assert answer["issuing_unit"]["id"] == world.health_station.pk
    assert answer["receiving_unit"]["id"] == world.culture_advice.pk
    assert answer["interests"] == ["music"]
    assert answer["preferred_municipality"] == "297"
    assert answer["reasons"] == ["loneliness", "low_mood"]
    assert "client" not in answer  # the answer repeats no personal data
    assert referral.client.full_name == "Testi Asiakas"
    consent = Consent.objects.get(referral=referral)
    assert consent.receiving_unit == world.culture_advice
    assert consent.method == "verbal"
    assert list(referral.status_changes.values_list("to_status", flat=True)) == ["issued"]
    key_user = world.health_station.api_keys.get().user
    assert referral.issued_by == key_user
    assert (
        AuditEvent.objects.filter(
            action="create", target_type="referrals.referral", target_id=str(referral.pk)
        )
        .get()
        .actor_id
        == key_user.pk
    )
    # The receiving unit sees it in its queue like any other referral.
    assert referral in services.visible_referrals(world.advisor)


def test_without_consent_a_personal_referral_is_refused_and_nothing_is_saved(world, ehr):
    response = ehr.post(LIST, personal_body(world, consent=...), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "consent_required"
    assert body["errors"]["consent"]
    assert not Referral.objects.exists()
    assert not ReferralClient.objects.exists()


def test_a_draft_may_wait_for_consent(world, ehr):
    response = ehr.post(LIST, personal_body(world, consent=..., issue=False), format="json")
    assert response.status_code == 201
    assert Referral.objects.get().status == Status.DRAFT


def test_an_anonymous_prescription_needs_no_consent_and_refuses_a_person(world, ehr):
    prescription = {"referral_type": "kulttuuriresepti", "reasons": ["stress"]}
    response = ehr.post(LIST, prescription, format="json")
    assert response.status_code == 201
    assert response.json()["receiving_unit"] is None
    assert not ReferralClient.objects.exists()

    response = ehr.post(
        LIST, {**prescription, "client": CLIENT | {"birth_date": None}}, format="json"
    )
    assert response.status_code == 400
    assert "client" in response.json()["errors"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"client": ...}, "client"),
        ({"client": {"full_name": ""}}, "client.full_name"),
        ({"client": {"full_name": "A", "email": "not-an-address"}}, "client.email"),
        ({"reasons": ["boredom"]}, "reasons.0"),
        ({"interests": ["juggling"]}, "interests"),
        ({"language": "xx"}, "language"),
        ({"preferred_municipality": "12"}, "preferred_municipality"),
        ({"preferred_municipality": "999"}, "preferred_municipality"),
        ({"referral_type": "no-such-type"}, "referral_type"),
        ({"receiving_unit": ...}, "receiving_unit"),
        ({"receiving_unit": 999999}, "receiving_unit"),
        ({"suggested_services": [999999]}, "suggested_services"),
        ({"consent": {"shared": [], "method": "verbal"}}, "consent.shared"),
        ({"consent": {"shared": ["reasons"], "method": "telepathy"}}, "consent.method"),
        ({"reason_note": "x" * 201}, "reason_note"),
    ],
)
def test_bad_fields_answer_400_naming_the_field(world, ehr, changes, field):
    response = ehr.post(LIST, personal_body(world, **changes), format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] in ("invalid", "client_required", "receiver")
    assert field in body["errors"], body
    assert all(isinstance(m, str) and m for m in body["errors"][field])
    assert not Referral.objects.exists()


def test_a_body_that_is_not_json_answers_400(world, ehr):
    response = ehr.post(LIST, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_key_of_a_whole_organisation_names_its_unit(world):
    _key, raw = keys.create_api_key(organisation=world.health_station.organisation, name="Koko")
    system = api(raw)
    missing = system.post(LIST, personal_body(world), format="json")
    assert missing.status_code == 400
    assert "issuing_unit" in missing.json()["errors"]
    named = system.post(LIST, personal_body(world, issuing_unit=world.other_unit.pk), format="json")
    assert named.status_code == 201
    assert named.json()["issuing_unit"]["id"] == world.other_unit.pk


def test_a_unit_key_cannot_write_for_another_unit_or_organisation(world, ehr):
    for unit in (world.other_unit, world.other_advice):
        response = ehr.post(LIST, personal_body(world, issuing_unit=unit.pk), format="json")
        assert response.status_code in (400, 403)
        assert response.json()["code"] in ("permission_denied", "invalid")
    response = ehr.post(LIST, personal_body(world, issuing_unit=world.other_unit.pk), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Referral.objects.exists()


# --- Signing in -------------------------------------------------------------------


def test_no_key_or_a_bad_key_answers_401(world):
    response = api().get(LIST)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")
    for raw in ("kht_nothing_here", "garbage", "kht__", ""):
        response = api(raw or " ").get(LIST)
        assert response.status_code == 401, raw
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION="Token abc")
    assert token.get(LIST).status_code == 401
    assert token.post(LIST, {}, format="json").status_code == 401


def test_a_revoked_key_stops_at_once(world):
    key, raw = keys.create_api_key(
        organisation=world.health_station.organisation, unit=world.health_station, name="Vanha"
    )
    system = api(raw)
    assert system.get(LIST).status_code == 200
    keys.revoke_api_key(key)
    response = system.get(LIST)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_right_prefix_with_a_wrong_secret_is_refused(world):
    key, raw = keys.create_api_key(organisation=world.health_station.organisation, name="X")
    assert api(raw[:-2] + "xx").get(LIST).status_code == 401
    assert api(raw).get(LIST).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_too_many_requests_answer_429(world, ehr, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_KEY_THROTTLE_RATE = "2/minute"
    assert ehr.get(LIST).status_code == 200
    assert ehr.get(LIST).status_code == 200
    response = ehr.get(LIST)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    cache.clear()


# --- Reading ----------------------------------------------------------------------


def test_a_system_lists_its_own_organisations_referrals_only(world, ehr, advice_system):
    sent = world.issued()
    draft = world.draft()
    elsewhere_unit = factories.unit(world.health_station.organisation)
    _key, raw = keys.create_api_key(
        organisation=world.other_advice.organisation, unit=world.other_advice, name="Muu"
    )
    ids = [row["id"] for row in ehr.get(LIST).json()["results"]]
    assert sorted(ids) == sorted([sent.pk, draft.pk])
    received = advice_system.get(LIST).json()
    assert [row["id"] for row in received["results"]] == [sent.pk]  # no drafts for receivers
    assert received["count"] == 1
    assert "client" not in received["results"][0]
    assert api(raw).get(LIST).json()["count"] == 0
    assert elsewhere_unit


def test_a_list_filters_by_status_and_pages(world, ehr):
    for _ in range(3):
        world.issued()
    world.draft()
    issued = ehr.get(LIST, {"status": "issued", "page_size": 2}).json()
    assert issued["count"] == 3
    assert len(issued["results"]) == 2
    assert issued["next"] and "page=2" in issued["next"]
    second = ehr.get(issued["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert second["previous"]
    bad = ehr.get(LIST, {"status": "lost", "page_size": 0})
    assert bad.status_code == 400
    assert {"status", "page_size"} <= set(bad.json()["errors"])


def test_the_list_takes_a_fixed_number_of_queries(world, ehr, django_assert_max_num_queries):
    for _ in range(6):
        world.issued()
    with django_assert_max_num_queries(12):
        response = ehr.get(LIST, {"page_size": 100})
    assert response.json()["count"] == 6


def test_reading_one_referral_shows_the_client_and_audits_the_read(world, ehr, advice_system):
    referral = world.issued()
    services.accept(world.advisor, referral, note="Soitetaan maanantaina.")
    response = ehr.get(f"{LIST}{referral.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["client"]["full_name"] == CLIENT["full_name"]
    assert body["client"]["birth_date"] == "1950-05-17"
    assert [change["to_status"] for change in body["status_history"]] == ["issued", "accepted"]
    # The sender follows the status, not the receiver's notes.
    assert body["status_history"][1]["note"] == ""
    key_user = world.health_station.api_keys.get().user
    read = AuditEvent.objects.filter(
        action="view", target_type="referrals.referralclient", actor_id=key_user.pk
    ).get()
    assert read.purpose == "API: referral"
    assert "full_name" in read.fields

    received = advice_system.get(f"{LIST}{referral.pk}/").json()
    assert received["status_history"][1]["note"] == "Soitetaan maanantaina."


def test_another_organisations_referral_is_not_found_and_nothing_is_read(world, ehr):
    _key, raw = keys.create_api_key(
        organisation=world.other_advice.organisation, unit=world.other_advice, name="Muu"
    )
    referral = world.issued()
    before = AuditEvent.objects.filter(action="view").count()
    response = api(raw).get(f"{LIST}{referral.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api(raw).get(f"{LIST}999999/").status_code == 404
    assert AuditEvent.objects.filter(action="view").count() == before
    # The receiver's other unit of the same city does not see it either.
    stranger = keys.create_api_key(
        organisation=world.health_station.organisation, unit=world.other_unit, name="Toinen"
    )[1]
    assert api(stranger).get(f"{LIST}{referral.pk}/").status_code == 404


def test_an_erased_referral_has_no_client_any_more(world, ehr):
    referral = world.issued()
    services.withdraw_by_client(referral)
    body = ehr.get(f"{LIST}{referral.pk}/").json()
    assert body["client"] is None
    assert body["personal_data_erased"] is True
    assert body["status"] == "withdrawn"
    assert StatusChange.objects.filter(referral=referral).count() == 2


# --- The documented API -----------------------------------------------------------


def test_the_schema_documents_the_referral_api_and_its_key():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    create = schema["paths"]["/api/v1/referrals/"]["post"]
    assert {"201", "400", "401", "403"} <= set(create["responses"])
    assert create["security"] == [{"apiKey": []}]
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    detail = schema["paths"]["/api/v1/referrals/{id}/"]["get"]
    assert "404" in detail["responses"]
    fields = schema["components"]["schemas"]["ReferralCreate"]["properties"]
    assert {"referral_type", "client", "consent", "issue"} <= set(fields)


def test_a_list_since_a_time_shows_what_changed_after_it(world, ehr):
    old = world.issued()
    Referral.objects.filter(pk=old.pk).update(updated_at=NOW - timedelta(days=10))
    new = world.issued()
    since = (NOW - timedelta(days=1)).isoformat()
    ids = [row["id"] for row in ehr.get(LIST, {"updated_since": since}).json()["results"]]
    assert ids == [new.pk]
    assert ehr.get(LIST, {"updated_since": "yesterday"}).status_code == 400


def test_the_systems_behind_keys_are_not_e_mailed(world, ehr, advice_system, settings):
    # Both units have a key account as well as people; only the people have a mailbox.
    from django.core import mail

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    mail.outbox.clear()
    response = ehr.post(LIST, personal_body(world), format="json")
    assert response.status_code == 201
    referral = Referral.objects.get(pk=response.json()["id"])
    services.accept(world.advisor, referral)
    recipients = {address for message in mail.outbox for address in message.to}
    assert world.advisor.email in recipients  # the new referral reached the unit's people
    key_users = {
        key.user.email
        for key in [*world.health_station.api_keys.all(), *world.culture_advice.api_keys.all()]
    }
    assert not recipients & key_users
