"""Importing the shared PTV open API v11 samples: what lands in the catalogue, the report,
re-runs, local edits, and inputs that are broken in every way a file can be."""

import json

import pytest
from django.core.management import call_command
from django.utils import translation

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import Place, Service, Source
from kohtaamo.catalogue.states import Status
from kohtaamo.interop import services
from kohtaamo.interop.models import (
    ClassificationMapping,
    Conflict,
    ExternalRecord,
    ImportRun,
    Scheme,
)
from kohtaamo.search.query import SearchParams, search

from .importing import (
    ETALUKIO,
    LIPERI,
    OTAVA,
    OTAVIA,
    PTV_DIR,
    import_ptv,
    mark_relevant,
    ptv_records,
    write_json,
)

pytestmark = pytest.mark.django_db


def problems(run, outcome):
    return {problem["id"]: problem for problem in run.problems if problem["outcome"] == outcome}


def test_default_mapping_imports_culture_only_and_says_why_the_samples_are_skipped():
    run = import_ptv()

    assert run.state == ImportRun.State.FINISHED
    assert run.count("created") == 0
    assert run.count("failed") == 0
    assert run.count("skipped") == 3
    skipped = problems(run, "skipped")
    assert set(skipped) == {ETALUKIO, LIPERI, OTAVA}
    assert "service class" in skipped[ETALUKIO]["message"]
    assert not Service.objects.filter(source=Source.PTV).exists()


def test_default_mapping_marks_culture_class_p25_and_its_children_relevant():
    row = ClassificationMapping.objects.get(scheme=Scheme.PTV_SERVICE_CLASS, code="P25")
    assert row.relevant and row.include_children
    assert row.steps.filter(code="experiencing").exists()


def test_samples_import_cleanly_when_the_mapping_marks_education_relevant():
    mark_relevant("P6")

    run = import_ptv()

    assert run.state == ImportRun.State.FINISHED
    assert run.count("failed") == 0
    # Two organisations, one service location, two services.
    assert run.count("created") == 5
    service = Service.objects.get(source=Source.PTV, external_id=ETALUKIO)
    assert service.name_fi == "Nettilukio aikuisille"
    assert service.summary_fi == "Aikuislukio verkko-opintoina."
    assert service.description_fi.startswith("Nettilukiossa voit opiskella")
    assert service.how_to_join_fi.startswith("Hae Nettilukioon")
    assert service.is_free is True
    assert "etäopetus" in service.keywords_fi
    assert service.organisation.name_fi == "Mikkelin kaupungin liikelaitos Otavia"
    assert service.organisation.kind == Organisation.Kind.MUNICIPALITY
    # Nationwide: every municipality.
    assert service.municipalities.count() == 309
    assert list(service.steps.values_list("code", flat=True)) == ["own-activity"]
    assert list(service.languages.values_list("code", flat=True)) == ["fi"]

    place = Place.objects.get(source=Source.PTV, external_id=OTAVA)
    assert list(service.places.all()) == [place]
    assert place.name_fi == "Otavan Opisto / Otavia"
    assert place.street_address_fi == "Otavantie 2 B"
    assert place.postal_code == "50670"
    assert place.municipality.code == "491"
    # ETRS-TM35FIN 6834688 N, 503879 E is at Otava, south of Mikkeli.
    assert 61.6 < float(place.latitude) < 61.7
    assert 27.0 < float(place.longitude) < 27.1
    assert "Liikkumisesteisten" in place.accessibility_info_fi
    assert place.organisation.name_fi == "Mikkelin kaupungin liikelaitos Otavia"


def test_imported_service_keeps_its_original_codes():
    mark_relevant("P6")
    import_ptv()

    record = ExternalRecord.objects.get(source=Source.PTV, kind="service", external_id=ETALUKIO)
    codes = [entry["code"] for entry in record.original["serviceClasses"]]
    assert codes == ["P6.10", "P6.8", "P6.13", "P6"]
    assert record.original["targetGroups"][0]["code"] == "KR1"
    assert record.original["serviceChargeType"] == "FreeOfCharge"
    assert record.source_modified == "2020-04-22T09:35:58.293984"
    assert record.target == Service.objects.get(external_id=ETALUKIO)


