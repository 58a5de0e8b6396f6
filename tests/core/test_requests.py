"""Requests a script could send: too many parameters, and other sites reading the open
data from a browser."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

MANY = "&".join(f"p{number}=1" for number in range(1_200))


@pytest.mark.parametrize("url", ["/fi/search/", "/api/v1/services/", "/api/hsds/services"])
def test_more_than_a_thousand_parameters_is_a_400_with_one_warning_line(url, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = client.get(f"{url}?{MANY}")
    assert response.status_code == 400
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1, [r.getMessage() for r in problems]
    assert problems[0].levelno == logging.WARNING
    assert problems[0].exc_info is None
    assert "1200 query parameters" in problems[0].getMessage()
    if url.startswith("/api/"):
        assert response.json()["code"] == "too_many_parameters"


def test_more_than_a_thousand_parameters_is_a_400_with_debug_on_too(settings):
    settings.DEBUG = True
    response = Client(raise_request_exception=False).get(f"/fi/search/?{MANY}")
    assert response.status_code == 400


PUBLIC = [
    "/api/v1/services/",
    "/api/v1/events/",
    "/api/hsds/",
    "/api/hsds/services",
    "/fi/search/events.ics",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_the_public_read_only_apis_may_be_read_by_any_site(url):
    response = Client().get(url, HTTP_ORIGIN="https://kunta.example.fi")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_an_events_calendar_file_may_be_read_by_any_site():
    from tests.catalogue import content

    event = content.event("Konsertti")
    response = Client().get(f"/fi/events/{event.pk}.ics", HTTP_ORIGIN="https://kunta.example.fi")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_browser_asking_first_is_allowed_to_read_only():
    response = Client().options(
        "/api/v1/services/",
        HTTP_ORIGIN="https://kunta.example.fi",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept-language",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("url", ["/api/v1/referrals/", "/fi/search/", "/fi/referrals/ask/"])
def test_the_referral_api_and_the_pages_send_no_cors_headers(url):
    response = Client().get(url, HTTP_ORIGIN="https://kunta.example.fi")
    assert "Access-Control-Allow-Origin" not in response
    preflight = Client().options(
        url, HTTP_ORIGIN="https://kunta.example.fi", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in preflight
