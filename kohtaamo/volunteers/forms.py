"""The forms of the volunteer pages: what a person types, checked and in their language.

The rules of the programme (who may take what, when an assignment may move) live in the
services; these forms only turn a page's fields into the values the services take, and
say next to a field what is wrong with it.
"""

from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kohtaamo.core.forms import MonthField, NamedChoiceField, NamedMultipleChoiceField
from kohtaamo.core.models import ArtForm, Language, Municipality

from .models import (
    MAX_MONTHLY_CAP,
    Assistance,
    Expense,
    HelpKind,
    Mobility,
    TrainingKind,
)
from .states import CancelledBy

WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)
# A volunteer tells the parts of the day they are usually free; each part is one slot.
DAY_PARTS = (
    ("morning", pgettext_lazy("part of day", "Morning"), time(8), time(12)),
    ("afternoon", pgettext_lazy("part of day", "Afternoon"), time(12), time(17)),
    ("evening", pgettext_lazy("part of day", "Evening"), time(17), time(22)),
)
WEEK_CHOICES = [
    (f"{day}-{part}", f"{WEEKDAYS[day]} {label}")
    for day in range(7)
    for part, label, _starts, _ends in DAY_PARTS
]


def week_slots(chosen):
    """The chosen parts of the week as (weekday, starts, ends), one per part."""
    parts = {name: (starts, ends) for name, _label, starts, ends in DAY_PARTS}
    slots = []
    for value in chosen:
        day, part = value.split("-")
        starts, ends = parts[part]
        slots.append((int(day), starts, ends))
    return sorted(slots)


def week_choices_of(slots):
    """The parts of the week a volunteer's saved slots cover (for the form's initial)."""
    chosen = []
    for weekday, starts, ends in slots:
        for name, _label, part_starts, part_ends in DAY_PARTS:
            if starts < part_ends and ends > part_starts:
                chosen.append(f"{weekday}-{name}")
    return chosen


class WeekField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", WEEK_CHOICES)
        super().__init__(**kwargs)


def week_rows(bound_field):
    """The week's checkboxes as rows of a table: (weekday, [checkbox per part of day])."""
    boxes = list(bound_field.subwidgets)
    width = len(DAY_PARTS)
    return [(WEEKDAYS[day], boxes[day * width : (day + 1) * width]) for day in range(7)]


def day_part_names():
    return [label for _name, label, _starts, _ends in DAY_PARTS]


def _checkboxes(choices, **kwargs):
    return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs)