def test_complete_services_are_published_and_searchable_incomplete_ones_stay_drafts():
    mark_relevant("P6")
    run = import_ptv()

    published = Service.objects.get(external_id=ETALUKIO)
    assert published.status == Status.PUBLISHED
    assert published.published_at is not None
    assert published.pk in search("service", SearchParams(q="nettilukio")).ids

    # PTV gives no charge type for this one: its price is unknown, so it waits as a draft.
    draft = Service.objects.get(external_id=LIPERI)
    assert draft.status == Status.DRAFT
    assert draft.pk not in search("service", SearchParams(q="oppimäärä")).ids
    warnings = [p for p in run.problems if p["id"] == LIPERI and p["outcome"] == "warning"]
    assert any("price_fi" in str(p["params"]) for p in warnings)
    # Its area lists a municipality code that does not exist (123): left out, reported.
    assert any(p["params"].get("code") == "123" for p in warnings)
    assert list(draft.municipalities.values_list("code", flat=True)) == ["426"]


def test_running_the_same_import_again_changes_nothing():
    mark_relevant("P6")
    import_ptv()
    before = {s.pk: s.updated_at for s in Service.objects.all()}

    again = import_ptv()

    assert again.count("created") == 0
    assert again.count("updated") == 0
    assert again.count("failed") == 0
    assert again.count("unchanged") == 3
    assert not again.changes.exists()
    assert {s.pk: s.updated_at for s in Service.objects.all()} == before


def test_a_changed_record_updates_the_fields_that_changed(tmp_path):
    mark_relevant("P6")
    import_ptv()
    record = ptv_records()[ETALUKIO]
    for text in record["serviceDescriptions"]:
        if text["type"] == "Summary":
            text["value"] = "Koko lukio verkossa, omaan tahtiin."
    record["serviceNames"].append({"language": "sv", "value": "Nätgymnasiet", "type": "Name"})

    run = import_ptv(write_json(tmp_path, "changed.json", record))

    assert run.count("updated") == 1
    service = Service.objects.get(external_id=ETALUKIO)
    assert service.summary_fi == "Koko lukio verkossa, omaan tahtiin."
    assert service.name_sv == "Nätgymnasiet"
    change = run.changes.get()
    assert change.before["summary_fi"] == "Aikuislukio verkko-opintoina."


def test_a_local_edit_is_never_overwritten_and_becomes_a_conflict(tmp_path):
    mark_relevant("P6")
    import_ptv()
    service = Service.objects.get(external_id=ETALUKIO)
    service.summary_fi = "Paikallisesti muokattu kuvaus."
    service.save()

    # The source has not changed this field: the local edit stays, nothing to resolve.
    assert import_ptv().count("conflicts") == 0
    record = ptv_records()[ETALUKIO]
    for text in record["serviceDescriptions"]:
        if text["type"] == "Summary":
            text["value"] = "PTV:n uusi tiivistelmä."
        if text["type"] == "Description":
            text["value"] = "PTV:n uusi kuvaus."
    run = import_ptv(write_json(tmp_path, "changed.json", record))

    service.refresh_from_db()
    assert service.summary_fi == "Paikallisesti muokattu kuvaus."
    # Fields nobody edited here still follow the source.
    assert service.description_fi == "PTV:n uusi kuvaus."
    assert run.count("conflicts") == 1
    conflict = Conflict.objects.get(resolved_at=None)
    assert conflict.field == "summary_fi"
    assert conflict.local_value == "Paikallisesti muokattu kuvaus."
    assert conflict.imported_value == "PTV:n uusi tiivistelmä."
    # Running it again reports no new conflict and still keeps the local text.
    again = import_ptv(tmp_path / "changed.json")
    assert again.count("conflicts") == 0
    assert Conflict.objects.filter(resolved_at=None).count() == 1


def _conflict(tmp_path):
    mark_relevant("P6")
    import_ptv()
    service = Service.objects.get(external_id=ETALUKIO)
    service.summary_fi = "Paikallinen."
    service.save()
    record = ptv_records()[ETALUKIO]
    for text in record["serviceDescriptions"]:
        if text["type"] == "Summary":
            text["value"] = "Tuotu."
    path = write_json(tmp_path, "changed.json", record)
    import_ptv(path)
    return service, Conflict.objects.get(resolved_at=None), path


def coordinator():
    from kohtaamo.accounts.roles import Role
    from tests import factories

    national = factories.organisation(kind=Organisation.Kind.NATIONAL_BODY)
    return factories.member(Role.COORDINATOR, organisation=national)


