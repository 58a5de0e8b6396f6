"""Importing the shipped Linked Events page: events, places, organisers, keywords,
super and sub events, offers, age limits and cancellations."""

import copy
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import Event, Place, Source
from kohtaamo.catalogue.states import Status
from kohtaamo.interop.models import ImportRun, Scheme
from kohtaamo.search.query import SearchParams, search

from .importing import LINKED_EVENTS_FILE, import_linkedevents, mark_relevant, write_json

pytestmark = pytest.mark.django_db


def event(ident):
    return Event.objects.get(source=Source.LINKED_EVENTS, external_id=f"kohtaamo-test:{ident}")


def page():
    return json.loads(LINKED_EVENTS_FILE.read_text(encoding="utf-8"))


def test_the_shipped_page_imports_with_a_report():
    run = import_linkedevents()

    assert run.state == ImportRun.State.FINISHED
    assert run.count("failed") == 0
    # Three organisers, three places, six events.
    assert run.count("created") == 12
    assert Event.objects.filter(source=Source.LINKED_EVENTS).count() == 6
    assert Place.objects.filter(source=Source.LINKED_EVENTS).count() == 3
    assert Organisation.objects.filter(name_fi="Teatteri Tarina ry").exists()


def test_texts_places_and_times_are_mapped():
    import_linkedevents()

    concert = event(1001)
    assert concert.name_fi == "Iltapäiväkonsertti: vanhoja sävelmiä"
    assert concert.name_sv == "Eftermiddagskonsert: gamla melodier"
    assert concert.summary_fi == "Tuttuja lauluja pianon ja viulun säestyksellä."
    # HTML becomes plain paragraphs, entities decoded.
    assert concert.description_fi == (
        "Konsertti, jossa saa laulaa mukana.\n\nSalissa on induktiosilmukka & pyörätuolipaikkoja."
    )
    assert concert.start.isoformat() == "2026-10-06T11:00:00+00:00"
    assert concert.place.name_fi == "Kulttuuritalo Kaiku"
    assert concert.place.street_address_sv == "Spelmansgränden 3"
    assert concert.municipality.code == "091"
    assert float(concert.place.latitude) == pytest.approx(60.1899)
    assert sorted(concert.languages.values_list("code", flat=True)) == ["fi", "sv"]
    assert "musiikki" in concert.keywords_fi
    assert event(2001).municipality.code == "049"  # Espoo, from the place's division
    assert event(3001).municipality.code == "837"  # Tampere


def test_keywords_map_to_art_forms_target_groups_and_steps_through_the_mapping():
    import_linkedevents()

    concert = event(1001)
    assert list(concert.art_forms.values_list("code", flat=True)) == ["music"]
    assert list(concert.target_groups.values_list("code", flat=True)) == ["older-people"]
    assert list(concert.steps.values_list("code", flat=True)) == ["experiencing"]
    exhibition = event(3001)
    assert list(exhibition.art_forms.values_list("code", flat=True)) == ["visual-arts"]
    assert list(exhibition.target_groups.values_list("code", flat=True)) == ["children"]


def test_editing_the_mapping_changes_the_classification_on_the_next_run():
    import_linkedevents()
    mark_relevant("yso:p1808", scheme=Scheme.YSO_KEYWORD, forms=["music", "community-art"])

    run = import_linkedevents()

    assert run.count("updated") == 3  # the three concerts
    assert sorted(event(1001).art_forms.values_list("code", flat=True)) == [
        "community-art",
        "music",
    ]


def test_super_and_sub_events_are_linked_even_when_the_super_event_comes_later():
    import_linkedevents()

    series = event(1000)
    assert sorted(series.sub_events.values_list("external_id", flat=True)) == [
        "kohtaamo-test:1001",
        "kohtaamo-test:1002",
    ]
    assert event(1001).super_event == series


