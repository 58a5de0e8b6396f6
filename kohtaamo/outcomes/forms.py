"""The questionnaire form, built from an instrument's items."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Instrument, Item


class QuestionnaireForm(forms.Form):
    """One field per item: a choice of the scale's answers (big touch targets in the
    template), or a text box. Questions may be skipped unless the item says otherwise."""

    def __init__(self, instrument: Instrument, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        language = (get_language() or "fi")[:2]
        self.items = list(instrument.items.select_related("scale"))
        for item in self.items:
            if item.kind == Item.Kind.TEXT or item.scale is None:
                self.fields[item.code] = forms.CharField(
                    label=item.text,
                    required=item.required,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
                continue
            scale = item.scale
            choices = []
            for value in scale.values():
                words = scale.label(value, language)
                choices.append((str(value), f"{value} – {words}" if words else str(value)))
            self.fields[item.code] = forms.TypedChoiceField(
                label=item.text,
                choices=choices,
                coerce=int,
                required=item.required,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please answer this question.")},
            )

    def answers(self):
        return {item.code: self.cleaned_data.get(item.code) for item in self.items}


class ConsentForm(forms.Form):
    consent = forms.TypedChoiceField(
        label=_("Do you want to answer?"),
        choices=[("yes", _("Yes, I will answer")), ("no", _("No, thank you"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
