"""The demo's companion requests in every state, and the kits to lend (see
:mod:`.volunteers`). Clients are made up and named by a first name only, as a volunteer
sees them."""

from dataclasses import dataclass, field

from kohtaamo.volunteers.models import Assistance, HelpKind, Kit, RequestSource
from kohtaamo.volunteers.states import CancelledBy, RequestStatus

from .volunteer_people import KUOPIO, PORI

M, W = Assistance.MEMORY, Assistance.WALKING_SUPPORT


@dataclass(frozen=True)
class RequestSpec:
    alias: str  # the client's first name: the request's key in its programme
    programme: str
    status: str
    source: str
    days: int  # from today to the visit; negative: in the past
    hour: int
    what: str
    meeting_point: str
    municipality: str = "297"
    help_kind: str = HelpKind.ACCOMPANY
    hours: int = 2
    people: int = 1
    language: str = "fi"
    needs: tuple = ()
    interests: tuple = ("music",)
    requesting_unit: tuple | None = None  # (organisation key, unit key)
    volunteer: str | None = None  # who holds or held it
    offered_to: tuple = ()
    visit: dict = field(default_factory=dict)  # the volunteer's report after it
    client_rating: int | None = None
    cancel: tuple = ()  # (by whom, why)
    phone: str = ""


OLDER_PEOPLE = ("pohjois-savo", "older-people")
HEALTH = ("pohjois-savo", "mannisto-health")
PORI_HEALTH = ("satakunta", "mental-health")

