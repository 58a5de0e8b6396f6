"""Scoring rules: how an instrument's answers become the numbers that are reported.

An instrument (``models.Instrument``) names its rule by a key into :data:`RULES`. Items,
scales and texts are data an operator may enter; the arithmetic lives here, in code,
where it is reviewed and tested against published worked examples. A licensed
instrument (WEMWBS, SWEMWBS, EQ-5D, THL's participation indicator) is never shipped:
its items are typed into the admin by an operator who holds the licence, and only its
rule may be here.

A rule turns the answers of one response (item code -> number) into measures (measure
key -> number, or None when the answers do not give one). Each measure says which way
is better and how big a change counts as a real change (the meaningful-change
threshold); a change smaller than that is "the same".
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

IMPROVED = "improved"
SAME = "same"
WORSE = "worse"


@dataclass(frozen=True)
class Band:
    """A named range of a measure (ONS: "low" life satisfaction is 0-4)."""

    upto: float  # inclusive upper bound
    label: object


@dataclass(frozen=True)
class Measure:
    key: str
    label: object
    minimum: float
    maximum: float
    higher_is_better: bool = True
    # None: the measure is reported but a change in it is not classified.
    meaningful_change: float | None = None
    bands: tuple[Band, ...] = ()

    def band(self, value: float | None):
        if value is None:
            return None
        for band in self.bands:
            if value <= band.upto:
                return band.label
        return None


@dataclass(frozen=True)
class ItemSpec:
    """What a rule needs to know of an item: its code and its scale's range."""

    code: str
    minimum: int | None = None
    maximum: int | None = None
    scored: bool = True


Answers = Mapping[str, int | None]
Scores = dict[str, float | None]


@dataclass(frozen=True)
class Rule:
    key: str
    label: object
    # The item codes the rule reads, in order; empty: any items the instrument has.
    item_codes: tuple[str, ...]
    compute: Callable[[Answers, Sequence[ItemSpec]], Scores]
    # The measures, given the instrument's items and its own threshold (generic rules
    # take their range and threshold from the instrument).
    measures: Callable[[Sequence[ItemSpec], float | None], tuple[Measure, ...]]
    # Shipped rules carry their threshold; generic ones take the instrument's.
    fixed_threshold: bool = True
    notes: object = ""
    extra: dict = field(default_factory=dict)


def _present(answers: Answers, codes: Sequence[str]) -> list[int] | None:
    values = [answers.get(code) for code in codes]
    if any(value is None for value in values):
        return None
    return [int(value) for value in values if value is not None]


# --- ONS4: four questions, each reported on its own ----------------------------------

# The ONS's published thresholds for its personal well-being measures.
_ONS_POSITIVE_BANDS = (
    Band(4, pgettext_lazy("wellbeing level", "low")),
    Band(6, pgettext_lazy("wellbeing level", "medium")),
    Band(8, pgettext_lazy("wellbeing level", "high")),
    Band(10, pgettext_lazy("wellbeing level", "very high")),
)
_ONS_ANXIETY_BANDS = (
    Band(1, pgettext_lazy("anxiety level", "very low")),
    Band(3, pgettext_lazy("anxiety level", "low")),
    Band(5, pgettext_lazy("anxiety level", "medium")),
    Band(10, pgettext_lazy("anxiety level", "high")),
)
ONS4_ITEMS = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
_ONS4_MEASURES = (
    Measure("life_satisfaction", _("Life satisfaction"), 0, 10, True, 1, _ONS_POSITIVE_BANDS),
    Measure("worthwhile", _("Worthwhile"), 0, 10, True, 1, _ONS_POSITIVE_BANDS),
    Measure("happiness", _("Happiness yesterday"), 0, 10, True, 1, _ONS_POSITIVE_BANDS),
    Measure("anxiety", _("Anxiety yesterday"), 0, 10, False, 1, _ONS_ANXIETY_BANDS),
)


def _ons4(answers: Answers, items: Sequence[ItemSpec]) -> Scores:
    # The ONS never sums the four: each question is its own measure, and a person who
    # skipped one still has the other three.
    return {code: _number(answers.get(code)) for code in ONS4_ITEMS}


# --- UCLA 3-item loneliness scale and the direct question ----------------------------

UCLA3_ITEMS = ("lack_companionship", "left_out", "isolated")
DIRECT_LONELINESS = "lonely"
_UCLA3_MEASURES = (
    Measure(
        "ucla3",
        _("Loneliness (UCLA 3-item, 3-9)"),
        3,
        9,
        False,
        1,
        (
            Band(5, pgettext_lazy("loneliness level", "less often lonely")),
            Band(9, pgettext_lazy("loneliness level", "more often lonely")),
        ),
    ),
    Measure(DIRECT_LONELINESS, _("Feels lonely (1 never - 5 often or always)"), 1, 5, False, 1),
)


def _ucla3(answers: Answers, items: Sequence[ItemSpec]) -> Scores:
    # Hughes et al. (2004): hardly ever 1, some of the time 2, often 3, summed; only a
    # complete set of three is a score. The direct question is reported on its own.
    values = _present(answers, UCLA3_ITEMS)
    return {
        "ucla3": float(sum(values)) if values is not None else None,
        DIRECT_LONELINESS: _number(answers.get(DIRECT_LONELINESS)),
    }


