"""The county's volunteer numbers: requests, filled, visits, hours and people reached
per municipality and month, beside the referral and culture card numbers.

The page, the CSV file and the spreadsheet are one table (:func:`..stats.county_table`),
so a number is the same, and "<5" the same, in all three.
"""

from datetime import timedelta

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kohtaamo.core.gates import gate
from kohtaamo.core.models import Municipality
from kohtaamo.core.tables import csv_response, xlsx_response

from .. import stats
from ..forms import NumbersForm

PERM = "volunteers.view_statistics"


# Without a choice: the last twelve months, this one included.
DEFAULT_MONTHS = 12


def _form(request):
    data = request.GET if any(name in request.GET for name in NumbersForm.base_fields) else None
    reachable = stats.requests_for_statistics(request.user)
    municipalities = Municipality.objects.filter(pk__in=reachable.values("municipality")).order_by(
        "name_fi"
    )
    return NumbersForm(data, municipalities=municipalities)


def _table(request, form):
    data = form.cleaned_data if form.is_bound else {}
    requests = stats.requests_for_statistics(request.user)
    if data.get("municipality"):
        requests = requests.filter(municipality=data["municipality"])
    today = timezone.localdate()
    end = data.get("month_to") or today
    start = data.get("month_from") or (
        (end.replace(day=1) - timedelta(days=31 * (DEFAULT_MONTHS - 1))).replace(day=1)
    )
    rows = stats.county_rows(requests, start=start, end=end)
    return stats.county_table(rows, title=_("volunteer numbers"))


@require_safe
@gate(PERM)
def numbers(request):
    form = _form(request)
    context = {"form": form, "query": request.GET.urlencode()}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        table = _table(request, form)
        context.update(table=table, has_numbers=bool(table.rows))
    return render(request, "volunteers/numbers.html", context, status=status)


def _export(request, respond):
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(
            _("The filters have errors: correct them on the numbers page."),
            content_type="text/plain; charset=utf-8",
        )
    return respond(_table(request, form), _("volunteer numbers"))


@require_safe
@gate(PERM)
def numbers_csv(request):
    return _export(request, csv_response)


@require_safe
@gate(PERM)
def numbers_xlsx(request):
    return _export(request, xlsx_response)
