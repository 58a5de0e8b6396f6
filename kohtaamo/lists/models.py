"""A professional's personal list of activities for a client.

The list is the professional's working paper, not a client record: it holds catalogue
items, a short note and the language to print in, and nothing about the client. A
client's e-mail address is never stored here (see :func:`kohtaamo.lists.services.send`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.catalogue.models import (
    Event,
    OfferingReference,
    Service,
    one_offering_constraints,
)

NOTE_MAX_LENGTH = 500


class ClientLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class PersonalList(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_lists",
        verbose_name=_("made by"),
    )
    language = models.CharField(
        _("client's language"),
        max_length=2,
        choices=ClientLanguage,
        default=ClientLanguage.FINNISH,
        help_text=_("The list is printed, saved and sent in this language."),
    )
    note = models.TextField(
        _("note to the client"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Printed at the top of the list. Do not write the client's name or anything "
            "about their health."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("personal list")
        verbose_name_plural = _("personal lists")
        indexes = [
            models.Index(fields=["owner", "-updated_at"]),
            # The daily clean-up finds old lists by this.
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def audit_organisation_id(self):
        return None


class ListItem(OfferingReference, models.Model):
    """One service or one event on a list, at a position the professional chose."""

    personal_list = models.ForeignKey(
        PersonalList, on_delete=models.CASCADE, related_name="items", verbose_name=_("list")
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
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("list item")
        verbose_name_plural = _("list items")
        constraints = one_offering_constraints("list_item", "personal_list")