def add_errors(form, error):
    """A service's ValidationError onto the form: beside its field when the form has
    one, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ApplicationForm(forms.Form):
    """A person's application to one programme."""

    full_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send the answer to your application here.")
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("Offers of visits can come as text messages."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages you speak"),
        queryset=Language.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = NamedMultipleChoiceField(
        label=_("Where you can help"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Arts and culture you like"),
        queryset=ArtForm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    help_kinds = _checkboxes(HelpKind.choices, label=_("What you would like to do"))
    mobility = _checkboxes(Mobility.choices, label=_("How you get around"), required=False)
    assistance = _checkboxes(
        Assistance.choices,
        label=_("Help you can give"),
        required=False,
        help_text=_("Choose only what you feel sure about. The training helps with the rest."),
    )
    monthly_cap = forms.IntegerField(
        label=_("At most this many visits a month"),
        min_value=1,
        max_value=MAX_MONTHLY_CAP,
        initial=2,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    weekly = WeekField(
        label=_("When you are usually free"),
        required=False,
        help_text=_("You can change this later on your own page."),
    )
    motivation = forms.CharField(
        label=_("Why would you like to be a culture guide?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the programme keeps the data I give here to handle my "
            "application and, if I am approved, to offer me visits."
        ),
        error_messages={"required": _("Your consent is needed to send the application.")},
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["languages"].queryset = Language.objects.filter(is_active=True)
        self.fields["municipalities"].queryset = programme.municipalities.all()
        self.fields["interests"].queryset = ArtForm.objects.filter(is_active=True)
        if programme.help_kinds:
            self.fields["help_kinds"].choices = [
                (value, label) for value, label in HelpKind.choices if value in programme.help_kinds
            ]

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def weekly_slots(self):
        return week_slots(self.cleaned_data.get("weekly") or [])


class AbsenceForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Away from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Away until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and not ends:
            self.add_error("ends_on", _("Give the last day you are away."))
        elif ends and not starts:
            self.add_error("starts_on", _("Give the first day you are away."))
        elif starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day is before the first day."))
        return data


class AvailabilityForm(AbsenceForm):
    """The weekly pattern, and one more period away (each saved period can be removed)."""

    weekly = WeekField(label=_("When you are usually free"), required=False)
    remove_absences = forms.MultipleChoiceField(
        label=_("Remove a time away"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, absences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_absences"].choices = [
            (str(absence.pk), f"{absence.starts_on:%-d.%-m.%Y}–{absence.ends_on:%-d.%-m.%Y}")
            for absence in absences
        ]


class VisitLogForm(forms.Form):
    """After the visit: quick to fill on a phone, all but the first answer optional."""

    TOOK_PLACE = (("yes", _("Yes, it took place")), ("no_show", _("No, the client did not come")))
    MINUTES = ((30, "30 min"), (60, "1 h"), (90, "1,5 h"), (120, "2 h"), (180, "3 h"), (240, "4 h"))
    HOW = (
        (5, _("Very well")),
        (4, _("Well")),
        (3, _("All right")),
        (2, _("Not so well")),
        (1, _("Badly")),
    )

    took_place = forms.ChoiceField(
        label=_("Did the visit take place?"), choices=TOOK_PLACE, widget=forms.RadioSelect
    )
    minutes = forms.TypedChoiceField(
        label=_("How long did it take?"),
        choices=MINUTES,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    people = forms.IntegerField(
        label=_("How many people took part?"),
        min_value=1,
        max_value=99,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    how_it_went = forms.TypedChoiceField(
        label=_("How did it go?"),
        choices=HOW,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    what_was_done = forms.CharField(label=_("What did you do?"), max_length=500, required=False)
    note = forms.CharField(
        label=_("Anything the coordinator should know?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("took_place") == "yes" and not data.get("minutes"):
            self.add_error("minutes", _("Choose about how long the visit took."))
        return data


class ExpenseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Cost"), choices=Expense.Kind.choices, widget=forms.RadioSelect
    )
    # The limits are the service's (expenses.submit_expense), told beside the field.
    amount = forms.DecimalField(
        label=_("Amount in euros"),
        max_digits=9,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    kilometres = forms.IntegerField(
        label=_("Kilometres driven"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(label=_("What for"), max_length=200, required=False)


class ApplicationDecisionForm(forms.Form):
    move = forms.ChoiceField(choices=(("approve", "approve"), ("decline", "decline")))


class VolunteerRecordForm(forms.Form):
    """What the coordinator keeps of the checks: dates, never documents."""

    record_checked_on = forms.DateField(
        label=_("Criminal record extract seen on"),
        required=False,
        help_text=_("Needed for visits with children or young people. Do not keep a copy."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    agreement_signed_on = forms.DateField(
        label=_("Volunteer agreement signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Training"), choices=TrainingKind.choices)
    title = forms.CharField(label=_("Name of the training"), max_length=200, required=False)
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        done, expires = data.get("completed_on"), data.get("expires_on")
        if done and expires and expires < done:
            self.add_error("expires_on", _("The training cannot expire before it was completed."))
        return data


class OfferForm(forms.Form):
    """Offer the request to the chosen candidates at once."""

    volunteers = forms.MultipleChoiceField(label=_("Offer to"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].choices = [
            (str(candidate.volunteer.pk), candidate.volunteer.full_name) for candidate in candidates
        ]


class AssignForm(forms.Form):
    volunteer = forms.ChoiceField(label=_("Volunteer"))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = [
            (str(candidate.volunteer.pk), candidate.volunteer.full_name) for candidate in candidates
        ]


class CancelForm(forms.Form):
    cancelled_by = forms.ChoiceField(label=_("Who cancelled"), choices=CancelledBy.choices)
    reason = forms.CharField(label=_("Why"), max_length=200)


class ExpenseDecisionForm(forms.Form):
    expense = forms.IntegerField(min_value=1)
    move = forms.ChoiceField(
        choices=(("approve", "approve"), ("reject", "reject"), ("mark_paid", "mark_paid"))
    )


class KitLoanForm(forms.Form):
    kit = forms.ChoiceField(label=_("Kit"))
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    volunteer = forms.ChoiceField(label=_("Borrowed by"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, kits=(), volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kit"].choices = [(str(kit.pk), kit.name) for kit in kits]
        self.fields["volunteer"].choices = [
            (str(volunteer.pk), volunteer.full_name) for volunteer in volunteers
        ]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day is before the first day."))
        return data


class NumbersForm(forms.Form):
    municipality = NamedChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All municipalities"),
    )
    month_from = MonthField(label=_("From (month)"), required=False)
    month_to = MonthField(label=_("Until (month)"), required=False)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities

    def clean(self):
        data = super().clean()
        if (
            data.get("month_from")
            and data.get("month_to")
            and data["month_from"] > data["month_to"]
        ):
            self.add_error("month_to", _("The last month is before the first month."))
        return data
