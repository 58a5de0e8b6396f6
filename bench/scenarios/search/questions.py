"""The fixed mix of searches: inflected Finnish free text, filters, both; services and
events.
"""

from collections import Counter

from django.utils import timezone

from .data import ACTIVITIES, AUDIENCES

QUERIES = 200


FILTERS = (
    "municipality",
    "county",
    "step",
    "art_form",
    "target_group",
    "age",
    "free",
    "card",
    "language",
)
TEXT_QUERIES = (
    "konsertteihin",
    "taidepajoihin",
    "museokierroksille",
    "tanssiryhmään",
    "lukupiiriin",
    "kuorolauluun",
    "elokuvailtoihin",
    "ikäihmisille",
    "lähete",
    "klovnit",
    "taidepaja nuorille",
    "konsetti",
    "sirkuskouluun",
    "valokuvauskurssille",
    "runoiltaan",
    "kulttuuriluotsin",
    "käsityökahvilaan",
    "sarjakuvat",
    "teatteriesityksiin lapsiperheille",
    "yhteisötaide",
)


def make_questions(context, rng):
    """200 (kind, SearchParams, name) triples: text, filters, both; services and events."""
    from kohtaamo.core.models import County, Municipality
    from kohtaamo.search.query import SearchParams

    municipalities = list(Municipality.objects.values_list("code", flat=True))
    big = ["091", "837", "049", "564", "853", "297", "179", "092"]
    counties = list(County.objects.values_list("code", flat=True))
    today = timezone.localdate()

    def filters():
        chosen = {}
        for _ in range(rng.choice((1, 1, 2, 3))):
            what = rng.choice(FILTERS)
            if what == "municipality":
                pool = big if rng.random() < 0.5 else municipalities
                chosen["municipality"] = rng.sample(pool, rng.choice((1, 1, 2)))
            elif what == "county":
                chosen["county"] = [rng.choice(counties)]
            elif what == "step":
                chosen["step"] = [rng.randint(1, 5)]
            elif what == "art_form":
                chosen["art_form"] = [rng.choice(ACTIVITIES)[1]]
            elif what == "target_group":
                chosen["target_group"] = [rng.choice([a[1] for a in AUDIENCES if a[1]])]
            elif what == "age":
                chosen["age"] = rng.choice((8, 16, 40, 75))
            elif what == "language":
                chosen["language"] = [rng.choice(("sv", "en"))]
            else:
                chosen[what] = True
        return chosen

    questions = []
    for index in range(QUERIES):
        kind = "service" if index % 2 == 0 else "event"
        shape = ("text", "filters", "both")[index % 3]
        params = {}
        if shape in ("text", "both"):
            params["q"] = rng.choice(TEXT_QUERIES)
        if shape in ("filters", "both"):
            params.update(filters())
        if kind == "event" and rng.random() < 0.5:
            params["date_from"] = today
        questions.append((kind, SearchParams(**params), shape))
    return questions


def describe_questions(questions):
    return {
        "count": len(questions),
        "by_kind": dict(Counter(kind for kind, _, _ in questions)),
        "by_shape": dict(Counter(shape for _, _, shape in questions)),
        "examples": [
            {
                "kind": kind,
                "params": {k: str(v) for k, v in vars(p).items() if v not in ([], None, "")},
            }
            for kind, p, _ in questions[:6]
        ],
    }
