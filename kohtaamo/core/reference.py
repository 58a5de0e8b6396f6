"""Loading the reference data shipped in ``kohtaamo/core/data``.

The same functions serve the data migration (with the historical app registry) and
the ``load_reference_data`` command (with the live one). Loading is idempotent: items
are matched by code, missing ones are created, and an item an administrator has edited
keeps its edits unless ``overwrite=True``.
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as django_apps
from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"

# Which list in classifications.json fills which model.
CLASSIFICATIONS = {
    "wellbeing_steps": "WellbeingStep",
    "art_forms": "ArtForm",
    "target_groups": "TargetGroup",
    "languages": "Language",
    "accessibility_features": "AccessibilityFeature",
    "funding_sources": "FundingSource",
}

COUNTY_KINDS = {"90": "city", "91": "autonomous_region"}


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)

    def count(self, kind, model_name):
        bucket = getattr(self, kind)
        bucket[model_name] = bucket.get(model_name, 0) + 1

    def lines(self):
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        for name in names:
            yield (
                f"{name}: {self.created.get(name, 0)} created, "
                f"{self.updated.get(name, 0)} updated, {self.unchanged.get(name, 0)} unchanged"
            )


def _upsert(model, lookup, values, report, overwrite):
    obj = model.objects.filter(**lookup).first()
    name = model.__name__
    if obj is None:
        model.objects.create(**lookup, **values)
        report.count("created", name)
        return
    changed = {key: value for key, value in values.items() if getattr(obj, key) != value}
    if changed and overwrite:
        for key, value in changed.items():
            setattr(obj, key, value)
        obj.save(update_fields=list(changed))
        report.count("updated", name)
    else:
        report.count("unchanged", name)


def read_counties(path=None):
    with open(path or DATA_DIR / "wellbeing_counties.csv", encoding="utf-8") as handle:
        return [
            {
                "code": row["code"].strip(),
                "name_fi": row["name_fi"].strip(),
                "name_sv": row["name_sv"].strip(),
                "name_en": row["name_en"].strip(),
                "kind": COUNTY_KINDS.get(row["code"].strip(), "wellbeing_county"),
            }
            for row in csv.DictReader(handle)
        ]


def read_municipalities(path=None):
    with open(path or DATA_DIR / "municipalities_2023.csv", encoding="utf-8") as handle:
        return [
            {
                "code": row["code"].strip().zfill(3),
                "name_fi": row["name_fi"].strip(),
                "name_sv": row["name_sv"].strip(),
                "county_code": row["county_code"].strip().zfill(2),
            }
            for row in csv.DictReader(handle)
        ]


def read_classifications(path=None):
    with open(path or DATA_DIR / "classifications.json", encoding="utf-8") as handle:
        return json.load(handle)


def load_areas(apps=django_apps, overwrite=False, report=None):
    report = report or LoadReport()
    County = apps.get_model("core", "County")
    Municipality = apps.get_model("core", "Municipality")
    for row in read_counties():
        code = row.pop("code")
        _upsert(County, {"code": code}, row, report, overwrite)
    counties = {county.code: county for county in County.objects.all()}
    for row in read_municipalities():
        code = row.pop("code")
        row["county"] = counties[row.pop("county_code")]
        _upsert(Municipality, {"code": code}, row, report, overwrite)
    return report


def load_classifications(apps=django_apps, overwrite=False, report=None):
    report = report or LoadReport()
    data = read_classifications()
    for key, model_name in CLASSIFICATIONS.items():
        model = apps.get_model("core", model_name)
        for row in data[key]:
            row = dict(row)
            code = row.pop("code")
            _upsert(model, {"code": code}, row, report, overwrite)
    return report


def load_reference_data(apps=django_apps, overwrite=False):
    with transaction.atomic():
        report = load_areas(apps, overwrite)
        load_classifications(apps, overwrite, report)
    return report
