"""Forms providers use to keep their services, events, places and profile.

Each text is entered in Finnish, Swedish and English side by side; any language may be
left empty. A form describes its page as sections (``layout``) so one template renders
every provider form with the same accessible groups: a fieldset per text with a labelled
input per language, and a fieldset with a legend per group of checkboxes.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from operator import itemgetter

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kohtaamo.core.forms import NamedMultipleChoiceField
from kohtaamo.core.i18n import CONTENT_LANGUAGES, by_name
from kohtaamo.core.models import (
    AccessibilityFeature,
    ArtForm,
    FundingSource,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)

from .models import Event, Place, ProviderProfile, Service

LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}

TEXT_LEGENDS = {
    "name": _("Name"),
    "summary": _("Summary"),
    "description": _("Description"),
    "how_to_join": _("How to join"),
    "schedule": _("Schedule"),
    "price": _("Price"),
    "keywords": _("Keywords"),
    "street_address": _("Street address"),
    "accessibility_info": _("Accessibility details"),
    "experience": _("Experience with special groups"),
}

TEXT_HELP = {
    "summary": _("One or two sentences shown in search results."),
    "keywords": _("Words people might search with, separated by commas."),
    "price": _("For example: 10 €, free for card holders."),
    "schedule": _("For example: Tuesdays at 17–18.30, September to May."),
}

REFERENCE_MODELS = {
    "steps": WellbeingStep,
    "art_forms": ArtForm,
    "target_groups": TargetGroup,
    "languages": Language,
    "accessibility": AccessibilityFeature,
    "funding_sources": FundingSource,
}

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def texts(*names):
    return [f"{name}_{code}" for name in names for code in CONTENT_LANGUAGES]


def text_widgets(rows):
    """Textareas for the longer texts, ``rows`` high, in every language."""
    return {
        f"{name}_{code}": forms.Textarea(attrs={"rows": height})
        for name, height in rows.items()
        for code in CONTENT_LANGUAGES
    }


class StepChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, step):
        return f"{step.number}. {step.name}"


class CoordinateField(forms.DecimalField):
    """Accepts a decimal comma, as Finnish keyboards type it, and more decimals than
    are stored (GPS apps give eight): they are rounded, not refused."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace("\u2212", "-")
        number = super().to_python(value)
        if number is None or not number.is_finite():
            return number
        try:
            return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def municipalities_by_county(exclude_county_id=None, first_county_id=None):
    """Active municipalities as select options grouped by county, the provider's own
    county first."""
    groups = {}
    rows = (
        Municipality.objects.filter(is_active=True)
        .select_related("county")
        .order_by("county__code", "name_fi")
    )
    for municipality in rows:
        if municipality.county_id == exclude_county_id:
            continue
        group = groups.setdefault(municipality.county_id, (municipality.county, []))
        group[1].append((municipality.pk, municipality.name))
    ordered = sorted(groups.values(), key=lambda item: item[0].pk != first_county_id)
    return [(str(county), by_name(options, itemgetter(1))) for county, options in ordered]


class ProviderForm(forms.ModelForm):
    """What every provider form shares: language-tagged text inputs, checkbox groups
    for reference data and a page layout in sections."""

    layout: list[tuple[str | Promise, list[str]]] = []

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if hasattr(self.instance, "organisation_id") and self.instance.organisation_id is None:
            self.instance.organisation = organisation
        for name, field in self.fields.items():
            base, _sep, code = name.rpartition("_")
            if base in TEXT_LEGENDS and code in CONTENT_LANGUAGES:
                field.widget.attrs["lang"] = code
            model = REFERENCE_MODELS.get(name)
            if model is not None and isinstance(field, forms.ModelMultipleChoiceField):
                # Items taken out of use stay on the content that already has them.
                chosen = Q(pk__in=getattr(self.instance, name).all()) if self.instance.pk else Q()
                field.widget = forms.CheckboxSelectMultiple()
                # Setting the queryset after the widget gives the new widget its choices.
                field.queryset = model.objects.filter(Q(is_active=True) | chosen)

    def add_problems(self, problems):
        """Show what publishing needs next to the fields where it is filled in."""
        for field, problem in problems.items():
            if field not in self.fields:
                field = {"municipalities": "other_municipalities"}.get(field)
            message = _("Needed for publishing: %(missing)s.") % {"missing": problem}
            self.add_error(field if field in self.fields else None, message)

    def sections(self):
        """The layout with bound fields: ``@name`` stands for the text ``name`` in
        every language, shown side by side."""
        for title, items in self.layout:
            rows = []
            for item in items:
                if item.startswith("@"):
                    base = item[1:]
                    rows.append(
                        {
                            "kind": "texts",
                            "name": base,
                            "legend": TEXT_LEGENDS[base],
                            "help": TEXT_HELP.get(base, ""),
                            "fields": [
                                {
                                    "field": self[f"{base}_{code}"],
                                    "language": code,
                                    "language_name": LANGUAGE_NAMES[code],
                                }
                                for code in CONTENT_LANGUAGES
                            ],
                        }
                    )
                elif item in self.fields:
                    field = self[item]
                    widget = field.field.widget
                    kind = (
                        "choices"
                        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect))
                        else "field"
                    )
                    rows.append({"kind": kind, "field": field})
            if rows:
                yield {"title": title, "rows": rows}


