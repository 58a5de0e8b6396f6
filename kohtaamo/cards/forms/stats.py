from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kohtaamo.accounts.models import Organisation
from kohtaamo.core.forms import MonthField, NamedChoiceField
from kohtaamo.core.models import County, Municipality

from .. import stats


def _month_field(label):
    return MonthField(label=label, required=False)


class StatisticsForm(forms.Form):
    county = NamedChoiceField(
        label=_("Wellbeing services county"),
        queryset=County.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    municipality = NamedChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.select_related("county"),
        required=False,
        empty_label=_("All"),
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"), queryset=Organisation.objects.none(), required=False, empty_label=_("All")
    )
    first_month = _month_field(_("From month"))
    last_month = _month_field(_("To month"))
    grouping = forms.ChoiceField(
        label=_("One row per"), choices=stats.Grouping.choices, required=False
    )
    chart = forms.ChoiceField(label=_("The chart shows"), choices=(), required=False)

    def __init__(self, data, *, reach, venues, today, counties=None):
        data = data.copy()
        # Unchosen, the chart shows the default measure: the choice must say the same.
        if not data.get("chart"):
            data["chart"] = self.default_metric(reach)
        super().__init__(data)
        self.reach = reach
        self.today = today
        self.fields["venue"].queryset = venues
        self.fields["chart"].choices = [(m, stats.METRIC_LABELS[m]) for m in reach.metrics()]
        if counties is not None:
            self.fields["county"].queryset = counties
            self.fields["municipality"].queryset = Municipality.objects.filter(
                county__in=counties
            ).select_related("county")
            self.fields["county"].help_text = _(
                "Only the areas whose numbers you may see are listed."
            )

    @staticmethod
    def default_metric(reach):
        metrics = reach.metrics()
        return "adult_uses" if "adult_uses" in metrics or not metrics else metrics[0]

    def clean(self):
        data = super().clean()
        default = stats.Period.last_twelve_months(self.today)
        first = data.get("first_month") or default.first
        last = data.get("last_month") or default.last
        if "first_month" in self.errors or "last_month" in self.errors:
            return data
        if first > last:
            self.add_error("last_month", _("The last month is before the first month."))
            return data
        period = stats.Period.months_between(first, last)
        if len(period.months()) > stats.MAX_MONTHS:
            self.add_error(
                "last_month",
                ngettext(
                    "Choose at most %(count)s month.",
                    "Choose at most %(count)s months.",
                    stats.MAX_MONTHS,
                )
                % {"count": stats.MAX_MONTHS},
            )
            return data
        municipality, county = data.get("municipality"), data.get("county")
        if municipality and county and municipality.county_id != county.pk:
            self.add_error("municipality", _("This municipality is not in the chosen county."))
        data["period"] = period
        return data

    def filters(self):
        data = self.cleaned_data
        return stats.Filters(
            period=data["period"],
            county=data.get("county"),
            municipality=data.get("municipality"),
            venue=data.get("venue"),
            grouping=data.get("grouping") or stats.Grouping.MUNICIPALITY,
        )

    def chart_metric(self):
        metrics = self.reach.metrics()
        wanted = self.cleaned_data.get("chart") if self.is_valid() else ""
        if wanted in metrics:
            return wanted
        return self.default_metric(self.reach)
