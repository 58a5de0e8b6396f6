"""Forms for the referral pages. Codes are checked again by the services; the forms
turn bad input into a message next to the field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kohtaamo.accounts.models import Unit
from kohtaamo.catalogue import display
from kohtaamo.catalogue.models import Service
from kohtaamo.core.forms import NamedChoiceField
from kohtaamo.core.models import ArtForm, Language, Municipality
from kohtaamo.core.plain import PlainLanguageForm

from ..models import (
    Consent,
    ContactLog,
    DeclineReason,
    Feedback,
    Need,
    Reason,
    ReferralClient,
    SharedData,
)
from ..services.drafting import check_client

Preference = ReferralClient.ContactPreference

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def is_catalogue_id(value):
    # A database id: digits, and small enough for a 64-bit column.
    value = str(value)
    return value.isdigit() and len(value) <= 18


def _checkboxes(choices, label, **options):
    return forms.MultipleChoiceField(
        choices=choices, label=label, widget=forms.CheckboxSelectMultiple, **options
    )


class _IdsField(forms.TypedMultipleChoiceField):
    """Ids of catalogue items; any id is accepted here, the form checks it is public."""

    def __init__(self, **options):
        super().__init__(coerce=int, required=False, widget=forms.CheckboxSelectMultiple, **options)

    def valid_value(self, value):
        return is_catalogue_id(value)


class ClientFieldsMixin:
    def _contact_checks(self, cleaned):
        preference = cleaned.get("contact_preference")
        plain = getattr(self, "plain", False)
        if preference == Preference.EMAIL and not cleaned.get("email"):
            self.add_error(
                "email",
                pgettext_lazy("plain", "Write your e-mail address. Or choose another way.")
                if plain
                else _("Write an e-mail address, or choose another way to contact."),
            )
        if preference in (Preference.SMS, Preference.PHONE) and not cleaned.get("phone"):
            self.add_error(
                "phone",
                pgettext_lazy("plain", "Write your phone number. Or choose another way.")
                if plain
                else _("Write a phone number, or choose another way to contact."),
            )
        # The drafting service's rule, checked here too so that its message shows next
        # to the field before anything else is asked (e.g. about possible duplicates).
        names = [name for name in ("phone", "birth_date", "contact_preference") if name in cleaned]
        try:
            checked = check_client({name: cleaned[name] for name in names})
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in self.errors:
                    self.add_error(name, messages)
        else:
            if "phone" in checked:
                cleaned["phone"] = checked["phone"]


class ReferralForm(ClientFieldsMixin, forms.Form):
    """One referral from a client meeting. For a personal type the consent comes first,
    then the client; an anonymous prescription has neither."""

    receiving_unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(
        queryset=None, label=_("Receiving unit"), required=False, empty_label=None
    )
    receiving_service: "forms.ModelChoiceField[Service]" = forms.ModelChoiceField(
        queryset=None, label=_("Service the referral is for"), required=False
    )
    consent_shared = _checkboxes(
        SharedData.choices,
        _("The client agreed to share"),
        required=False,
        help_text=_("Ask the client. Share only what the receiving unit needs."),
    )
    consent_method = forms.ChoiceField(
        choices=Consent.Method.choices,
        label=_("How the client gave their consent"),
        widget=forms.RadioSelect,
        required=False,
    )
    consent_given_at = forms.DateTimeField(
        label=_("When the consent was given"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        required=False,
    )
    full_name = forms.CharField(label=_("Client's name"), max_length=200, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    contact_preference = forms.ChoiceField(
        choices=Preference.choices,
        label=_("How the client wants to be contacted"),
        widget=forms.RadioSelect,
        initial=Preference.PHONE,
        required=False,
    )
    confirm_new_client = forms.BooleanField(
        label=_("This is a different person, or I want a new referral anyway"), required=False
    )
    reasons = _checkboxes(Reason.choices, _("Reasons"), required=False)
    reason_note = forms.CharField(
        label=_("About the reasons (optional, keep it short)"), max_length=200, required=False
    )
    interests = forms.ModelMultipleChoiceField(
        queryset=ArtForm.objects.all(),
        label=_("Interests"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ModelChoiceField(
        queryset=Language.objects.all(),
        label=_("Client's language"),
        required=False,
        help_text=_("The prescription is printed in this language when Kohtaamo has it."),
    )
    needs = _checkboxes(Need.choices, _("Mobility and other needs"), required=False)
    needs_note = forms.CharField(
        label=_("About the needs (optional, keep it short)"), max_length=200, required=False
    )
    preferred_municipality = NamedChoiceField(
        queryset=None, label=_("Preferred area"), required=False
    )
    q = forms.CharField(label=_("Find services and events"), max_length=200, required=False)
    suggested_services = _IdsField(label=_("Suggested services"))
    suggested_events = _IdsField(label=_("Suggested events"))

    CLIENT_FIELDS = ("full_name", "birth_date", "phone", "email", "contact_preference")
    CONSENT_FIELDS = ("consent_shared", "consent_method", "consent_given_at")

    def __init__(self, *args, referral_type, units, issuing=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral_type = referral_type
        self.issuing = issuing
        county = referral_type.county
        kind = referral_type.receiver_kind
        self.fields["receiving_unit"].queryset = units
        self.fields["receiving_service"].queryset = (
            display.public_services()
            .filter(municipalities__county=county)
            .distinct()
            .order_by("name_fi")
        )
        self.fields["preferred_municipality"].queryset = Municipality.objects.filter(
            county=county
        ).order_by("name_fi")
        if kind != "unit":
            del self.fields["receiving_unit"]
        else:
            self.fields["receiving_unit"].required = True
            # The county's usual unit for the type comes first (the coordinator's choice).
            self.fields["receiving_unit"].initial = referral_type.receiving_unit_id
        if kind != "service":
            del self.fields["receiving_service"]
        else:
            self.fields["receiving_service"].required = True
        if not referral_type.is_personal:
            for name in (*self.CLIENT_FIELDS, *self.CONSENT_FIELDS, "confirm_new_client"):
                del self.fields[name]
        else:
            self.fields["full_name"].required = True
            self.fields["contact_preference"].required = True
            self.fields["consent_given_at"].initial = timezone.localtime().replace(
                second=0, microsecond=0
            )

    @property
    def is_personal(self):
        return self.referral_type.is_personal

    def clean_suggested_services(self):
        ids = self.cleaned_data["suggested_services"]
        found = set(display.public_services().filter(pk__in=ids).values_list("pk", flat=True))
        return [pk for pk in dict.fromkeys(ids) if pk in found]

    def clean_suggested_events(self):
        ids = self.cleaned_data["suggested_events"]
        found = set(display.public_events().filter(pk__in=ids).values_list("pk", flat=True))
        return [pk for pk in dict.fromkeys(ids) if pk in found]

    def clean(self):
        cleaned = super().clean()
        if not self.is_personal:
            return cleaned
        self._contact_checks(cleaned)
        if self.issuing:
            if not cleaned.get("consent_shared"):
                self.add_error(
                    "consent_shared",
                    _("Record what the client agreed to share before sending the referral."),
                )
            if not cleaned.get("consent_method"):
                self.add_error("consent_method", _("Choose how the client gave their consent."))
        given = cleaned.get("consent_given_at")
        if given and given > timezone.now() + timezone.timedelta(minutes=5):
            self.add_error("consent_given_at", _("The consent cannot be given in the future."))
        return cleaned


class ConsentForm(forms.Form):
    shared = _checkboxes(SharedData.choices, _("The client agreed to share"))
    method = forms.ChoiceField(
        choices=Consent.Method.choices,
        label=_("How the client gave their consent"),
        widget=forms.RadioSelect,
    )
    given_at = forms.DateTimeField(
        label=_("When the consent was given"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        required=False,
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        choices=DeclineReason.choices, label=_("Reason for declining"), widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for your unit (the sender does not see it)"), max_length=500, required=False
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for your unit (the sender does not see it)"), max_length=500, required=False
    )


class CompleteForm(NoteForm):
    """Closing a referral cannot be undone, so the receiver says the client took part."""

    confirm = forms.BooleanField(
        label=_("The client has taken part and the referral can be closed"),
        error_messages={"required": _("Tick the box to confirm that the client has taken part.")},
    )


class ContactForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(
        choices=ContactLog.Kind.choices, label=_("Kind of contact"), widget=forms.RadioSelect
    )
    outcome = forms.CharField(label=_("Short outcome"), max_length=300, required=False)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Record contacts that have already happened."))
        return date


class _ActivityField(forms.ChoiceField):
    """Offered: the suggestions and search results; accepted: any catalogue item, which
    :meth:`AgreeForm.clean_activity` checks is public."""

    def valid_value(self, value):
        kind, _sep, pk = str(value).partition("-")
        return value == "none" or (kind in ("service", "event") and is_catalogue_id(pk))


class AgreeForm(forms.Form):
    activity = _ActivityField(label=_("Agreed activity"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note for your unit (the sender does not see it)"), max_length=500, required=False
    )

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("none", _("Something outside the catalogue"))] + [
            (value, label) for value, label in options
        ]

    def clean_activity(self):
        value = self.cleaned_data["activity"]
        kind, _sep, pk = value.partition("-")
        service = event = None
        if kind == "service":
            service = display.public_services().filter(pk=pk).first()
        elif kind == "event":
            event = display.public_events().filter(pk=pk).first()
        if value != "none" and service is None and event is None:
            raise forms.ValidationError(_("That activity is no longer in the catalogue."))
        self.chosen_items = (service, event)
        return value

    def chosen(self):
        """(service, event) the choice names, each a public item or None."""
        return self.chosen_items


class RerouteForm(forms.Form):
    unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(
        queryset=None, label=_("Send to unit"), empty_label=None
    )
    consent_method = forms.ChoiceField(
        choices=Consent.Method.choices,
        label=_("How the client agreed to share their data with that unit"),
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, units, personal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if personal:
            self.fields["consent_method"].required = True
        else:
            del self.fields["consent_method"]


class FeedbackForm(PlainLanguageForm, forms.Form):
    plain_texts = {
        "rating": {"label": pgettext_lazy("plain", "Was the referral useful for you?")},
        "comment": {
            "label": pgettext_lazy("plain", "Do you want to tell us more? You do not have to."),
            "help_text": pgettext_lazy(
                "plain", "Do not write any names. Do not write about your health."
            ),
        },
    }
    rating = forms.TypedChoiceField(
        choices=Feedback.Rating.choices,
        coerce=int,
        label=_("How useful was the referral for you?"),
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Do not write names or health details. Feedback is used anonymously."),
    )


class UnlockForm(PlainLanguageForm, forms.Form):
    plain_texts = {
        "birth_year": {
            "label": pgettext_lazy("plain", "The year you were born"),
            "help_text": pgettext_lazy("plain", "Write 4 numbers. For example: 1956."),
            "error_messages": {
                "required": pgettext_lazy("plain", "Write the year you were born."),
                "invalid": pgettext_lazy("plain", "Write 4 numbers. For example: 1956."),
                "min_value": pgettext_lazy("plain", "Write 4 numbers. For example: 1956."),
                "max_value": pgettext_lazy("plain", "Write 4 numbers. For example: 1956."),
            },
        }
    }
    birth_year = forms.IntegerField(
        label=_("Your year of birth"),
        min_value=1900,
        max_value=2100,
        help_text=_("For example 1956. Then you see your name and contact details here."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
        error_messages={
            "required": _("Write your year of birth."),
            "invalid": _("Write the year with four numbers, for example 1956."),
            "min_value": _("Write the year with four numbers, for example 1956."),
            "max_value": _("Write the year with four numbers, for example 1956."),
        },
    )


class WithdrawForm(PlainLanguageForm, forms.Form):
    plain_texts = {
        "confirm": {
            "label": pgettext_lazy(
                "plain", "I want to cancel the referral. Delete my name and contact details."
            ),
            "error_messages": {"required": pgettext_lazy("plain", "Tick the box first.")},
        }
    }
    confirm = forms.BooleanField(
        label=_("I want to withdraw my referral and have my personal data erased"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class SelfReferralForm(ClientFieldsMixin, PlainLanguageForm, forms.Form):
    """A resident asks for a culture advisor; the consent is part of the form."""

    plain_texts = {
        "municipality": {"label": pgettext_lazy("plain", "In which municipality do you live?")},
        "full_name": {"label": pgettext_lazy("plain", "Your first name and last name")},
        "phone": {"label": pgettext_lazy("plain", "Your phone number")},
        "email": {"label": pgettext_lazy("plain", "Your e-mail address")},
        "contact_preference": {
            "label": pgettext_lazy("plain", "How can the culture advisor contact you?")
        },
        "interests": {
            "label": pgettext_lazy("plain", "What would you like to do? You can choose many.")
        },
        "language": {"label": pgettext_lazy("plain", "Which language do you want to speak?")},
        "needs": {
            "label": pgettext_lazy(
                "plain", "Do you need help with something? Tell us, so we can help."
            )
        },
        "shared": {
            "label": pgettext_lazy("plain", "The culture advisor may use these details:"),
            "help_text": pgettext_lazy(
                "plain",
                "The culture advisor uses your details only to contact you. The culture "
                "advisor also uses them to find things for you to do. You can cancel this "
                "at any time. Then we delete your details.",
            ),
        },
    }

    municipality = NamedChoiceField(queryset=None, label=_("Your municipality"), empty_label="")
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    contact_preference = forms.ChoiceField(
        choices=[c for c in Preference.choices if c[0] != Preference.DO_NOT_CONTACT],
        label=_("How should the culture advisor contact you?"),
        widget=forms.RadioSelect,
    )
    interests = forms.ModelMultipleChoiceField(
        queryset=ArtForm.objects.all(),
        label=_("What interests you?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ModelChoiceField(
        queryset=Language.objects.all(), label=_("Your language"), required=False
    )
    needs = _checkboxes(Need.choices, _("Is there anything we should know?"), required=False)
    shared = _checkboxes(
        [c for c in SharedData.choices if c[0] in ("contact_details", "needs", "interests")],
        _("I agree that the culture advice unit may use"),
        help_text=_(
            "The unit uses these only to contact you and find activities with you. You can "
            "withdraw at any time from the link you get, and your data are then erased."
        ),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities

    def clean(self):
        cleaned = super().clean()
        self._contact_checks(cleaned)
        if cleaned.get("shared") is not None and "contact_details" not in cleaned["shared"]:
            self.add_error(
                "shared",
                pgettext_lazy(
                    "plain", "Tick contact details. Otherwise the culture advisor cannot reach you."
                )
                if self.plain
                else _("The culture advisor needs your contact details to reach you."),
            )
        return cleaned
