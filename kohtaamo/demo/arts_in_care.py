"""Demo arts inside care: artists working in care units with the care staff.

North Savo: an artist-care worker pair series in a day group for older people living at
home (20 sessions planned, 12 logged) by the demo artist with the demo care-unit lead,
a music series on a hospital ward, and an earlier pair series that is completed, with
its evaluations, the plan to continue and the answer at three months.
Satakunta: a dance artist's residency in a mental-health rehabilitation housing unit.
Everything goes through the real services, so states, logs and checks are the ones a
person would leave. Staff names are made up; participants are never named anywhere.
An engagement is found again by its name and care unit: seeding again adds nothing.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from kohtaamo.accounts.models import Unit
from kohtaamo.arts_in_care.models import Engagement, EvaluationRole, Kind, Setting
from kohtaamo.arts_in_care.services import ending, engagements, sessions
from kohtaamo.arts_in_care.services.engagements import Terms
from kohtaamo.arts_in_care.services.sessions import SessionLog
from kohtaamo.arts_in_care.states import Move, Side
from kohtaamo.core.models import ArtForm, FundingSource, TargetGroup

WARD = (
    "pohjois-savo",
    "ward-3",
    ("Kuopion sairaala, osasto 3", "Kuopio sjukhus, avdelning 3", "Kuopio hospital, ward 3"),
)


@dataclass(frozen=True)
class Spec:
    name: str
    county: str
    unit: str
    artist: str
    proposer: str  # the user key proposing for the unit (or the county's coordinator)
    agreer: str  # the user key agreeing for the artist ("superuser" where no artist login)
    kind: str
    setting: str
    groups: str
    art_forms: tuple
    target_groups: tuple
    funding: str
    fee: str
    weeks_ago: int  # first session this many weeks ago
    weeks: int  # length of the period
    planned: int
    logged: int
    care_workers: str = ""
    goals: tuple = ()
    closed: bool = False
    minutes: int = 60
    every_days: int = 7


SPECS = (
    Spec(
        "Kuvataide ja muistelu päiväryhmässä",
        "pohjois-savo",
        "older-people",
        "pohjasalo",
        "careunit",
        "artist",
        Kind.PAIR_SERIES,
        Setting.DAY_GROUP,
        "Tiistain päiväryhmä, kotona asuvat ikääntyneet",
        ("visual-arts",),
        ("older-people", "memory-disorders"),
        "county",
        "3200.00",
        weeks_ago=12,
        weeks=22,
        planned=20,
        logged=12,
        care_workers="Anni Kivelä, Jussi Rautio",
        goals=("interaction", "memory", "staff_skills"),
        minutes=75,
    ),
    Spec(
        "Musiikkihetket osastolla 3",
        "pohjois-savo",
        "ward-3",
        "kaislaranta",
        "coordinator",
        "superuser",
        Kind.VISITS,
        Setting.WARD,
        "Osasto 3, päiväsali",
        ("music",),
        ("hospital-patients", "older-people"),
        "taike",
        "1800.00",
        weeks_ago=3,
        weeks=12,
        planned=10,
        logged=3,
        care_workers="Leena Hovi",
        goals=("mood", "interaction"),
        minutes=45,
    ),
    Spec(
        "Tanssiresidenssi kuntoutuskodissa",
        "satakunta",
        "mental-health",
        "harjuvaara",
        "professional.satakunta",
        "superuser",
        Kind.RESIDENCY,
        Setting.HOUSING,
        "Kuntoutuskoti Aallokko, asumisyksikkö",
        ("dance", "community-art"),
        ("mental-health-substance-rehabilitation",),
        "stea",
        "6500.00",
        weeks_ago=5,
        weeks=16,
        planned=24,
        logged=8,
        care_workers="Mikko Salmela",
        goals=("self_expression", "interaction", "staff_skills"),
        minutes=90,
        every_days=4,
    ),
    Spec(
        "Maalauspaja palvelutalossa, kevät",
        "pohjois-savo",
        "older-people",
        "pohjasalo",
        "careunit",
        "artist",
        Kind.PAIR_SERIES,
        Setting.CARE_HOME,
        "Palvelutalon asukkaat, torstairyhmä",
        ("visual-arts",),
        ("older-people", "care-home-residents"),
        "municipal",
        "2400.00",
        weeks_ago=40,
        weeks=16,
        planned=15,
        logged=15,
        care_workers="Anni Kivelä",
        goals=("self_expression", "mood", "staff_skills"),
        closed=True,
    ),
)


def seed_arts_in_care(report):
    today = timezone.localdate()
    ward = _ward(report)
    report.units[WARD[0], WARD[1]] = ward
    for spec in SPECS:
        unit = report.units[spec.county, spec.unit]
        existing = Engagement.objects.filter(name=spec.name, care_unit=unit).first()
        if existing is not None:
            report.count(Engagement, False)
            continue
        _engagement(spec, unit, report, today)
        report.count(Engagement, True)


def _ward(report):
    organisation = report.organisations[WARD[0]]
    name_fi, name_sv, name_en = WARD[2]
    unit, created = Unit.objects.get_or_create(
        organisation=organisation,
        name_fi=name_fi,
        defaults={
            "name_sv": name_sv,
            "name_en": name_en,
            "kind": Unit.Kind.OTHER,
            "municipality": organisation.municipality,
        },
    )
    report.count(Unit, created)
    return unit


def _engagement(spec, unit, report, today):
    first = today - timedelta(weeks=spec.weeks_ago)
    terms = Terms(
        name=spec.name,
        setting=spec.setting,
        starts_on=first,
        ends_on=first + timedelta(weeks=spec.weeks),
        planned_sessions=spec.planned,
        kind=spec.kind,
        groups=spec.groups,
        hours_per_week=Decimal("2.0"),
        care_workers=spec.care_workers,
        goals=list(spec.goals),
        funding=FundingSource.objects.filter(code=spec.funding).first(),
        fee=Decimal(spec.fee),
        art_forms=list(ArtForm.objects.filter(code__in=spec.art_forms)),
        target_groups=list(TargetGroup.objects.filter(code__in=spec.target_groups)),
    )
    proposer = report.users[spec.proposer]
    # The platform's superuser stands in for the artists who have no demo login.
    artist_side = report.users[spec.agreer]
    engagement = engagements.propose_engagement(
        proposer,
        side=Side.UNIT,
        care_unit=unit,
        artist=report.organisations[spec.artist],
        terms=terms,
    )
    engagement = engagements.move(artist_side, engagement, Move.AGREE, Side.ARTIST)
    engagements.record_signed(proposer, engagement, min(first, today), today=today)
    sessions.schedule_sessions(
        artist_side,
        engagement,
        first,
        spec.planned,
        every_days=spec.every_days,
        starts_at=time(10, 0),
        planned_minutes=spec.minutes,
    )
    rng = random.Random(spec.name)
    due = list(engagement.sessions.order_by("date"))[: spec.logged]
    for index, session in enumerate(due):
        # The artist and the care worker take turns logging.
        logger = artist_side if index % 2 == 0 else proposer
        engagement.refresh_from_db()
        sessions.log_session(
            logger, engagement, _log(rng, spec, index), session=session, today=today
        )
    if spec.closed:
        engagement = _ended(engagement, spec, proposer, artist_side, first, today)
    return engagement


def _ended(engagement, spec, lead, artist, first, today):
    """The completed series: its evaluations, the unit's plan and the 3-month answer."""
    engagement.refresh_from_db()
    engagement = engagements.move(artist, engagement, Move.CLOSE, Side.ARTIST)
    ending.write_evaluation(
        artist,
        engagement,
        EvaluationRole.ARTIST,
        5,
        "Maalaaminen yhdessä hoitajien kanssa; asukkaat odottivat torstaita.",
        "Pidempi sarja ja enemmän aikaa loppunäyttelyyn.",
    )
    ending.write_evaluation(
        lead,
        engagement,
        EvaluationRole.UNIT_LEAD,
        4,
        "Hoitajat oppivat ohjaamaan maalaushetken itse.",
        "Sijaisille lyhyt perehdytys menetelmään.",
    )
    for goals_met, worked in ((4, "Rauhallinen tunnelma."), (5, "Asukkaat juttelivat enemmän.")):
        ending.write_evaluation(lead, engagement, EvaluationRole.STAFF, goals_met, worked)
    ending.write_plan(
        lead,
        engagement,
        methods="Maalaushetki ja muistelu kuvista",
        who="Lähihoitaja Anni Kivelä ja viikoittain vaihtuva työpari",
        how_often="Joka torstai",
    )
    engagement = engagements.move(lead, engagement, Move.COMPLETE, Side.UNIT)
    # The series ended months ago: its dates are history, not the day of seeding.
    ended = timezone.make_aware(datetime.combine(first + timedelta(weeks=spec.weeks), time(16)))
    Engagement.objects.filter(pk=engagement.pk).update(closed_at=ended, completed_at=ended)
    engagement.refresh_from_db()
    ending.answer_follow_up(
        lead, engagement, 3, True, "Maalaushetki jatkuu torstaisin.", today=today
    )
    return engagement


def _log(rng, spec, index):
    if index == 4:
        return SessionLog(took_place=False, notes="Ryhmä peruttiin flunssan vuoksi.")
    participants = rng.randint(5, 9)
    before = _taps(rng, participants, low=2)
    after = _taps(rng, participants, low=3)
    return SessionLog(
        took_place=True,
        participants=participants,
        minutes=spec.minutes,
        activity=rng.choice(
            [
                "Muisteltiin vanhoja valokuvia ja maalattiin niistä.",
                "Laulettiin toiveita ja liikuttiin musiikin mukaan.",
                "Tehtiin yhteinen kollaasi vuodenajoista.",
                "Harjoiteltiin rauhallista liikettä ja hengitystä.",
            ]
        ),
        staff_present=2,
        care_worker_led=index >= 2,
        mood_before=before,
        mood_after=after,
    )


def _taps(rng, participants, low):
    """One tap per participant, most of them (not all: someone may not answer)."""
    taps = [0, 0, 0, 0, 0]
    for _person in range(participants - rng.randint(0, 1)):
        taps[rng.randint(low, 5) - 1] += 1
    return tuple(taps)
