"""The culture card statistics page: filters, a chart with its table, CSV and XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kohtaamo.core.tables import csv_response, xlsx_response

from .. import stats
from ..forms.stats import StatisticsForm

# A chart of hundreds of venues is unreadable; the table beside it has every row.
MAX_BARS = 40
EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


def _cells(row, metrics):
    return row[0], list(zip(metrics, row[1:], strict=True))


@require_safe
@login_required
def statistics(request):
    if not stats.may_view(request.user):
        raise PermissionDenied
    reach = stats.reach_for(request.user)
    data = request.GET.copy()
    export = data.pop("export", [""])[-1]
    form = StatisticsForm(
        data,
        reach=reach,
        venues=stats.venues(reach),
        today=timezone.localdate(),
        counties=stats.counties_for(request.user, reach),
    )
    context = {"form": form, "reach": reach}
    if form.is_valid():
        numbers = stats.statistics(form.filters(), reach)
        table = numbers.table()
        if export in EXPORTS:
            period = form.cleaned_data["period"]
            name = f"{_('culture card statistics')} {period.first:%Y-%m} {period.last:%Y-%m}"
            return EXPORTS[export](table, name)
        metric = form.chart_metric()
        bars = sorted(
            numbers.bars(metric),
            key=lambda bar: (bar["value"] or 0, bar["hidden"]),
            reverse=True,
        )
        if form.cleaned_data["grouping"] == stats.Grouping.MONTH:
            bars = numbers.bars(metric)
        query = request.GET.copy()
        query.pop("export", None)
        context.update(
            numbers=numbers,
            table=table,
            body=[_cells(row, numbers.metrics) for row in table.rows[:-1]],
            total=_cells(table.rows[-1], numbers.metrics),
            bars=bars[:MAX_BARS],
            bars_cut=len(bars) > MAX_BARS,
            max_value=max((bar["value"] for bar in bars), default=0),
            chart_title=stats.METRIC_LABELS[metric],
            query=query.urlencode(),
        )
    return render(request, "cards/statistics.html", context)
