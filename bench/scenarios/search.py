"""Catalogue search at national scale: the engine, the API, and hand-written SQL.

Builds a synthetic catalogue (200,000 services and 1,000,000 events at scale 1.0, in every
municipality, with Finnish names and texts and some Swedish and English ones), indexes it
with the real bulk indexer (``index_documents``), then runs a fixed mix of 200 searches
(inflected Finnish free text, filters, both; services and events) three ways:

* ``engine``: ``kohtaamo.search.query.search`` with facets, as the page and API call it;
* ``api``: ``GET /api/v1/services/`` and ``/api/v1/events/`` through Django's test client
  (middleware, serialisation, the rows of the page), when that API is installed;
* ``sql``: the same question as hand-written SQL over the same index: the first page and
  an exact ``COUNT(*)``, no facets (the query analysis is done before timing).

Each engine answer is checked against the hand-written SQL: the same first page, and
the same count where the engine says its count is exact. Also timed: bulk indexing
throughput and re-indexing one service on save (the provider's hot path).
"""

import datetime
from collections import Counter

from django.db import connection
from django.utils import timezone

from bench import lib
from bench.lib import log, measure, sanity, summarize

ORDER = 20
DESCRIPTION = "catalogue search: engine vs API vs hand-written SQL, with facets, at scale"

SERVICES = 200_000
EVENTS = 1_000_000
QUERIES = 200
PAGE = 20
WARMUP = 20
MAX_SECONDS = 60

ACTIVITIES = (
    ("Konsertti", "music"),
    ("Kuorolaulu", "music"),
    ("Taidepaja", "visual-arts"),
    ("Kuvataidekurssi", "visual-arts"),
    ("Museokierros", "cultural-heritage"),
    ("Tanssiryhmä", "dance"),
    ("Lukupiiri", "literature"),
    ("Runoilta", "literature"),
    ("Elokuvailta", "film"),
    ("Teatteriesitys", "theatre"),
    ("Sairaalaklovnit", "theatre"),
    ("Sirkuskoulu", "circus"),
    ("Valokuvauskurssi", "photography"),
    ("Käsityökahvila", "crafts"),
    ("Sanataidepaja", "word-art"),
    ("Kulttuurilähete", "multidisciplinary"),
    ("Kulttuuriluotsi", "multidisciplinary"),
    ("Yhteisötaideprojekti", "community-art"),
    ("Sarjakuvakurssi", "comics"),
    ("Mediataidepaja", "media-arts"),
)
AUDIENCES = (
    ("ikäihmisille", "older-people", (65, None)),
    ("lapsiperheille", "children-and-families", (0, 12)),
    ("nuorille", "young-people", (13, 29)),
    ("kaikille", None, (None, None)),
    ("maahanmuuttajille", "immigrants", (None, None)),
    ("omaishoitajille", "caregivers", (18, None)),
    ("kuntoutujille", "mental-health-substance-rehabilitation", (18, None)),
    ("työikäisille", "working-age", (18, 64)),
)
SENTENCES = (
    "Tule mukaan tutustumaan uusiin ihmisiin ja kokeilemaan omaa tekemistä.",
    "Ohjaajana toimii kokenut taiteilija, joka huomioi ryhmän toiveet.",
    "Toiminta sopii myös niille, jotka eivät ole aiemmin harrastaneet taidetta.",
    "Kaikukortilla voi osallistua maksutta.",
    "Tilat ovat esteettömät ja paikalle pääsee julkisilla liikennevälineillä.",
    "Kokoonnumme kirjaston ryhmätilassa kerran viikossa.",
    "Mukaan voi tulla yksin tai yhdessä kulttuuriluotsin kanssa.",
    "Ryhmässä keskustellaan, kuunnellaan musiikkia ja nautitaan kahvista.",
    "Sosiaali- ja terveydenhuollon ammattilainen voi ohjata toimintaan kulttuurilähetteellä.",
    "Esitys kestää noin tunnin, ja sen jälkeen on mahdollisuus keskusteluun.",
)
SWEDISH = ("Konsert för seniorer", "Museivisning för familjer", "Danskurs för unga")
ENGLISH = ("Lunchtime concerts", "Museum tours in English", "Drawing workshops")

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


