"""Search parameters: the one place where the search page, the iCalendar feed and the
API read and check what the person asked for.

Every list filter takes repeated parameters (``?art_form=music&art_form=dance``) or
comma-separated values (``?art_form=music,dance``), so a link is as short or as
explicit as its author likes. Unknown codes are errors, not silently ignored: a
professional who mistypes a municipality code must not get the whole country back.
"""

from dataclasses import dataclass, field
from typing import Final

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.translation import gettext_lazy as _

from kohtaamo.core.models import (
    AccessibilityFeature,
    ArtForm,
    County,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)
from kohtaamo.search.params import CODE_FACETS, FACETS, SearchParams

SERVICE: Final = "service"
EVENT: Final = "event"
MAX_PAGE_SIZE = 100
PAGE_SIZE = 20
CONTENT_LANGUAGES = ("fi", "sv", "en")

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


@dataclass
class ReferenceLists:
    """The code lists the filters choose from, read once per request."""

    municipality: list = field(default_factory=list)
    county: list = field(default_factory=list)
    step: list = field(default_factory=list)
    art_form: list = field(default_factory=list)
    target_group: list = field(default_factory=list)
    language: list = field(default_factory=list)
    accessibility: list = field(default_factory=list)
    # Prepared on first use: one lists object serves every request until reloaded.
    _choices: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def load(cls):
        return cls(
            municipality=list(Municipality.objects.select_related("county")),
            county=list(County.objects.all()),
            step=list(WellbeingStep.objects.all()),
            art_form=list(ArtForm.objects.all()),
            target_group=list(TargetGroup.objects.all()),
            language=list(Language.objects.all()),
            accessibility=list(AccessibilityFeature.objects.all()),
        )

    def items(self, name):
        """(code as used in URLs, the reference object) pairs for one filter."""
        if name == "step":
            return [(str(step.number), step) for step in self.step]
        return [(item.code, item) for item in getattr(self, name)]

    def choices(self, name):
        """``items(name)`` ready for a choice field, prepared once for these lists.

        The same in every language: the labels are the reference objects themselves,
        named in the active language when shown.
        """
        prepared = self._choices.get(name)
        if prepared is None:
            prepared = self._choices[name] = PreparedChoices(self.items(name))
        return prepared

    def names(self, name):
        """Code -> name in the active language, for labelling facet values."""
        return {code: item.name for code, item in self.items(name)}


class PreparedChoices(BaseChoiceIterator):
    """Choices normalised once and then only read, by any number of forms.

    A field normalises a plain list afresh each time it is given one, for itself and
    again for its widget: for 309 municipalities that was most of what building a
    search form cost. An iterator of choices is taken as it is.
    """

    def __init__(self, choices):
        self._choices = tuple(normalize_choices(choices))

    def __iter__(self):
        return iter(self._choices)

    def __len__(self):
        return len(self._choices)

    def __deepcopy__(self, memo):
        # Never changed once made: a copy would only cost a copy of every item.
        return self


class CodeListField(forms.MultipleChoiceField):
    """Several codes from one code list, repeated or comma-separated."""

    default_error_messages = {
        "invalid_choice": _("Unknown code: %(value)s."),
        "too_many": _("Choose at most %(limit)s."),
    }
    # More values than any real filter needs only makes queries slow.
    max_values = 100

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        codes = []
        for item in value:
            for code in str(item).split(","):
                code = code.strip()
                if code and code not in codes:
                    codes.append(code)
        if len(codes) > self.max_values:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.max_values}
            )
        return codes


class YesNoField(forms.Field):
    """Yes, no, or not given: ``true``/``false`` (also 1/0, yes/no, on/off)."""

    default_error_messages = {"invalid": _("Use true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class SearchForm(forms.Form):
    Q_MAX_LENGTH = 200
    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=Q_MAX_LENGTH,
        help_text=_("For example: museum, choir, singing for older people"),
    )
    municipality = CodeListField(label=_("Municipality"), required=False)
    county = CodeListField(label=_("Wellbeing services county"), required=False)
    step = CodeListField(label=_("Step of cultural wellbeing"), required=False)
    art_form = CodeListField(label=_("Art form"), required=False)
    target_group = CodeListField(label=_("Target group"), required=False)
    language = CodeListField(label=_("Language"), required=False)
    accessibility = CodeListField(label=_("Accessibility"), required=False)
    age = forms.IntegerField(
        label=_("Age of the participant"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Shows activities suitable for this age."),
    )
    free = YesNoField(label=_("Free of charge only"), required=False)
    card = YesNoField(label=_("Free places for culture card holders"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Without a date, events from today on are shown."),
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, *, kind=SERVICE, references=None, **kwargs):
        # An empty query string is a valid search for everything, not an unbound form.
        super().__init__(data if data is not None else {}, **kwargs)
        self.kind = kind
        self.references = references or ReferenceLists.load()
        for name in CODE_FACETS:
            self.fields[name].choices = self.references.choices(name)
        if kind != EVENT:
            # Services run on and on: dates mean nothing for them.
            del self.fields["date_from"]
            del self.fields["date_to"]

    def clean_q(self):
        # Whitespace runs and control characters would only confuse the analyser.
        return " ".join(self.cleaned_data["q"].split())

    def clean_step(self):
        return [int(code) for code in self.cleaned_data["step"]]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def search_params(self, lang):
        """The checked parameters for :func:`kohtaamo.search.query.search`."""
        if not self.is_valid():
            raise ValueError("search_params() needs a valid form")
        data = self.cleaned_data
        date_from = data.get("date_from")
        if self.kind == EVENT and date_from is None:
            # Past events are history, not something to join: show them only on request.
            date_from = timezone.localdate()
        return SearchParams(
            q=data["q"],
            **{name: data[name] for name in FACETS},
            age=data["age"],
            date_from=date_from,
            date_to=data.get("date_to"),
            lang=lang,
        )

    def error_dict(self):
        """``{"field": ["message", ...]}`` for API answers."""
        return {name: [str(message) for message in errors] for name, errors in self.errors.items()}


class LanguageForm(forms.Form):
    """The API's ``lang``: which language texts are resolved to."""

    lang = forms.ChoiceField(
        label=_("Language of the texts"),
        required=False,
        choices=[(code, code) for code in CONTENT_LANGUAGES],
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)


class PageForm(forms.Form):
    """Which slice of the results the API answers with."""

    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)
    page_size = forms.IntegerField(
        label=_("Results per page"), required=False, min_value=1, max_value=MAX_PAGE_SIZE
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)

    def clean_page(self):
        return self.cleaned_data["page"] or 1

    def clean_page_size(self):
        return self.cleaned_data["page_size"] or PAGE_SIZE


def page_number(value):
    """The page asked for on the web page: anything odd is the first page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 100_000)
