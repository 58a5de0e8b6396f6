from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.catalogue.provider_forms import municipalities_by_county
from kohtaamo.catalogue.states import Status
from kohtaamo.core.forms import NamedMultipleChoiceField
from kohtaamo.core.models import ArtForm, Municipality, TargetGroup, WellbeingStep

from .models import Answer, CallForOffers, SavedSearch
from .states import AnswerMove, CallMove

BIGGEST_ID = 2**63 - 1
LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}


class OfferingForm(forms.Form):
    """Which catalogue item a "Save" button was pressed for."""

    service = forms.IntegerField(required=False, min_value=1, max_value=BIGGEST_ID)
    event = forms.IntegerField(required=False, min_value=1, max_value=BIGGEST_ID)

    def clean(self):
        cleaned = super().clean()
        if len([name for name in ("service", "event") if cleaned.get(name)]) != 1:
            raise forms.ValidationError(_("Choose one service or event."))
        return cleaned


class IdForm(forms.Form):
    id = forms.IntegerField(min_value=1, max_value=BIGGEST_ID)


class SaveSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the alert"),
        max_length=SavedSearch._meta.get_field("name").max_length,
        help_text=_("For example: music for older people in Kuopio"),
    )
    query = forms.CharField(
        required=False,
        max_length=SavedSearch._meta.get_field("query").max_length,
        widget=forms.HiddenInput,
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class AlertActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("off", "off"), ("on", "on"), ("delete", "delete")])


class StepChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, step):
        return f"{step.number}. {step.name}"


class CallForm(forms.ModelForm):
    """A call for offers, its texts in Finnish (required) and Swedish and English."""

    behalf = forms.ChoiceField(label=_("On behalf of"))
    art_forms = forms.ModelMultipleChoiceField(
        queryset=ArtForm.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        label=_("Art forms"),
        help_text=_("Providers working in these art forms are told about the call."),
    )
    target_groups = forms.ModelMultipleChoiceField(
        queryset=TargetGroup.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Target groups"),
    )
    steps = StepChoiceField(
        queryset=WellbeingStep.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Steps of cultural wellbeing"),
    )
    municipalities = NamedMultipleChoiceField(
        queryset=Municipality.objects.filter(is_active=True),
        label=_("Municipalities"),
        help_text=_(
            "Where the service is needed. To choose several, hold down Ctrl (Cmd on a Mac) "
            "while choosing."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = CallForOffers
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "art_forms",
            "target_groups",
            "steps",
            "municipalities",
            "audience",
            "budget",
            "deadline",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "description_fi": forms.Textarea(attrs={"rows": 6}),
            "description_sv": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "audience": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "title_fi": _("Title in Finnish"),
            "title_sv": _("Title in Swedish"),
            "title_en": _("Title in English"),
            "description_fi": _("Description in Finnish"),
            "description_sv": _("Description in Swedish"),
            "description_en": _("Description in English"),
            "audience": _("For whom"),
            "budget": _("Budget"),
            "deadline": _("Deadline for answers"),
        }
        help_texts = {
            "description_fi": _(
                "What is needed, when and how often, and what the offer should tell."
            ),
            "audience": _(
                "For example: residents of a care home, about 15 people with memory disorders"
            ),
            "budget": _("For example: at most 2,000 € including VAT"),
            "deadline": _("Answers are taken until the end of this day."),
        }

    def __init__(self, *args, behalves=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.behalves = {behalf.key: behalf for behalf in behalves}
        if self.instance.pk or len(self.behalves) <= 1:
            del self.fields["behalf"]
        else:
            self.fields["behalf"].choices = [
                (key, behalf.label) for key, behalf in self.behalves.items()
            ]
        for code in LANGUAGE_NAMES:
            for name in ("title", "description"):
                self.fields[f"{name}_{code}"].widget.attrs["lang"] = code
        county_id = None
        if self.instance.pk:
            county_id = self.instance.organisation.county_id
        elif self.behalves:
            county_id = next(iter(self.behalves.values())).organisation.county_id
        self.fields["municipalities"].choices = municipalities_by_county(first_county_id=county_id)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day in the future."), code="past")
        return deadline

    def chosen_behalf(self):
        if "behalf" in self.fields:
            return self.behalves[self.cleaned_data["behalf"]]
        return next(iter(self.behalves.values()), None)

    def groups(self):
        """The form as the page shows it: headed sections of fields."""

        def rows(*names):
            return [self[name] for name in names if name in self.fields]

        return [
            (
                _("The call"),
                rows(
                    "behalf",
                    "title_fi",
                    "title_sv",
                    "title_en",
                    "description_fi",
                    "description_sv",
                    "description_en",
                ),
            ),
            (_("What is needed"), rows("art_forms", "target_groups", "steps")),
            (_("Where and for whom"), rows("municipalities", "audience")),
            (
                _("Budget, deadline and contact"),
                rows("budget", "deadline", "contact_name", "contact_email", "contact_phone"),
            ),
        ]


class CallMoveForm(forms.Form):
    move = forms.ChoiceField(choices=CallMove.choices)


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ["offer", "price", "available_dates", "service"]
        widgets = {"offer": forms.Textarea(attrs={"rows": 6})}
        labels = {
            "offer": _("What we offer"),
            "price": _("Price"),
            "available_dates": _("Available dates"),
            "service": _("One of our services in the catalogue"),
        }
        help_texts = {
            "offer": _("What you would do, for how many people, and who does it."),
            "price": _("For example: 450 € per visit including VAT"),
            "available_dates": _("For example: Tuesdays and Thursdays in March and April"),
            "service": _("Optional: the buyer sees a link to it."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = organisation.services.filter(status=Status.PUBLISHED)
        self.fields["service"].empty_label = _("No linked service")


class AnswerMoveForm(forms.Form):
    answer = forms.IntegerField(min_value=1, max_value=BIGGEST_ID)
    move = forms.ChoiceField(choices=AnswerMove.choices)