def run(context):
    from kohtaamo.search.models import Document

    network = context.network()
    rng = context.rng("search")
    result = {"data": {}, "measurements": {}, "throughput": {}, "explain": {}, "findings": []}

    with lib.Stopwatch() as built:
        service_ids, event_ids = build_catalogue(context, network, rng)
    result["data"]["build_seconds"] = built.seconds
    result["data"]["services"] = len(service_ids)
    result["data"]["events"] = len(event_ids)

    from kohtaamo.search.index import index_documents

    log(f"indexing {len(service_ids)} services and {len(event_ids)} events")
    with lib.Stopwatch() as indexed:
        index_documents("service", service_ids, batch_size=2000)
        index_documents("event", event_ids, batch_size=2000)
    lib.vacuum_analyze("search_document", "search_term", "search_termvariant")
    result["throughput"]["bulk_indexing"] = {
        "per_second": round((len(service_ids) + len(event_ids)) / max(indexed.seconds, 0.01)),
        "seconds": indexed.seconds,
    }
    result["data"]["documents"] = Document.objects.count()
    result["data"]["table_sizes"] = table_sizes()

    questions = make_questions(context, rng)
    result["data"]["questions"] = describe_questions(questions)
    result["measurements"].update(time_searches(questions, result))
    result["measurements"]["save_one_service"] = time_hot_path(service_ids, rng)
    result["findings"] = findings(result)
    return result


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------


def build_catalogue(context, network, rng):
    from kohtaamo.catalogue.models import Event, Service
    from kohtaamo.core.models import (
        AccessibilityFeature,
        ArtForm,
        Language,
        Municipality,
        TargetGroup,
        WellbeingStep,
    )

    municipalities = list(Municipality.objects.order_by("code"))
    weights = [rng.paretovariate(1.1) for _ in municipalities]
    steps = {s.number: s.pk for s in WellbeingStep.objects.all()}
    art_forms = {a.code: a.pk for a in ArtForm.objects.all()}
    target_groups = {t.code: t.pk for t in TargetGroup.objects.all()}
    languages = {lang.code: lang.pk for lang in Language.objects.all()}
    accessibility = [a.pk for a in AccessibilityFeature.objects.all()]
    providers = [
        pk
        for pk, (kind, _, _) in network.organisations.items()
        if kind in ("association", "artist", "company", "municipality", "parish", "education")
    ]
    now = timezone.now()

    def offering(kind_index):
        activity, art_form = ACTIVITIES[kind_index % len(ACTIVITIES)]
        audience, group, ages = rng.choice(AUDIENCES)
        home = rng.choices(municipalities, weights)[0]
        texts = {
            "name_fi": f"{activity} {audience}",
            "summary_fi": rng.choice(SENTENCES),
            "description_fi": " ".join(rng.sample(SENTENCES, 3)),
            "keywords_fi": f"{home.name_fi} {activity.lower()}",
        }
        roll = rng.random()
        if roll < 0.04:
            texts["name_sv"] = rng.choice(SWEDISH)
        elif roll < 0.07:
            texts["name_en"] = rng.choice(ENGLISH)
        relations = {
            "steps": [steps[rng.choice((1, 1, 2, 2, 3, 4, 5))]],
            "art_forms": [art_forms[art_form]],
            "target_groups": [target_groups[group]] if group else [],
            "languages": [languages["fi"]]
            + ([languages["sv"]] if rng.random() < 0.08 else [])
            + ([languages["en"]] if rng.random() < 0.05 else []),
            "accessibility": rng.sample(accessibility, rng.choice((0, 1, 2, 3))),
        }
        fields = {
            "organisation_id": rng.choice(providers),
            "status": "published" if rng.random() < 0.95 else "draft",
            "age_min": ages[0],
            "age_max": ages[1],
            "is_free": rng.random() < 0.4,
            **texts,
        }
        return home, fields, relations

    log(f"services ({context.scaled(SERVICES)})")
    services, service_relations = [], []
    for index in range(context.scaled(SERVICES)):
        home, fields, relations = offering(index)
        served = [home.pk]
        if rng.random() < 0.3:
            served.append(rng.choices(municipalities, weights)[0].pk)
        relations["municipalities"] = served
        services.append(Service(card_places=rng.random() < 0.25, **fields))
        service_relations.append(relations)
    Service.objects.bulk_create(services, batch_size=5000)
    add_relations(Service, services, service_relations)

    log(f"events ({context.scaled(EVENTS)})")
    events, event_relations = [], []
    for index in range(context.scaled(EVENTS)):
        home, fields, relations = offering(index * 7)
        start = now + datetime.timedelta(minutes=rng.randrange(-180 * 24 * 60, 365 * 24 * 60))
        if rng.random() < 0.25:
            # An event of a service, with the service's texts.
            fields["service_id"] = rng.choice(services).pk
            for key in ("name_fi", "summary_fi", "description_fi", "keywords_fi"):
                fields[key] = ""
        events.append(
            Event(
                start=start,
                end=start + datetime.timedelta(hours=2) if rng.random() < 0.5 else None,
                municipality_id=home.pk,
                card_places=rng.choice((0, 0, 0, 0, 2, 5)),
                **fields,
            )
        )
        event_relations.append(relations)
    Event.objects.bulk_create(events, batch_size=5000)
    add_relations(Event, events, event_relations)
    lib.vacuum_analyze("catalogue_service", "catalogue_event")
    return [s.pk for s in services], [e.pk for e in events]


