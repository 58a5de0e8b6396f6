"""Outcome measures as data: instruments, their items and answer scales, and answers.

An instrument is a questionnaire at one version. Its items, scales and texts are rows
an operator may enter (a licensed instrument is only ever entered this way, with its
licence reference); how its answers become reported numbers is a rule in code, named
by ``scoring`` (:mod:`.scoring`). Once anyone has answered an instrument its items and
rule are locked: a change is a new version, and every response keeps the version it
was answered in, so a baseline and a follow-up are always compared on the same words.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kohtaamo.core.i18n import Localized, language_fallbacks, localized
from kohtaamo.core.models import County

from . import scoring

LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]


class Locked(ValidationError):
    """An instrument that has answers keeps its items, scales and rule."""

    def __init__(self):
        super().__init__(
            _(
                "This instrument already has answers: its items cannot change. "
                "Make a new version instead."
            ),
            code="locked",
        )


def instrument_has_answers(instrument_id) -> bool:
    return (
        instrument_id is not None and Response.objects.filter(instrument_id=instrument_id).exists()
    )


class AnswerScale(models.Model):
    """The answers an item offers: whole numbers from ``minimum`` to ``maximum``, with
    words for some or all of them (0-10 names only its ends)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    minimum = models.SmallIntegerField(_("smallest answer"))
    maximum = models.SmallIntegerField(_("largest answer"))
    # {"0": {"fi": "...", "sv": "...", "en": "..."}, "10": {...}}
    labels = models.JSONField(_("words for the answers"), default=dict, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("answer scale")
        verbose_name_plural = _("answer scales")
        constraints = [
            models.CheckConstraint(
                condition=Q(maximum__gt=models.F("minimum")), name="answerscale_range"
            ),
        ]

    def __str__(self):
        return f"{self.code} ({self.minimum}-{self.maximum})"

    def save(self, *args, **kwargs):
        if self.pk and Answer.objects.filter(item__scale_id=self.pk).exists():
            raise Locked()
        super().save(*args, **kwargs)

    def values(self):
        return list(range(self.minimum, self.maximum + 1))

    def label(self, value, language=None):
        texts = self.labels.get(str(value)) or {}
        for code in language_fallbacks(language):
            if texts.get(code):
                return texts[code]
        return ""


class Instrument(Localized, models.Model):
    key = models.SlugField(_("key"), max_length=64)
    version = models.CharField(_("version"), max_length=20)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    intro_fi = models.TextField(_("introduction in Finnish"), blank=True)
    intro_sv = models.TextField(_("introduction in Swedish"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    source = models.TextField(_("source and citation"))
    licence_note = models.TextField(_("licence"))
    # Licensed instruments are never shipped with the code: the operator who enters one
    # names the licence they hold (a registration number, a contract).
    licensed = models.BooleanField(_("needs a licence"), default=False)
    licence_reference = models.CharField(_("licence reference"), max_length=200, blank=True)
    original_language = models.CharField(
        _("original language"), max_length=5, choices=LANGUAGES, default="en"
    )
    languages = models.JSONField(_("languages"), default=list)
    scoring = models.CharField(_("scoring rule"), max_length=32, choices=scoring.RULE_CHOICES)
    # For the generic rules (sum, mean, each item): the change that counts as real.
    meaningful_change = models.DecimalField(
        _("meaningful change"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # Nobody's (shipped, national) or one county's own (its licence, its form).
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
    )
    # Shipped with Kohtaamo (shipped.py): installed and never edited by hand.
    shipped = models.BooleanField(_("shipped with Kohtaamo"), default=False, editable=False)
    # A customer-experience form a county may copy and change as its own.
    configurable = models.BooleanField(_("counties may adapt it"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Fields whose change would change what an answer means.
    LOCKED_FIELDS = ("key", "version", "scoring", "meaningful_change", "original_language")

    class Meta:
        ordering = ["key", "version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instrument_key_version"),
            models.CheckConstraint(
                condition=Q(licensed=False) | ~Q(licence_reference=""),
                name="instrument_licensed_has_reference",
            ),
            # Kohtaamo never ships an instrument that needs a licence.
            models.CheckConstraint(
                condition=Q(shipped=False) | Q(licensed=False),
                name="instrument_shipped_not_licensed",
            ),
        ]

    def __str__(self):
        return f"{self.name or self.key} ({self.version})"

    def save(self, *args, **kwargs):
        if self.pk and self.has_answers:
            before = Instrument.objects.filter(pk=self.pk).values(*self.LOCKED_FIELDS).first()
            if before and any(before[name] != getattr(self, name) for name in self.LOCKED_FIELDS):
                raise Locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.has_answers:
            raise Locked()
        return super().delete(*args, **kwargs)

    @property
    def intro(self):
        return localized(self, "intro")

    @property
    def rule(self):
        return scoring.rule(self.scoring)

    @property
    def has_answers(self):
        return instrument_has_answers(self.pk)

    def item_specs(self):
        return [item.spec() for item in self.items.select_related("scale")]

    def measures(self):
        return scoring.measures(self.scoring, self.item_specs(), self.meaningful_change)

    def clean(self):
        if self.scoring not in scoring.RULES:
            raise ValidationError({"scoring": _("Unknown scoring rule.")})
        if self.licensed and not self.licence_reference:
            raise ValidationError(
                {"licence_reference": _("Name the licence you hold for this instrument.")}
            )

    @property
    def audit_organisation_id(self):
        return None


class ItemQuerySet(models.QuerySet):
    # Bulk changes skip save(): they are refused the same way.
    def _refuse_if_locked(self):
        instruments = self.values_list("instrument_id", flat=True).distinct()
        if Response.objects.filter(instrument_id__in=list(instruments)).exists():
            raise Locked()

    def update(self, **kwargs):
        self._refuse_if_locked()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_locked()
        return super().delete()


class Item(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("A number on a scale")
        TEXT = "text", _("Free text")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="items", verbose_name=_("instrument")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=64)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.SCALE)
    scale = models.ForeignKey(
        AnswerScale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("answer scale"),
    )
    text_fi = models.TextField(_("question in Finnish"))
    text_sv = models.TextField(_("question in Swedish"), blank=True)
    text_en = models.TextField(_("question in English"), blank=True)
    # The texts in languages other than the instrument's original are Kohtaamo's or
    # the operator's own translation, not the instrument's official wording.
    unofficial_translation = models.BooleanField(_("unofficial translation"), default=False)
    # False: asked and kept, but not part of the score (a free comment).
    scored = models.BooleanField(_("counts in the score"), default=True)
    required = models.BooleanField(_("must be answered"), default=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "order"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_code_per_instrument"),
            models.UniqueConstraint(
                fields=["instrument", "order"], name="item_order_per_instrument"
            ),
            models.CheckConstraint(
                condition=(Q(kind="scale") & Q(scale__isnull=False))
                | (Q(kind="text") & Q(scale__isnull=True)),
                name="item_scale_iff_scale_kind",
            ),
        ]

    def __str__(self):
        return f"{self.instrument.key} {self.order}. {self.code}"

    def save(self, *args, **kwargs):
        if instrument_has_answers(self.instrument_id):
            raise Locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if instrument_has_answers(self.instrument_id):
            raise Locked()
        return super().delete(*args, **kwargs)

    @property
    def text(self):
        return localized(self, "text")

    @property
    def county_id(self):
        return self.instrument.county_id

    def spec(self) -> scoring.ItemSpec:
        if self.kind != self.Kind.SCALE or self.scale is None:
            return scoring.ItemSpec(self.code, scored=False)
        return scoring.ItemSpec(self.code, self.scale.minimum, self.scale.maximum, self.scored)


class Response(models.Model):
    """One time a person filled in one instrument."""

    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("instrument"),
    )
    # Copied, so that the answer says which wording it was given to even if a row were
    # ever repointed.
    instrument_version = models.CharField(_("instrument version"), max_length=20)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES)
    answered_at = models.DateTimeField(_("answered"))
    # A paper form typed in by the advisor: shown as "entered by staff".
    entered_by_staff = models.BooleanField(_("entered by staff"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # What it was about: a referral or a card, and the plan and point that asked it.
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcome_responses",
        verbose_name=_("referral"),
    )
    card = models.ForeignKey(
        "cards.Card",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcome_responses",
        verbose_name=_("culture card"),
    )
    plan = models.ForeignKey(
        "outcomes.MeasurementPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("measurement plan"),
    )
    point = models.CharField(_("when"), max_length=16, blank=True)

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(entered_by_staff=True) | Q(entered_by__isnull=True),
                name="response_entered_by_only_staff",
            ),
            # Each plan is answered once per referral and per card.
            models.UniqueConstraint(
                fields=["referral", "plan"],
                condition=Q(referral__isnull=False, plan__isnull=False),
                name="response_once_per_referral_plan",
            ),
            models.UniqueConstraint(
                fields=["card", "plan"],
                condition=Q(card__isnull=False, plan__isnull=False),
                name="response_once_per_card_plan",
            ),
        ]

    def answers_by_code(self):
        return {answer.item.code: answer.value for answer in self.answers.select_related("item")}


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    value = models.SmallIntegerField(_("answer"), null=True, blank=True)
    text = models.TextField(_("written answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_once_per_item"),
        ]


# The plans and consents are models of this app too, kept in their own module.
from .plans import MeasurementPlan, OutcomeConsent, Point  # noqa: E402, F401
