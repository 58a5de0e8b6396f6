"""Help beside the search results: the filter a query word names ("Show only Kuopio?"),
how many filters are on, and, when nothing matched, a way on: a spelling suggestion,
the filters whose removal would give results, the other tab's results and the culture
advisor.

The extra searches here are counts only (no page, no facets) and run only when a
search found nothing, so a search with results costs no more than before.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.search import query, vocabulary
from kohtaamo.search.analysis import words
from kohtaamo.search.params import CODE_FACETS, YES_NO_FACETS

from .forms import EVENT, SERVICE
from .presentation import chosen, without

# A word naming many things (a common word in many group names) offers none of them.
MAX_OFFERS = 3


def _without_word(q, word):
    return " ".join(token for token in q.split() if words(token) != [word])


def filter_offers(form, querydict, references, lang):
    """Links that turn a query word naming a municipality, target group or art form into
    that filter: [{"label", "url"}]. Nothing is filtered until the reader chooses."""
    if not form.is_valid() or not form.cleaned_data["q"]:
        return []
    q = form.cleaned_data["q"]
    offers = []
    for found in vocabulary.recognise(q, lang):
        if chosen(form, found.facet) or len(found.codes) > MAX_OFFERS:
            continue
        names = references.names(found.facet)
        for code in found.codes:
            link = without(querydict, "page", "q")
            link.setlist(found.facet, [code])
            rest = _without_word(q, found.word)
            if rest:
                link["q"] = rest
            name = names.get(code, code)
            offers.append({"label": _("Show only %(name)s?") % {"name": name}, "url": link})
    for offer in offers:
        offer["url"] = "?" + offer["url"].urlencode()
    return offers


def active_filters(form):
    """How many filter values are chosen (the "Filter (n)" button on phones)."""
    count = sum(len(chosen(form, name)) for name in CODE_FACETS)
    data = form.data
    count += sum(1 for name in ("age", *YES_NO_FACETS) if data.get(name))
    count += sum(1 for name in ("date_from", "date_to") if name in form.fields and data.get(name))
    return count


def _count(kind, params):
    return query.search(kind, params, offset=0, limit=0, facets=False).count


def _label(form, name):
    field = form.fields.get(name)
    return str(field.label) if field else name


def no_results_help(form, querydict, kind, lang):
    """What the page offers when a valid search found nothing."""
    params = form.search_params(lang)
    help_ = {"spelling": None, "filters": [], "other_tab": None}
    if params.q:
        suggestion = vocabulary.spelling_suggestion(params.q, lang)
        if suggestion:
            params.q, original = suggestion, params.q
            if _count(kind, params):
                link = without(querydict, "page")
                link["q"] = suggestion
                help_["spelling"] = {"q": suggestion, "url": "?" + link.urlencode()}
            params.q = original
    names = [name for name in CODE_FACETS if getattr(params, name)]
    names += [name for name in ("age", *YES_NO_FACETS) if getattr(params, name) is not None]
    if kind == EVENT and querydict.get("date_from"):
        names.append("date_from")
    if kind == EVENT and querydict.get("date_to"):
        names.append("date_to")
    for name in names:
        fewer = form.search_params(lang)
        if name in CODE_FACETS:
            setattr(fewer, name, [])
        elif name == "date_from":
            fewer.date_from = timezone.localdate()  # past events stay out, as by default
        else:
            setattr(fewer, name, None)
        count = _count(kind, fewer)
        if count:
            help_["filters"].append(
                {
                    "label": _label(form, name),
                    "count": count,
                    "url": "?" + without(querydict, "page", name).urlencode(),
                }
            )
    other = SERVICE if kind == EVENT else EVENT
    other_params = form.search_params(lang)
    if other == EVENT:
        other_params.date_from = other_params.date_from or timezone.localdate()
    count = _count(other, other_params)
    if count:
        link = without(querydict, "page", "kind", "date_from", "date_to")
        if other == EVENT:
            link["kind"] = "events"
        help_["other_tab"] = {"kind": other, "count": count, "url": "?" + link.urlencode()}
    return help_
