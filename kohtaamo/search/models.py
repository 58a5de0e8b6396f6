"""The search index: one denormalised row per published service or event.

A ``Document`` holds what filtering, counting and ordering need without joins: dates, the
age range, price and card flags, and every facet value as a flat list of tags
(``["art_form:music", "card:false", "county:13", "municipality:297", "step:1", ...]``):
a filter is "has any of these tags", a facet count is a count per tag. Its words live
beside it in the database's own full-text index: an FTS5 table ``search_fts`` on SQLite,
a ``tsv`` tsvector column with a GIN index on PostgreSQL (see the 0002 migration). Only
published content is indexed, so nothing else can ever be found.

``Term`` is the vocabulary of indexed words and ``TermVariant`` its one-letter deletions,
for finding a word typed with one wrong letter (see ``query.expand_typos``).
"""

from django.db import models


class Kind(models.IntegerChoices):
    SERVICE = 1, "service"
    EVENT = 2, "event"


# Documents carry a random number in 0..SAMPLE_RANGE-1: counting over "sample < n" counts
# a random share of a large result, from which totals and facet counts are estimated.
SAMPLE_RANGE = 1024
# The documents with sample < SHARE_BOUND (1/64 of them) are copied to ``Sample``, a table
# small enough to stay in the database's memory, where large results are estimated.
SHARE_BOUND = 16


# Lower ends of the age bands by which PostgreSQL's word and tag indexes also index a
# document's age range (migration 0006): a document is under every band its range
# overlaps, so an age filter is narrowed in the index to the documents of its band and
# checked exactly on those alone. A new set of bands needs a migration of its own.
AGE_BANDS = (0, 7, 13, 18, 30, 65, 75)


class Document(models.Model):
    kind = models.PositiveSmallIntegerField(choices=Kind)
    object_id = models.BigIntegerField()
    sort_name = models.CharField(max_length=200, blank=True)
    start = models.DateTimeField(null=True)
    first_day = models.DateField(null=True)
    last_day = models.DateField(null=True)
    age_min = models.PositiveSmallIntegerField(null=True)
    age_max = models.PositiveSmallIntegerField(null=True)
    is_free = models.BooleanField(default=False)
    card = models.BooleanField(default=False)
    sample = models.PositiveSmallIntegerField(default=0)
    tags = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_object")
        ]
        indexes = [
            models.Index(fields=["kind", "start"], name="search_doc_kind_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id}"


class Sample(models.Model):
    """A copy of a document in the random share ``sample < SHARE_BOUND``, written with it
    and deleted with it. Large results are counted here and scaled up: its rows sit
    together in a table of a 64th of the index's size instead of scattered over the whole
    of it (decision 0010). On PostgreSQL it has the document's ``tsv`` too (migration)."""

    document = models.OneToOneField(
        Document, on_delete=models.DB_CASCADE, primary_key=True, db_column="id", related_name="+"
    )
    kind = models.PositiveSmallIntegerField(choices=Kind)
    object_id = models.BigIntegerField()
    sort_name = models.CharField(max_length=200, blank=True)
    start = models.DateTimeField(null=True)
    first_day = models.DateField(null=True)
    last_day = models.DateField(null=True)
    age_min = models.PositiveSmallIntegerField(null=True)
    age_max = models.PositiveSmallIntegerField(null=True)
    is_free = models.BooleanField(default=False)
    card = models.BooleanField(default=False)
    sample = models.PositiveSmallIntegerField(default=0)
    tags = models.JSONField(default=list)

    class Meta:
        indexes = [models.Index(fields=["kind", "sample"], name="search_sample_kind_sample")]

    def __str__(self):
        return f"sample of document {self.document_id}"


class Term(models.Model):
    term = models.CharField(max_length=40, unique=True)

    def __str__(self):
        return self.term


class TermVariant(models.Model):
    variant = models.CharField(max_length=40)
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="variants")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "term"], name="search_variant_term")
        ]

    def __str__(self):
        return f"{self.variant} -> {self.term_id}"
