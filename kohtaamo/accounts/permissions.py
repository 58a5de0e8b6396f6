"""Who may see and change what: the one place that decides.

A permission is a Django permission name (``"app_label.codename"``). :data:`RULES` says
which roles grant it and how far. Whether a membership *covers* a record depends on
where the record belongs (its :class:`~kohtaamo.accounts.models.Scope`):

* a unit membership covers records of that unit, and records of its organisation
  that belong to no unit;
* an organisation membership covers every record of that organisation;
* a coordinator, analyst or administrator membership in a wellbeing services county
  organisation covers every organisation in that county, and in a national body the
  whole country. Records that belong to nobody (reference data) need that national
  reach.

Django's ``user.has_perm(perm, obj)`` reaches this module through
:class:`~kohtaamo.accounts.backends.MembershipBackend`, so the admin, views and
templates all ask the same question. Lists are narrowed with :func:`reachable`
(``Model.objects.reachable_by(user, perm)``), from the same declaration of where each
model's rows belong (``scope_paths``, :mod:`.scopes`).
"""

from dataclasses import dataclass

from django.db.models import Q

from .roles import TWO_FACTOR_ROLES, WIDE_REACH_ROLES, Role

ALL_ROLES = frozenset(Role)
ORGANISATION_STAFF = ALL_ROLES - {Role.VOLUNTEER}


@dataclass(frozen=True)
class Rule:
    roles: frozenset
    # True: only a membership with national reach grants it (reference data, platform).
    national: bool = False
    # True: any record, wherever it belongs (shared reference data anyone may read).
    any_record: bool = False
    # The record's field naming the one person it belongs to ("owner_id"): a
    # professional's own working papers are theirs alone, not their organisation's.
    owner_field: str = ""
    # True: the record belongs to a wellbeing services county itself, not to any
    # organisation in it (its ``county_id``): only county or national reach covers it.
    county_record: bool = False


def _rule(*roles, national=False):
    return Rule(frozenset(roles), national)


ADMIN = Role.ADMINISTRATOR

RULES = {
    # Organisations and their units.
    "accounts.view_organisation": Rule(ORGANISATION_STAFF),
    "accounts.change_organisation": _rule(ADMIN),
    "accounts.add_organisation": _rule(ADMIN, national=True),
    "accounts.delete_organisation": _rule(ADMIN, national=True),
    "accounts.view_unit": Rule(ORGANISATION_STAFF),
    "accounts.add_unit": _rule(ADMIN),
    "accounts.change_unit": _rule(ADMIN),
    "accounts.delete_unit": _rule(ADMIN),
    # People and their roles.
    "accounts.view_user": _rule(ADMIN),
    "accounts.add_user": _rule(ADMIN),
    "accounts.change_user": _rule(ADMIN),
    "accounts.view_membership": _rule(ADMIN, Role.COORDINATOR),
    "accounts.add_membership": _rule(ADMIN),
    "accounts.change_membership": _rule(ADMIN),
    "accounts.delete_membership": _rule(ADMIN),
    # The audit log: administrators see the events about their own organisation.
    "core.view_auditevent": _rule(ADMIN),
    # The catalogue: providers keep their own content; coordinators moderate their county.
    "catalogue.change_providerprofile": _rule(Role.PROVIDER, ADMIN),
}

REFERENCE_MODELS = (
    "county",
    "municipality",
    "wellbeingstep",
    "artform",
    "targetgroup",
    "language",
    "accessibilityfeature",
    "fundingsource",
)
for _model in REFERENCE_MODELS:
    RULES[f"core.view_{_model}"] = Rule(ALL_ROLES, any_record=True)
    for _action in ("add", "change", "delete"):
        RULES[f"core.{_action}_{_model}"] = _rule(ADMIN, national=True)


CATALOGUE_EDITORS = frozenset({Role.PROVIDER, ADMIN})
CATALOGUE_READERS = CATALOGUE_EDITORS | {Role.COORDINATOR}
for _model in ("service", "event", "place"):
    RULES[f"catalogue.view_{_model}"] = Rule(CATALOGUE_READERS)
    for _action in ("add", "change", "delete"):
        RULES[f"catalogue.{_action}_{_model}"] = Rule(CATALOGUE_EDITORS)
for _model in ("service", "event"):
    RULES[f"catalogue.moderate_{_model}"] = _rule(Role.COORDINATOR)

# Personal lists of activities that professionals hand to their clients.
LIST_MAKERS = frozenset({Role.PROFESSIONAL, Role.CULTURE_ADVISOR})
for _action in ("view", "add", "change", "delete"):
    RULES[f"lists.{_action}_personallist"] = Rule(LIST_MAKERS, owner_field="owner_id")

