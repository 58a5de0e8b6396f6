"""Catalogue search at national scale: the engine, the API, and hand-written SQL.

Builds a synthetic catalogue (200,000 services and 1,000,000 events at scale 1.0, in
municipalities drawn from all of the reference data, with Finnish names and texts and some
Swedish and English ones) with COPY, loads its search index in bulk (``bulk_index``: the
real ``index._describe`` and analysis for every document, each distinct text analysed
once, the rows written with COPY and checked against ``index_documents`` on a sample),
then runs a fixed mix of 200 searches (inflected Finnish free text, filters, both;
services and events) three ways:

* ``engine``: ``kohtaamo.search.query.search`` with facets, as the page and API call it;
* ``api``: ``GET /api/v1/services/`` and ``/api/v1/events/`` through Django's test client
  (middleware, serialisation, the rows of the page), when that API is installed;
* ``sql``: the same question as hand-written SQL over the same index: the first page and
  an exact ``COUNT(*)``, no facets (the query analysis is done before timing).

Each engine answer is checked against the hand-written SQL: the same first page, and
the same count where the engine says its count is exact. Also timed: ``index_documents``
on 2,000 services and re-indexing one service on save (the provider's hot path); and
EXPLAIN (ANALYZE, BUFFERS) of the engine's queries for a few questions (``engine_plans``).
The slowest questions of the engine and the API are kept with what they asked
(``slowest``).
"""

import datetime
import gc
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
    from django.urls import get_resolver

    from kohtaamo.search.models import Document

    # Load the URL configuration (and so every view module) now, not after the long build.
    _ = get_resolver().url_patterns
    network = context.network()
    rng = context.rng("search")
    result = {"data": {}, "measurements": {}, "throughput": {}, "findings": []}

    with lib.Stopwatch() as built:
        service_ids, event_ids, catalogue = build_catalogue(context, network, rng)
    result["data"]["build_seconds"] = built.seconds
    result["data"]["services"] = len(service_ids)
    result["data"]["events"] = len(event_ids)
    from kohtaamo.core.models import Municipality

    result["data"]["municipalities"] = Municipality.objects.count()

    log(f"indexing {len(service_ids)} services and {len(event_ids)} events in bulk")
    with lib.Stopwatch() as indexed:
        bulk_index(service_ids, event_ids, catalogue)
    del catalogue
    lib.vacuum_analyze("search_document", "search_sample", "search_term", "search_termvariant")
    check_bulk_index(service_ids, event_ids, rng)
    result["throughput"]["benchmark_bulk_load_of_the_index"] = {
        "per_second": round((len(service_ids) + len(event_ids)) / max(indexed.seconds, 0.01)),
        "seconds": indexed.seconds,
        "note": "the benchmark's own COPY loader (real _describe and analysis, each distinct "
        "text analysed once); index_documents is timed below on a slice",
    }
    from kohtaamo.search.index import index_documents

    slice_ids = service_ids[:2000]
    with lib.Stopwatch() as reindexed:
        index_documents("service", slice_ids, batch_size=500)
    result["throughput"]["bulk_indexing"] = {
        "per_second": round(len(slice_ids) / max(reindexed.seconds, 0.01)),
        "seconds": reindexed.seconds,
        "note": "index_documents re-indexing 2,000 services",
    }
    result["data"]["documents"] = Document.objects.count()
    result["data"]["table_sizes"] = table_sizes()

    questions = make_questions(context, rng)
    result["data"]["questions"] = describe_questions(questions)
    # The benchmark itself holds lists of a million ids and the catalogue it built; a web
    # worker holds none of it. Frozen, the garbage collector leaves it alone instead of
    # walking it in the middle of timed searches.
    gc.collect()
    gc.freeze()
    try:
        result["measurements"].update(time_searches(questions, result))
    finally:
        gc.unfreeze()
    result["engine_plans"] = explain_engine(questions)
    result["measurements"]["save_one_service"] = time_hot_path(service_ids, rng)
    result["findings"] = findings(result)
    return result


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------


