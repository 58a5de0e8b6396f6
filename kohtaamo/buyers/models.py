"""What buyers keep in Kohtaamo: favourites, saved searches with e-mail alerts, and
calls for offers (tarjouspyynnöt) that providers answer.

A buyer is a person acting for an organisation that buys cultural services: a county
unit, a care home, a municipality. Favourites and saved searches are the person's own;
a call for offers belongs to the buyer's organisation (and unit), and an answer to the
provider organisation that wrote it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.scopes import ScopedMixin, ScopedQuerySet, ScopePath
from kohtaamo.catalogue.models import (
    Event,
    OfferingReference,
    Service,
    one_offering_constraints,
)
from kohtaamo.core.i18n import localized, localized_language, translated_chars, translated_texts
from kohtaamo.core.models import ArtForm, Municipality, TargetGroup, WellbeingStep

from .states import AnswerStatus, CallStatus


class Favourite(OfferingReference, models.Model):
    """A service or an event someone saved to find again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="favourites",
        verbose_name=_("user"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")
        indexes = [models.Index(fields=["user", "-created_at"])]
        constraints = one_offering_constraints("favourite", "user")


class SavedSearch(models.Model):
    """A catalogue search someone wants to hear about: new services that match it are
    e-mailed to them in a daily digest."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The query string as the catalogue's search form understood it (codes checked,
    # empty filters dropped), so the digest runs exactly the search that was saved.
    query = models.CharField(_("search"), max_length=2000, blank=True)
    language = models.CharField(
        _("language of the search"),
        max_length=2,
        default="fi",
        help_text=_("Search words are understood in this language."),
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency, default=Frequency.DAILY
    )
    is_active = models.BooleanField(_("e-mails on"), default=True)
    # Services published after this have not been told about yet. Set when the search is
    # saved, so the first digest brings news, not the whole catalogue.
    last_sent_at = models.DateTimeField(_("last digest"), default=timezone.now)
    # Where links in the digest point when KOHTAAMO_PUBLIC_URL is not set: the address the
    # search was saved from (a task has no request to ask).
    site_url = models.CharField(_("site address"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["is_active", "last_sent_at"]),
        ]

    def __str__(self):
        return self.name


class CallForOffers(ScopedMixin, models.Model):
    """A buyer's request for offers (tarjouspyyntö): what is needed, where, for whom
    and by when. Providers whose profile matches are told when it opens."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="calls_for_offers",
        verbose_name=_("buyer"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls_for_offers",
        verbose_name=_("unit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    title_fi, title_sv, title_en = translated_chars(_("title"), required_fi=True)
    description_fi, description_sv, description_en = translated_texts(
        _("description"), required_fi=True
    )
    art_forms = models.ManyToManyField(ArtForm, blank=True, verbose_name=_("art forms"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("target groups"))
    steps = models.ManyToManyField(
        WellbeingStep, blank=True, verbose_name=_("steps of cultural wellbeing")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("municipalities")
    )
    audience = models.TextField(_("for whom"), blank=True)
    budget = models.CharField(_("budget"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline for answers"))
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus, default=CallStatus.DRAFT, db_index=True
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_paths = (ScopePath("organisation_id", unit="unit_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "-id"]
        verbose_name = _("call for offers")
        verbose_name_plural = _("calls for offers")
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["organisation", "-created_at"]),
        ]
        permissions = [("answer_callforoffers", "Can answer calls for offers")]

    def __str__(self):
        return self.title or f"#{self.pk}"

    @property
    def title(self):
        return localized(self, "title")

    def text(self, field):
        return localized(self, field)

    def text_language(self, field):
        return localized_language(self, field)

    @property
    def is_open(self):
        return self.status == CallStatus.OPEN

    def deadline_passed(self, today=None):
        """Answers are taken until the end of the deadline day."""
        return (today or timezone.localdate()) > self.deadline

    @property
    def audit_organisation_id(self):
        return self.organisation_id


class Answer(ScopedMixin, models.Model):
    """A provider organisation's answer (offer) to a call: one per organisation, which
    it may edit until the deadline."""

    call = models.ForeignKey(
        CallForOffers,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("call for offers"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="answers_to_calls",
        verbose_name=_("provider"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    offer = models.TextField(_("what we offer"))
    price = models.CharField(_("price"), max_length=300)
    available_dates = models.CharField(_("available dates"), max_length=300, blank=True)
    service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service in the catalogue"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AnswerStatus, default=AnswerStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The answering provider's organisation.
    scope_paths = (ScopePath("organisation_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="answer_once_per_provider"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.call}"

    @property
    def audit_organisation_id(self):
        return self.organisation_id