def test_keeping_the_local_value_closes_the_conflict_until_the_source_changes_again(tmp_path):
    service, conflict, path = _conflict(tmp_path)

    services.resolve_conflict(conflict, Conflict.Resolution.KEEP_LOCAL, coordinator())

    service.refresh_from_db()
    assert service.summary_fi == "Paikallinen."
    assert import_ptv(path).count("conflicts") == 0
    assert not Conflict.objects.filter(resolved_at=None).exists()
    service.refresh_from_db()
    assert service.summary_fi == "Paikallinen."


def test_taking_the_imported_value_writes_it_and_later_changes_follow_the_source(tmp_path):
    service, conflict, _path = _conflict(tmp_path)

    services.resolve_conflict(conflict, Conflict.Resolution.TAKE_IMPORTED, coordinator())

    service.refresh_from_db()
    assert service.summary_fi == "Tuotu."
    record = ptv_records()[ETALUKIO]
    for text in record["serviceDescriptions"]:
        if text["type"] == "Summary":
            text["value"] = "Tuotu taas uudelleen."
    import_ptv(write_json(tmp_path, "again.json", record))
    service.refresh_from_db()
    assert service.summary_fi == "Tuotu taas uudelleen."


def test_only_a_national_coordinator_resolves_conflicts(tmp_path):
    from django.core.exceptions import PermissionDenied

    from kohtaamo.accounts.roles import Role
    from tests import factories

    _service, conflict, _path = _conflict(tmp_path)
    county_coordinator = factories.member(
        Role.COORDINATOR, organisation=factories.organisation(kind="wellbeing_county")
    )
    with pytest.raises(PermissionDenied):
        services.resolve_conflict(conflict, Conflict.Resolution.KEEP_LOCAL, county_coordinator)


def test_old_urn_class_addresses_are_accepted_through_the_mapping(tmp_path):
    record = ptv_records()[LIPERI]
    for entry in record["serviceClasses"]:
        entry.pop("code")
        entry["newUri"] = None
    # Only the old address is left: http://urn.fi/URN:NBN:fi:au:ptvl:v1062 (P6.2).
    mark_relevant("http://urn.fi/URN:NBN:fi:au:ptvl:v1062")

    run = import_ptv(write_json(tmp_path, "old.json", record))

    assert run.count("failed") == 0
    assert Service.objects.filter(external_id=LIPERI).exists()


def test_new_uri_suomi_fi_addresses_give_the_code_without_a_code_field(tmp_path):
    record = ptv_records()[ETALUKIO]
    for entry in record["serviceClasses"]:
        entry.pop("code")
    mark_relevant("P6")

    import_ptv(write_json(tmp_path, "new.json", record))

    assert Service.objects.filter(external_id=ETALUKIO).exists()


def test_culture_ontology_terms_make_a_service_relevant(tmp_path):
    record = ptv_records()[LIPERI]
    record["ontologyTerms"].append(
        {
            "name": [{"value": "musiikki", "language": "fi"}],
            "code": None,
            "ontologyType": "YSO",
            "uri": "http://www.yso.fi/onto/koko/p33030",
        }
    )

    run = import_ptv(write_json(tmp_path, "music.json", record))

    assert run.count("created") == 2  # the organisation and the service
    service = Service.objects.get(external_id=LIPERI)
    assert list(service.art_forms.values_list("code", flat=True)) == ["music"]


# ------------------------------------------------------------------------ broken input


def test_a_truncated_file_imports_nothing_and_says_where_it_broke(tmp_path):
    mark_relevant("P6")
    text = (PTV_DIR / "service_etalukio.json").read_text(encoding="utf-8")
    path = tmp_path / "truncated.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")

    run = import_ptv(path)

    assert run.state == ImportRun.State.FAILED
    with translation.override("en"):
        assert "not valid JSON" in run.error_text()
    assert "truncated.json" in run.error_text()
    assert run.count("created") == 0
    assert not Service.objects.exists()
    assert not ExternalRecord.objects.exists()


def test_one_broken_file_in_a_folder_stops_the_whole_folder(tmp_path):
    mark_relevant("P6")
    for name in ("service_etalukio.json", "service_channel_otava.json"):
        (tmp_path / name).write_bytes((PTV_DIR / name).read_bytes())
    (tmp_path / "z_broken.json").write_text('{"id": "x", ', encoding="utf-8")

    run = import_ptv(tmp_path)

    assert run.state == ImportRun.State.FAILED
    assert "z_broken.json" in run.error_text()
    assert not Service.objects.exists()
    assert not Organisation.objects.filter(name_fi__contains="Otavia").exists()