def add_relations(model, objects, relations):
    for name in relations[0]:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source = f"{model._meta.model_name}_id"
        target = f"{field.related_model._meta.model_name}_id"
        rows = [
            through(**{source: obj.pk, target: value})
            for obj, related in zip(objects, relations, strict=True)
            for value in dict.fromkeys(related[name])
        ]
        through.objects.bulk_create(rows, batch_size=10_000)


def table_sizes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class "
            "WHERE relname IN ('search_document', 'search_term', 'search_termvariant')"
        )
        return {name: f"{size / 2**20:.1f} MiB" for name, size in cursor.fetchall()}


# --------------------------------------------------------------------------------------
# The questions
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------


def handwritten(kind, params):
    """The question as one would write it by hand over the index: (page sql, count sql,
    params). The text analysis is done here, before any timing."""
    from kohtaamo.search import query
    from kohtaamo.search.index import KINDS

    where = ["d.kind = %s"]
    args = [int(KINDS[kind])]
    order, order_args = [], []
    try:
        words = query.text_query(params.q, params.lang) if params.q else []
    except query.Nothing:
        where.append("false")
        words = []
    if words:
        where.append("d.tsv @@ to_tsquery('simple', %s)")
        args.append(query._tsquery_expression(words))
        order.append("CASE WHEN d.tsv @@ to_tsquery('simple', %s) THEN 0 ELSE 1 END")
        order_args.append(query._tsquery_expression(words, ":A"))
    for name in query.CODE_FACETS:
        codes = [str(code) for code in getattr(params, name)]
        if codes:
            where.append("d.tags ?| %s::text[]")
            args.append([f"{name}:{code}" for code in codes])
    if params.free is not None:
        where.append("d.is_free = %s")
        args.append(params.free)
    if params.card is not None:
        where.append("d.card = %s")
        args.append(params.card)
    if params.age is not None:
        where.append("(d.age_min IS NULL OR d.age_min <= %s)")
        where.append("(d.age_max IS NULL OR d.age_max >= %s)")
        args += [params.age, params.age]
    if kind == "event" and params.date_from:
        where.append("d.last_day >= %s")
        args.append(params.date_from)
    now = timezone.now()
    if kind == "event":
        order += [
            "CASE WHEN d.start >= %s THEN 0 ELSE 1 END",
            "CASE WHEN d.start >= %s THEN d.start END",
            "d.start DESC",
        ]
        order_args += [now, now]
    else:
        order.append("d.sort_name")
    order.append("d.object_id")
    condition = " AND ".join(where)
    page = (
        f"SELECT d.object_id FROM search_document d WHERE {condition} "  # noqa: S608
        f"ORDER BY {', '.join(order)} LIMIT {PAGE}"
    )
    count = f"SELECT COUNT(*) FROM search_document d WHERE {condition}"  # noqa: S608
    return page, count, args + order_args, args


def run_handwritten(page, count, page_args, count_args):
    with connection.cursor() as cursor:
        cursor.execute(page, page_args)
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(count, count_args)
        return ids, cursor.fetchone()[0]


def api_path(kind, params):
    from urllib.parse import urlencode

    query = []
    for name, value in vars(params).items():
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            query += [(name, str(item)) for item in value]
        elif isinstance(value, bool):
            query.append((name, "true" if value else "false"))
        else:
            query.append((name, str(value)))
    return f"/api/v1/{kind}s/?{urlencode(query)}"


