"""Any catalogue search as a spreadsheet: CSV or XLSX with the columns the results show.

``/<lang>/search/export.csv?<the search page's parameters>`` (and ``export.xlsx``) runs
the same checked search as the page (``kind=events`` for events) and writes the rows in
the page's language through ``core.tables``, so the file says what the page said.
"""

from django.http import HttpResponseBadRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from kohtaamo.catalogue import display, results
from kohtaamo.catalogue.forms import EVENT, SERVICE, SearchForm
from kohtaamo.catalogue.templatetags.catalogue import when
from kohtaamo.core.tables import Table, csv_response, xlsx_response

# A spreadsheet is for working with a set, not for copying the catalogue.
EXPORT_CAP = 2000
CHUNK = 100


def _language():
    return display.current_language(get_language())


def _yes_no(value):
    return gettext("Yes") if value else gettext("No")


def _price(row, language):
    return gettext("Free") if row.is_free else display.text(row, "price", language).value


def _where(row):
    return ", ".join(str(municipality.name) for municipality in display.municipalities_of(row))


def table_for(kind, rows, url_for):
    """A Table of search result rows, in the active language."""
    language = _language()
    name = gettext("Name")
    summary = gettext("Summary")
    provider, where, price = gettext("Provider"), gettext("Where"), gettext("Price")
    card, link = gettext("Culture card places"), gettext("Web page")
    if kind == EVENT:
        headers = [name, gettext("When"), gettext("Cancelled"), summary, provider, where]
        headers += [price, card, link]
        lines = [
            [
                display.text(row, "name", language).value,
                when(row),
                _yes_no(row.is_cancelled),
                display.text(row, "summary", language).value,
                row.organisation.name,
                _where(row),
                _price(row, language),
                row.card_places,
                url_for(row),
            ]
            for row in rows
        ]
        return Table(headers, lines, title=gettext("Events"))
    headers = [name, summary, provider, where, price, gettext("Next date"), card, link]
    lines = [
        [
            display.text(row, "name", language).value,
            display.text(row, "summary", language).value,
            row.organisation.name,
            _where(row),
            _price(row, language),
            _next_date(row),
            _yes_no(row.card_places),
            url_for(row),
        ]
        for row in rows
    ]
    return Table(headers, lines, title=gettext("Services"))


def _next_date(row):
    start = getattr(row, "next_event_start", None)
    if start is None:
        return ""
    return date_format(timezone.localtime(start), "DATETIME_FORMAT")


def _rows(kind, params):
    ids = results.all_ids(kind, params, EXPORT_CAP)
    rows = []
    for start in range(0, len(ids), CHUNK):
        rows.extend(results.rows_for(kind, ids[start : start + CHUNK]))
    return rows


def _export(request, respond):
    kind = EVENT if request.GET.get("kind") == "events" else SERVICE
    form = SearchForm(request.GET, kind=kind, references=results.reference_lists())
    if not form.is_valid():
        lines = [f"{name}: {' '.join(messages)}" for name, messages in form.error_dict().items()]
        return HttpResponseBadRequest(
            "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
        )
    rows = _rows(kind, form.search_params(_language()))
    page_name = "catalogue:event" if kind == EVENT else "catalogue:service"
    table = table_for(
        kind, rows, lambda row: request.build_absolute_uri(reverse(page_name, args=[row.pk]))
    )
    name = "kohtaamo-events" if kind == EVENT else "kohtaamo-services"
    return respond(table, name)


@require_safe
def export_csv(request):
    return _export(request, csv_response)


@require_safe
def export_xlsx(request):
    return _export(request, xlsx_response)


app_name = "exports"
urlpatterns = [
    path("search/export.csv", export_csv, name="csv"),
    path("search/export.xlsx", export_xlsx, name="xlsx"),
]