def test_offers_give_price_free_and_booking_address():
    import_linkedevents()

    play = event(2001)
    assert play.is_free is False
    assert play.price_fi == "12 € / eläkeläiset 8 €"
    assert play.price_en == "€12 / pensioners €8"
    assert play.booking_url == "https://tarina.example.invalid/liput"
    assert event(1001).is_free is True


def test_age_limits_and_cancellations():
    import_linkedevents()

    assert (event(3001).age_min, event(3001).age_max) == (4, 12)
    assert event(1001).age_min == 60
    assert event(1002).is_cancelled is True
    assert event(1001).is_cancelled is False


def test_complete_events_are_published_and_searchable_others_wait_as_drafts():
    run = import_linkedevents()

    assert event(2001).status == Status.PUBLISHED
    assert event(2001).pk in search("event", SearchParams(q="improvisaatioteatteria")).ids
    workshop = event(3002)  # no short description in the source
    assert workshop.status == Status.DRAFT
    assert any(p["id"] == "kohtaamo-test:3002" and p["outcome"] == "warning" for p in run.problems)


def test_running_the_same_page_again_changes_nothing():
    import_linkedevents()

    again = import_linkedevents()

    assert again.count("created") == 0
    assert again.count("updated") == 0
    assert again.count("unchanged") == 9
    assert not again.changes.exists()


def test_a_cancellation_arriving_later_updates_the_event(tmp_path):
    import_linkedevents()
    data = page()
    data["data"][0]["event_status"] = "EventCancelled"

    run = import_linkedevents(write_json(tmp_path, "later.json", data))

    assert run.count("updated") == 1
    assert event(1001).is_cancelled is True


def test_a_deleted_event_leaves_the_public_catalogue(tmp_path):
    import_linkedevents()
    data = page()
    data["data"][3]["deleted"] = True

    import_linkedevents(write_json(tmp_path, "deleted.json", data))

    assert event(2001).status == Status.ARCHIVED


def test_broken_events_fail_alone_with_their_ids(tmp_path):
    data = page()
    broken = copy.deepcopy(data["data"])
    broken[0]["start_time"] = "next tuesday"
    broken[1]["name"] = "not a dict"
    broken[3]["audience_min_age"] = "sixty"
    broken[4]["location"] = {
        **broken[4]["location"],
        "id": "kohtaamo-test:place-nowhere",
        "divisions": [],
        "address_locality": {"fi": "Atlantis"},
    }
    data["data"] = broken

    run = import_linkedevents(write_json(tmp_path, "broken.json", data))

    failed = {p["id"]: p for p in run.problems if p["outcome"] == "failed"}
    assert set(failed) == {
        "kohtaamo-test:1001",
        "kohtaamo-test:1002",
        "kohtaamo-test:2001",
        "kohtaamo-test:place-nowhere",
    }
    assert failed["kohtaamo-test:1001"]["params"]["value"] == "next tuesday"
    # The exhibition whose place failed is still imported, without a place.
    exhibition = event(3001)
    assert exhibition.place is None
    assert not Event.objects.filter(external_id="kohtaamo-test:1001").exists()
    assert event(1000).sub_events.count() == 0


def test_a_truncated_page_imports_nothing(tmp_path):
    text = LINKED_EVENTS_FILE.read_text(encoding="utf-8")
    path = tmp_path / "cut.json"
    path.write_text(text[:5000], encoding="utf-8")

    run = import_linkedevents(path)

    assert run.state == ImportRun.State.FAILED
    with translation.override("en"):
        assert "not valid JSON" in run.error_text()
    assert not Event.objects.exists()
    assert not Place.objects.exists()


def test_a_page_of_the_wrong_shape_is_refused(tmp_path):
    run = import_linkedevents(write_json(tmp_path, "shape.json", {"meta": {}, "data": "none"}))
    assert run.state == ImportRun.State.FAILED


def test_the_command_imports_a_file(capsys):
    call_command("import_linkedevents", str(LINKED_EVENTS_FILE))
    assert "12 created" in capsys.readouterr().out
