"""Asking a volunteer culture guide to go along with a referral's client.

The form is filled in from what the referral agreed (the event or service, where and
when), its area, language and needs; never from its reasons. The client's first name is
offered as the alias the volunteer sees, and the phone goes along only when the box says
the client agreed to it.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.core.models import Language, Municipality
from kohtaamo.volunteers.models import MAX_PEOPLE, Assistance, Programme

from ..models import Need
from . import DATETIME, DATETIME_FORMATS

# What a referral's coded needs ask of a volunteer.
ASSISTANCE_FOR_NEED = {
    Need.MOBILITY: Assistance.WALKING_SUPPORT,
    Need.SIGHT: Assistance.SIGHTED_GUIDE,
}


def first_name(full_name):
    parts = (full_name or "").split()
    return parts[0][:60] if parts else ""


class CompanionRequestForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        label=_("Volunteer programme"),
        empty_label=None,
    )
    what = forms.CharField(
        label=_("Where to go"),
        max_length=200,
        required=False,
        help_text=_("For example the concert or the museum agreed with the client."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), label=_("Municipality")
    )
    meeting_point = forms.CharField(
        label=_("Where to meet"),
        max_length=200,
        help_text=_("For example the main door of the concert hall, or the client's home."),
    )
    people = forms.IntegerField(
        label=_("How many people are coming"), min_value=1, max_value=MAX_PEOPLE, initial=1
    )
    language = forms.ModelChoiceField(
        queryset=Language.objects.all(), label=_("Client's language"), required=False
    )
    needs = forms.MultipleChoiceField(
        choices=Assistance.choices,
        label=_("Help the client needs"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    needs_note = forms.CharField(
        label=_("About the help needed"),
        max_length=200,
        required=False,
        help_text=_(
            "Only what the volunteer needs to know on the way. Never the reasons for the referral."
        ),
    )
    client_alias = forms.CharField(
        label=_("Client's first name or alias"),
        max_length=60,
        help_text=_("The volunteer sees this name only."),
    )
    share_phone = forms.BooleanField(
        label=_("The client agreed that the volunteer may call them"),
        required=False,
        help_text=_("The client's phone number is given to the volunteer only then."),
    )

    def __init__(self, *args, programmes, has_phone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["municipality"].queryset = (
            Municipality.objects.filter(volunteer_programmes__in=programmes)
            .distinct()
            .order_by("name_fi")
        )
        if not has_phone:
            del self.fields["share_phone"]
        # One municipality to choose from: chosen already.
        areas = list(self.fields["municipality"].queryset[:2])
        if len(areas) == 1 and not self.initial.get("municipality"):
            self.initial["municipality"] = areas[0]

    def clean_needs_note(self):
        return self.cleaned_data["needs_note"].strip()


def initial_for(referral, client):
    """The form's first values, from what the referral agreed and its coded facts."""
    event = referral.agreed_event
    service = referral.agreed_service
    starts = ends = None
    what = meeting_point = ""
    municipality = referral.preferred_municipality or referral.issuing_unit.municipality
    if event is not None:
        what = event.name
        starts = timezone.localtime(event.start)
        ends = timezone.localtime(event.end) if event.end and event.end > event.start else None
        municipality = event.municipality or municipality
        if event.place is not None:
            meeting_point = event.place.name
    elif service is not None:
        what = service.name
    if starts is not None and ends is None:
        ends = starts + timedelta(hours=2)
    return {
        "what": what,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M") if starts else "",
        "ends_at": ends.strftime("%Y-%m-%dT%H:%M") if ends else "",
        "municipality": municipality,
        "meeting_point": meeting_point,
        "language": referral.language,
        "needs": [ASSISTANCE_FOR_NEED[n] for n in referral.needs if n in ASSISTANCE_FOR_NEED],
        "client_alias": first_name(client.full_name) if client is not None else "",
        "people": 1,
    }