class MunicipalitiesMixin:
    """Municipalities served: the provider's own county as checkboxes, any other
    municipality from a select grouped by county."""

    def setup_municipalities(self):
        county_id = self.organisation.county_id
        own = self.fields["municipalities"]
        if county_id is None:
            del self.fields["municipalities"]
        else:
            own.queryset = Municipality.objects.filter(county_id=county_id, is_active=True)
            own.label = _("Municipalities in %(county)s") % {"county": self.organisation.county}
        other = self.fields["other_municipalities"]
        other.choices = municipalities_by_county(exclude_county_id=county_id)
        if county_id is None:
            other.label = _("Municipalities")
        if self.instance.pk and not self.is_bound:
            chosen = list(self.instance.municipalities.all())
            if county_id is not None:
                own.initial = [m.pk for m in chosen if m.county_id == county_id]
            other.initial = [m.pk for m in chosen if m.county_id != county_id]

    def chosen_municipalities(self):
        data = self.cleaned_data
        return [*data.get("municipalities", []), *data.get("other_municipalities", [])]


def own_county_municipalities_field():
    """The municipalities of the provider's own county, as checkboxes (see the mixin)."""
    return NamedMultipleChoiceField(
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def other_municipalities_field():
    return forms.ModelMultipleChoiceField(
        queryset=Municipality.objects.filter(is_active=True),
        required=False,
        label=_("Municipalities in other counties"),
        help_text=_("To choose several, hold down Ctrl (Cmd on a Mac) while choosing."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


OFFERING_TEXT_ROWS = {"summary": 2, "description": 6}


class ServiceForm(MunicipalitiesMixin, ProviderForm):
    steps = StepChoiceField(
        queryset=WellbeingStep.objects.all(),
        required=False,
        label=_("Steps of cultural wellbeing"),
    )
    quality_criteria = forms.MultipleChoiceField(
        choices=Service.Quality.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Quality criteria met"),
        help_text=_("Tick the criteria this service meets."),
    )
    places = forms.ModelMultipleChoiceField(
        queryset=Place.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Places"),
    )
    municipalities = own_county_municipalities_field()
    other_municipalities = other_municipalities_field()

    layout = [
        (_("Name and description"), ["@name", "@summary", "@description", "@keywords"]),
        (_("Type"), ["kind", "lifecycle"]),
        (
            _("Classification"),
            ["steps", "art_forms", "target_groups", "languages", "accessibility"],
        ),
        (_("Age"), ["age_min", "age_max"]),
        (_("Where"), ["municipalities", "other_municipalities", "places"]),
        (_("Price"), ["is_free", "@price", "card_places", "referral_places"]),
        (
            _("How to join"),
            ["@how_to_join", "@schedule", "booking_url", "contact_phone", "contact_email"],
        ),
        (_("Funding and quality"), ["funding_sources", "quality_criteria"]),
    ]

    class Meta:
        model = Service
        fields = [
            *texts("name", "summary", "description", "keywords"),
            "kind",
            "lifecycle",
            "steps",
            "art_forms",
            "target_groups",
            "languages",
            "accessibility",
            "age_min",
            "age_max",
            "places",
            "is_free",
            *texts("price"),
            "card_places",
            "referral_places",
            *texts("how_to_join", "schedule"),
            "booking_url",
            "contact_phone",
            "contact_email",
            "funding_sources",
            "quality_criteria",
        ]
        widgets = text_widgets({**OFFERING_TEXT_ROWS, "how_to_join": 4, "schedule": 2})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_municipalities()
        places = Q(organisation=self.organisation)
        if self.instance.pk:
            places |= Q(pk__in=self.instance.places.all())
        self.fields["places"].queryset = Place.objects.filter(places).distinct()
        # The model field is unsigned (minimum 0); ask for 1 so -2 and 0 get one message.
        referral = self.fields["referral_places"]
        referral.min_value = 1
        referral.validators = [MinValueValidator(1)]
        referral.widget.attrs["min"] = 1
        if not self.instance.pk:
            self.fields["places"].help_text = _(
                "Add places on your organisation's page; they appear here."
            )

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.municipalities.set(self.chosen_municipalities())


class EventForm(ProviderForm):
    steps = StepChoiceField(
        queryset=WellbeingStep.objects.all(),
        required=False,
        label=_("Steps of cultural wellbeing"),
    )
    start = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    end = forms.DateTimeField(
        label=_("Ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    registration_ends = forms.DateTimeField(
        label=_("Registration ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )

    layout = [
        (_("Name and description"), ["@name", "@summary", "@description", "@keywords"]),
        (_("Time and place"), ["service", "start", "end", "place", "municipality", "is_cancelled"]),
        (
            _("Classification"),
            ["steps", "art_forms", "target_groups", "languages", "accessibility"],
        ),
        (_("Age"), ["age_min", "age_max"]),
        (
            _("Places and registration"),
            [
                "capacity",
                "card_places",
                "registration",
                "registration_ends",
                "booking_url",
                "contact_phone",
                "contact_email",
            ],
        ),
        (_("Price"), ["is_free", "@price"]),
    ]

    class Meta:
        model = Event
        fields = [
            *texts("name", "summary", "description", "keywords"),
            "service",
            "start",
            "end",
            "place",
            "municipality",
            "is_cancelled",
            "steps",
            "art_forms",
            "target_groups",
            "languages",
            "accessibility",
            "age_min",
            "age_max",
            "capacity",
            "card_places",
            "registration",
            "registration_ends",
            "booking_url",
            "contact_phone",
            "contact_email",
            "is_free",
            *texts("price"),
        ]
        widgets = {**text_widgets(OFFERING_TEXT_ROWS), "registration": forms.RadioSelect}
        help_texts = {
            "service": _("When the event is a session of one of your services."),
            "municipality": _("Needed when the event has no place; otherwise the place's."),
            "card_places": _("How many culture card holders get a free ticket. 0 if none."),
            "is_cancelled": _("A cancelled event stays visible, marked as cancelled."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = Q(organisation=self.organisation)
        service_choices = own
        place_choices = own
        if self.instance.service_id:
            service_choices |= Q(pk=self.instance.service_id)
        if self.instance.place_id:
            place_choices |= Q(pk=self.instance.place_id)
        self.fields["service"].queryset = Service.objects.filter(service_choices)
        self.fields["service"].empty_label = _("Not part of a service")
        self.fields["place"].queryset = Place.objects.filter(place_choices)
        self.fields["place"].empty_label = _("No place")
        municipality = self.fields["municipality"]
        municipality.queryset = Municipality.objects.filter(is_active=True)
        municipality.choices = [
            ("", _("Choose a municipality")),
            *municipalities_by_county(first_county_id=self.organisation.county_id),
        ]

    def clean(self):
        data = super().clean()
        place = data.get("place")
        if place is not None:
            # One source of truth for where the event is: the place's municipality.
            data["municipality"] = place.municipality
        start, end, registration_ends = (
            data.get("start"),
            data.get("end"),
            data.get("registration_ends"),
        )
        last_moment = end or start
        if registration_ends and last_moment and registration_ends > last_moment:
            self.add_error("registration_ends", _("Registration cannot end after the event."))
        return data


class PlaceForm(ProviderForm):
    postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("Use the five-digit postal code."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    latitude = CoordinateField(
        label=_("Latitude"),
        required=False,
        min_value=59,
        max_value=71,
        help_text=_("Decimal degrees, for example 62.8924. Finland lies between 59 and 71."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    longitude = CoordinateField(
        label=_("Longitude"),
        required=False,
        min_value=19,
        max_value=32,
        help_text=_("Decimal degrees, for example 27.6770. Finland lies between 19 and 32."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    layout = [
        (_("Name and address"), ["@name", "@street_address", "postal_code", "municipality"]),
        (_("Location on a map"), ["latitude", "longitude"]),
        (_("Accessibility"), ["accessibility", "@accessibility_info"]),
    ]

    class Meta:
        model = Place
        fields = [
            *texts("name", "street_address"),
            "postal_code",
            "municipality",
            "latitude",
            "longitude",
            "accessibility",
            *texts("accessibility_info"),
        ]
        widgets = text_widgets({"accessibility_info": 3})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        municipality.queryset = Municipality.objects.filter(is_active=True)
        municipality.choices = [
            ("", _("Choose a municipality")),
            *municipalities_by_county(first_county_id=self.organisation.county_id),
        ]
        if not self.is_bound and not self.instance.pk:
            municipality.initial = self.organisation.municipality_id

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, _("Give both coordinates, or neither."))
        return data


class ProviderProfileForm(MunicipalitiesMixin, ProviderForm):
    municipalities = own_county_municipalities_field()
    other_municipalities = other_municipalities_field()

    layout = [
        (_("About the provider"), ["@description", "@experience"]),
        (_("What and where"), ["art_forms", "target_groups", "languages"]),
        (_("Areas served"), ["municipalities", "other_municipalities"]),
        (_("Contact"), ["contact_email", "contact_phone", "website"]),
    ]

    class Meta:
        model = ProviderProfile
        fields = [
            *texts("description", "experience"),
            "art_forms",
            "target_groups",
            "languages",
            "contact_email",
            "contact_phone",
            "website",
        ]
        widgets = text_widgets({"description": 6, "experience": 4})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_municipalities()

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.municipalities.set(self.chosen_municipalities())


class RemovalForm(forms.Form):
    """A coordinator's reason for taking content off the public catalogue."""

    reason = forms.CharField(
        label=_("Reason for removal"),
        help_text=_("The provider sees this reason."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tell the provider why the content is removed.")},
    )


class ModerationSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
