"""Instruments as data: what ships, locking once answered, versions kept with answers,
and a licensed instrument entered by an operator."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kohtaamo.outcomes import services, shipped
from kohtaamo.outcomes.models import AnswerScale, Instrument, Item, Locked

pytestmark = pytest.mark.django_db


def instrument(key):
    return Instrument.objects.get(key=key, version="1")


def test_migrate_installs_the_free_instruments_and_nothing_licensed():
    keys = set(Instrument.objects.filter(shipped=True).values_list("key", flat=True))
    assert keys == {"ons4", "ucla3", "faces", "experience"}
    assert not Instrument.objects.filter(licensed=True).exists()
    assert not Instrument.objects.filter(key__icontains="wemwbs").exists()
    assert [i.code for i in instrument("ucla3").items.all()] == [
        "lack_companionship",
        "left_out",
        "isolated",
        "lonely",
    ]
    ons4 = instrument("ons4")
    assert ons4.items.count() == 4
    assert all(item.unofficial_translation for item in ons4.items.all())
    assert "ONS" in ons4.source and ons4.licence_note
    assert {item.scale.code for item in ons4.items.all()} == {"zero-to-ten"}


def test_installing_again_changes_nothing():
    assert shipped.install() == {"scales": 0, "instruments": 0}


def test_every_shipped_item_has_finnish_and_swedish_text():
    for item in Item.objects.filter(instrument__shipped=True):
        assert item.text_fi and item.text_sv and item.text_en, item


def test_a_response_is_scored_and_keeps_the_version():
    response = services.record_response(
        instrument("ucla3"),
        {"lack_companionship": 1, "left_out": 2, "isolated": 3, "lonely": 2},
        language="fi",
    )
    assert response.instrument_version == "1"
    assert not response.entered_by_staff
    assert services.scores(response) == {"ucla3": 6, "lonely": 2}


def test_answers_outside_the_scale_are_refused():
    with pytest.raises(ValidationError):
        services.record_response(instrument("ons4"), {"life_satisfaction": 11}, language="fi")
    with pytest.raises(ValidationError):
        services.record_response(instrument("faces"), {"mood": "happy"}, language="fi")
    with pytest.raises(ValidationError):
        services.record_response(instrument("faces"), {"colour": 3}, language="fi")


def test_items_are_locked_once_answers_exist():
    ons4 = instrument("ons4")
    item = ons4.items.get(code="happiness")
    # Before anyone answers, the wording may still change.
    services.change_item(item, text_fi="Kuinka onnelliseksi tunsit itsesi eilen?")
    services.record_response(ons4, {"happiness": 7}, language="fi")

    with pytest.raises(Locked):
        services.change_item(item, text_fi="Toinen sanamuoto")
    item.refresh_from_db()
    item.text_sv = "Annan formulering"
    with pytest.raises(Locked):
        item.save()
    with pytest.raises(Locked):
        Item.objects.filter(instrument=ons4).update(text_en="changed")
    with pytest.raises(Locked):
        Item.objects.filter(pk=item.pk).delete()
    with pytest.raises(Locked):
        Item.objects.create(
            instrument=ons4, order=9, code="extra", scale=item.scale, text_fi="Lisäkysymys"
        )
    ons4.scoring = "sum"
    with pytest.raises(Locked):
        ons4.save()
    with pytest.raises(Locked):
        item.scale.save()
    assert ons4.items.get(code="happiness").text_fi == "Kuinka onnelliseksi tunsit itsesi eilen?"


def test_a_new_version_is_open_for_edits_and_old_answers_keep_theirs():
    faces = instrument("faces")
    old = services.record_response(faces, {"mood": 2}, language="sv")
    v2 = services.new_version(faces, "2")
    services.change_item(v2.items.get(code="mood"), text_fi="Miltä nyt tuntuu?")
    new = services.record_response(v2, {"mood": 4}, language="fi")
    faces.refresh_from_db()
    assert not faces.is_active
    assert (old.instrument_version, new.instrument_version) == ("1", "2")
    assert faces.items.get().text_fi == "Miltä sinusta tuntuu juuri nyt?"
    # Different wording is not a change in the person.
    with pytest.raises(ValidationError):
        services.compare(old, new)
    with pytest.raises(ValidationError):
        services.record_response(faces, {"mood": 3}, language="fi")


def test_compare_classifies_each_measure():
    ons4 = instrument("ons4")
    before = services.record_response(
        ons4,
        {"life_satisfaction": 4, "worthwhile": 6, "happiness": 5, "anxiety": 7},
        language="fi",
    )
    after = services.record_response(
        ons4,
        {"life_satisfaction": 7, "worthwhile": 6, "happiness": 3, "anxiety": 4},
        language="fi",
    )
    results = {c.measure.key: (c.difference, c.result) for c in services.compare(before, after)}
    assert results == {
        "life_satisfaction": (3, "improved"),
        "worthwhile": (0, "same"),
        "happiness": (-2, "worse"),
        "anxiety": (-3, "improved"),
    }


def made_up_licensed_instrument(**fields):
    # Not a real licensed instrument: its words are invented for the test.
    scale = AnswerScale.objects.create(code="made-up-five", minimum=1, maximum=5)
    made_up = Instrument.objects.create(
        key="made-up-wellbeing",
        version="2024",
        name_fi="Keksitty hyvinvointimittari",
        source="Invented for Kohtaamo's tests.",
        licence_note="Licensed; entered by the operator.",
        licensed=True,
        languages=["fi"],
        scoring="sum",
        meaningful_change=2,
        **fields,
    )
    for order in range(1, 4):
        Item.objects.create(
            instrument=made_up, order=order, code=f"q{order}", scale=scale, text_fi=f"Väite {order}"
        )
    return made_up


def test_a_licensed_instrument_needs_its_licence_reference():
    with transaction.atomic(), pytest.raises(IntegrityError):
        made_up_licensed_instrument()
    made_up = made_up_licensed_instrument(licence_reference="Licence 2024-17")
    before = services.record_response(made_up, {"q1": 2, "q2": 2, "q3": 2}, language="fi")
    after = services.record_response(made_up, {"q1": 3, "q2": 3, "q3": 2}, language="fi")
    assert services.scores(before) == {"total": 6}
    (change,) = services.compare(before, after)
    assert (change.difference, change.result) == (2, "improved")
    assert (change.measure.minimum, change.measure.maximum) == (3, 15)


def test_a_text_item_is_kept_but_not_scored():
    response = services.record_response(
        instrument("experience"),
        {"satisfaction": 5, "did_good": 4, "comment": "Mukava ryhmä"},
        language="fi",
    )
    assert services.scores(response) == {"satisfaction": 5, "did_good": 4}
    assert response.answers.get(item__code="comment").text == "Mukava ryhmä"
