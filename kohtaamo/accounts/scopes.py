"""Where a record belongs, declared once per model.

A scoped model names, in ``scope_paths``, the lookups from one of its rows to the
organisation, unit and county it belongs to (one :class:`ScopePath` for each way it
belongs: a referral belongs to its sending unit and, once sent, to its receiver). The
same declaration answers both questions the permission helper asks:

* for one record (``user.has_perm(perm, obj)``), :meth:`ScopedMixin.permission_scopes`
  follows the lookups on the object;
* for a list, ``Model.objects.reachable_by(user, perm)`` turns them into one query
  condition (:func:`kohtaamo.accounts.permissions.reach_condition`).

The two can never drift apart: ``tests/accounts/test_permissions.py`` checks that the
list and the per-record answer agree for every scoped model.
"""

from dataclasses import dataclass, field, replace

from django.db import models


@dataclass(frozen=True)
class Scope:
    """Where a record belongs, for deciding who may see it."""

    organisation_id: int | None
    unit_id: int | None = None
    county_id: int | None = None


def _follow(obj, lookup):
    """The value ``lookup`` ("issuing_unit__organisation_id") names on ``obj``."""
    for name in lookup.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


@dataclass(frozen=True)
class ScopePath:
    """One way a row belongs somewhere: lookups from the row to the ids of its
    organisation, unit (if it can belong to one) and county.

    ``county`` defaults to the organisation's county. ``via`` names a to-many relation
    whose every row places the record (a person belongs wherever they are members).
    ``unless`` holds lookups and values: a row for which all of them hold does not
    belong this way (a draft referral does not belong to its receiver yet). ``side``
    names the part of the record this way stands for (a referral's "issuer" and
    "receiver"), for asking about one side only.
    """

    organisation: str
    unit: str | None = None
    county: str | None = None
    side: str = ""
    via: str = ""
    unless: dict = field(default_factory=dict)

    @property
    def county_lookup(self):
        return self.county or self.organisation.removesuffix("_id") + "__county_id"

    def through(self, relation: str, **changes) -> "ScopePath":
        """This path seen from a model that points at this one by ``relation``."""
        if self.via:
            raise ValueError("A path through a to-many relation cannot be followed further.")

        def prefixed(lookup):
            return f"{relation}__{lookup}" if lookup else lookup

        return replace(
            self,
            organisation=prefixed(self.organisation),
            unit=prefixed(self.unit),
            county=prefixed(self.county_lookup),
            unless={prefixed(key): value for key, value in self.unless.items()},
            **changes,
        )

    # For one record, in Python.

    def scopes_of(self, obj) -> list[Scope]:
        if self.unless and all(_follow(obj, key) == value for key, value in self.unless.items()):
            return []
        rows = getattr(obj, self.via).all() if self.via else [obj]
        scopes = []
        for row in rows:
            organisation_id = _follow(row, self.organisation)
            if organisation_id is None:
                # Belonging to no organisation, the row is reference data this way.
                continue
            unit_id = _follow(row, self.unit) if self.unit else None
            scopes.append(Scope(organisation_id, unit_id, _follow(row, self.county_lookup)))
        return scopes

    # For lists, as lookups of a query.

    def lookups(self):
        """The organisation, unit (or None) and county lookups from the queried model."""
        prefix = f"{self.via}__" if self.via else ""
        unit = prefix + self.unit if self.unit else None
        return prefix + self.organisation, unit, prefix + self.county_lookup

    def excluded(self):
        """The condition of the rows that do not belong this way (``unless``)."""
        return models.Q(**self.unless) if self.unless else None


def paths_through(relation, model, *, side=""):
    """``model``'s scope paths seen from a model that points at it by ``relation``
    (only those of ``side``, when given)."""
    return tuple(
        path.through(relation) for path in model.scope_paths if not side or path.side == side
    )


class ScopedQuerySet(models.QuerySet):
    def reachable_by(self, user, perm):
        """The rows ``user`` may ``perm``: exactly those ``user.has_perm(perm, row)``
        allows."""
        from .permissions import reachable

        return reachable(user, perm, self)


class ScopedMixin:
    """``permission_scopes`` from the model's ``scope_paths``."""

    scope_paths: tuple = ()

    @property
    def permission_scopes(self):
        return [scope for path in self.scope_paths for scope in path.scopes_of(self)]

    def scopes_of_side(self, side):
        """The scopes of one side only (``[None]``: that side is nobody yet)."""
        scopes = [
            scope
            for path in self.scope_paths
            if path.side == side
            for scope in path.scopes_of(self)
        ]
        return scopes or [None]
