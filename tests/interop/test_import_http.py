"""The live path: a real HTTP server on localhost answers like the PTV v11 and Linked
Events APIs, with paging, serving the shipped files."""

import json

import pytest
from django.utils import translation

from kohtaamo.catalogue.models import Event, Place, Service, Source
from kohtaamo.interop import services
from kohtaamo.interop.models import ImportRun

from .importing import (
    ETALUKIO,
    LINKED_EVENTS_FILE,
    LIPERI,
    OTAVA,
    OTAVIA,
    FakeApi,
    mark_relevant,
    ptv_records,
)

pytestmark = pytest.mark.django_db

OTAVIA_RECORD = {
    "id": OTAVIA,
    "organizationType": "Municipality",
    "businessCode": "",
    "organizationNames": [
        {"language": "fi", "value": "Mikkelin kaupungin liikelaitos Otavia", "type": "Name"},
        {"language": "sv", "value": "S:t Michels stads affärsverk Otavia", "type": "Name"},
    ],
    "municipality": {"code": "491"},
    "emails": [{"value": "info@otavia.fi", "language": "fi"}],
    "webPages": [{"url": "https://www.otavia.fi/", "value": "Otavia", "language": "fi"}],
}


@pytest.fixture
def api():
    server = FakeApi()
    yield server
    server.close()


def serve_ptv(api):
    records = ptv_records()
    records[OTAVIA] = OTAVIA_RECORD
    pages = [[records[ETALUKIO]], [records[LIPERI]]]

    def area(query):
        number = int(query.get("page", ["1"])[0])
        return {"pageNumber": number, "pageCount": 2, "itemList": pages[number - 1]}

    def changed(query):
        number = int(query.get("page", ["1"])[0])
        ids = [[ETALUKIO], [LIPERI]][number - 1]
        return {
            "pageNumber": number,
            "pageCount": 2,
            "itemList": [{"id": pk, "name": "..."} for pk in ids],
        }

    def by_guids(query):
        wanted = query["guids"][0].split(",")
        return [records[pk] for pk in wanted if pk in records]

    base = "/api/v11"
    api.routes[f"{base}/Service/list/area/Municipality/code/491"] = area
    api.routes[f"{base}/Service"] = changed
    api.routes[f"{base}/Service/list"] = by_guids
    api.routes[f"{base}/ServiceChannel/list"] = by_guids
    api.routes[f"{base}/Organization/list"] = by_guids
    return f"{api.url}{base}/"


def test_ptv_area_import_reads_every_page_and_the_records_services_point_at(api, settings):
    settings.PTV_API_URL = serve_ptv(api)
    mark_relevant("P6")

    run = services.run_import(Source.PTV, {"area": "Municipality:491"})

    assert run.state == ImportRun.State.FINISHED, run.error
    assert run.count("failed") == 0
    assert any("page=2" in request for request in api.requests)
    assert any(
        request.startswith("/api/v11/ServiceChannel/list?guids=") for request in api.requests
    )
    service = Service.objects.get(external_id=ETALUKIO)
    assert Service.objects.filter(external_id=LIPERI).exists()
    assert list(service.places.values_list("external_id", flat=True)) == [OTAVA]
    # The organisation came from Organization/list, in full.
    assert service.organisation.name_sv == "S:t Michels stads affärsverk Otavia"
    assert service.organisation.website == "https://www.otavia.fi/"
    assert service.organisation.municipality.code == "491"


def test_ptv_changes_since_a_date_fetch_the_changed_services_by_id(api, settings):
    settings.PTV_API_URL = serve_ptv(api)
    mark_relevant("P6")

    run = services.run_import(Source.PTV, {"since": "2026-01-01"})

    assert run.state == ImportRun.State.FINISHED, run.error
    assert "/api/v11/Service?date=2026-01-01&page=1" in api.requests
    assert "/api/v11/Service?date=2026-01-01&page=2" in api.requests
    assert Service.objects.filter(external_id__in=[ETALUKIO, LIPERI]).count() == 2


def test_ptv_live_import_run_twice_changes_nothing(api, settings):
    settings.PTV_API_URL = serve_ptv(api)
    mark_relevant("P6")
    services.run_import(Source.PTV, {"area": "Municipality:491"})

    again = services.run_import(Source.PTV, {"area": "Municipality:491"})

    assert again.count("created") == 0
    assert again.count("updated") == 0
    assert again.count("unchanged") == 4  # organisation, place, two services


def test_ptv_culture_only_fetches_no_places_for_skipped_services(api, settings):
    settings.PTV_API_URL = serve_ptv(api)

    run = services.run_import(Source.PTV, {"area": "Municipality:491"})

    assert run.count("skipped") == 2
    assert not any("ServiceChannel" in request for request in api.requests)
    assert not Place.objects.exists()


def test_a_server_error_imports_nothing_and_says_so(api, settings):
    settings.PTV_API_URL = f"{api.url}/missing/"

    run = services.run_import(Source.PTV, {"area": "Municipality:491"})

    assert run.state == ImportRun.State.FAILED
    assert "404" in run.error_text()
    assert not Service.objects.exists()


def test_an_unreachable_api_is_reported(settings):
    settings.PTV_API_URL = "http://127.0.0.1:9/api/v11/"
    settings.IMPORT_HTTP_TIMEOUT = 2

    run = services.run_import(Source.PTV, {"since": "2026-01-01"})

    assert run.state == ImportRun.State.FAILED
    with translation.override("en"):
        assert "Could not read" in run.error_text()


def test_an_area_must_be_type_and_code():
    run = services.run_import(Source.PTV, {"area": "491"})
    assert run.state == ImportRun.State.FAILED
    assert "Municipality:091" in run.error_text()


def serve_linked_events(api):
    data = json.loads(LINKED_EVENTS_FILE.read_text(encoding="utf-8"))["data"]
    half = len(data) // 2

    def events(query):
        second = query.get("page") == ["2"]
        base = f"{api.url}/linkedevents/v1/event/"
        return {
            "meta": {
                "count": len(data),
                "next": None if second else f"{base}?page=2&include=location,keywords",
                "previous": base if second else None,
            },
            "data": data[half:] if second else data[:half],
        }

    api.routes["/linkedevents/v1/event/"] = events
    return f"{api.url}/linkedevents/v1/"


def test_linked_events_import_follows_the_next_pages(api):
    url = serve_linked_events(api)

    run = services.run_import(Source.LINKED_EVENTS, {"url": url, "since": "2026-09-01"})

    assert run.state == ImportRun.State.FINISHED, run.error
    assert run.count("failed") == 0
    assert Event.objects.filter(source=Source.LINKED_EVENTS).count() == 6
    first = api.requests[0]
    assert first.startswith("/linkedevents/v1/event/?")
    assert "include=location,keywords" in first
    assert "last_modified_since=2026-09-01" in first
    assert any("page=2" in request for request in api.requests)
    # The super event (on the second page) is linked to its sub events (on the first).
    series = Event.objects.get(external_id="kohtaamo-test:1000")
    assert series.sub_events.count() == 2


def test_linked_events_command_reads_a_url(api, capsys):
    from django.core.management import call_command

    url = serve_linked_events(api)
    call_command("import_linkedevents", url)
    assert "12 created" in capsys.readouterr().out
