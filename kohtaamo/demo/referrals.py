"""Demo referrals: the counties' referral types and referrals in several states.

The types follow the models in use: North Savo's consent-based culture referral to its
culture-advice and link-work unit (residents may also ask for it themselves) and an
anonymous prescription; Satakunta's paper culture prescription with a QR code;
Pirkanmaa's hobby referral that gives a family a free course place, and its wellbeing
referral to link workers. The referrals are written by the demo nurse and moved by the
demo culture advisor through the real services, so every state has its stamped trail.
Clients are made up. A demo referral's link code is ``demo-<key>``: seeding again finds
it and creates nothing new.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from kohtaamo.catalogue import display
from kohtaamo.core.models import ArtForm, County, Language
from kohtaamo.referrals import notify, services
from kohtaamo.referrals.models import Referral, ReferralType


@dataclass(frozen=True)
class TypeSpec:
    county: str
    code: str
    names: tuple
    kind: str
    receiver_kind: str
    expiry_days: int
    response_days: int | None = None
    grants_free_place: bool = False
    self_referral: bool = False


PERSONAL, PRESCRIPTION = ReferralType.Kind.PERSONAL, ReferralType.Kind.PRESCRIPTION
UNIT, NOBODY = ReferralType.ReceiverKind.UNIT, ReferralType.ReceiverKind.NOBODY

TYPES = (
    TypeSpec(
        "13",
        "kulttuurilahete",
        ("Kulttuurilähete", "Kulturremiss", "Culture referral"),
        PERSONAL,
        UNIT,
        expiry_days=90,
        response_days=14,
        self_referral=True,
    ),
    TypeSpec(
        "13",
        "kulttuuriresepti",
        ("Kulttuuriresepti", "Kulturrecept", "Culture prescription"),
        PRESCRIPTION,
        NOBODY,
        expiry_days=180,
    ),
    TypeSpec(
        "06",
        "kulttuuriresepti",
        ("Kulttuuriresepti", "Kulturrecept", "Culture prescription"),
        PRESCRIPTION,
        NOBODY,
        expiry_days=180,
    ),
    TypeSpec(
        "08",
        "harrastelahete",
        ("Harrastelähete", "Hobbyremiss", "Hobby referral"),
        PRESCRIPTION,
        NOBODY,
        expiry_days=120,
        grants_free_place=True,
    ),
    TypeSpec(
        "08",
        "hyvinvointilahete",
        ("Hyvinvointilähete", "Välfärdsremiss", "Wellbeing referral"),
        PERSONAL,
        UNIT,
        expiry_days=120,
        response_days=14,
        self_referral=True,
    ),
)


@dataclass(frozen=True)
class ReferralSpec:
    key: str
    county: str
    type_code: str
    sender: str  # a demo login's local part
    sender_unit: tuple  # (organisation key, unit key)
    days_ago: int
    moves: tuple = ()  # after issuing: accept, contact, agree, attending, complete, decline
    client: dict = field(default_factory=dict)
    reasons: tuple = ("loneliness",)
    interests: tuple = ("music",)
    language: str = "fi"
    draft: bool = False
    needs: tuple = ()


def _client(name, year, preference="phone"):
    return {
        "full_name": name,
        "birth_date": date(year, 3, 14),
        "phone": "+358 40 000 0000",
        "email": "",
        "contact_preference": preference,
    }


NURSE = ("professional", ("pohjois-savo", "mannisto-health"))
REFERRALS = (
    ReferralSpec(
        "savo-waiting",
        "13",
        "kulttuurilahete",
        *NURSE,
        days_ago=2,
        client=_client("Aino Esimerkki", 1948),
        reasons=("loneliness", "low_mood"),
    ),
    ReferralSpec(
        "savo-accepted",
        "13",
        "kulttuurilahete",
        *NURSE,
        days_ago=6,
        moves=("accept",),
        client=_client("Veikko Kuvitelma", 1952),
        interests=("theatre", "music"),
    ),
    ReferralSpec(
        "savo-in-contact",
        "13",
        "kulttuurilahete",
        *NURSE,
        days_ago=12,
        moves=("accept", "contact", "contact"),
        client=_client("Helmi Mallinen", 1939),
        reasons=("recovery",),
        interests=("visual-arts",),
    ),
    ReferralSpec(
        "savo-agreed",
        "13",
        "kulttuurilahete",
        *NURSE,
        days_ago=20,
        moves=("accept", "contact", "agree"),
        client=_client("Elis Testström", 1961),
        language="sv",
        interests=("music",),
    ),
    ReferralSpec(
        "savo-completed",
        "13",
        "kulttuurilahete",
        *NURSE,
        days_ago=60,
        moves=("accept", "contact", "contact", "agree", "attending", "complete"),
        client=_client("Toivo Esimerkkinen", 1944),
        reasons=("social_contacts",),
    ),
    # The nurse ticked "needs a companion": a volunteer culture guide goes along to the
    # agreed concert (the demo's volunteers step asks for one).
    ReferralSpec(
        "savo-companion",
        "13",
        "kulttuurilahete",
        *NURSE,
        days_ago=8,
        moves=("accept", "contact", "agree"),
        client=_client("Lempi Kuvitteellinen", 1943),
        reasons=("loneliness",),
        interests=("music",),
        needs=("companion", "mobility"),
    ),
    ReferralSpec(
        "savo-declined",
        "13",
        "kulttuurilahete",
        *NURSE,
        days_ago=30,
        moves=("decline",),
        client=_client("Sylvi Kuvaus", 1957),
    ),
    ReferralSpec(
        "savo-draft",
        "13",
        "kulttuurilahete",
        *NURSE,
        days_ago=1,
        draft=True,
        client=_client("Oiva Luonnos", 1950),
    ),
    ReferralSpec(
        "savo-prescription",
        "13",
        "kulttuuriresepti",
        *NURSE,
        days_ago=3,
        reasons=("stress",),
        interests=("literature",),
    ),
    ReferralSpec(
        "satakunta-prescription",
        "06",
        "kulttuuriresepti",
        "professional.satakunta",
        ("satakunta", "mental-health"),
        days_ago=4,
        reasons=("low_mood",),
        interests=("music", "crafts"),
    ),
    ReferralSpec(
        "pirkanmaa-hobby",
        "08",
        "harrastelahete",
        "professional.pirkanmaa",
        ("pirkanmaa", "hervanta-health"),
        days_ago=5,
        reasons=("family_interaction",),
        interests=("dance",),
    ),
)

# Who makes the receiver's moves, per county (the demo culture advisor in North Savo).
ADVISORS = {"13": "advisor"}


def seed_referrals(report):
    types = {}
    for spec in TYPES:
        referral_type, created = _type(spec)
        types[spec.county, spec.code] = referral_type
        report.count(ReferralType, created)
    with notify.silenced():
        for spec in REFERRALS:
            created = _referral(spec, types[spec.county, spec.type_code], report)
            report.count(Referral, created)


def _type(spec):
    county = County.objects.get(code=spec.county)
    name_fi, name_sv, name_en = spec.names
    return ReferralType.objects.update_or_create(
        county=county,
        code=spec.code,
        defaults={
            "name_fi": name_fi,
            "name_sv": name_sv,
            "name_en": name_en,
            "kind": spec.kind,
            "receiver_kind": spec.receiver_kind,
            "expiry_days": spec.expiry_days,
            "response_days": spec.response_days,
            "grants_free_place": spec.grants_free_place,
            "self_referral": spec.self_referral,
            "is_active": True,
            # The county's culture advice receives what the type sends to a unit.
            "receiving_unit": (
                services.receiving_units(county).first() if spec.receiver_kind == UNIT else None
            ),
        },
    )


def _suggestions(county_code, interests):
    services_in_county = display.public_services().filter(
        municipalities__county__code=county_code, art_forms__code__in=interests
    )
    events = display.public_events().filter(
        municipality__county__code=county_code,
        start__gte=timezone.now() + timedelta(days=2),
        is_cancelled=False,
    )
    return (
        list(services_in_county.distinct().order_by("pk")[:2]),
        list(events.order_by("start", "pk")[:1]),
    )


def _referral(spec, referral_type, report):
    token = f"demo-{spec.key}"
    if Referral.objects.filter(public_token=token).exists():
        return False
    sender = report.users[spec.sender]
    unit = report.units[spec.sender_unit]
    receiver = None
    if referral_type.receiver_kind == UNIT:
        receiver = services.receiving_units(referral_type.county).first()
    suggested_services, suggested_events = _suggestions(spec.county, spec.interests)
    referral = services.draft_referral(
        sender,
        referral_type=referral_type,
        issuing_unit=unit,
        receiving_unit=receiver,
        reasons=spec.reasons,
        interests=ArtForm.objects.filter(code__in=spec.interests),
        language=Language.objects.get(code=spec.language),
        preferred_municipality=unit.municipality,
        suggested_services=suggested_services,
        suggested_events=suggested_events,
        needs=list(spec.needs),
        client=spec.client or None,
    )
    Referral.objects.filter(pk=referral.pk).update(public_token=token)
    referral.refresh_from_db()
    if spec.draft:
        return True
    issued_at = timezone.now() - timedelta(days=spec.days_ago)
    if referral_type.is_personal:
        services.record_consent(
            sender,
            referral,
            shared=["contact_details", "reasons", "interests", *(["needs"] if spec.needs else [])],
            method="verbal",
            given_at=issued_at,
        )
    services.issue_referral(sender, referral, now=issued_at)
    advisor = report.users.get(ADVISORS.get(spec.county, ""))
    for number, move in enumerate(spec.moves):
        _receiver_move(advisor, referral, move, issued_at, number, suggested_events)
    return True


def _receiver_move(advisor, referral, move, issued_at, number, events):
    day = (issued_at + timedelta(days=number + 1)).date()
    if move == "accept":
        services.accept(advisor, referral)
    elif move == "decline":
        services.decline(advisor, referral, "no_capacity")
    elif move == "contact":
        services.record_contact(advisor, referral, date=day, kind="meeting", outcome="")
    elif move == "agree":
        services.agree_activity(advisor, referral, event=events[0] if events else None)
    elif move == "attending":
        services.mark_attending(advisor, referral)
    elif move == "complete":
        services.complete(advisor, referral)
    referral.refresh_from_db()
