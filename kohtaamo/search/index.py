"""Keeping the search index in step with the catalogue.

Saving, publishing, unpublishing or deleting a service or event re-indexes that one
document at once, in the same transaction (``signals.py`` does it). Only published
content has a document; anything else is removed from the index.

Bulk loaders (demo data, imports, benchmarks) create rows with ``bulk_create``, which
sends no signals, or save many rows one by one. They index afterwards in one go::

    from kohtaamo.search.index import deferred_indexing, index_documents

    Service.objects.bulk_create(services)
    index_documents("service", [s.pk for s in services])   # or ids=None: every one

    with deferred_indexing():     # saves inside are collected, not indexed one by one
        for row in rows:
            import_row(row)
    # ... and indexed here, in batches, when the block ends without an error

``manage.py rebuild_search_index`` re-indexes everything.
"""

import contextvars
import random
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

from kohtaamo.catalogue.models import Event, Service
from kohtaamo.catalogue.states import Status

from . import vocabulary
from .analysis import (
    LANGUAGES,
    MAX_WORD_LENGTH,
    TYPO_MIN_LENGTH,
    analyse,
    deletion_variants,
)
from .models import SAMPLE_RANGE, SHARE_BOUND, Document, Kind, Term, TermVariant
from .params import FILTERS, NAMED

BATCH_SIZE = 500
KINDS = {"service": Kind.SERVICE, "event": Kind.EVENT}
MODELS: dict[str, type[Service] | type[Event]] = {"service": Service, "event": Event}
MAX_LEXEMES = 20_000

_pending = contextvars.ContextVar("search_pending", default=None)


# --------------------------------------------------------------------------------------
# When to index
# --------------------------------------------------------------------------------------


@contextmanager
def deferred_indexing():
    """Collect the documents that saves inside the block would re-index, and index each of
    them once when the block ends (nothing is indexed if it ends with an exception)."""
    if _pending.get() is not None:
        yield
        return
    pending = {kind: set() for kind in KINDS}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for kind, ids in pending.items():
        if ids:
            index_documents(kind, sorted(ids))