def test_a_record_of_wrong_types_fails_alone_with_its_id(tmp_path):
    mark_relevant("P6")
    records = ptv_records()
    records[LIPERI]["serviceNames"] = "Yksilöllistetty oppimäärä"
    records[ETALUKIO]["serviceChargeType"] = "Sometimes"
    records[OTAVA]["addresses"][0]["streetAddress"]["municipality"]["code"] = "999"
    # A good copy of Nettilukio, which gives its place at Otava as well.
    good = ptv_records()[ETALUKIO]
    good["id"] = "00000000-0000-4000-8000-000000000001"
    path = write_json(tmp_path, "mixed.json", [*records.values(), good, ["not", "a", "record"]])

    run = import_ptv(path)

    assert run.state == ImportRun.State.FINISHED
    failed = problems(run, "failed")
    assert "serviceNames" in failed[LIPERI]["params"]["field"]
    assert failed[ETALUKIO]["params"]["value"] == "Sometimes"
    assert failed[OTAVA]["params"]["code"] == "999"
    assert run.count("failed") == 4  # the three above and the list that is no record
    # The good record got in, nothing of the failed ones did.
    assert Service.objects.filter(external_id=good["id"]).exists()
    assert not Service.objects.filter(external_id__in=[LIPERI, ETALUKIO]).exists()
    assert not Place.objects.filter(external_id=OTAVA).exists()


def test_a_record_failing_in_the_database_is_rolled_back_alone(tmp_path):
    mark_relevant("P6")
    record = ptv_records()[ETALUKIO]
    for name in record["serviceNames"]:
        name["value"] = "N" * 250  # longer than a name may be
    other = ptv_records()[LIPERI]
    path = write_json(tmp_path, "long.json", [record, other])

    run = import_ptv(path)

    assert run.count("failed") == 1
    assert problems(run, "failed")[ETALUKIO]["message"].startswith("Not valid")
    assert not Service.objects.filter(external_id=ETALUKIO).exists()
    assert not ExternalRecord.objects.filter(external_id=ETALUKIO).exists()
    assert Service.objects.filter(external_id=LIPERI).exists()


def test_json_that_is_no_ptv_data_is_refused_as_a_whole(tmp_path):
    run = import_ptv(write_json(tmp_path, "number.json", 42))
    assert run.state == ImportRun.State.FAILED
    assert "int" in run.error_text()


def test_a_missing_path_is_a_clear_error():
    run = import_ptv("/nonexistent/ptv.json")
    assert run.state == ImportRun.State.FAILED
    with translation.override("en"):
        assert "does not exist" in run.error_text()


def test_the_command_prints_the_report(capsys):
    mark_relevant("P6")
    with translation.override("en"):
        call_command("import_ptv", str(PTV_DIR))
    out = capsys.readouterr().out
    assert "5 created" in out
    assert "Unknown municipality code 123" in out


def test_the_command_fails_on_a_broken_file(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(SystemExit), translation.override("en"):
        call_command("import_ptv", str(path))
    assert "not valid JSON" in capsys.readouterr().err


def test_an_organisation_with_a_known_business_id_is_adopted_not_duplicated(tmp_path):
    from tests import factories

    mark_relevant("P6")
    local = factories.organisation(name_fi="Otavia (paikallinen nimi)", business_id="0165761-1")
    organisation = {
        "id": OTAVIA,
        "organizationType": "Municipality",
        "businessCode": "0165761-1",
        "organizationNames": [
            {"language": "fi", "value": "Mikkelin kaupungin liikelaitos Otavia", "type": "Name"}
        ],
    }
    path = write_json(tmp_path, "org.json", [organisation, ptv_records()[ETALUKIO]])

    import_ptv(path)

    service = Service.objects.get(external_id=ETALUKIO)
    assert service.organisation == local
    local.refresh_from_db()
    # The local name is the organisation's own: a difference is for a person to decide.
    assert local.name_fi == "Otavia (paikallinen nimi)"
    assert Conflict.objects.filter(field="name_fi").exists()
    assert json.dumps(ExternalRecord.objects.get(kind="organisation").original)
