"""Timing the searches three ways (engine, API, hand-written SQL), the engine's plans,
the slowest questions and the provider's hot path.
"""

from collections import Counter

from django.db import connection
from django.utils import timezone

from bench import lib
from bench.lib import log, measure, sanity, summarize

PAGE = 20
WARMUP = 20
MAX_SECONDS = 60


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