# Buyers publish calls for offers for their organisation; providers answer them.
# Favourites and saved searches are every signed-in person's own and need no rule.
BUYER_ROLES = frozenset({Role.PROFESSIONAL, Role.CULTURE_ADVISOR, Role.COORDINATOR, ADMIN})
for _action in ("view", "add", "change"):
    RULES[f"buyers.{_action}_callforoffers"] = Rule(BUYER_ROLES)
RULES["buyers.answer_callforoffers"] = _rule(Role.PROVIDER)

# Culture cards: distributors keep the cards of their own unit; venues their free places
# and the door; coordinators enrol municipalities and distributors in their county.
for _action in ("view", "add", "change"):
    RULES[f"cards.{_action}_card"] = _rule(Role.DISTRIBUTOR)
    RULES[f"cards.{_action}_cardoffer"] = _rule(Role.PROVIDER, ADMIN)
RULES["cards.check_in_cardoffer"] = _rule(Role.PROVIDER)
# A professional helping a holder books for them by the card's number (any card: the
# number is the holder's to give, as at the door).
RULES["cards.book_for_holder"] = _rule(Role.PROFESSIONAL, Role.CULTURE_ADVISOR, Role.DISTRIBUTOR)
RULES["cards.view_programme"] = _rule(Role.COORDINATOR, Role.ANALYST, ADMIN)
RULES["cards.change_programme"] = _rule(Role.COORDINATOR, ADMIN)
# Card statistics, one permission per way of reaching the numbers (cards.stats says
# which rows each one covers): coordinators and analysts a county's programme (a
# national analyst every programme), distributors the cards they issued, venues their
# own free places and door.
RULES["cards.view_programme_statistics"] = _rule(Role.COORDINATOR, Role.ANALYST)
RULES["cards.view_distributor_statistics"] = _rule(Role.DISTRIBUTOR)
RULES["cards.view_venue_statistics"] = _rule(Role.PROVIDER)

# Culture referrals: only the sending and the receiving unit reach a referral (its
# permission_scopes name both); each side acts only on its own side, and the work
# notes of the receiving side (contacts, notes) are the receiver's alone.
REFERRAL_STAFF = frozenset({Role.PROFESSIONAL, Role.CULTURE_ADVISOR})
REFERRAL_PERMISSIONS = (
    "view_referral",
    "add_referral",
    "act_as_issuer",
    "act_as_receiver",
    "view_contactlog",
)
for _perm in REFERRAL_PERMISSIONS:
    RULES[f"referrals.{_perm}"] = Rule(REFERRAL_STAFF)
# Referral numbers (counts only, small cells suppressed): coordinators and analysts as
# far as they reach (a county, or the country from a national body), and a unit's own
# staff for what their unit sent or received.
# A county's referral types are the county's own, not an organisation's: its
# coordinators configure them (docs/decisions/0014).
for _action in ("view", "add", "change"):
    RULES[f"referrals.{_action}_referraltype"] = Rule(
        frozenset({Role.COORDINATOR}), county_record=True
    )
RULES["referrals.view_statistics"] = Rule(REFERRAL_STAFF | {Role.COORDINATOR, Role.ANALYST})
# Volunteer culture guides: a programme's coordinators keep its volunteers, requests,
# offers, expenses and kits; the professionals, advisors and care units that ask for a
# companion see their own requests (HelpRequest.scope_paths); county coordinators and
# analysts see the programmes and numbers of their county. A volunteer reaches only
# their own assignments, which the services decide by the volunteer's account, not here.
VOLUNTEER_COORDINATORS = frozenset({Role.VOLUNTEER_COORDINATOR})
REQUESTERS = REFERRAL_STAFF | {Role.DISTRIBUTOR, Role.VOLUNTEER_COORDINATOR}
RULES["volunteers.view_programme"] = _rule(
    Role.VOLUNTEER_COORDINATOR, Role.COORDINATOR, Role.ANALYST, ADMIN
)
RULES["volunteers.change_programme"] = _rule(Role.VOLUNTEER_COORDINATOR, ADMIN)
RULES["volunteers.add_programme"] = _rule(Role.VOLUNTEER_COORDINATOR, ADMIN)
for _action in ("view", "change"):
    RULES[f"volunteers.{_action}_volunteer"] = Rule(VOLUNTEER_COORDINATORS)
RULES["volunteers.view_helprequest"] = Rule(REQUESTERS)
RULES["volunteers.add_helprequest"] = Rule(REQUESTERS)
RULES["volunteers.cancel_helprequest"] = Rule(REQUESTERS)
RULES["volunteers.assign_helprequest"] = Rule(VOLUNTEER_COORDINATORS)
RULES["volunteers.change_expense"] = Rule(VOLUNTEER_COORDINATORS)
for _action in ("view", "add", "change"):
    RULES[f"volunteers.{_action}_kit"] = _rule(Role.VOLUNTEER_COORDINATOR, ADMIN)
