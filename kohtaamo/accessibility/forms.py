from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    message = forms.CharField(
        label=_("What did not work?"),
        help_text=_("Tell us what you tried to do and what went wrong."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    page = forms.CharField(
        label=_("On which page? (optional)"),
        help_text=_("The address of the page or its title."),
        max_length=500,
        required=False,
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        help_text=_("We need it to reply to you."),
        required=False,
    )

    class Meta:
        model = Feedback
        fields = ["message", "page", "email"]