def build_catalogue(context, network, rng):
    """Services and events with their links, written with COPY (no model objects)."""
    from kohtaamo.catalogue.models import Event, Service
    from kohtaamo.core.models import (
        AccessibilityFeature,
        ArtForm,
        Language,
        Municipality,
        TargetGroup,
        WellbeingStep,
    )

    municipalities = list(Municipality.objects.select_related("county").order_by("code"))
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
    step_choices = (1, 1, 2, 2, 3, 4, 5)
    access_counts = (0, 1, 2, 3)

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
            "steps": [steps[rng.choice(step_choices)]],
            "art_forms": [art_forms[art_form]],
            "target_groups": [target_groups[group]] if group else [],
            "languages": [languages["fi"]]
            + ([languages["sv"]] if rng.random() < 0.08 else [])
            + ([languages["en"]] if rng.random() < 0.05 else []),
            "accessibility": rng.sample(accessibility, rng.choice(access_counts)),
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

    relations_of = {}
    service_count = context.scaled(SERVICES)
    log(f"services ({service_count})")
    first = next_id(Service)
    service_ids = list(range(first, first + service_count))
    services = {}

    def service_rows():
        for index, pk in enumerate(service_ids):
            home, fields, relations = offering(index)
            served = [home.pk]
            if rng.random() < 0.3:
                served.append(rng.choices(municipalities, weights)[0].pk)
            relations["municipalities"] = served
            fields["card_places"] = rng.random() < 0.25
            fields["id"] = pk
            services[pk] = fields
            relations_of[("service", pk)] = relations
            yield fields

    copy_model(Service, service_rows(), now)
    copy_links(Service, service_ids, relations_of, "service")

    event_count = context.scaled(EVENTS)
    log(f"events ({event_count})")
    first = next_id(Event)
    event_ids = list(range(first, first + event_count))
    events = {}

    def event_rows():
        for index, pk in enumerate(event_ids):
            home, fields, relations = offering(index * 7)
            start = now + datetime.timedelta(minutes=rng.randrange(-180 * 24 * 60, 365 * 24 * 60))
            if rng.random() < 0.25:
                # An event of a service, with the service's texts.
                fields["service_id"] = rng.choice(service_ids)
                for key in ("name_fi", "summary_fi", "description_fi", "keywords_fi"):
                    fields[key] = ""
            fields.update(
                id=pk,
                start=start,
                end=start + datetime.timedelta(hours=2) if rng.random() < 0.5 else None,
                municipality_id=home.pk,
                card_places=rng.choice((0, 0, 0, 0, 2, 5)),
            )
            events[pk] = fields
            relations_of[("event", pk)] = relations
            yield fields

    copy_model(Event, event_rows(), now)
    copy_links(Event, event_ids, relations_of, "event")
    lib.vacuum_analyze("catalogue_service", "catalogue_event")
    catalogue = {
        "services": services,
        "events": events,
        "relations": relations_of,
        "municipalities": {m.pk: m for m in municipalities},
    }
    return service_ids, event_ids, catalogue


def next_id(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0]


def copy_model(model, rows, now):
    """COPY dicts of field values into ``model``'s table, every other column at its
    default (what ``Model()`` would save); then move the id sequence past them."""
    import json

    table = model._meta.db_table
    fields = list(model._meta.concrete_fields)
    template = model()
    defaults = {}
    for field in fields:
        value = getattr(template, field.attname)
        if field.get_internal_type() == "JSONField":
            value = json.dumps(value)
        defaults[field.attname] = value
    defaults["created_at"] = defaults["updated_at"] = now
    defaults["published_at"] = now
    columns = [field.attname for field in fields]
    quoted = [f'"{field.column}"' for field in fields]

    def tuples():
        for row in rows:
            yield tuple(row.get(column, defaults[column]) for column in columns)

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # built consistent
    try:
        with lib.indexes_dropped(table):
            lib.copy_rows(table, quoted, tuples())
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )


