"""Schemathesis against the referral API with a valid API key: generated requests
(valid and invalid bodies and parameters) never end in a 5xx, and every answer has a
documented status, content type and shape. The anonymous fuzzing of the whole API
(tests/interop/test_api_fuzz.py) only ever reaches the 401s of these operations."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kohtaamo.integrations import services as keys

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application()).include(
    path_regex="^/api/v1/referrals/"
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # The WSGI handler closes connections after each request, as the test client does
    # not: on PostgreSQL that would end the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def key(world):
    world.issued()
    world.issued(referral_type=world.prescription_type)
    _key, raw = keys.create_api_key(
        organisation=world.health_station.organisation, unit=world.health_station, name="Fuzz"
    )
    return raw


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_referral_api_answers_as_documented_to_a_signed_in_system(case, key):
    cache.clear()
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)


def test_a_real_referral_answers_200_as_documented(world, key):
    referral = world.issued()
    cache.clear()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET" or "{id}" not in operation.path:
            continue
        case = operation.Case(path_parameters={"id": referral.pk})
        response = case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
        assert response.status_code == 200
