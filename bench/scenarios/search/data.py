"""The synthetic catalogue for the search benchmark: services and events written with
COPY, and their search index loaded in bulk and checked.
"""

import datetime

from django.db import connection
from django.utils import timezone

from bench import lib
from bench.lib import log, sanity

SERVICES = 200_000
EVENTS = 1_000_000


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
    # Read once before the COPY: a query on the connection while it copies would wait
    # for the COPY forever, and the vocabulary's cache reloads every few minutes.
    real_texts = index.vocabulary.classification_texts
    classified = real_texts()
    index.vocabulary.classification_texts = lambda: classified
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
        index.vocabulary.classification_texts = real_texts
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