def schedule(kind, ids):
    """Re-index these documents now, or at the end of the surrounding deferred block."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending[kind].update(ids)
    else:
        index_documents(kind, ids)


# --------------------------------------------------------------------------------------
# What a document holds
# --------------------------------------------------------------------------------------


def sort_key(name):
    """A name as it sorts in Finnish in byte order (å, ä, ö come after z), the same on
    SQLite and on PostgreSQL (whose column uses the "C" collation)."""
    return name.strip().lower().translate(str.maketrans("åäö", "{|}"))[:200]


def _local_day(moment):
    return timezone.localtime(moment).date() if moment else None


def _text(obj, field):
    # Finnish first: it is the order the sort name is picked in.
    return {code: getattr(obj, f"{field}_{code}", "") or "" for code in LANGUAGES}


def _own_or_service(event, field):
    own = _text(event, field)
    if any(own.values()) or event.service is None:
        return own
    return _text(event.service, field)


def _analysed(texts_by_language, into):
    for code, texts in texts_by_language.items():
        for text in texts:
            for lexeme in analyse(text, code):
                into.setdefault(lexeme, None)


# For each many-to-many relation: the facet it fills and the value the facet records.
RELATED_CODE = {item.relation: (item.name, item.value) for item in FILTERS if item.relation}
AREA = ("code", "county__code", "name_fi", "name_sv")


def _related(kind, ids):
    """{object id: {relation: [values]}} read straight from the link tables: one light
    query per relation instead of a model object per linked row."""
    model = MODELS[kind]
    source = f"{model._meta.model_name}_id"
    related = {pk: {} for pk in ids}

    def collect(relation, paths):
        through = model._meta.get_field(relation).remote_field.through
        target = model._meta.get_field(relation).related_model._meta.model_name
        columns = [f"{target}__{path}" for path in paths]
        for row in through.objects.filter(**{f"{source}__in": ids}).values_list(source, *columns):
            related[row[0]].setdefault(relation, []).append(row[1:] if len(row) > 2 else row[1])

    for relation, (_, path) in RELATED_CODE.items():
        collect(relation, [path])
    if kind == "service":
        collect("municipalities", AREA)
        collect(
            "places",
            ["name_fi", "name_sv", "name_en", *(f"municipality__{path}" for path in AREA)],
        )
    return related


def _describe(kind, obj, related):
    """(Document fields, name lexemes, other lexemes) of one published service or event."""
    areas = {}  # code -> (code, county code, name_fi, name_sv)
    place_names = []
    if kind == "service":
        names = _text(obj, "name")
        texts = [_text(obj, field) for field in ("summary", "description", "keywords")]
        for area in related.get("municipalities", ()):
            areas[area[0]] = area
        for place in related.get("places", ()):
            place_names.append(dict(zip(LANGUAGES, place[:3], strict=True)))
            areas.setdefault(place[3], place[3:])
        card = bool(obj.card_places)
        dates = {}
    else:
        names = _own_or_service(obj, "name")
        texts = [_own_or_service(obj, field) for field in ("summary", "description", "keywords")]
        if obj.place:
            place_names.append(_text(obj.place, "name"))
        if obj.municipality:
            m = obj.municipality
            areas[m.code] = (m.code, m.county.code, m.name_fi, m.name_sv)
        card = obj.card_places > 0
        dates = {
            "start": obj.start,
            "first_day": _local_day(obj.start),
            "last_day": _local_day(obj.end or obj.start),
        }
    other = {code: [] for code in LANGUAGES}
    # The names of its target groups and art forms, so that "nuorille" finds a course
    # for young people whose text does not say so (decision 0027).
    classified = vocabulary.classification_texts()
    classes = [
        classified.get((facet, value), {})
        for relation, (facet, _) in RELATED_CODE.items()
        if facet in vocabulary.RELATED_MODELS
        for value in related.get(relation, ())
    ]
    for by_language in [*texts, _text(obj.organisation, "name"), *place_names, *classes]:
        for code, text in by_language.items():
            other[code].append(text)
    for _, _, name_fi, name_sv in areas.values():
        other["fi"].append(name_fi)
        other["sv"].append(name_sv)

    name_lexemes, other_lexemes = {}, {}
    _analysed({code: [text] for code, text in names.items()}, name_lexemes)
    _analysed(other, other_lexemes)

    tags = {f"municipality:{code}" for code in areas}
    tags |= {f"county:{area[1]}" for area in areas.values()}
    for relation, (facet, _) in RELATED_CODE.items():
        tags |= {f"{facet}:{value}" for value in related.get(relation, ())}
    # Which languages it has a name in: the reader's own rank first (decision 0027).
    tags |= {f"{NAMED}:{code}" for code, text in names.items() if text and code != "fi"}
    tags.add(f"free:{'true' if obj.is_free else 'false'}")
    tags.add(f"card:{'true' if card else 'false'}")
    fields = {
        "kind": KINDS[kind],
        "object_id": obj.pk,
        "sort_name": sort_key(next((text for text in names.values() if text), "")),
        "age_min": obj.age_min,
        "age_max": obj.age_max,
        "is_free": obj.is_free,
        "card": card,
        "tags": sorted(tags),
        **dates,
    }
    # PostgreSQL refuses a tsvector over 1 MB; no real text comes near this many words.
    return fields, list(name_lexemes)[:MAX_LEXEMES], list(other_lexemes)[:MAX_LEXEMES]


def _load(kind, ids):
    """The published ones among these services or events, each with its related values."""
    model = MODELS[kind]
    rows = model.objects.filter(pk__in=ids, status=Status.PUBLISHED).select_related("organisation")
    if kind == "event":
        rows = rows.select_related("service", "place", "municipality__county")
    objects = list(rows)
    related = _related(kind, [obj.pk for obj in objects])
    return [(obj, related[obj.pk]) for obj in objects]


# --------------------------------------------------------------------------------------
# Writing the index
# --------------------------------------------------------------------------------------


def index_documents(kind, ids: Iterable[int] | None = None, *, batch_size=BATCH_SIZE):
    """Bring the documents of these services or events (every one with ``ids=None``) up to
    date: published ones are (re)written, the rest removed. Returns how many are indexed."""
    model = MODELS[kind]
    if ids is None:
        ids = model.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000)
    indexed = 0
    batch = []
    for pk in ids:
        batch.append(pk)
        if len(batch) >= batch_size:
            indexed += _index_batch(kind, batch)
            batch = []
    if batch:
        indexed += _index_batch(kind, batch)
    return indexed


def _delete(document_ids):
    if not document_ids:
        return
    Document.objects.filter(pk__in=document_ids).delete()
    if connection.vendor == "sqlite":
        _delete_fts(document_ids)


def _delete_fts(document_ids):
    marks = ",".join(["%s"] * len(document_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", list(document_ids))  # noqa: S608


def _index_batch(kind, ids):
    ids = list(dict.fromkeys(ids))
    objects = _load(kind, ids)
    described = [_describe(kind, obj, related) for obj, related in objects]
    with transaction.atomic():
        old = list(
            Document.objects.filter(kind=KINDS[kind], object_id__in=ids).values_list(
                "pk", flat=True
            )
        )
        _delete(old)
        documents = [
            Document(sample=random.randrange(SAMPLE_RANGE), **fields) for fields, _, _ in described
        ]
        Document.objects.bulk_create(documents)
        rows = [
            (document.pk, " ".join(name), " ".join(other))
            for document, (_, name, other) in zip(documents, described, strict=True)
        ]
        _write_text(rows)
        write_samples([document.pk for document in documents])
        vocabulary = {}
        for _, name, other in described:
            vocabulary.update(dict.fromkeys(name))
            vocabulary.update(dict.fromkeys(other))
        add_to_vocabulary(vocabulary)
    return len(documents)


def _write_text(rows):
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE search_document AS d SET tsv = "
                "setweight(to_tsvector('simple', u.name), 'A') || "
                "setweight(to_tsvector('simple', u.other), 'B') "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS u(id, name, other) "
                "WHERE d.id = u.id",
                [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
            )
        else:
            # A rowid left over from a flushed test database must not carry old words.
            _delete_fts([r[0] for r in rows])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, name, body) VALUES (%s, %s, %s)", rows
            )


SAMPLE_COLUMNS = (
    "id, kind, object_id, sort_name, start, first_day, last_day, age_min, age_max, is_free, "
    "card, sample, tags"
)


def write_samples(document_ids=None):
    """Copy the (new) documents in the random share to ``Sample``, words included; a
    document's copy goes when the document does (the foreign key cascades)."""
    columns = SAMPLE_COLUMNS
    if connection.vendor == "postgresql":
        columns += ", tsv"
    sql = (
        f"INSERT INTO search_sample ({columns}) SELECT {columns} FROM search_document "  # noqa: S608
        f"WHERE sample < {int(SHARE_BOUND)}"
    )
    params = []
    if document_ids is not None:
        document_ids = list(document_ids)
        if not document_ids:
            return
        sql += " AND id IN (" + ", ".join(["%s"] * len(document_ids)) + ")"
        params = document_ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def add_to_vocabulary(lexemes):
    """Record indexed words, and the one-letter deletions of the longer ones."""
    lexemes = [lexeme for lexeme in lexemes if len(lexeme) <= MAX_WORD_LENGTH]
    for start in range(0, len(lexemes), BATCH_SIZE):
        chunk = lexemes[start : start + BATCH_SIZE]
        known = set(Term.objects.filter(term__in=chunk).values_list("term", flat=True))
        new = [lexeme for lexeme in chunk if lexeme not in known]
        if not new:
            continue
        Term.objects.bulk_create([Term(term=lexeme) for lexeme in new], ignore_conflicts=True)
        created = Term.objects.filter(term__in=new).values_list("pk", "term")
        variants = [
            TermVariant(variant=variant, term_id=pk)
            for pk, term in created
            if len(term) >= TYPO_MIN_LENGTH - 1
            for variant in (deletion_variants(term) if len(term) >= TYPO_MIN_LENGTH else {term})
        ]
        TermVariant.objects.bulk_create(variants, ignore_conflicts=True, batch_size=2000)


def rebuild(*, batch_size=BATCH_SIZE, progress=None):
    """Re-index every service and event and drop documents of content that is gone.

    The old index keeps answering while this runs; the vocabulary is rebuilt from the
    words actually indexed.
    """
    with transaction.atomic():
        TermVariant.objects.all().delete()
        Term.objects.all().delete()
    counts = {}
    for kind, model in MODELS.items():
        published = model.objects.filter(status=Status.PUBLISHED).order_by("pk")
        ids = list(published.values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), batch_size):
            done += _index_batch(kind, ids[start : start + batch_size])
            if progress:
                progress(kind, done, len(ids))
        stale = Document.objects.filter(kind=KINDS[kind]).exclude(object_id__in=published)
        stale_ids = list(stale.values_list("pk", flat=True))
        for start in range(0, len(stale_ids), batch_size):
            with transaction.atomic():
                _delete(stale_ids[start : start + batch_size])
        counts[kind] = done
    return counts
