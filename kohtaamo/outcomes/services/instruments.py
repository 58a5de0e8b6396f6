"""Outcome measures: recording a response, scoring it, comparing two, versioning.

Every business action on instruments and answers is here; the models refuse edits to
an instrument that has answers, and these functions are the way around that refusal
that keeps old answers meaningful (:func:`new_version`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import scoring
from ..models import Answer, Instrument, Item, Locked, Response

AnswerValue = int | str | None


@dataclass(frozen=True)
class MeasureChange:
    measure: scoring.Measure
    before: float | None
    after: float | None

    @property
    def difference(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def result(self) -> str | None:
        return scoring.change(self.measure, self.before, self.after)


def _check_value(item: Item, value: AnswerValue) -> tuple[int | None, str]:
    if value in (None, ""):
        if item.required:
            raise ValidationError({item.code: _("Please answer this question.")})
        return None, ""
    if item.kind == Item.Kind.TEXT:
        return None, str(value)[:2000]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({item.code: _("Choose one of the answers.")}) from None
    assert item.scale is not None
    if not item.scale.minimum <= number <= item.scale.maximum:
        raise ValidationError({item.code: _("Choose one of the answers.")})
    return number, ""


@transaction.atomic
def record_response(
    instrument: Instrument,
    answers: Mapping[str, AnswerValue],
    *,
    language: str,
    entered_by: Any = None,
    answered_at: datetime | None = None,
    **subject: Any,
) -> Response:
    """Keep one filled-in questionnaire: one answer per item (None for skipped ones),
    with the instrument's version. ``entered_by`` is the staff member who typed in a
    paper form; ``subject`` names what it is about (fields of :class:`Response`)."""
    if not instrument.is_active:
        raise ValidationError(_("This questionnaire is no longer in use."))
    items = list(instrument.items.select_related("scale"))
    unknown = set(answers) - {item.code for item in items}
    if unknown:
        raise ValidationError(_("Unknown question."))
    checked = {item.code: _check_value(item, answers.get(item.code)) for item in items}
    response = Response.objects.create(
        instrument=instrument,
        instrument_version=instrument.version,
        language=language[:2],
        answered_at=answered_at or timezone.now(),
        entered_by_staff=entered_by is not None,
        entered_by=entered_by,
        **subject,
    )
    Answer.objects.bulk_create(
        Answer(
            response=response, item=item, value=checked[item.code][0], text=checked[item.code][1]
        )
        for item in items
    )
    return response


def scores(response: Response) -> scoring.Scores:
    """The response's measures (measure key -> number or None)."""
    instrument = response.instrument
    return scoring.score(instrument.scoring, response.answers_by_code(), instrument.item_specs())


def compare(before: Response, after: Response) -> list[MeasureChange]:
    """Each measure from ``before`` to ``after``, classified against its threshold.
    Both must be of the same instrument and version: different wording is not a change."""
    if before.instrument_id != after.instrument_id or (
        before.instrument_version != after.instrument_version
    ):
        raise ValidationError(_("Only answers to the same questionnaire can be compared."))
    first, second = scores(before), scores(after)
    return [
        MeasureChange(measure, first.get(measure.key), second.get(measure.key))
        for measure in before.instrument.measures()
    ]


@transaction.atomic
def new_version(instrument: Instrument, version: str) -> Instrument:
    """A copy of ``instrument`` with its items at ``version``, open for edits; the old
    version is taken out of use (its answers stay as they were given)."""
    if Instrument.objects.filter(key=instrument.key, version=version).exists():
        raise ValidationError({"version": _("This version already exists.")})
    items = list(instrument.items.all())
    old_pk = instrument.pk
    copy = Instrument.objects.get(pk=old_pk)
    copy.pk = None
    copy.version = version
    copy.shipped = False
    copy.is_active = True
    copy.save()
    for item in items:
        item.pk = None
        item.instrument = copy
        item.save()
    Instrument.objects.filter(pk=old_pk).update(is_active=False)
    return copy


def change_item(item: Item, **fields: object) -> Item:
    """Change an item's texts or scale; refused once its instrument has answers."""
    if item.instrument.has_answers:
        raise Locked()
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item
