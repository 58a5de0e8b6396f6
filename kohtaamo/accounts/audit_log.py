"""The audit log page: administrators read who did what to which record.

The log itself is core's (:mod:`kohtaamo.core.audit`); who may read which events is a
question of organisations and roles, so the page lives here.
"""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kohtaamo.core.gates import gate
from kohtaamo.core.models import AuditEvent

from .permissions import EVERYWHERE, reachable_organisation_ids


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All")), *AuditEvent.Action.choices],
    )
    target_type = forms.CharField(
        label=_("Record type"),
        required=False,
        max_length=100,
        help_text=_("For example accounts.user"),
    )
    target_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def visible_audit_events(user):
    """Administrators see events about, or by people of, the organisations they reach."""
    organisation_ids = reachable_organisation_ids(user, "core.view_auditevent")
    events = AuditEvent.objects.all()
    if organisation_ids is EVERYWHERE:
        return events
    from django.db.models import Q

    return events.filter(
        Q(target_organisation_id__in=organisation_ids)
        | Q(actor_organisation_id__in=organisation_ids)
    )


@gate("core.view_auditevent")
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    events = visible_audit_events(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_label__iexact=data["actor"].strip())
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["target_type"]:
            events = events.filter(target_type=data["target_type"].strip().lower())
        if data["target_id"]:
            events = events.filter(target_id=data["target_id"].strip())
        if data["date_from"]:
            events = events.filter(occurred_at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(occurred_at__date__lte=data["date_to"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
