"""Form fields shared by every app."""

from django import forms
from django.forms.models import ModelChoiceIterator

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