RULES["volunteers.borrow_kit"] = Rule(VOLUNTEER_COORDINATORS | REFERRAL_STAFF, any_record=True)
RULES["volunteers.view_statistics"] = _rule(
    Role.VOLUNTEER_COORDINATOR, Role.COORDINATOR, Role.ANALYST
)
# Outcome measures (docs/decisions, "outcome measures"): national instruments are the
# platform's (national administrators); a county's own instruments (a licence it holds,
# its adapted customer-experience form) its administrators'. Who answered what is read
# only through the outcomes services, which write the audit log.
for _model in ("instrument", "item", "answerscale"):
    RULES[f"outcomes.view_{_model}"] = Rule(
        frozenset({ADMIN, Role.COORDINATOR}), county_record=True
    )
    for _action in ("add", "change", "delete"):
        RULES[f"outcomes.{_action}_{_model}"] = Rule(frozenset({ADMIN}), county_record=True)
# Arts inside care (see its decision in docs/decisions): a care unit's professionals,
# and the county's coordinators for every care unit of the county, act for the unit's side of an
# engagement; the artist's provider accounts for the artist's side. Each reaches only
# the engagements its side is party to (Engagement.scope_paths).
ARTS_UNIT_SIDE = frozenset({Role.PROFESSIONAL, Role.COORDINATOR})
RULES["arts_in_care.view_engagement"] = Rule(ARTS_UNIT_SIDE | {Role.PROVIDER})
RULES["arts_in_care.add_engagement"] = Rule(ARTS_UNIT_SIDE | {Role.PROVIDER})
RULES["arts_in_care.act_for_unit"] = Rule(ARTS_UNIT_SIDE)
RULES["arts_in_care.act_for_artist"] = _rule(Role.PROVIDER)
RULES["arts_in_care.view_inventory"] = _rule(Role.COORDINATOR)
# A county's measurement plans are the county's own, as its referral types are: its
# coordinators say which questionnaire is asked when (docs/decisions/0043).
for _action in ("view", "add", "change", "delete"):
    RULES[f"outcomes.{_action}_measurementplan"] = Rule(
        frozenset({Role.COORDINATOR}), county_record=True
    )
# API keys and webhooks of client-information systems: the organisation's administrators.
for _model in ("apikey", "webhookendpoint"):
    for _action in ("view", "add", "change"):
        RULES[f"integrations.{_action}_{_model}"] = _rule(ADMIN)
RULES["integrations.view_webhookdelivery"] = _rule(ADMIN)

# Imports from PTV and Linked Events reach content of every county, so their runs,
# conflicts and classification mapping need a national membership (docs/decisions/0016).
IMPORT_PERMISSIONS = (
    "view_importrun",
    "rerun_importrun",
    "rollback_importrun",
    "view_conflict",
    "change_conflict",
    "view_externalrecord",
    "view_classificationmapping",
    "add_classificationmapping",
    "change_classificationmapping",
    "delete_classificationmapping",
)
for _perm in IMPORT_PERMISSIONS:
    RULES[f"interop.{_perm}"] = _rule(Role.COORDINATOR, ADMIN, national=True)


def requires_two_factor(user):
    """Whether this account must confirm its sign-in with a one-time code."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(user.roles() & TWO_FACTOR_ROLES)


def _reach(membership):
    """'national', 'county' or 'organisation' for one membership."""
    if membership.role in WIDE_REACH_ROLES:
        kind = membership.organisation.kind
        if kind == "national_body":
            return "national"
        if kind == "wellbeing_county" and membership.unit_id is None:
            return "county"
    return "organisation"


def _covers(membership, scope):
    reach = _reach(membership)
    if reach == "national":
        return True
    if scope is None or scope.organisation_id is None:
        return False
    same_county = (
        scope.county_id is not None and scope.county_id == membership.organisation.county_id
    )
    if reach == "county" and same_county:
        return True
    if scope.organisation_id != membership.organisation_id:
        return False
    if membership.unit_id is None:
        return True
    return scope.unit_id in (None, membership.unit_id)


def _granting_memberships(user, perm):
    rule = RULES.get(perm)
    if rule is None or not user.is_active:
        return []
    memberships = [m for m in user.active_memberships() if m.role in rule.roles]
    if rule.national:
        memberships = [m for m in memberships if _reach(m) == "national"]
    if rule.county_record:
        memberships = [m for m in memberships if _reach(m) in ("national", "county")]
    return memberships


def _covers_county(membership, county_id):
    if _reach(membership) == "national":
        return True
    return county_id is not None and county_id == membership.organisation.county_id


def _is_unverified(user):
    # A staff account that has not yet entered its one-time code acts with no role.
    is_verified = getattr(user, "is_verified", None)
    return callable(is_verified) and requires_two_factor(user) and not is_verified()


def has_permission(user, perm, obj=None):
    """May ``user`` do ``perm`` (on ``obj``, when given)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if _is_unverified(user):
        return False
    if user.is_superuser:
        return True
    memberships = _granting_memberships(user, perm)
    if not memberships:
        return False
    if obj is None or RULES[perm].any_record:
        return True
    if RULES[perm].owner_field:
        return getattr(obj, RULES[perm].owner_field, None) == user.pk
    if RULES[perm].county_record:
        return any(_covers_county(m, getattr(obj, "county_id", None)) for m in memberships)
    scopes = getattr(obj, "permission_scopes", None) or [None]
    return any(_covers(m, scope) for m in memberships for scope in scopes)


