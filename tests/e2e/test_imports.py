"""The admin pages of imports in a browser, in Finnish and Swedish: a national
coordinator reads a run's report, rolls the run back, resolves a conflict and opens the
classification mapping. Each page passes the same checks as every other page."""

import pytest
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue.models import Service, Source
from kohtaamo.interop.models import ClassificationMapping, Conflict, ImportRun
from tests import factories
from tests.e2e.checks import E2E, check_page
from tests.interop.importing import ETALUKIO, import_ptv, mark_relevant, ptv_records, write_json

pytestmark = E2E

by_language = pytest.mark.parametrize("language", ["fi", "sv"])


def national_coordinator():
    national = factories.organisation(kind=Organisation.Kind.NATIONAL_BODY)
    return factories.member(Role.COORDINATOR, organisation=national)


@by_language
def test_a_coordinator_reads_a_report_and_rolls_the_run_back(page, context, sign_in, language):
    mark_relevant("P6")
    run = import_ptv()
    sign_in(context, national_coordinator())

    page.goto(f"/{language}/admin/interop/importrun/")
    expect(page.locator("#result_list")).to_be_visible()
    check_page(page, language, main_id="content-start")

    page.goto(f"/{language}/admin/interop/importrun/{run.pk}/change/")
    # The report names the record whose area lists an unknown municipality.
    expect(page.locator("#import-report")).to_contain_text("6c00d407-d3fd-4c7e-a373-57be9f3b2cff")
    check_page(page, language, main_id="content-start")

    page.locator("#import-rollback").click()
    expect(page.locator("#confirm-rollback")).to_be_visible()
    check_page(page, language, main_id="content-start")
    page.locator("#confirm-rollback").click()

    expect(page.locator("#import-rollback")).to_have_count(0)
    run.refresh_from_db()
    assert run.state == ImportRun.State.ROLLED_BACK
    assert not Service.objects.filter(source=Source.PTV).exists()


@by_language
def test_a_coordinator_takes_the_imported_value_of_a_conflict(
    page, context, sign_in, language, tmp_path
):
    mark_relevant("P6")
    import_ptv()
    service = Service.objects.get(external_id=ETALUKIO)
    service.summary_fi = "Paikallinen tiivistelmä."
    service.save()
    record = ptv_records()[ETALUKIO]
    for entry in record["serviceDescriptions"]:
        if entry["type"] == "Summary":
            entry["value"] = "PTV:n tiivistelmä."
    import_ptv(write_json(tmp_path, "changed.json", record))
    conflict = Conflict.objects.get()
    sign_in(context, national_coordinator())

    page.goto(f"/{language}/admin/interop/conflict/")
    expect(page.locator("#result_list")).to_contain_text("summary_fi")
    check_page(page, language, main_id="content-start")
    page.locator(f"input[name='_selected_action'][value='{conflict.pk}']").check()
    page.locator("select[name='action']").select_option("take_imported")
    page.locator("button[name='index']").click()

    expect(page.locator(".messagelist")).to_be_visible()
    service.refresh_from_db()
    assert service.summary_fi == "PTV:n tiivistelmä."


@by_language
def test_the_classification_mapping_pages(page, context, sign_in, language):
    row = ClassificationMapping.objects.get(scheme="ptv_service_class", code="P25")
    sign_in(context, national_coordinator())

    page.goto(f"/{language}/admin/interop/classificationmapping/")
    expect(page.locator("#result_list")).to_contain_text("P25.2")
    check_page(page, language, main_id="content-start")

    page.goto(f"/{language}/admin/interop/classificationmapping/{row.pk}/change/")
    expect(page.locator("#id_code")).to_have_value("P25")
    check_page(page, language, main_id="content-start")
