import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kohtaamo.catalogue.models import Event, Service
from kohtaamo.core.models import Municipality
from kohtaamo.core.plain import PlainLanguageForm

from .. import codes, numbers
from ..models import Card, CardOffer, Distributor
from ..services import MAX_CHILDREN

# "1980", "15.3.1980" (the Finnish way) or "1980-03-15" (what a date picker sends).
_YEAR = re.compile(r"^\d{4}$")
_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_born(text):
    """A year (int) or a date from what the distributor typed; ``None`` if neither."""
    text = (text or "").strip()
    if _YEAR.match(text):
        return int(text)
    found = _FINNISH_DATE.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
    else:
        found = _ISO_DATE.match(text)
        if not found:
            return None
        year, month, day = (int(part) for part in found.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


class IssueForm(forms.Form):
    distributor: "forms.ModelChoiceField[Distributor]" = forms.ModelChoiceField(
        queryset=None, label=_("Issued by"), empty_label=None
    )
    home_municipality: "forms.ModelChoiceField[Municipality]" = forms.ModelChoiceField(
        queryset=None,
        label=_("Home municipality"),
        help_text=_("Only municipalities that have joined the programme are listed."),
    )
    born = forms.CharField(
        label=_("Date or year of birth"),
        max_length=10,
        help_text=_(
            "For example 15.3.1980 or 1980. Only the year is saved. The card is for people "
            "aged 16 or over."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender (voluntary, for statistics)"),
        required=False,
        choices=[("", _("Not asked or does not want to say")), *Card.Gender.choices],
    )
    language = forms.ChoiceField(
        label=_("Language (voluntary, for statistics)"),
        required=False,
        choices=[("", _("Not asked or does not want to say")), *Card.Language.choices],
    )

    def __init__(self, *args, distributors, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["distributor"].queryset = distributors
        self.fields["home_municipality"].queryset = municipalities
        self.only_distributor = distributors[0] if len(distributors) == 1 else None
        if self.only_distributor:
            self.fields["distributor"].widget = forms.HiddenInput()
            self.fields["distributor"].initial = self.only_distributor.pk
            self.fields["distributor"].required = False

    def clean_distributor(self):
        return self.cleaned_data.get("distributor") or self.only_distributor

    def clean_born(self):
        born = parse_born(self.cleaned_data["born"])
        if born is None:
            raise forms.ValidationError(
                _("Write the date of birth as 15.3.1980, or only the year, 1980.")
            )
        year = born if isinstance(born, int) else born.year
        if year < 1900 or year > timezone.localdate().year:
            raise forms.ValidationError(_("Check the year of birth."))
        return born


class PrintForm(forms.Form):
    holder_name = forms.CharField(
        label=_("Holder's name, to print on the card"),
        max_length=80,
        help_text=_("The name goes on the printed card only. Kohtaamo does not save it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class CardSearchForm(forms.Form):
    number = forms.CharField(
        label=_("Card number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_number(self):
        typed = numbers.normalise(self.cleaned_data["number"])
        if typed and not typed.isdigit():
            raise forms.ValidationError(_("A card number has only digits."))
        return typed


class HolderNumberForm(forms.Form):
    number = forms.CharField(
        label=_("The holder's card number"),
        max_length=20,
        help_text=_("Ten digits, as on the card. Ask the holder for it."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def children_field(label=None):
    return forms.TypedChoiceField(
        label=label or _("Children under 18 coming with you"),
        choices=[(n, str(n)) for n in range(MAX_CHILDREN + 1)],
        coerce=int,
        initial=0,
        required=False,
        empty_value=0,
        help_text=_("Your own children or grandchildren, free to the same event."),
    )


def companion_places_field():
    return forms.IntegerField(
        label=_("Free companion tickets"),
        min_value=0,
        max_value=10_000,
        initial=0,
        required=False,
        help_text=_(
            "A free ticket for someone who comes with a card holder to help them: a "
            "personal assistant, a friend or a volunteer culture guide. Not for standing "
            "offers."
        ),
    )


PLAIN_CHILDREN = {
    "children": {
        "label": pgettext_lazy("plain", "How many children come with you?"),
        "help_text": pgettext_lazy(
            "plain", "Your own children or grandchildren under 18 years. They get in for free."
        ),
    }
}


class BookForm(PlainLanguageForm, forms.Form):
    plain_texts = {
        **PLAIN_CHILDREN,
        "companion": {
            "label": pgettext_lazy("plain", "A helper comes with me"),
            "help_text": pgettext_lazy(
                "plain",
                "For example a friend or an assistant who helps you. The helper gets in for free.",
            ),
        },
    }
    children = children_field()
    companion = forms.BooleanField(
        label=_("I'd like to bring a companion"),
        required=False,
        help_text=_("Someone who helps you, such as a friend or an assistant, comes free."),
    )
    # A volunteer culture guide to come along: offered where a programme works.
    volunteer = forms.BooleanField(
        label=_("I'd like a volunteer companion"),
        required=False,
        help_text=_(
            "A trained volunteer culture guide comes with you, free of charge. This page "
            "tells you when one is found."
        ),
    )
    first_name = forms.CharField(
        label=_("Your first name, for the volunteer"),
        max_length=60,
        required=False,
        help_text=_("The volunteer sees only your first name."),
    )
    phone = forms.CharField(
        label=_("Your phone number (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    share_phone = forms.BooleanField(label=_("The volunteer may call me"), required=False)
    key = forms.CharField(max_length=64, widget=forms.HiddenInput())

    VOLUNTEER_FIELDS = ("volunteer", "first_name", "phone", "share_phone")

    def __init__(self, *args, offer=None, volunteers=False, **kwargs):
        super().__init__(*args, **kwargs)
        # The choice is there only while the offer has companion tickets left.
        if offer is None or offer.companion_places_left < 1:
            del self.fields["companion"]
        if not volunteers:
            for name in self.VOLUNTEER_FIELDS:
                del self.fields[name]

    def clean_companion(self):
        return bool(self.cleaned_data.get("companion"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("volunteer"):
            cleaned["first_name"] = (cleaned.get("first_name") or "").strip()
            if not cleaned["first_name"]:
                self.add_error("first_name", _("Write your first name for the volunteer."))
            if cleaned.get("share_phone") and not (cleaned.get("phone") or "").strip():
                self.add_error("phone", _("Write the phone number the volunteer may call."))
        return cleaned


class WaitForm(PlainLanguageForm, forms.Form):
    plain_texts = PLAIN_CHILDREN
    children = children_field()


class OfferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the free places are for"), choices=CardOffer.Kind.choices
    )
    event: "forms.ModelChoiceField[Event]" = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Event"),
        help_text=_("Your coming events that have no card places yet."),
    )
    service: "forms.ModelChoiceField[Service]" = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Course or standing offer"),
        help_text=_("For a course, or for a standing offer such as museum entry."),
    )
    places_offered = forms.IntegerField(
        label=_("Free places"),
        min_value=1,
        max_value=10_000,
        help_text=_("For a standing offer: free places per day."),
    )
    companion_places_offered = companion_places_field()

    def __init__(self, *args, events, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["service"].queryset = services

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == CardOffer.Kind.EVENT and not cleaned.get("event"):
            self.add_error("event", _("Choose the event."))
        if kind in (CardOffer.Kind.COURSE, CardOffer.Kind.STANDING) and not cleaned.get("service"):
            self.add_error("service", _("Choose the course or the service."))
        return cleaned


class PlacesForm(forms.Form):
    places_offered = forms.IntegerField(label=_("Free places"), min_value=0, max_value=10_000)
    companion_places_offered = companion_places_field()

    def __init__(self, *args, offer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offer is not None and offer.kind == CardOffer.Kind.STANDING:
            del self.fields["companion_places_offered"]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Card number or booking code"),
        max_length=100,
        help_text=_(
            "Scan the code, or type the booking code (six characters) or the ten digits "
            "of the card."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    children = children_field(_("Children under 18 without a booking"))
    # Sent by the "let in anyway" button after a refusal for another day.
    other_day = forms.BooleanField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].help_text = _("Only for a holder who comes without a booking.")

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    @property
    def booking_code(self):
        """A typed short booking code (ACE 479, ace479), in capitals without spaces."""
        typed = self.cleaned_data["code"]
        return codes.normalise(typed) if codes.is_code(typed) else None

    @property
    def card_number(self):
        if self.booking_code:
            return None
        typed = numbers.normalise(self.cleaned_data["code"])
        return typed if typed.isdigit() else None

    @property
    def token(self):
        """What the camera read from a booking's QR code (its long secret)."""
        if self.booking_code or self.card_number:
            return None
        return self.cleaned_data["code"]


class OfferFilterForm(PlainLanguageForm, forms.Form):
    """The holder's search of free places: words in the name, and when."""

    plain_texts = {
        "q": {"label": pgettext_lazy("plain", "Write a word from the name")},
        "when": {"label": pgettext_lazy("plain", "When do you want to go?")},
    }

    WHEN = [
        ("", _("Any time")),
        ("today", _("Today")),
        ("tomorrow", _("Tomorrow")),
        ("week", _("In the next 7 days")),
        ("month", _("In the next 30 days")),
    ]
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    when = forms.ChoiceField(label=_("When"), choices=WHEN, required=False)

    def words(self):
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    def days(self, today):
        """The first and last day asked for, or ``None`` for any time."""
        when = self.cleaned_data.get("when") if self.is_valid() else ""
        tomorrow = today + datetime.timedelta(days=1)
        return {
            "today": (today, today),
            "tomorrow": (tomorrow, tomorrow),
            "week": (today, today + datetime.timedelta(days=6)),
            "month": (today, today + datetime.timedelta(days=29)),
        }.get(when)
