"""The referral numbers page and its CSV and spreadsheet exports.

The page, the CSV file and the spreadsheet are built from the same table
(:func:`.stats.table`), so a number is the same and suppressed the same way in all three.
"""

from django import forms
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from kohtaamo.core.forms import MonthField, NamedChoiceField
from kohtaamo.core.gates import gate
from kohtaamo.core.tables import csv_response, xlsx_response

from .. import stats
from ..models import ReferralType


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organisation} – {obj.name}"


class NumbersForm(forms.Form):
    county = NamedChoiceField(
        label=gettext_lazy("County"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All counties"),
        help_text=gettext_lazy("Only the areas whose numbers you may see are listed."),
    )
    municipality = NamedChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All municipalities"),
        help_text=gettext_lazy(
            "Where the client wants to take part, or else where the sending unit is."
        ),
    )
    referral_type: "forms.ModelChoiceField[ReferralType]" = forms.ModelChoiceField(
        label=gettext_lazy("Referral type"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All types"),
    )
    unit = UnitChoiceField(
        label=gettext_lazy("Unit"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All units"),
        help_text=gettext_lazy("Referrals the unit sent or received."),
    )
    month_from = MonthField(label=gettext_lazy("Issued from (month)"), required=False)
    month_to = MonthField(label=gettext_lazy("Issued until (month)"), required=False)
    grouping = forms.ChoiceField(
        label=gettext_lazy("One row per"),
        choices=stats.Grouping.CHOICES,
        required=False,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = choices["counties"]
        self.fields["municipality"].queryset = choices["municipalities"]
        self.fields["referral_type"].queryset = choices["referral_types"]
        self.fields["unit"].queryset = choices["units"]

    def clean(self):
        data = super().clean()
        if (
            data.get("month_from")
            and data.get("month_to")
            and data["month_from"] > data["month_to"]
        ):
            self.add_error("month_to", _("The last month is before the first month."))
        return data

    def filters(self):
        data = self.cleaned_data
        return stats.Filters(
            county=data.get("county"),
            municipality=data.get("municipality"),
            referral_type=data.get("referral_type"),
            unit=data.get("unit"),
            month_from=data.get("month_from"),
            month_to=data.get("month_to"),
        )

    def chosen_grouping(self):
        return self.cleaned_data.get("grouping") or stats.Grouping.MONTH


def _form(request):
    data = request.GET if any(name in request.GET for name in NumbersForm.base_fields) else None
    return NumbersForm(data, choices=stats.choices_for(request.user))


@require_safe
@gate(stats.PERM)
def numbers(request):
    form = _form(request)
    result = None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        status = 200
        filters, grouping = (
            (form.filters(), form.chosen_grouping())
            if form.is_bound
            else (stats.Filters(), "month")
        )
        result = stats.funnel(request.user, filters, grouping)
    context = {"form": form, "query": request.GET.urlencode()}
    if result is not None:
        table = stats.table(result)
        bars = stats.chart_bars(result, table.rows[-1])
        context.update(
            table=table,
            total_row=table.rows[-1],
            sections=stats.sections(table),
            bars=bars,
            max_value=max((bar["value"] for bar in bars), default=0),
            has_numbers=result.total.counts["issued"] > 0,
        )
    return render(request, "referrals/stats.html", context, status=status)


def _export(request, respond):
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(
            _("The filters have errors: correct them on the numbers page."),
            content_type="text/plain; charset=utf-8",
        )
    if form.is_bound:
        result = stats.funnel(request.user, form.filters(), form.chosen_grouping())
    else:
        result = stats.funnel(request.user)
    return respond(stats.table(result), _("referral numbers"))


@require_safe
@gate(stats.PERM)
def numbers_csv(request):
    return _export(request, csv_response)


@require_safe
@gate(stats.PERM)
def numbers_xlsx(request):
    return _export(request, xlsx_response)
