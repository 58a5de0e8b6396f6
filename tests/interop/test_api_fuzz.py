"""Schemathesis against the whole REST API, in process: whatever /api/schema/ documents.

Every operation of the OpenAPI schema gets a bounded number of generated requests
(``EXAMPLES`` each, valid and invalid parameters and bodies) sent straight to the WSGI
application over a real test database with published content in it; operations behind
an API key get a real key. A request must never end in a 5xx, and every answer must
have a documented status, content type and body shape. A second test calls each
operation that takes an id with the id of a real object, so the 200 answers of detail
endpoints are checked too, not only their 404s.
"""

from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kohtaamo.accounts.models import Organisation
from kohtaamo.cards.models import CardOffer
from kohtaamo.integrations.services import create_api_key
from kohtaamo.interop.hsds import ids, taxonomies
from tests import factories
from tests.catalogue import content

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 50


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes database connections after each request; Django's own
    test client stops it from doing so, and so must we: the test's transaction lives
    on that connection (on PostgreSQL, closing it ends the test)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def catalogue():
    """A little of everything the API publishes, and a draft it must not."""
    soon = timezone.now() + timedelta(days=3)
    hall = content.place(name_fi="Sali", name_sv="Salen", **content.COORDINATES)
    choir = content.service(
        "Laulupiiri",
        name_sv="Sångkrets",
        places=[hall],
        target_groups=["older-people"],
        accessibility=["induction-loop"],
        is_free=True,
        card_places=True,
        quality_criteria=["goals"],
        contact_phone="040 123 4567",
    )
    CardOffer.objects.create(
        organisation=choir.organisation,
        kind=CardOffer.Kind.COURSE,
        service=choir,
        places_offered=5,
        places_taken=1,
    )
    concert = content.event("Konsertti", start=soon, place=hall, service=choir, card_places=2)
    content.service("Luonnos", status="draft")
    # Operations that need an organisation's API key get one (a health station's).
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY)
    _key, secret = create_api_key(
        organisation=county, unit=factories.unit(county), name="Potilastietojärjestelmä"
    )
    return {
        "service": choir,
        "event": concert,
        "place": hall,
        "headers": {"Authorization": f"Bearer {secret}"},
    }


# Loaded when the tests are collected: drawing the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
# The coverage phase sends every boundary case the schema allows, hundreds for a request
# body, whatever max_examples says; the generated phases are bounded and enough for CI.
schema.config.phases.coverage.enabled = False


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case, catalogue):
    # The API throttles clients; the fuzzer is one client sending a burst.
    cache.clear()
    case.call_and_validate(checks=CHECKS, headers=catalogue["headers"])


def _known_ids(catalogue):
    """Path parameter values of real, published objects, by parameter name."""
    service, event, place = catalogue["service"], catalogue["event"], catalogue["place"]
    term = next(iter(taxonomies.service_terms(service)))
    return {
        "/api/v1/services/{id}/": {"id": service.pk},
        "/api/v1/events/{id}/": {"id": event.pk},
        "/api/hsds/services/{id}": {"id": ids.service_id(service.pk)},
        "/api/hsds/organizations/{id}": {"id": ids.organization_id(service.organisation_id)},
        "/api/hsds/service_at_locations/{id}": {
            "id": ids.service_at_location_id(service.pk, place.pk)
        },
        "/api/hsds/taxonomies/{id}": {"id": term.taxonomy.id},
        "/api/hsds/taxonomy_terms/{id}": {"id": term.id},
    }


def test_known_objects_answer_200_as_documented(catalogue):
    known = _known_ids(catalogue)
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET" or operation.path not in known:
            continue
        cache.clear()
        case = operation.Case(path_parameters=known[operation.path])
        response = case.call_and_validate(checks=CHECKS, headers=catalogue["headers"])
        assert response.status_code == 200, (operation.path, response.text[:500])
        checked += 1
    assert checked == len(known), "an operation with an id is missing from the schema"
