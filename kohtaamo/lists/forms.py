from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH, ClientLanguage, PersonalList


class AddItemForm(forms.Form):
    """Which catalogue item the "Add to list" button was pressed for."""

    service = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    event = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in ("service", "event") if cleaned.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose one service or event."))
        return cleaned


class ItemActionForm(forms.Form):
    item = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(choices=[("up", "up"), ("down", "down"), ("remove", "remove")])


class DetailsForm(forms.ModelForm):
    class Meta:
        model = PersonalList
        fields = ["note", "language"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX_LENGTH}),
            "language": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = ClientLanguage.choices


class SendForm(forms.Form):
    address = forms.EmailField(
        label=_("Client's e-mail address"),
        max_length=254,
        help_text=_("Used only to send this message. Kohtaamo does not save it."),
        # The browser should not remember a client's address either.
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        label=_("The client has agreed that the list is sent to this address"),
        error_messages={"required": _("Ask the client first, then tick this box.")},
    )