def copy_links(model, ids, relations_of, kind):
    names = list(relations_of[(kind, ids[0])]) if ids else []
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        for name in names:
            field = model._meta.get_field(name)
            table = field.remote_field.through._meta.db_table
            columns = [f'"{field.m2m_column_name()}"', f'"{field.m2m_reverse_name()}"']
            rows = (
                (pk, value) for pk in ids for value in dict.fromkeys(relations_of[(kind, pk)][name])
            )
            lib.copy_rows(table, columns, rows)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def bulk_index(service_ids, event_ids, catalogue):
    """The search index of the synthetic catalogue, in bulk: each document described by the
    real ``index._describe`` (the real analysis, each distinct text analysed once), the
    rows written with COPY and the words turned into a tsvector by the same SQL expression
    the indexer uses; the vocabulary through the real ``add_to_vocabulary``."""
    import functools
    import json
    import random
    from types import SimpleNamespace

    from kohtaamo.accounts.models import Organisation
    from kohtaamo.search import index
    from kohtaamo.search.models import SAMPLE_RANGE

    organisations = {
        pk: SimpleNamespace(name_fi=fi, name_sv=sv, name_en=en)
        for pk, fi, sv, en in Organisation.objects.values_list(
            "pk", "name_fi", "name_sv", "name_en"
        )
    }
    municipalities = catalogue["municipalities"]
    from kohtaamo.core.models import (
        AccessibilityFeature,
        ArtForm,
        Language,
        TargetGroup,
        WellbeingStep,
    )

    codes = {"steps": dict(WellbeingStep.objects.values_list("pk", "number"))}
    for name, model in (
        ("art_forms", ArtForm),
        ("target_groups", TargetGroup),
        ("languages", Language),
        ("accessibility", AccessibilityFeature),
    ):
        codes[name] = dict(model.objects.values_list("pk", "code"))
    area = {pk: (m.code, m.county.code, m.name_fi, m.name_sv) for pk, m in municipalities.items()}
    texts = ("name", "summary", "description", "keywords")

    def namespace(fields):
        values = {f"{t}_{c}": fields.get(f"{t}_{c}", "") for t in texts for c in ("fi", "sv", "en")}
        return SimpleNamespace(
            pk=fields["id"],
            organisation=organisations[fields["organisation_id"]],
            is_free=fields["is_free"],
            age_min=fields["age_min"],
            age_max=fields["age_max"],
            card_places=fields["card_places"],
            **values,
        )

    service_objects = {}

    def described(kind, ids):
        for pk in ids:
            fields = catalogue[f"{kind}s"][pk]
            if fields["status"] != "published":
                continue
            relations = catalogue["relations"][(kind, pk)]
            related = {
                name: [codes[name][value] for value in relations[name]]
                for name in index.RELATED_CODE
            }
            obj = namespace(fields)
            if kind == "service":
                service_objects[pk] = obj
                related["municipalities"] = [
                    area[m] for m in dict.fromkeys(relations["municipalities"])
                ]
            else:
                service = fields.get("service_id")
                if service is not None and service not in service_objects:
                    service_objects[service] = namespace(catalogue["services"][service])
                m = municipalities[fields["municipality_id"]]
                obj.service = service_objects.get(service)
                obj.place = None
                obj.municipality = SimpleNamespace(
                    code=m.code, county=m.county, name_fi=m.name_fi, name_sv=m.name_sv
                )
                obj.start, obj.end = fields["start"], fields["end"]
            yield index._describe(kind, obj, related)

    vocabulary = {}
    sampler = random.Random(0)
    staging = (
        "kind",
        "object_id",
        "sort_name",
        "start",
        "first_day",
        "last_day",
        "age_min",
        "age_max",
        "is_free",
        "card",
        "sample",
        "tags",
        "name_words",
        "other_words",
    )

    def rows():
        for kind, ids in (("service", service_ids), ("event", event_ids)):
            for fields, name, other in described(kind, ids):
                vocabulary.update(dict.fromkeys(name))
                vocabulary.update(dict.fromkeys(other))
                yield (
                    int(fields["kind"]),
                    fields["object_id"],
                    fields["sort_name"],
                    fields.get("start"),
                    fields.get("first_day"),
                    fields.get("last_day"),
                    fields["age_min"],
                    fields["age_max"],
                    fields["is_free"],
                    fields["card"],
                    sampler.randrange(SAMPLE_RANGE),
                    json.dumps(fields["tags"]),
                    " ".join(name),
                    " ".join(other),
                )

    real_analyse = index.analyse
    index.analyse = functools.lru_cache(maxsize=200_000)(real_analyse)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE UNLOGGED TABLE bench_document_staging (kind smallint, object_id bigint, "
                "sort_name text, start timestamptz, first_day date, last_day date, "
                "age_min smallint, age_max smallint, is_free boolean, card boolean, "
                "sample smallint, tags jsonb, name_words text, other_words text)"
            )
        written = lib.copy_rows("bench_document_staging", staging, rows())
    finally:
        index.analyse = real_analyse
    log(f"{written} documents described; writing the index")
    columns = ", ".join(staging[:12])
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        with lib.indexes_dropped("search_document"):
            cursor.execute(
                f"INSERT INTO search_document ({columns}, tsv) "  # noqa: S608
                f"SELECT {columns}, setweight(to_tsvector('simple', name_words), 'A') || "
                "setweight(to_tsvector('simple', other_words), 'B') "
                "FROM bench_document_staging"
            )
            log("documents written; building their indexes")
        cursor.execute("DROP TABLE bench_document_staging")
    # The random share's own table, as index_documents writes it for each new document.
    index.write_samples()
    index.add_to_vocabulary(list(vocabulary))
    return written


