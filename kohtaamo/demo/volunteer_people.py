"""The demo's volunteer programmes and volunteers (see :mod:`.volunteers`). Every
person here is made up."""

from dataclasses import dataclass

from kohtaamo.volunteers.models import Assistance, HelpKind, Mobility
from kohtaamo.volunteers.states import VolunteerStatus


@dataclass(frozen=True)
class ProgrammeSpec:
    slug: str
    organisation: str
    unit: str | None
    names: tuple
    descriptions: tuple
    municipalities: tuple
    help_kinds: tuple
    email: str
    phone: str
    coordinator: str | None  # a demo login's local part


PROGRAMMES = (
    ProgrammeSpec(
        "kuopio-kulttuuriluotsit",
        "kuopio",
        "library",
        (
            "Kuopion kirjaston kulttuuriluotsit",
            "Kuopio stadsbiblioteks kulturlotsar",
            "Kuopio City Library culture guides",
        ),
        (
            "Koulutettu vapaaehtoinen kulttuuriluotsi lähtee seuraksi konserttiin, museoon "
            "tai teatteriin. Luotsi on asiakkaalle maksuton. Luotsit vierailevat myös "
            "ikäihmisten ryhmissä museosalkkujen kanssa.",
            "En utbildad frivillig kulturlots följer med till en konsert, ett museum eller en "
            "teater. Lotsen är gratis för klienten. Lotsarna besöker också grupper av äldre "
            "med museiväskor.",
            "A trained volunteer culture guide comes along to a concert, a museum or the "
            "theatre, free for the client. Guides also visit groups of older people with "
            "museum kits.",
        ),
        ("297", "749"),
        (HelpKind.ACCOMPANY, HelpKind.GROUP_VISIT, HelpKind.CULTURE_WALK, HelpKind.PERFORM),
        "kulttuuriluotsit@kuopio.example.fi",
        "+358 40 000 0300",
        "volunteers",
    ),
    ProgrammeSpec(
        "pori-kulttuurikaverit",
        "satakunta-culture-buddies",
        None,
        ("Porin kulttuurikaverit", "Björneborgs kulturkompisar", "Pori culture buddies"),
        (
            "Kulttuurikaveri lähtee seuraksi kulttuuririentoihin Porissa ja Ulvilassa. "
            "Kaverin voi pyytää kulttuurireseptin kanssa tai itse.",
            "En kulturkompis följer med till kulturevenemang i Björneborg och Ulvsby. Man kan "
            "be om en kompis med ett kulturrecept eller själv.",
            "A culture buddy comes along to cultural events in Pori and Ulvila. Ask for one "
            "with a culture prescription or yourself.",
        ),
        ("609", "886"),
        (HelpKind.ACCOMPANY, HelpKind.GROUP_VISIT),
        "kaverit@kulttuurikaverit.example.fi",
        "+358 40 000 0301",
        None,
    ),
)


@dataclass(frozen=True)
class VolunteerSpec:
    key: str  # the e-mail's local part; "volunteer" is the demo login
    name: str
    programme: str
    languages: tuple = ("fi",)
    municipalities: tuple = ()  # the programme's whole area if empty
    interests: tuple = ("music",)
    mobility: tuple = (Mobility.PUBLIC_TRANSPORT,)
    assistance: tuple = ()
    cap: int = 4
    # (weekday, from hour, until hour)
    weekly: tuple = ((2, 10, 16),)
    # Days from today when the trainings end (None: no end); first aid only if given.
    first_aid_ends_in: int | None = None
    memory_training: bool = False
    record_check_years_ago: int | None = None
    status: str = VolunteerStatus.APPROVED
    away_in: int | None = None  # away for a week starting this many days from today


