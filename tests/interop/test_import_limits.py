"""What an import does with input past the usual: huge texts, values of the wrong type,
a run whose process died, and files too big to hold in memory."""

import json
import tracemalloc
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue.models import Event, Service, Source
from kohtaamo.interop.engine import MAX_TEXT
from kohtaamo.interop.models import ExternalRecord, ImportRun, translate_message
from tests import factories

from .importing import (
    ETALUKIO,
    LINKED_EVENTS_FILE,
    import_linkedevents,
    import_ptv,
    mark_relevant,
    ptv_records,
    write_json,
)

pytestmark = pytest.mark.django_db


def warnings_of(run, record_id):
    with translation.override("en"):
        return [
            translate_message(problem)
            for problem in run.problems
            if problem["outcome"] == "warning" and problem["id"] == record_id
        ]


def linked_events_page():
    return json.loads(LINKED_EVENTS_FILE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------- huge texts


def test_a_huge_event_description_is_cut_and_the_report_says_so(tmp_path):
    data = linked_events_page()
    first = data["data"][0]
    # Five megabytes of HTML, as a broken or hostile source could send.
    first["description"]["fi"] = "<p>" + "Laulamme yhdessä vanhoja lauluja. " * 150_000 + "</p>"

    run = import_linkedevents(write_json(tmp_path, "huge.json", data))

    event = Event.objects.get(source=Source.LINKED_EVENTS, external_id=first["id"])
    assert run.state == ImportRun.State.FINISHED
    assert len(event.description_fi) <= MAX_TEXT
    assert event.description_fi.endswith("…")
    assert any("description_fi was cut" in line for line in warnings_of(run, first["id"]))
    # The public API answers a reasonable size, not megabytes.
    answer = Client().get(reverse("catalogue_api:event", args=[event.pk]))
    assert answer.status_code in (200, 404)
    assert len(answer.content) < 200_000


def test_a_huge_service_description_is_cut_and_the_report_says_so(tmp_path):
    mark_relevant("P6")
    record = ptv_records()[ETALUKIO]
    for text in record["serviceDescriptions"]:
        if text["type"] == "Description" and text["language"] == "fi":
            text["value"] = "Opiskele verkossa omaan tahtiisi. " * 100_000

    run = import_ptv(write_json(tmp_path, "huge.json", record))

    service = Service.objects.get(external_id=ETALUKIO)
    assert len(service.description_fi) <= MAX_TEXT
    assert service.description_fi.startswith("Opiskele verkossa")
    assert any("description_fi was cut" in line for line in warnings_of(run, ETALUKIO))


# ------------------------------------------------------------------------ wrong types


def test_ptv_values_of_the_wrong_type_are_reported_not_dropped_silently(tmp_path):
    mark_relevant("P6")
    record = ptv_records()[ETALUKIO]
    record["languages"] = ["fi", 1, 2]
    record["modified"] = 12

    run = import_ptv(write_json(tmp_path, "types.json", record))

    service = Service.objects.get(external_id=ETALUKIO)
    assert list(service.languages.values_list("code", flat=True)) == ["fi"]
    lines = warnings_of(run, ETALUKIO)
    assert any("languages" in line and "1, 2" in line for line in lines), lines
    assert any("modified is not a time (12)" in line for line in lines), lines
    record_row = ExternalRecord.objects.get(kind="service", external_id=ETALUKIO)
    assert record_row.source_modified == ""


def test_linked_events_values_of_the_wrong_type_are_reported(tmp_path):
    data = linked_events_page()
    first = data["data"][0]
    first["in_language"] = [{"@id": "https://x.invalid/v1/language/fi/"}, 7]
    first["last_modified_time"] = ["yesterday"]

    run = import_linkedevents(write_json(tmp_path, "types.json", data))

    lines = warnings_of(run, first["id"])
    assert any("in_language" in line and "7" in line for line in lines), lines
    assert any("last_modified_time is not a time" in line for line in lines), lines
    event = Event.objects.get(source=Source.LINKED_EVENTS, external_id=first["id"])
    assert list(event.languages.values_list("code", flat=True)) == ["fi"]


# ------------------------------------------------------------------------ stale runs


def _running(minutes_ago):
    run = ImportRun.objects.create(source=Source.PTV, origin="/data/ptv.json")
    started = timezone.now() - timedelta(minutes=minutes_ago)
    ImportRun.objects.filter(pk=run.pk).update(started_at=started)
    return run


def test_a_run_killed_mid_way_is_marked_failed_when_the_next_run_starts(settings):
    settings.IMPORT_RUN_STALE_MINUTES = 60
    killed = _running(minutes_ago=90)
    young = _running(minutes_ago=5)

    import_ptv()

    killed.refresh_from_db()
    young.refresh_from_db()
    assert killed.state == ImportRun.State.FAILED
    assert killed.finished_at is not None
    with translation.override("en"):
        assert "did not finish within 60 minutes" in killed.error_text()
    assert young.state == ImportRun.State.RUNNING


def test_the_admin_marks_a_stale_run_failed_and_offers_to_run_it_again(login, settings):
    settings.IMPORT_RUN_STALE_MINUTES = 60
    national = factories.organisation(kind=Organisation.Kind.NATIONAL_BODY)
    client = login(factories.member(Role.COORDINATOR, organisation=national))
    killed = _running(minutes_ago=61)

    page = client.get(reverse("admin:interop_importrun_change", args=[killed.pk]))

    killed.refresh_from_db()
    assert killed.state == ImportRun.State.FAILED
    assert 'id="import-rerun"' in page.content.decode()
    listing = client.get(reverse("admin:interop_importrun_changelist"))
    assert listing.status_code == 200


# ------------------------------------------------------------------------ memory


def _big_ptv_file(tmp_path, count):
    """A page of PTV services (none relevant to the default mapping), about 15 KB each."""
    template = ptv_records()[ETALUKIO]
    path = tmp_path / "big.json"
    with path.open("w", encoding="utf-8") as out:
        out.write('{"pageNumber": 1, "pageCount": 1, "itemList": [')
        for number in range(count):
            record = dict(template, id=f"00000000-0000-4000-8000-{number:012d}")
            out.write(("," if number else "") + json.dumps(record, ensure_ascii=False))
        out.write("]}")
    return path


def test_a_big_file_is_imported_without_holding_it_in_memory(tmp_path):
    path = _big_ptv_file(tmp_path, 600)
    size = path.stat().st_size

    tracemalloc.start()
    try:
        run = import_ptv(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert run.state == ImportRun.State.FINISHED
    assert run.count("skipped") == 600
    # Parsed whole, the file took about seven times its size; streamed, the peak is
    # a fraction of it (one record and the run's report at a time).
    print(f"import of a {size / 1e6:.1f} MB file: peak {peak / 1e6:.1f} MB")
    assert peak < size / 2, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"
