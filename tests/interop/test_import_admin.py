"""The admin pages of imports: runs with their reports, re-run, roll back, conflicts,
the mapping; and who may open them."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue.models import Service, Source
from kohtaamo.interop.models import ClassificationMapping, Conflict, ImportRun
from tests import factories

from .importing import ETALUKIO, LIPERI, import_ptv, mark_relevant, ptv_records, write_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    national = factories.organisation(kind=Organisation.Kind.NATIONAL_BODY)
    return factories.member(Role.COORDINATOR, organisation=national)


def test_runs_are_listed_with_their_counts(login, coordinator):
    run = import_ptv()
    client = login(coordinator)

    page = client.get(reverse("admin:interop_importrun_changelist"))

    assert page.status_code == 200
    assert f"/interop/importrun/{run.pk}/change/" in page.content.decode()


def test_a_run_shows_its_report_in_the_readers_language(login, coordinator):
    run = import_ptv()
    client = login(coordinator)

    with translation.override("sv"):
        page = client.get(reverse("admin:interop_importrun_change", args=[run.pk]))
        reason = gettext("No service class or ontology term marked for import.")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="import-report"' in html
    assert ETALUKIO in html and LIPERI in html
    assert reason in html
    assert 'id="import-rerun"' in html
    assert 'id="import-rollback"' in html


def test_a_coordinator_reruns_a_run_from_its_page(login, coordinator):
    run = import_ptv()
    mark_relevant("P6")
    client = login(coordinator)

    answer = client.post(reverse("admin:interop_importrun_rerun", args=[run.pk]))

    new_run = ImportRun.objects.exclude(pk=run.pk).get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("admin:interop_importrun_change", args=[new_run.pk])
    assert new_run.rerun_of == run
    assert new_run.started_by == coordinator
    assert new_run.count("created") == 5


def test_rerun_needs_a_post(login, coordinator):
    run = import_ptv()
    client = login(coordinator)
    assert client.get(reverse("admin:interop_importrun_rerun", args=[run.pk])).status_code == 405
    assert ImportRun.objects.count() == 1


def test_a_coordinator_rolls_back_a_run_after_confirming(login, coordinator):
    mark_relevant("P6")
    run = import_ptv()
    client = login(coordinator)
    url = reverse("admin:interop_importrun_rollback", args=[run.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert 'id="confirm-rollback"' in confirm.content.decode()
    assert Service.objects.filter(source=Source.PTV).exists()

    done = client.post(url, follow=True)

    assert done.status_code == 200
    assert not Service.objects.filter(source=Source.PTV).exists()
    run.refresh_from_db()
    assert run.state == ImportRun.State.ROLLED_BACK
    # A rolled-back run offers no second rollback.
    assert 'id="import-rollback"' not in done.content.decode()


def test_a_refused_rollback_is_explained_on_the_page(login, coordinator, tmp_path):
    mark_relevant("P6")
    first = import_ptv()
    record = ptv_records()[ETALUKIO]
    record["serviceNames"][1]["value"] = "Nettilukio"
    import_ptv(write_json(tmp_path, "renamed.json", record))
    client = login(coordinator)

    page = client.post(reverse("admin:interop_importrun_rollback", args=[first.pk]), follow=True)

    first.refresh_from_db()
    assert first.state == ImportRun.State.FINISHED
    messages = [str(message) for message in page.context["messages"]]
    assert any("#" in message for message in messages)


def test_conflicts_are_resolved_with_an_admin_action(login, coordinator, tmp_path):
    mark_relevant("P6")
    import_ptv()
    service = Service.objects.get(external_id=ETALUKIO)
    service.summary_fi = "Paikallinen."
    service.save()
    record = ptv_records()[ETALUKIO]
    for entry in record["serviceDescriptions"]:
        if entry["type"] == "Summary":
            entry["value"] = "Tuotu."
    import_ptv(write_json(tmp_path, "changed.json", record))
    conflict = Conflict.objects.get()
    client = login(coordinator)

    listing = client.get(reverse("admin:interop_conflict_changelist"))
    assert "summary_fi" in listing.content.decode()
    client.post(
        reverse("admin:interop_conflict_changelist"),
        {"action": "take_imported", "_selected_action": [conflict.pk]},
    )

    service.refresh_from_db()
    assert service.summary_fi == "Tuotu."
    conflict.refresh_from_db()
    assert conflict.resolution == Conflict.Resolution.TAKE_IMPORTED
    assert conflict.resolved_by == coordinator


def test_the_mapping_is_edited_in_the_admin(login, coordinator):
    client = login(coordinator)
    row = ClassificationMapping.objects.get(scheme="ptv_service_class", code="P25.6")

    page = client.get(reverse("admin:interop_classificationmapping_change", args=[row.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name, "") for name in ("scheme", "code", "label", "include_children")
    }
    data["include_children"] = "on"
    data["steps"] = [step.pk for step in row.steps.all()]
    answer = client.post(reverse("admin:interop_classificationmapping_change", args=[row.pk]), data)

    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.relevant is False


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.PROFESSIONAL])
def test_others_cannot_open_the_runs(login, role):
    run = import_ptv()
    client = login(factories.member(role))
    page = client.get(reverse("admin:interop_importrun_change", args=[run.pk]))
    assert page.status_code in (302, 403)


def test_a_county_coordinator_cannot_roll_back(login):
    mark_relevant("P6")
    run = import_ptv()
    county = factories.organisation(kind=Organisation.Kind.WELLBEING_COUNTY)
    client = login(factories.member(Role.COORDINATOR, organisation=county))

    answer = client.post(reverse("admin:interop_importrun_rollback", args=[run.pk]))

    assert answer.status_code == 403
    assert Service.objects.filter(source=Source.PTV).exists()


def test_with_a_worker_the_rerun_is_queued_and_the_list_shown(login, coordinator, settings):
    run = import_ptv()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client = login(coordinator)

    answer = client.post(reverse("admin:interop_importrun_rerun", args=[run.pk]))

    assert answer.status_code == 302
    assert answer["Location"] == reverse("admin:interop_importrun_changelist")
    assert ImportRun.objects.count() == 1  # nothing ran in the request