# --- Faces mood check -----------------------------------------------------------------

_FACES_MEASURES = (Measure("mood", _("Mood (1-5 faces)"), 1, 5, True, 1),)


def _faces(answers: Answers, items: Sequence[ItemSpec]) -> Scores:
    return {"mood": _number(answers.get("mood"))}


# --- Generic rules for instruments an operator enters ---------------------------------


def _number(value: int | None) -> float | None:
    return None if value is None else float(value)


def _scored(items: Sequence[ItemSpec]) -> list[ItemSpec]:
    return [item for item in items if item.scored and item.minimum is not None]


def _sum(answers: Answers, items: Sequence[ItemSpec]) -> Scores:
    values = _present(answers, [item.code for item in _scored(items)])
    return {"total": float(sum(values)) if values else None}


def _sum_measures(items: Sequence[ItemSpec], threshold: float | None) -> tuple[Measure, ...]:
    scored = _scored(items)
    low = sum(item.minimum or 0 for item in scored)
    high = sum(item.maximum or 0 for item in scored)
    return (Measure("total", _("Total score"), low, high, True, threshold),)


def _mean(answers: Answers, items: Sequence[ItemSpec]) -> Scores:
    values = _present(answers, [item.code for item in _scored(items)])
    if not values:
        return {"mean": None}
    return {"mean": round(sum(values) / len(values), 2)}


def _mean_measures(items: Sequence[ItemSpec], threshold: float | None) -> tuple[Measure, ...]:
    scored = _scored(items)
    low = min((item.minimum or 0 for item in scored), default=0)
    high = max((item.maximum or 0 for item in scored), default=0)
    return (Measure("mean", _("Mean score"), low, high, True, threshold),)


def _per_item(answers: Answers, items: Sequence[ItemSpec]) -> Scores:
    return {item.code: _number(answers.get(item.code)) for item in _scored(items)}


def _per_item_measures(items: Sequence[ItemSpec], threshold: float | None) -> tuple[Measure, ...]:
    return tuple(
        Measure(item.code, item.code, item.minimum or 0, item.maximum or 0, True, threshold)
        for item in _scored(items)
    )


def _wemwbs(answers: Answers, items: Sequence[ItemSpec]) -> Scores:
    # WEMWBS: fourteen statements, 1-5 each, summed to 14-70. The items themselves are
    # licensed and entered by the operator; their codes are item1 ... item14 in order.
    values = _present(answers, [item.code for item in _scored(items)])
    if values is None or len(values) != 14:
        return {"wemwbs": None}
    return {"wemwbs": float(sum(values))}


def _fixed(measures: tuple[Measure, ...]):
    def measures_of(items: Sequence[ItemSpec], threshold: float | None) -> tuple[Measure, ...]:
        return measures

    return measures_of


RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule(
            "ons4",
            _("ONS4: four questions, each reported"),
            ONS4_ITEMS,
            _ons4,
            _fixed(_ONS4_MEASURES),
        ),
        Rule(
            "ucla3",
            _("UCLA 3-item loneliness (3-9) and the direct question"),
            (*UCLA3_ITEMS, DIRECT_LONELINESS),
            _ucla3,
            _fixed(_UCLA3_MEASURES),
        ),
        Rule("faces", _("Faces mood check (1-5)"), ("mood",), _faces, _fixed(_FACES_MEASURES)),
        Rule(
            "wemwbs",
            _("WEMWBS: sum of 14 items (14-70)"),
            (),
            _wemwbs,
            _fixed((Measure("wemwbs", _("Mental wellbeing (WEMWBS, 14-70)"), 14, 70, True, 3),)),
        ),
        Rule("sum", _("Sum of the items"), (), _sum, _sum_measures, fixed_threshold=False),
        Rule("mean", _("Mean of the items"), (), _mean, _mean_measures, fixed_threshold=False),
        Rule(
            "per_item",
            _("Each item on its own"),
            (),
            _per_item,
            _per_item_measures,
            fixed_threshold=False,
        ),
    )
}

RULE_CHOICES = [(key, rule.label) for key, rule in RULES.items()]


def rule(key: str) -> Rule:
    return RULES[key]


def score(key: str, answers: Answers, items: Sequence[ItemSpec]) -> Scores:
    return RULES[key].compute(answers, items)


def measures(
    key: str, items: Sequence[ItemSpec], threshold: Decimal | float | None = None
) -> tuple[Measure, ...]:
    return RULES[key].measures(items, None if threshold is None else float(threshold))


def change(measure: Measure, before: float | None, after: float | None) -> str | None:
    """ "improved", "same" or "worse" from ``before`` to ``after``, in the measure's good
    direction and against its meaningful-change threshold (None when either is missing
    or the measure has no threshold)."""
    if before is None or after is None or measure.meaningful_change is None:
        return None
    delta = after - before
    if not measure.higher_is_better:
        delta = -delta
    if delta >= measure.meaningful_change:
        return IMPROVED
    if delta <= -measure.meaningful_change:
        return WORSE
    return SAME
