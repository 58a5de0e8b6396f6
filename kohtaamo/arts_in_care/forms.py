"""The forms of arts in care: the terms of an engagement and the phone-first session log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.core.forms import NamedMultipleChoiceField
from kohtaamo.core.models import ArtForm, FundingSource, TargetGroup

from .models import (
    FACES,
    MAX_PARTICIPANTS,
    MAX_PLANNED_SESSIONS,
    MAX_SESSION_MINUTES,
    MAX_STAFF_PRESENT,
    Engagement,
    EvaluationRole,
    Goal,
    Kind,
    Setting,
)
from .services.engagements import Terms
from .services.sessions import SessionLog
from .states import Move, Side

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FACE_LABELS = {
    1: _("Very sad"),
    2: _("Sad"),
    3: _("Neutral"),
    4: _("Happy"),
    5: _("Very happy"),
}
FACE_SIGNS = {1: "😢", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.organisation.name} – {unit.name}"


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, organisation):
        return organisation.name


class EngagementForm(forms.Form):
    """The terms both sides agree on. Which unit and which artist are chosen from what
    the person may act for (their own units, or their own provider organisations)."""

    side = forms.ChoiceField(label=_("I act for"), choices=Side.choices)
    care_unit = UnitChoiceField(label=_("Care unit"), queryset=Unit.objects.none())
    artist = OrganisationChoiceField(
        label=_("Artist or arts organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(
        label=_("Name of the engagement"),
        max_length=200,
        help_text=_("For example: Singing workshop in the Tuesday day group"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.PAIR_SERIES)
    setting = forms.ChoiceField(label=_("Where the sessions happen"), choices=Setting.choices)
    groups = forms.CharField(
        label=_("Group or groups"),
        max_length=300,
        required=False,
        help_text=_("For example the Tuesday day group, or ward 3."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
    planned_sessions = forms.IntegerField(
        label=_("Planned sessions"),
        min_value=1,
        max_value=MAX_PLANNED_SESSIONS,
        initial=20,
        help_text=_("A pair series usually has 15 to 30 sessions, so that new skills take root."),
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours a week"), required=False, min_value=0, max_value=168, decimal_places=1
    )
    care_workers = forms.CharField(
        label=_("Care professionals in the pair"),
        max_length=300,
        required=False,
        help_text=_("Names of the staff who work with the artist, separated by commas."),
    )
    goals = forms.MultipleChoiceField(
        label=_("Goals"),
        choices=Goal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals_other = forms.CharField(
        label=_("Other goals"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    art_forms = NamedMultipleChoiceField(
        label=_("Art forms"),
        queryset=ArtForm.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = NamedMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    funding = forms.ModelChoiceField(
        label=_("Funding source"),
        queryset=FundingSource.objects.filter(is_active=True),
        required=False,
    )
    fee = forms.DecimalField(
        label=_("Fee (euros, VAT 0 %)"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
    )

    SECTIONS = (
        (_("Who agrees"), ("side", "care_unit", "artist")),
        (_("What and where"), ("name", "kind", "setting", "groups", "art_forms", "target_groups")),
        (
            _("When and how much"),
            ("starts_on", "ends_on", "planned_sessions", "hours_per_week"),
        ),
        (_("The pair and the goals"), ("care_workers", "goals", "goals_other")),
        (_("Funding"), ("funding", "fee")),
    )

    def __init__(self, *args, sides=(), units=None, artists=None, fixed_parties=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [(s, Side(s).label) for s in sides]
        if len(sides) == 1:
            self.fields["side"].initial = sides[0]
            self.fields["side"].widget = forms.HiddenInput()
        if units is not None:
            self.fields["care_unit"].queryset = units.select_related("organisation")
        if artists is not None:
            self.fields["artist"].queryset = artists
        if fixed_parties:
            # Who the parties are does not change once proposed.
            for name in ("side", "care_unit", "artist"):
                del self.fields[name]

    def sections(self):
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
            if any(name in self.fields for name in names)
        ]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return cleaned

    def terms(self) -> Terms:
        data = self.cleaned_data
        return Terms(
            name=data["name"],
            setting=data["setting"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            planned_sessions=data["planned_sessions"],
            kind=data["kind"],
            groups=data["groups"],
            hours_per_week=data["hours_per_week"],
            care_workers=data["care_workers"],
            goals=list(data["goals"]),
            goals_other=data["goals_other"],
            funding=data["funding"],
            fee=data["fee"],
            art_forms=list(data["art_forms"]),
            target_groups=list(data["target_groups"]),
        )

    @staticmethod
    def initial_from(engagement: Engagement) -> dict:
        return {
            "name": engagement.name,
            "kind": engagement.kind,
            "setting": engagement.setting,
            "groups": engagement.groups,
            "starts_on": engagement.starts_on,
            "ends_on": engagement.ends_on,
            "planned_sessions": engagement.planned_sessions,
            "hours_per_week": engagement.hours_per_week,
            "care_workers": engagement.care_workers,
            "goals": engagement.goals,
            "goals_other": engagement.goals_other,
            "funding": engagement.funding_id,
            "fee": engagement.fee,
            "art_forms": list(engagement.art_forms.all()),
            "target_groups": list(engagement.target_groups.all()),
        }


class MoveForm(forms.Form):
    """One button of the engagement page: the side acting and its move, "unit:agree"."""

    step = forms.ChoiceField(
        choices=[(f"{side}:{move}", move) for side in Side.values for move in Move.values]
    )

    def clean(self):
        cleaned = super().clean()
        if "step" in cleaned:
            cleaned["side"], cleaned["move"] = cleaned["step"].split(":")
        return cleaned


class SignedForm(forms.Form):
    signed_on = forms.DateField(label=_("Day the agreement was signed"), widget=DATE_WIDGET)


class ScheduleForm(forms.Form):
    first_day = forms.DateField(label=_("First session"), widget=DATE_WIDGET)
    starts_at = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    count = forms.IntegerField(
        label=_("How many sessions"), min_value=1, max_value=MAX_PLANNED_SESSIONS
    )
    every_days = forms.IntegerField(
        label=_("Days between sessions"), min_value=1, max_value=31, initial=7
    )
    planned_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=1, max_value=MAX_SESSION_MINUTES, initial=60
    )


def _count(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_PARTICIPANTS,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "tap-count"}),
    )


class SessionLogForm(forms.Form):
    """The log a person fills in on a phone after a session. The faces are counted by
    tapping (a script adds one per tap); without the script they are typed as numbers."""

    date = forms.DateField(label=_("Day of the session"), widget=DATE_WIDGET)
    took_place = forms.TypedChoiceField(
        label=_("Did the session take place?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    participants = forms.IntegerField(
        label=_("Participants (a number, no names)"),
        min_value=0,
        max_value=MAX_PARTICIPANTS,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=MAX_SESSION_MINUTES,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    activity = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    staff_present = forms.IntegerField(
        label=_("Staff present"),
        min_value=0,
        max_value=MAX_STAFF_PRESENT,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    care_worker_led = forms.BooleanField(label=_("A care worker led part of it"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("No names or health details of participants."),
    )

    def __init__(self, *args, fixed_day=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_errors: dict[str, list[str]] = {}
        for moment in ("before", "after"):
            for face in FACES:
                self.fields[f"mood_{moment}_{face}"] = _count(FACE_LABELS[face])
        if fixed_day:
            del self.fields["date"]

    def mood_rows(self, moment):
        return [
            {"face": face, "sign": FACE_SIGNS[face], "field": self[f"mood_{moment}_{face}"]}
            for face in FACES
        ]

    def mood_before(self):
        return self.mood_rows("before")

    def mood_after(self):
        return self.mood_rows("after")

    def session_log(self) -> SessionLog:
        data = self.cleaned_data
        took_place = data["took_place"]
        return SessionLog(
            took_place=took_place,
            participants=data.get("participants") if took_place else None,
            minutes=data.get("minutes") if took_place else None,
            activity=data.get("activity", ""),
            staff_present=data.get("staff_present") or 0,
            care_worker_led=bool(data.get("care_worker_led")),
            notes=data.get("notes", ""),
            mood_before=tuple(data.get(f"mood_before_{face}") or 0 for face in FACES),
            mood_after=tuple(data.get(f"mood_after_{face}") or 0 for face in FACES),
        )


class EvaluationForm(forms.Form):
    role = forms.ChoiceField(label=_("I answer as"), choices=())
    goals_met = forms.TypedChoiceField(
        label=_("How well were the goals met? (1 = not at all, 5 = fully)"),
        choices=[(str(number), str(number)) for number in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    what_worked = forms.CharField(
        label=_("What worked"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_to_change = forms.CharField(
        label=_("What to change"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, EvaluationRole(role).label) for role in roles]


class PlanForm(forms.Form):
    methods = forms.CharField(
        label=_("Which methods the unit goes on with"), widget=forms.Textarea(attrs={"rows": 3})
    )
    who = forms.CharField(label=_("Who leads them"), widget=forms.Textarea(attrs={"rows": 2}))
    how_often = forms.CharField(
        label=_("How often"), max_length=200, help_text=_("For example: every Tuesday")
    )


class FollowUpForm(forms.Form):
    still_happening = forms.TypedChoiceField(
        label=_("Does what you planned still happen?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
