"""Scoring rules against worked examples, and change against the meaningful-change
threshold."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.outcomes import scoring


def ucla(a, b, c, lonely=None):
    answers = {"lack_companionship": a, "left_out": b, "isolated": c, "lonely": lonely}
    return scoring.score("ucla3", answers, [])


def test_ucla3_sums_the_three_items():
    # Hughes et al. (2004): hardly ever 1, some of the time 2, often 3.
    assert ucla(1, 2, 3)["ucla3"] == 6
    assert ucla(1, 1, 1)["ucla3"] == 3
    assert ucla(3, 3, 3)["ucla3"] == 9


def test_ucla3_needs_all_three_answers_and_keeps_the_direct_question_apart():
    scores = ucla(2, None, 3, lonely=4)
    assert scores["ucla3"] is None
    assert scores["lonely"] == 4


@given(st.lists(st.integers(1, 3), min_size=3, max_size=3))
def test_ucla3_is_always_between_three_and_nine(values):
    assert 3 <= ucla(*values)["ucla3"] <= 9


def test_ons4_reports_each_question_on_its_own_with_its_band():
    answers = {"life_satisfaction": 7, "worthwhile": 8, "happiness": 4, "anxiety": 6}
    scores = scoring.score("ons4", answers, [])
    assert scores == {"life_satisfaction": 7, "worthwhile": 8, "happiness": 4, "anxiety": 6}
    measures = {m.key: m for m in scoring.measures("ons4", [])}
    # The ONS's thresholds: 7-8 is high, 0-4 low; anxiety 6-10 is high, 0-1 very low.
    translation.activate("en")
    assert str(measures["life_satisfaction"].band(7)) == "high"
    assert str(measures["happiness"].band(4)) == "low"
    assert str(measures["worthwhile"].band(9)) == "very high"
    assert str(measures["anxiety"].band(6)) == "high"
    assert str(measures["anxiety"].band(1)) == "very low"
    # A question left blank does not take the others with it.
    partial = scoring.score("ons4", {"life_satisfaction": 5}, [])
    assert partial["life_satisfaction"] == 5 and partial["anxiety"] is None


def test_faces_mood_is_the_face_chosen():
    assert scoring.score("faces", {"mood": 4}, []) == {"mood": 4}


def test_generic_sum_and_mean_take_the_range_from_the_items():
    items = [scoring.ItemSpec(f"q{n}", 1, 5) for n in range(1, 5)]
    answers = {"q1": 1, "q2": 2, "q3": 4, "q4": 5}
    assert scoring.score("sum", answers, items) == {"total": 12}
    assert scoring.score("mean", answers, items) == {"mean": 3}
    (total,) = scoring.measures("sum", items, 2)
    assert (total.minimum, total.maximum, total.meaningful_change) == (4, 20, 2)


def test_wemwbs_rule_sums_fourteen_items():
    items = [scoring.ItemSpec(f"item{n}", 1, 5) for n in range(1, 15)]
    answers = {f"item{n}": 3 for n in range(1, 15)}
    assert scoring.score("wemwbs", answers, items) == {"wemwbs": 42}
    assert scoring.score("wemwbs", {**answers, "item14": None}, items) == {"wemwbs": None}


LIFE = scoring.measures("ons4", [])[0]
ANXIETY = scoring.measures("ons4", [])[3]
UCLA3 = scoring.measures("ucla3", [])[0]


@pytest.mark.parametrize(
    ("measure", "before", "after", "result"),
    [
        (LIFE, 5, 7, scoring.IMPROVED),
        (LIFE, 5, 6, scoring.IMPROVED),  # one point is the threshold
        (LIFE, 5, 5, scoring.SAME),
        (LIFE, 7, 5, scoring.WORSE),
        # Less anxiety and less loneliness are better.
        (ANXIETY, 6, 3, scoring.IMPROVED),
        (ANXIETY, 3, 6, scoring.WORSE),
        (UCLA3, 7, 5, scoring.IMPROVED),
        (UCLA3, 5, 7, scoring.WORSE),
        (LIFE, None, 7, None),
    ],
)
def test_change_is_judged_against_the_threshold_in_the_good_direction(
    measure, before, after, result
):
    assert scoring.change(measure, before, after) == result


def test_a_change_under_the_threshold_is_the_same():
    measure = scoring.Measure("total", "total", 14, 70, True, 3)
    assert scoring.change(measure, 40, 42) == scoring.SAME
    assert scoring.change(measure, 40, 43) == scoring.IMPROVED
    assert scoring.change(measure, 40, 37) == scoring.WORSE
    no_threshold = scoring.Measure("x", "x", 1, 5, True, None)
    assert scoring.change(no_threshold, 1, 5) is None


@given(st.integers(0, 10), st.integers(0, 10))
def test_swapping_before_and_after_swaps_improved_and_worse(a, b):
    opposite = {scoring.IMPROVED: scoring.WORSE, scoring.WORSE: scoring.IMPROVED}
    forward = scoring.change(LIFE, a, b)
    assert scoring.change(LIFE, b, a) == opposite.get(forward, forward)