REQUESTS = (
    RequestSpec(
        "Kalevi",
        KUOPIO,
        RequestStatus.REQUESTED,
        RequestSource.PROFESSIONAL,
        days=6,
        hour=13,
        what="Kuopion museon perusnäyttely",
        meeting_point="Kuopion museon pääovi, Kauppakatu",
        interests=("cultural-heritage",),
        needs=(W,),
        requesting_unit=HEALTH,
    ),
    RequestSpec(
        "Sanni",
        KUOPIO,
        RequestStatus.OFFERED,
        RequestSource.RESIDENT,
        days=9,
        hour=18,
        what="Elokuvailta kirjastossa",
        meeting_point="Kuopion pääkirjaston aula",
        interests=("film",),
        offered_to=("luotsi.jokela", "luotsi.salo"),
    ),
    RequestSpec(
        "Ester",
        KUOPIO,
        RequestStatus.CONFIRMED,
        RequestSource.PROFESSIONAL,
        days=2,
        hour=18,
        what="Teatteriesitys",
        meeting_point="Teatterin lipunmyynti",
        language="sv",
        interests=("theatre",),
        requesting_unit=HEALTH,
        volunteer="luotsi.berg",
    ),
    RequestSpec(
        "Aarne",
        KUOPIO,
        RequestStatus.TOOK_PLACE,
        RequestSource.PROFESSIONAL,
        days=-10,
        hour=14,
        what="Päiväkonsertti",
        meeting_point="Kuopion musiikkikeskuksen aula",
        needs=(W,),
        requesting_unit=HEALTH,
        volunteer="volunteer",
        visit={"minutes": 150, "people": 1, "what": "Konsertti ja kahvit", "how": 5},
        client_rating=5,
    ),
    RequestSpec(
        "Ruusula",
        KUOPIO,
        RequestStatus.TOOK_PLACE,
        RequestSource.CARE_UNIT,
        days=-20,
        hour=10,
        what="Muisteluhetki muistelusalkun kanssa",
        meeting_point="Palvelutalo Ruusulan päiväsali",
        help_kind=HelpKind.GROUP_VISIT,
        people=8,
        needs=(M,),
        interests=("cultural-heritage",),
        requesting_unit=OLDER_PEOPLE,
        volunteer="luotsi.kettu",
        visit={"minutes": 90, "people": 8, "what": "Muistelua esineiden äärellä", "how": 5},
    ),
    RequestSpec(
        "Irja",
        KUOPIO,
        RequestStatus.CANCELLED,
        RequestSource.PROFESSIONAL,
        days=4,
        hour=15,
        what="Taidenäyttely",
        meeting_point="Kuopion taidemuseon ovi",
        interests=("visual-arts",),
        requesting_unit=HEALTH,
        volunteer="luotsi.maki",
        cancel=(CancelledBy.CLIENT, "Asiakas sairastui."),
    ),
    RequestSpec(
        "Olavi",
        KUOPIO,
        RequestStatus.NO_SHOW,
        RequestSource.RESIDENT,
        days=-5,
        hour=19,
        what="Iltakonsertti",
        meeting_point="Kuopion musiikkikeskuksen aula",
        volunteer="luotsi.tuomi",
    ),
    RequestSpec(
        "Vilho",
        KUOPIO,
        RequestStatus.UNFILLED,
        RequestSource.PROFESSIONAL,
        days=-2,
        hour=11,
        what="Kävelykierros Väinölänniemellä",
        meeting_point="Väinölänniemen pysäkki",
        help_kind=HelpKind.CULTURE_WALK,
        requesting_unit=HEALTH,
    ),
    # Earlier visits, for the dashboard's hours by month and the county numbers.
    *(
        RequestSpec(
            alias,
            KUOPIO,
            RequestStatus.TOOK_PLACE,
            RequestSource.PROFESSIONAL,
            days=days,
            hour=14,
            what=what,
            meeting_point="Kuopion kauppatori, torikello",
            requesting_unit=HEALTH,
            volunteer=volunteer,
            visit={"minutes": minutes, "people": 1, "what": what, "how": 4},
            client_rating=rating,
        )
        for alias, days, what, volunteer, minutes, rating in (
            ("Aili", -35, "Kuoron joulukonsertti", "luotsi.aalto", 120, 5),
            ("Toini", -42, "Museokäynti", "luotsi.haapa", 100, 4),
            ("Urho", -50, "Teatteri", "luotsi.nieminen", 180, None),
            ("Elma", -63, "Kirjaston lukupiiri", "luotsi.rantala", 90, 5),
            ("Reino", -70, "Konsertti", "volunteer", 140, 4),
            ("Martta", -85, "Taidenäyttely", "luotsi.maki", 80, None),
        )
    ),
    RequestSpec(
        "Leo",
        PORI,
        RequestStatus.REQUESTED,
        RequestSource.PROFESSIONAL,
        days=8,
        hour=18,
        what="Konsertti Porissa",
        meeting_point="Porin konserttitalon aula",
        municipality="609",
        requesting_unit=PORI_HEALTH,
    ),
    RequestSpec(
        "Sofia",
        PORI,
        RequestStatus.OFFERED,
        RequestSource.RESIDENT,
        days=11,
        hour=13,
        what="Satakunnan Museo",
        meeting_point="Satakunnan Museon ovi",
        municipality="609",
        interests=("cultural-heritage",),
        offered_to=("kaveri.saari", "kaveri.heikkila"),
    ),
    RequestSpec(
        "Kerttu",
        PORI,
        RequestStatus.ASSIGNED,
        RequestSource.PROFESSIONAL,
        days=5,
        hour=18,
        what="Teatteri",
        meeting_point="Porin teatterin lämpiö",
        municipality="609",
        interests=("theatre",),
        requesting_unit=PORI_HEALTH,
        volunteer="kaveri.mattila",
    ),
    RequestSpec(
        "Eino",
        PORI,
        RequestStatus.TOOK_PLACE,
        RequestSource.PROFESSIONAL,
        days=-14,
        hour=18,
        what="Jazzkonsertti",
        meeting_point="Porin konserttitalon aula",
        municipality="609",
        requesting_unit=PORI_HEALTH,
        volunteer="kaveri.lehto",
        visit={"minutes": 160, "people": 1, "what": "Konsertti", "how": 5},
        client_rating=5,
    ),
)


@dataclass(frozen=True)
class KitSpec:
    names: tuple
    kind: str
    organisation: str
    unit: str | None
    pickup: str


KITS = (
    KitSpec(
        (
            "Muistelusalkku: 1960-luvun koti",
            "Minnesväska: ett hem på 1960-talet",
            "Memory case: a 1960s home",
        ),
        Kit.Kind.MEMORY_CASE,
        "kuopio",
        "museum",
        "Kuopion museon asiakaspalvelu",
    ),
    KitSpec(
        (
            "Museosalkku: Kauppatori ennen ja nyt",
            "Museiväska: salutorget förr och nu",
            "Museum kit: the market square then and now",
        ),
        Kit.Kind.MUSEUM_KIT,
        "kuopio",
        "museum",
        "Kuopion museon asiakaspalvelu",
    ),
    KitSpec(
        (
            "Museosalkku: Satakunnan rannikko",
            "Museiväska: Satakuntas kust",
            "Museum kit: the Satakunta coast",
        ),
        Kit.Kind.MUSEUM_KIT,
        "pori",
        "museum",
        "Satakunnan Museon neuvonta",
    ),
)