def has_module_permission(user, app_label):
    return any(has_permission(user, perm) for perm in RULES if perm.startswith(f"{app_label}."))


def reachable(user, perm, queryset):
    """Narrow ``queryset`` to the rows ``user`` may ``perm``: exactly the rows
    :func:`has_permission` allows, by the model's ``scope_paths``. Models reach it as
    ``Model.objects.reachable_by(user, perm)``."""
    model = queryset.model
    condition = reach_condition(user, perm, getattr(model, "scope_paths", ()))
    if condition is None:
        return queryset.none()
    if not condition:
        return queryset
    if any(path.via for path in model.scope_paths):
        # Through a to-many relation a row could match once per related row.
        return queryset.filter(pk__in=model._base_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def reach_condition(user, perm, paths):
    """The condition :func:`reachable` filters with, for rows placed by ``paths`` (see
    :mod:`.scopes`): ``None`` when ``user`` may ``perm`` no row at all, an empty ``Q()``
    when every row, else a ``Q``. For aggregate queries (statistics) that need the
    condition rather than a queryset."""
    if not getattr(user, "is_authenticated", False) or _is_unverified(user):
        return None
    if user.is_superuser:
        return Q()
    memberships = _granting_memberships(user, perm)
    if not memberships:
        return None
    rule = RULES[perm]
    if rule.any_record:
        return Q()
    if rule.owner_field:
        return Q(**{rule.owner_field: user.pk})
    if any(_reach(membership) == "national" for membership in memberships):
        return Q()
    if rule.county_record:
        return Q(county_id__in=reachable_county_ids(user, perm))
    condition = Q(pk__in=[])
    for path in paths:
        condition |= _path_condition(path, memberships)
    return condition


def _path_condition(path, memberships):
    # The query form of _covers, for each membership.
    organisation_id, unit_id, county_id = path.lookups()
    condition = Q(pk__in=[])
    for membership in memberships:
        own = Q(**{organisation_id: membership.organisation_id})
        if membership.unit_id is not None and unit_id is not None:
            own &= Q(**{unit_id: membership.unit_id}) | Q(**{f"{unit_id}__isnull": True})
        condition |= own
        county = membership.organisation.county_id
        if _reach(membership) == "county" and county is not None:
            condition |= Q(**{county_id: county})
    excluded = path.excluded()
    return condition & ~excluded if excluded is not None else condition


EVERYWHERE = object()


def reachable_county_ids(user, perm):
    """The ids of counties whose own records (``county_record`` rules) ``user`` may
    ``perm``, or :data:`EVERYWHERE`."""
    if not getattr(user, "is_authenticated", False) or _is_unverified(user):
        return set()
    if user.is_superuser:
        return EVERYWHERE
    ids = set()
    for membership in _granting_memberships(user, perm):
        if _reach(membership) == "national":
            return EVERYWHERE
        if membership.organisation.county_id is not None:
            ids.add(membership.organisation.county_id)
    return ids


def reachable_organisation_ids(user, perm):
    """The ids of organisations whose records ``user`` may ``perm``, or
    :data:`EVERYWHERE`. For records that point at an organisation only by id (such as
    audit events), where :func:`reachable`'s lookups cannot follow a relation."""
    from .models import Organisation

    if not getattr(user, "is_authenticated", False) or _is_unverified(user):
        return set()
    if user.is_superuser:
        return EVERYWHERE
    ids = set()
    counties = set()
    for membership in _granting_memberships(user, perm):
        reach = _reach(membership)
        if reach == "national":
            return EVERYWHERE
        ids.add(membership.organisation_id)
        if reach == "county" and membership.organisation.county_id is not None:
            counties.add(membership.organisation.county_id)
    if counties:
        ids |= set(Organisation.objects.filter(county_id__in=counties).values_list("id", flat=True))
    return ids