def time_searches(questions, result):
    from django.core.cache import cache
    from django.test import Client
    from django.urls import Resolver404, resolve

    from kohtaamo.search.query import search

    prepared = [(kind, params, handwritten(kind, params)) for kind, params, _ in questions]
    estimated = Counter()

    def check_engine(found, index):
        # Built afresh: which events count as upcoming moves with the clock.
        ids, count = run_handwritten(*handwritten(*prepared[index][:2]))
        sanity(found.ids == ids, f"question {index}: engine page differs from the SQL's")
        if found.count_is_exact:
            sanity(found.count == count, f"question {index}: count {found.count} != {count}")
        else:
            estimated[index] = (found.count, count)
            sanity(count > 1000, f"question {index}: estimated a count of {count}")

    measurements = {}
    log("timing the engine")
    engine = measure(
        lambda index: search(prepared[index][0], prepared[index][1], limit=PAGE),
        samples=len(prepared),
        warmup=WARMUP,
        prepare=lambda i: (i % len(prepared),),
        check=check_engine,
        max_seconds=MAX_SECONDS,
    )
    measurements["engine_search_with_facets"] = summarize(engine)
    log("timing hand-written SQL")
    handwritten_ms = measure(
        lambda index: run_handwritten(*prepared[index][2]),
        samples=len(prepared),
        warmup=WARMUP,
        prepare=lambda i: (i % len(prepared),),
        max_seconds=MAX_SECONDS,
    )
    measurements["handwritten_sql_page_and_count"] = summarize(handwritten_ms)

    by_shape = {}
    for shape in ("text", "filters", "both"):
        picked = [i for i, (_, _, s) in enumerate(questions) if s == shape]
        by_shape[shape] = summarize([engine[i] for i in picked if i < len(engine)])
    measurements.update({f"engine_{shape}": stats for shape, stats in by_shape.items()})

    try:
        resolve("/api/v1/services/")
        has_api = True
    except Resolver404:
        has_api = False
    if has_api:
        client = Client()

        def call_api(index):
            kind, params, _ = prepared[index]
            return client.get(
                api_path(kind, params), HTTP_ACCEPT="application/json", HTTP_HOST="localhost"
            )

        def check_api(response, index):
            sanity(response.status_code == 200, f"API answered {response.status_code}")
            cache.clear()  # the per-address throttle would refuse a benchmark's pace

        log("timing the API")
        api = measure(
            call_api,
            samples=len(prepared),
            warmup=WARMUP,
            prepare=lambda i: (i % len(prepared),),
            check=check_api,
            max_seconds=MAX_SECONDS,
        )
        measurements["api_search"] = summarize(api)
    else:
        result["findings"].append("the API is not installed: only the engine was timed")

    result["data"]["estimated_counts"] = {
        "questions": len(estimated),
        "worst_ratio": max(
            (max(e / t, t / e) for e, t in estimated.values() if e and t), default=None
        ),
    }
    engine_p95 = measurements["engine_search_with_facets"]["p95_ms"]
    sql_p95 = measurements["handwritten_sql_page_and_count"]["p95_ms"]
    result["ratios"] = {"engine_p95_to_sql_p95": round(engine_p95 / sql_p95, 2)}
    if has_api:
        result["ratios"]["api_p95_to_sql_p95"] = round(
            measurements["api_search"]["p95_ms"] / sql_p95, 2
        )
    return measurements


def time_hot_path(service_ids, rng):
    from kohtaamo.catalogue.models import Service

    picked = [rng.choice(service_ids) for _ in range(120)]

    def save(pk):
        service = Service.objects.get(pk=pk)
        service.name_fi = f"{service.name_fi.split(' #')[0]} #{rng.randrange(1000)}"
        service.save()

    return summarize(measure(save, samples=100, warmup=20, prepare=lambda i: (picked[i],)))


def findings(result):
    notes = []
    stats = result["measurements"]
    api = stats.get("api_search")
    engine = stats["engine_search_with_facets"]
    if api and api["p95_ms"] > 50:
        notes.append(f"API search p95 {api['p95_ms']} ms is above the 50 ms target")
    if engine["p95_ms"] > 50:
        notes.append(f"engine p95 {engine['p95_ms']} ms is above 50 ms")
    for name, ratio in result.get("ratios", {}).items():
        if ratio > 2:
            notes.append(f"{name} is {ratio} (target at most 2)")
    return notes
