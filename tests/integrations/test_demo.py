"""The demo's published API key: seeded once however often the demo is seeded, and it
works against the referral API."""

import pytest
from rest_framework.test import APIClient

from kohtaamo.demo.integrations import DEMO_API_KEY, seed_integrations
from kohtaamo.demo.network import seed_network
from kohtaamo.demo.report import DemoReport
from kohtaamo.integrations import services
from kohtaamo.integrations.models import ApiKey

pytestmark = pytest.mark.django_db


def test_the_demo_key_is_seeded_once_and_works():
    for _ in range(2):
        report = DemoReport()
        seed_network(report)
        seed_integrations(report)
    key = ApiKey.objects.get()
    assert key.unit.name_fi == "Männistön terveysasema"
    assert report.existing(ApiKey) == 1 and report.created(ApiKey) == 0
    assert services.authenticate_key(DEMO_API_KEY) == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {DEMO_API_KEY}")
    assert client.get("/api/v1/referrals/").status_code == 200
