"""The form a county coordinator keeps a referral type with.

The names are entered in Finnish, Swedish and English side by side, as in the provider
forms. ``clean`` checks the rules the database's constraints hold the type to, so a
coordinator sees them next to the field instead of a failed save.
"""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from kohtaamo.catalogue.provider_forms import ProviderForm

from .. import services
from ..models import ReferralType


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organisation} – {obj.name}"


class ReferralTypeForm(ProviderForm):
    layout = [
        (
            _("Referral type"),
            [
                "@name",
                "kind",
                "receiver_kind",
                "receiving_unit",
                "response_days",
                "expiry_days",
                "grants_free_place",
                "self_referral",
                "is_active",
            ],
        ),
    ]

    receiving_unit = UnitChoiceField(
        queryset=None,
        required=False,
        label=_("Receiving unit"),
        help_text=_("Offered first to the professional, who may choose another unit."),
    )

    class Meta:
        model = ReferralType
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "kind",
            "receiver_kind",
            "receiving_unit",
            "response_days",
            "expiry_days",
            "grants_free_place",
            "self_referral",
            "is_active",
        ]
        widgets = {"kind": forms.RadioSelect, "receiver_kind": forms.RadioSelect}

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, organisation=None, **kwargs)
        self.county = county
        self.fields["receiving_unit"].queryset = services.receiving_units(county)
        self.fields["expiry_days"].validators.append(MinValueValidator(1))
        self.fields["expiry_days"].widget.attrs["min"] = 1
        self.fields["response_days"].widget.attrs["min"] = 1
        for name in ("kind", "receiver_kind"):
            # A radio group needs no empty choice.
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        receiver = cleaned.get("receiver_kind")
        days = cleaned.get("response_days")
        nobody = ReferralType.ReceiverKind.NOBODY
        if receiver == nobody and days is not None:
            self.add_error(
                "response_days", _("Leave this empty when nobody receives the referral.")
            )
        needs_days = receiver and receiver != nobody and "response_days" not in self.errors
        if needs_days and (days is None or days < 1):
            self.add_error("response_days", _("Give the receiver at least one day to respond."))
        if kind == ReferralType.Kind.PRESCRIPTION and receiver == ReferralType.ReceiverKind.UNIT:
            self.add_error(
                "receiver_kind",
                _("A unit cannot receive an anonymous prescription: it has no one to contact."),
            )
        if receiver != ReferralType.ReceiverKind.UNIT:
            # Only a type that goes to a unit has a usual unit.
            cleaned["receiving_unit"] = None
        return cleaned
