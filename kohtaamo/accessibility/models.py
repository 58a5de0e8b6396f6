"""Feedback on the accessibility of Kohtaamo, sent from the accessibility statement.

The Act on the Provision of Digital Services (306/2019) gives the sender the right to a
reply within 14 days; :attr:`Feedback.reply_by` keeps that day with the message.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    reply_by = models.DateField(_("reply by"))
    message = models.TextField(_("message"))
    page = models.CharField(_("page"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.message[:40]}"
