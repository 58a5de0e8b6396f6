"""Form fields shared by every app, and what a small posting form on a page needs."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from .i18n import collation_key


class NameOrderIterator(ModelChoiceIterator):
    """The choices in the alphabetical order of the names shown in the active language.

    The database orders by the Finnish name; a Swedish reader looks for Åbo at the end,
    not among the T's where Turku would be.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.label_from_instance
        for obj in sorted(self.queryset, key=lambda obj: collation_key(label(obj))):
            yield self.choice(obj)


class NamedChoiceField(forms.ModelChoiceField):
    """A model choice in the reader's alphabetical order (municipalities, counties)."""

    iterator = NameOrderIterator


class NamedMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = NameOrderIterator


class MonthField(forms.DateField):
    """A year and a month, typed: 2026-03, 3.2026 or 3/2026; the first day of the month.

    A text field with a pattern, not ``<input type=month>``, which desktop Firefox and
    Safari show as a bare text box with no hint of the format."""

    input_formats = ["%Y-%m", "%m.%Y", "%m/%Y"]
    default_error_messages = {
        "invalid": _("Enter a year and a month, for example 2026-03."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Year and month, for example 2026-03"))
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%Y-%m",
                attrs={
                    "pattern": r"\d{4}-\d{1,2}|\d{1,2}[./]\d{4}",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "size": 8,
                },
            ),
        )
        super().__init__(**kwargs)


def posting_context(context, form_id, **extra):
    """The context of a button or small form that posts from a page (save, add to a
    list): it comes back to the page it was on, with the page's CSRF token."""
    return {
        "show": True,
        **extra,
        "form_id": form_id,
        "next": context["request"].get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
