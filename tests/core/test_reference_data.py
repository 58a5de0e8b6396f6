"""Reference data shipped with Kohtaamo and loaded by the migrations."""

import re

import pytest
from django.core.management import call_command

from kohtaamo.core.models import (
    AccessibilityFeature,
    ArtForm,
    County,
    FundingSource,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)
from kohtaamo.core.reference import load_reference_data

pytestmark = pytest.mark.django_db

CLASSIFICATION_MODELS = [
    WellbeingStep,
    ArtForm,
    TargetGroup,
    Language,
    AccessibilityFeature,
    FundingSource,
]


def test_every_municipality_is_loaded_with_its_county():
    assert Municipality.objects.count() == 309
    assert County.objects.count() == 23
    assert Municipality.objects.filter(county__isnull=True).count() == 0
    kuopio = Municipality.objects.get(code="297")
    assert (kuopio.name_fi, kuopio.county.code) == ("Kuopio", "13")
    vaasa = Municipality.objects.get(code="905")
    assert vaasa.name_sv == "Vasa"


def test_helsinki_organises_its_own_services():
    helsinki = Municipality.objects.get(code="091")
    assert helsinki.name_sv == "Helsingfors"
    assert helsinki.county.code == "90"
    assert helsinki.county.kind == County.Kind.CITY
    assert County.objects.filter(kind=County.Kind.WELLBEING_COUNTY).count() == 21


def test_the_five_steps_of_cultural_wellbeing_in_three_languages():
    steps = list(WellbeingStep.objects.all())
    assert [step.number for step in steps] == [1, 2, 3, 4, 5]
    for step in steps:
        assert step.name_fi and step.name_sv and step.name_en
        assert step.description_fi and step.description_sv and step.description_en


def test_voimala_priority_groups_and_the_other_required_target_groups():
    priority = set(
        TargetGroup.objects.filter(is_priority_group=True).values_list("code", flat=True)
    )
    assert priority == {
        "children-and-families",
        "young-people-at-risk",
        "mental-health-substance-rehabilitation",
        "ethnic-minorities",
        "older-people",
    }
    codes = set(TargetGroup.objects.values_list("code", flat=True))
    assert {
        "children",
        "young-people",
        "working-age",
        "older-people",
        "people-with-disabilities",
        "families",
    } <= codes


def test_funding_sources_named_in_the_survey():
    assert set(FundingSource.objects.values_list("code", flat=True)) == {
        "rrf",
        "okm",
        "taike",
        "stea",
        "municipal",
        "county",
        "eu-esr",
        "other",
    }


@pytest.mark.parametrize("model", CLASSIFICATION_MODELS)
def test_codes_are_url_safe_slugs_and_names_exist_in_all_languages(model):
    items = list(model.objects.all())
    assert items
    for item in items:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item.code), item.code
        assert item.name_fi and item.name_sv and item.name_en, item.code


def test_loading_again_creates_nothing_and_keeps_admin_edits():
    step = WellbeingStep.objects.get(number=1)
    step.name_fi = "Taiteen kokeminen"
    step.save()
    report = load_reference_data()
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0
    assert WellbeingStep.objects.get(number=1).name_fi == "Taiteen kokeminen"
    assert Municipality.objects.count() == 309


def test_overwrite_restores_shipped_names():
    step = WellbeingStep.objects.get(number=1)
    step.name_fi = "Taiteen kokeminen"
    step.save()
    report = load_reference_data(overwrite=True)
    assert report.updated == {"WellbeingStep": 1}
    assert WellbeingStep.objects.get(number=1).name_fi == "Kokeminen"


def test_loader_recreates_a_deleted_item():
    ArtForm.objects.filter(code="circus").delete()
    report = load_reference_data()
    assert report.created == {"ArtForm": 1}
    assert ArtForm.objects.filter(code="circus").exists()


def test_command_prints_a_report(capsys):
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "Municipality: 0 created, 0 updated, 309 unchanged" in out


def test_content_falls_back_to_another_language(client):
    step = WellbeingStep.objects.get(number=2)
    step.name_sv = ""
    step.save()
    page = client.get("/sv/").content.decode()
    assert f'<span lang="fi">{step.name_fi}</span>' in page
