"""Rolling back an import run: created rows go, changed values come back, later local
work stays."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue.models import Event, Place, Service, Source
from kohtaamo.catalogue.states import Status
from kohtaamo.interop import services
from kohtaamo.interop.models import Conflict, ExternalRecord, ImportRun
from kohtaamo.search.query import SearchParams, search
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


@pytest.fixture
def coordinator():
    national = factories.organisation(kind=Organisation.Kind.NATIONAL_BODY)
    return factories.member(Role.COORDINATOR, organisation=national)


def changed_summary(tmp_path, text, name="changed.json"):
    record = ptv_records()[ETALUKIO]
    for entry in record["serviceDescriptions"]:
        if entry["type"] == "Summary":
            entry["value"] = text
    return write_json(tmp_path, name, record)


def test_rolling_back_a_first_import_deletes_everything_it_created(coordinator):
    mark_relevant("P6")
    run = import_ptv()
    published = Service.objects.get(external_id=ETALUKIO)
    assert published.pk in search("service", SearchParams(q="nettilukio")).ids

    services.rollback(run, coordinator)

    assert not Service.objects.filter(source=Source.PTV).exists()
    assert not Place.objects.filter(source=Source.PTV).exists()
    assert not Organisation.objects.filter(name_fi__contains="Otavia").exists()
    assert not ExternalRecord.objects.exists()
    assert published.pk not in search("service", SearchParams(q="nettilukio")).ids
    run.refresh_from_db()
    assert run.state == ImportRun.State.ROLLED_BACK
    assert run.rolled_back_by == coordinator
    # The same file imports afresh afterwards.
    assert import_ptv().count("created") == 5


def test_rolling_back_an_update_restores_the_previous_values(tmp_path, coordinator):
    mark_relevant("P6")
    import_ptv()
    update = import_ptv(changed_summary(tmp_path, "Uusi tiivistelmä."))
    assert Service.objects.get(external_id=ETALUKIO).summary_fi == "Uusi tiivistelmä."

    services.rollback(update, coordinator)

    service = Service.objects.get(external_id=ETALUKIO)
    assert service.summary_fi == "Aikuislukio verkko-opintoina."
    # The record remembers the old value as imported: running the first file changes nothing.
    assert import_ptv().count("updated") == 0


def test_a_value_edited_after_the_run_is_kept_on_rollback(tmp_path, coordinator):
    mark_relevant("P6")
    import_ptv()
    update = import_ptv(changed_summary(tmp_path, "Uusi tiivistelmä."))
    service = Service.objects.get(external_id=ETALUKIO)
    service.summary_fi = "Toimittajan oma tiivistelmä."
    service.save()

    run = services.rollback(update, coordinator)

    service.refresh_from_db()
    assert service.summary_fi == "Toimittajan oma tiivistelmä."
    assert run.count("kept_on_rollback") == 1


def test_a_run_with_later_runs_on_the_same_records_is_refused(tmp_path, coordinator):
    mark_relevant("P6")
    first = import_ptv()
    second = import_ptv(changed_summary(tmp_path, "Toinen."))

    with pytest.raises(ValidationError) as refused:
        services.rollback(first, coordinator)
    assert f"#{second.pk}" in str(refused.value)

    services.rollback(second, coordinator)
    services.rollback(first, coordinator)
    assert not Service.objects.filter(source=Source.PTV).exists()


def test_a_run_cannot_be_rolled_back_twice(coordinator):
    mark_relevant("P6")
    run = import_ptv()
    services.rollback(run, coordinator)
    with pytest.raises(ValidationError):
        services.rollback(run, coordinator)


def test_conflicts_a_run_found_go_with_it(tmp_path, coordinator):
    mark_relevant("P6")
    import_ptv()
    service = Service.objects.get(external_id=ETALUKIO)
    service.summary_fi = "Paikallinen."
    service.save()
    run = import_ptv(changed_summary(tmp_path, "Tuotu."))
    assert Conflict.objects.filter(resolved_at=None).count() == 1

    services.rollback(run, coordinator)

    assert not Conflict.objects.exists()


def test_an_organisation_someone_has_joined_is_not_deleted(coordinator):
    mark_relevant("P6")
    run = import_ptv()
    organisation = Organisation.objects.get(name_fi="Liperin kunta")
    factories.member(Role.PROVIDER, organisation=organisation)

    services.rollback(run, coordinator)

    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Service.objects.filter(source=Source.PTV).exists()


def test_rolling_back_a_linked_events_run_removes_series_and_places(coordinator):
    run = import_linkedevents()

    services.rollback(run, coordinator)

    assert not Event.objects.exists()
    assert not Place.objects.exists()


def test_a_publication_by_the_import_is_undone_with_the_update(tmp_path, coordinator):
    data = json.loads(LINKED_EVENTS_FILE.read_text(encoding="utf-8"))
    import_linkedevents()
    workshop = Event.objects.get(external_id="kohtaamo-test:3002")
    assert workshop.status == Status.DRAFT
    data["data"][5]["short_description"] = {"fi": "Perheiden tanssihetki."}
    update = import_linkedevents(write_json(tmp_path, "summary.json", data))
    workshop.refresh_from_db()
    assert workshop.status == Status.PUBLISHED

    services.rollback(update, coordinator)

    workshop.refresh_from_db()
    assert workshop.status == Status.DRAFT
    assert workshop.summary_fi == ""


def test_only_a_national_coordinator_or_administrator_rolls_back():
    mark_relevant("P6")
    run = import_ptv()
    provider = factories.member(Role.PROVIDER)
    with pytest.raises(PermissionDenied):
        services.rollback(run, provider)
    assert Service.objects.filter(source=Source.PTV).exists()