def check_bulk_index(service_ids, event_ids, rng):
    """The bulk index must hold what the real indexer writes: re-index a sample of
    documents with ``index_documents`` and compare every column but the random sample."""
    from kohtaamo.search.index import index_documents

    columns = (
        "sort_name, start, first_day, last_day, age_min, age_max, is_free, card, tags, tsv::text"
    )

    def snapshot(kind, ids):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id, {columns} FROM search_document "  # noqa: S608
                "WHERE kind = %s AND object_id = ANY(%s) ORDER BY object_id",
                [kind, ids],
            )
            return cursor.fetchall()

    for kind, number, ids in (("service", 1, service_ids), ("event", 2, event_ids)):
        picked = sorted(set(rng.sample(ids, min(100, len(ids)))))
        before = snapshot(number, picked)
        index_documents(kind, picked)
        after = snapshot(number, picked)
        sanity(before == after, f"bulk index of {kind}s differs from index_documents")
        sanity(len(before) > 0, f"no {kind} documents")


def table_sizes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class "
            "WHERE relname IN ('search_document', 'search_sample', 'search_term', "
            "'search_termvariant')"
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


def handwritten(kind, params, *, fine=False):
    """The question as one would write it by hand over the index: (page sql, count sql,
    params). The text analysis is done here, before any timing. ``fine``: in the order
    of a result counted exactly (decision 0027): the query's classifications first, then
    names, then names in the reader's language."""
    from kohtaamo.search import params as search_params
    from kohtaamo.search import sql, vocabulary
    from kohtaamo.search.index import KINDS

    where = ["d.kind = %s"]
    args = [int(KINDS[kind])]
    order, order_args = [], []
    try:
        words = sql.text_query(params.q, params.lang) if params.q else []
    except search_params.Nothing:
        where.append("false")
        words = []
    if words:
        where.append("d.tsv @@ to_tsquery('simple', %s)")
        args.append(sql.tsquery_expression(words))
        if fine:
            for found in vocabulary.recognise(params.q, params.lang):
                tags = [f"{found.facet}:{code}" for code in found.codes]
                order.append("CASE WHEN d.tags ?| %s::text[] THEN 0 ELSE 1 END")
                order_args.append(tags)
            if len(order) > 1:
                order[:] = ["(" + " + ".join(order) + ")"]
        order.append("CASE WHEN d.tsv @@ to_tsquery('simple', %s) THEN 0 ELSE 1 END")
        order_args.append(sql.tsquery_expression(words, ":A"))
    if fine and params.lang in ("sv", "en"):
        order.append("CASE WHEN d.tags ? %s THEN 0 ELSE 1 END")
        order_args.append(f"named:{params.lang}")
    for name in search_params.CODE_FACETS:
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
        order.append("d.object_id")
    else:
        order.append("d.object_id DESC")
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
        kind, params = prepared[index][:2]
        ids, count = run_handwritten(*handwritten(kind, params, fine=found.count_is_exact))
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
    result["slowest"] = {"engine_search_with_facets": slowest(engine, questions)}
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
        result["slowest"]["api_search"] = slowest(api, questions)
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


def slowest(timings, questions, keep=10):
    """The ``keep`` slowest questions of a measurement, with what they asked: the tail of
    the percentiles, to look into on a kept database (``--keep``)."""
    # measure() takes question WARMUP first and wraps around (prepare: i % len).
    asked = [
        (ms, questions[(WARMUP + number) % len(questions)]) for number, ms in enumerate(timings)
    ]
    asked.sort(key=lambda item: -item[0])
    return [
        {"ms": round(ms, 1), "kind": kind, "shape": shape, "params": _asked(params)}
        for ms, (kind, params, shape) in asked[:keep]
    ]


def _asked(params):
    return {
        name: value if isinstance(value, (list, bool, int)) else str(value)
        for name, value in vars(params).items()
        if value not in ([], None, "") and name != "lang"
    }


def explain_engine(questions, per_shape=2, keep=8):
    """EXPLAIN (ANALYZE, BUFFERS) of every query the engine runs for a few questions of
    each shape; the slowest are kept with their plans."""
    from django.test.utils import CaptureQueriesContext

    from kohtaamo.search.query import search

    explained = []
    for shape in ("text", "filters", "both"):
        picked = [(k, p) for k, p, s in questions if s == shape][:per_shape]
        for kind, params in picked:
            with CaptureQueriesContext(connection) as captured:
                search(kind, params, limit=PAGE)
            for query in captured.captured_queries:
                sql = query["sql"]
                if "search_document" not in sql:
                    continue
                plan = lib.explain(sql, "search_document")
                plan["question"] = {"kind": kind, "shape": shape, "q": params.q}
                explained.append(plan)
    explained.sort(key=lambda plan: -plan["execution_ms"])
    return {
        "queries_explained": len(explained),
        "total_execution_ms": round(sum(p["execution_ms"] for p in explained), 1),
        "slowest": explained[:keep],
    }


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