KUOPIO, PORI = "kuopio-kulttuuriluotsit", "pori-kulttuurikaverit"
W, S, M = Assistance.WALKING_SUPPORT, Assistance.SIGHTED_GUIDE, Assistance.MEMORY
CAR, BUS, FOOT = Mobility.CAR, Mobility.PUBLIC_TRANSPORT, Mobility.ON_FOOT
WEEKDAYS = ((0, 9, 17), (1, 9, 17), (2, 9, 17), (3, 9, 17), (4, 9, 17))
EVENINGS = ((1, 16, 22), (3, 16, 22), (5, 12, 22))

VOLUNTEERS = (
    # The demo login: free most days and evenings, so the demo's offer and visit fit.
    VolunteerSpec(
        "volunteer",
        "Marjatta Hongisto",
        KUOPIO,
        ("fi", "sv"),
        interests=("music", "theatre", "cultural-heritage"),
        mobility=(BUS, FOOT),
        assistance=(W, M),
        cap=6,
        weekly=(*WEEKDAYS, (5, 10, 22), (6, 10, 22)),
        first_aid_ends_in=400,
        memory_training=True,
        record_check_years_ago=1,
    ),
    VolunteerSpec(
        "luotsi.aalto",
        "Ritva Aaltonen",
        KUOPIO,
        interests=("music",),
        mobility=(CAR,),
        assistance=(W,),
        weekly=EVENINGS,
        first_aid_ends_in=12,
    ),
    VolunteerSpec(
        "luotsi.berg",
        "Gunnel Bergqvist",
        KUOPIO,
        ("sv", "fi"),
        interests=("literature", "theatre"),
        weekly=((0, 10, 15), (2, 10, 15)),
    ),
    VolunteerSpec(
        "luotsi.haapa",
        "Pentti Haapaniemi",
        KUOPIO,
        interests=("cultural-heritage", "visual-arts"),
        mobility=(CAR, BUS),
        assistance=(W, S),
        cap=8,
        weekly=WEEKDAYS,
        first_aid_ends_in=25,
        record_check_years_ago=2,
    ),
    VolunteerSpec(
        "luotsi.ivanova",
        "Irina Ivanova",
        KUOPIO,
        ("fi", "en", "ru"),
        interests=("music", "dance"),
        weekly=EVENINGS,
    ),
    VolunteerSpec(
        "luotsi.jokela",
        "Sakari Jokela",
        KUOPIO,
        municipalities=("749",),
        interests=("film", "music"),
        mobility=(CAR,),
        weekly=((4, 12, 22), (5, 10, 22)),
    ),
    VolunteerSpec(
        "luotsi.kettu",
        "Hilkka Kettunen",
        KUOPIO,
        interests=("crafts", "cultural-heritage"),
        assistance=(M,),
        memory_training=True,
        weekly=((1, 9, 14), (3, 9, 14)),
        first_aid_ends_in=20,
    ),
    VolunteerSpec(
        "luotsi.lind",
        "Anders Lindholm",
        KUOPIO,
        ("sv", "fi"),
        interests=("music",),
        mobility=(FOOT,),
        weekly=EVENINGS,
        away_in=3,
    ),
    VolunteerSpec(
        "luotsi.maki",
        "Tuula Mäkelä",
        KUOPIO,
        interests=("visual-arts", "photography"),
        assistance=(S,),
        weekly=WEEKDAYS,
        record_check_years_ago=4,
    ),
    VolunteerSpec(
        "luotsi.nieminen",
        "Eero Nieminen",
        KUOPIO,
        interests=("theatre",),
        weekly=EVENINGS,
        cap=2,
    ),
    VolunteerSpec(
        "luotsi.ojala",
        "Leena Ojala",
        KUOPIO,
        interests=("dance", "music"),
        weekly=((6, 10, 20),),
    ),
    VolunteerSpec(
        "luotsi.pulkkinen",
        "Matti Pulkkinen",
        KUOPIO,
        interests=("cultural-heritage",),
        mobility=(CAR,),
        assistance=(W,),
        weekly=WEEKDAYS,
        status=VolunteerStatus.PAUSED,
    ),
    VolunteerSpec(
        "luotsi.rantala",
        "Kaisa Rantala",
        KUOPIO,
        interests=("literature", "word-art"),
        weekly=((2, 12, 20),),
    ),
    VolunteerSpec(
        "luotsi.salo",
        "Veera Salonen",
        KUOPIO,
        interests=("music", "film"),
        weekly=EVENINGS,
        first_aid_ends_in=5,
        record_check_years_ago=1,
    ),
    VolunteerSpec(
        "luotsi.tuomi",
        "Jorma Tuominen",
        KUOPIO,
        interests=("theatre", "music"),
        mobility=(BUS,),
        weekly=((0, 16, 21), (4, 16, 21)),
    ),
    VolunteerSpec(
        "luotsi.uusi",
        "Niina Uusitalo",
        KUOPIO,
        interests=("visual-arts",),
        weekly=((5, 10, 16),),
        status=VolunteerStatus.APPLIED,
    ),
    VolunteerSpec(
        "luotsi.vainio",
        "Oskari Vainio",
        KUOPIO,
        interests=("music",),
        weekly=EVENINGS,
        status=VolunteerStatus.APPLIED,
    ),
    VolunteerSpec(
        "luotsi.wahl",
        "Elsa Wahlström",
        KUOPIO,
        ("sv", "fi"),
        interests=("literature", "music"),
        weekly=WEEKDAYS,
        memory_training=True,
        assistance=(M,),
    ),
    VolunteerSpec(
        "luotsi.ylonen",
        "Raili Ylönen",
        KUOPIO,
        interests=("crafts",),
        weekly=((3, 10, 15),),
        status=VolunteerStatus.LEFT,
    ),
    VolunteerSpec(
        "kaveri.ahola",
        "Tiina Ahola",
        PORI,
        interests=("music", "theatre"),
        weekly=EVENINGS,
        first_aid_ends_in=18,
    ),
    VolunteerSpec(
        "kaveri.heikkila",
        "Juha Heikkilä",
        PORI,
        interests=("music",),
        mobility=(CAR,),
        assistance=(W,),
        weekly=WEEKDAYS,
        record_check_years_ago=3,
    ),
    VolunteerSpec(
        "kaveri.koski",
        "Merja Koskinen",
        PORI,
        municipalities=("886",),
        interests=("crafts", "visual-arts"),
        weekly=((1, 10, 16), (3, 10, 16)),
    ),
    VolunteerSpec(
        "kaveri.lehto",
        "Pekka Lehtonen",
        PORI,
        interests=("music", "film"),
        weekly=EVENINGS,
    ),
    VolunteerSpec(
        "kaveri.mattila",
        "Sirpa Mattila",
        PORI,
        interests=("theatre", "dance"),
        assistance=(M,),
        memory_training=True,
        weekly=WEEKDAYS,
    ),
    VolunteerSpec(
        "kaveri.nurmi",
        "Ville Nurmi",
        PORI,
        ("fi", "sv"),
        interests=("music",),
        weekly=((4, 15, 22), (5, 12, 22)),
    ),
    VolunteerSpec(
        "kaveri.rinne",
        "Anneli Rinne",
        PORI,
        interests=("literature",),
        weekly=((2, 10, 14),),
        first_aid_ends_in=28,
    ),
    VolunteerSpec(
        "kaveri.saari",
        "Heikki Saarinen",
        PORI,
        interests=("cultural-heritage",),
        mobility=(CAR,),
        weekly=WEEKDAYS,
    ),
    VolunteerSpec(
        "kaveri.toivonen",
        "Paula Toivonen",
        PORI,
        interests=("music", "dance"),
        weekly=EVENINGS,
        status=VolunteerStatus.APPLIED,
    ),
    VolunteerSpec(
        "kaveri.virta",
        "Tapio Virtanen",
        PORI,
        interests=("theatre",),
        weekly=((6, 12, 20),),
    ),
)
