"""The demo events: dated sessions of the services that meet regularly, and concerts,
performances, exhibition openings, guided tours, dance evenings and film screenings at
the venues, from two weeks ago to four months ahead.

Dates are counted from the day the demo is seeded, but which events exist is not: a
service always gets the same number of sessions and a venue the same number of events,
so the keys (``demo:event:...``) are the same on every run and nothing is made twice.
"""

import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from . import catalogue_places as P
from .catalogue_providers import COUNTY_KEYS, providers
from .catalogue_texts import CARD_SENTENCE, GROUPS

HELSINKI = ZoneInfo("Europe/Helsinki")
PAST_DAYS = 14
SESSIONS = {"weekly": (15, 7), "biweekly": (8, 14)}  # (how many, days apart)


@dataclass
class EventSpec:
    key: str
    provider: str
    service: str | None  # ServiceSpec key
    texts: dict
    start: datetime.datetime
    end: datetime.datetime
    place: str | None  # PlaceSpec key
    municipality: str
    capacity: int | None
    registration: str
    is_free: bool
    card_places: int
    is_cancelled: bool
    status: str
    steps: tuple
    art_forms: tuple
    target_groups: tuple
    languages: tuple
    accessibility: tuple
    age_min: int | None = None
    age_max: int | None = None


def _at(day, minutes):
    return datetime.datetime.combine(
        day, datetime.time(minutes // 60, minutes % 60), tzinfo=HELSINKI
    )


def _next_weekday(day, weekday):
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _first_weekday_of_month(year, month, weekday):
    return _next_weekday(datetime.date(year, month, 1), weekday)


def session_days(spec, today):
    """The days a service meets on, as many whatever ``today`` is."""
    first = _next_weekday(today - datetime.timedelta(days=PAST_DAYS), spec.weekday)
    if spec.rhythm in SESSIONS:
        count, gap = SESSIONS[spec.rhythm]
        return [first + datetime.timedelta(days=gap * n) for n in range(count)]
    if spec.rhythm == "monthly":
        days = []
        year, month = first.year, first.month
        while len(days) < 4:
            day = _first_weekday_of_month(year, month, spec.weekday)
            if day >= first:
                days.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return days
    if spec.rhythm == "series":
        start = _next_weekday(today + datetime.timedelta(weeks=spec.series_offset), spec.weekday)
        # A series runs on past the calendar's ends; only the weeks a weekly group would
        # show are listed, counted from ``first`` so that the number never changes.
        last = first + datetime.timedelta(weeks=SESSIONS["weekly"][0])
        days = [start + datetime.timedelta(weeks=n) for n in range(spec.sessions)]
        return [day for day in days if first <= day < last]
    return []


SHARED = ("steps", "art_forms", "target_groups", "languages", "accessibility")


def session_specs(services, today):
    rng = random.Random("kohtaamo-demo-sessions")
    specs = []
    for service in services:
        if not service.calendar:
            continue
        texts = {k: v for k, v in service.texts.items() if k.split("_")[0] in ("name", "summary")}
        texts.update({k: v for k, v in service.texts.items() if k.startswith("price_")})
        place = service.places[0] if service.places else None
        municipality = place.split(":")[2] if place else service.municipalities[0]
        for n, day in enumerate(session_days(service, today)):
            start = _at(day, service.start)
            card = 0
            if service.card_places and service.capacity:
                card = rng.randint(1, min(5, service.capacity))
            specs.append(
                EventSpec(
                    key=f"{service.key.replace('demo:service:', 'demo:event:')}:{n}",
                    provider=service.provider,
                    service=service.key,
                    texts=texts,
                    start=start,
                    end=start + datetime.timedelta(minutes=service.duration),
                    place=place,
                    municipality=municipality,
                    capacity=service.capacity,
                    registration=service.registration,
                    is_free=service.is_free,
                    card_places=card,
                    is_cancelled=rng.random() < 0.015,
                    status="published",
                    age_min=service.age_min,
                    age_max=service.age_max,
                    **{name: getattr(service, name) for name in SHARED},
                )
            )
    return specs


def _titles(text):
    return tuple(tuple(part.strip() for part in line.split("|")) for line in
                 text.strip().splitlines())  # fmt: skip


CONCERTS = _titles("""
Kevään sävelet | Vårens toner | Tunes of Spring
Tangon tarina | Tangons historia | The Story of Tango
Sibeliuksen lauluja | Sibelius sånger | Songs by Sibelius
Elokuvasävelmiä | Filmmusik | Music from the Movies
Iskelmien aarteita | Schlagerskatter | Treasures of Finnish Pop
Barokin helmiä | Barockens pärlor | Baroque Pearls
Kansanmusiikin ilta | Folkmusikkväll | An Evening of Folk Music
Jazzin klassikot | Jazzklassiker | Jazz Classics
Valssin pyörteissä | I valsens virvlar | In the Whirl of the Waltz
Pohjoiset tuulet | Nordliga vindar | Northern Winds
Kamarimusiikin tunti | Kammarmusikens timme | An Hour of Chamber Music
Laulut järviseudulta | Sånger från sjöbygden | Songs of the Lakelands
""")
PLAYS = _titles("""
Mummon kamari | Mormors kammare | Grandma's Chamber
Kesäyön valssi | Midsommarnattens vals | Midsummer Night's Waltz
Kahvia ja sokeria | Kaffe och socker | Coffee and Sugar
Naapurit | Grannarna | The Neighbours
Rakkautta ja rollaattoreita | Kärlek och rullatorer | Love and Walkers
Valoa ikkunassa | Ljus i fönstret | Light in the Window
Tehtaan tytöt | Fabriksflickorna | The Mill Girls
Viimeinen laiva | Den sista båten | The Last Boat
""")
CHILDREN_PLAYS = _titles("""
Pikku Myyrä ja sadepäivä | Lilla mullvaden och regndagen | Little Mole and the Rainy Day
Metsän yökonsertti | Skogens nattkonsert | The Forest's Night Concert
Kuu, joka karkasi | Månen som rymde | The Moon That Ran Away
""")
EXHIBITIONS = _titles("""
Valoa ja vettä | Ljus och vatten | Light and Water
Arjen aarteet | Vardagens skatter | Everyday Treasures
Kotiseudun kasvot | Hembygdens ansikten | Faces of the Home Region
Muistojen kaupunki | Minnenas stad | City of Memories
Lasten silmin | Med barnens ögon | Through Children's Eyes
Metsän hiljaisuus | Skogens tystnad | The Silence of the Forest
Tehtaan varjossa | I fabrikens skugga | In the Shadow of the Mill
Kaikki mitä kannan | Allt jag bär | All That I Carry
Järven kansa | Sjöns folk | People of the Lake
Värien voima | Färgernas kraft | The Power of Colour
""")
FILMS = _titles("""
Kesä saaristossa | Sommar i skärgården | Summer in the Archipelago
Tukkijoen tarina | Flottarnas berättelse | The Log Drivers' Tale
Pieni kahvila kulmassa | Det lilla kaféet på hörnet | The Little Corner Café
Lauantaitanssit | Lördagsdansen | Saturday Dances
""")
TOPICS = _titles("""
kotiseudun tarinat | hembygdens berättelser | stories of home
muistelmien kirjoittaminen | att skriva memoarer | writing memoirs
runot ja luonto | dikter och natur | poems and nature
selkokirjat | lättlästa böcker | easy-read books
""")

# Kind of event: (Finnish name pattern, Finnish summary, Swedish and English summaries,
# art forms, steps, earliest and latest start, duration, price kind). {title} is the
# title, {ensemble} the performer, {place} the place in the inessive.
EVENT_KINDS = {
    "concert": (
        "{ensemble}: {title}",
        "Konsertti {place}. Ohjelmassa on tuttuja suosikkeja ja harvemmin kuultuja helmiä.",
        "En konsert med kända favoriter och mer sällan hörda pärlor.",
        "A concert of familiar favourites and rarely heard gems.",
        ("music",), (1,), (840, 1140), 90, "tickets",
    ),
    "play": (
        "{title}",
        "Näytelmä {place}: lämminhenkinen tarina arjesta, ystävyydestä ja muistoista.",
        "En varm berättelse om vardag, vänskap och minnen.",
        "A warm story of everyday life, friendship and memories.",
        ("theatre",), (1,), (780, 1140), 120, "tickets",
    ),
    "children-play": (
        "Lastenteatteri: {title}",
        "Lastenteatteria {place} koko perheelle, kesto noin 45 minuuttia.",
        "Barnteater för hela familjen, cirka 45 minuter.",
        "Children's theatre for the whole family, about 45 minutes.",
        ("theatre",), (1,), (600, 660), 45, "children",
    ),
    "opening": (
        "Näyttelyn avajaiset: {title}",
        "Tervetuloa avajaisiin {place}! Taiteilijat ovat paikalla, ja tarjolla on kahvia.",
        "Välkommen på vernissage! Konstnärerna är på plats.",
        "Welcome to the opening! The artists will be there.",
        ("visual-arts",), (1,), (1020, 1080), 120, "free",
    ),
    "tour": (
        "Opastettu kierros: {title}",
        "Opas kertoo näyttelystä {place}. Kierros sopii myös ensikertalaisille.",
        "En guide berättar om utställningen; turen passar också förstagångsbesökare.",
        "A guide tells you about the exhibition; first-time visitors are welcome.",
        ("cultural-heritage", "visual-arts"), (1,), (780, 1020), 60, "museum",
    ),
    "family-workshop": (
        "Perhepaja: {title}",
        "Näyttelystä innoituksensa saava työpaja {place}: tehdään omia teoksia yhdessä.",
        "En verkstad där familjen gör egna verk tillsammans.",
        "A workshop where families make works of their own together.",
        ("visual-arts", "crafts"), (2, 3), (600, 720), 120, "free",
    ),
    "dance": (
        "Päivätanssit {place}",
        "Tanssitaan tangoa, valssia ja foksia elävän musiikin tahdissa {place}.",
        "Vi dansar tango, vals och foxtrot till levande musik.",
        "Tango, waltz and foxtrot to live music.",
        ("dance", "music"), (1, 2), (780, 780), 150, "dance",
    ),
    "film": (
        "Elokuvanäytös: {title}",
        "Elokuvanäytös {place}. Ennen elokuvaa kuullaan lyhyt johdanto.",
        "Filmvisning med en kort introduktion.",
        "A film screening with a short introduction.",
        ("film",), (1,), (780, 1080), 120, "free",
    ),
    "author": (
        "Kirjailijavierailu: {title_l}",
        "Kirjailija keskustelee aiheesta {title_l} {place}. Vapaa pääsy.",
        "En författare samtalar om ämnet. Fritt inträde.",
        "An author talks about the subject. Free entry.",
        ("literature",), (1,), (1050, 1050), 60, "free",
    ),
}  # fmt: skip
# Who an event suits, said as an event (not a group) says it: (fi, sv, en).
AUDIENCE_SENTENCES = {
    None: ("", "", ""),
    "older-people": (
        "Tilaisuus sopii hyvin myös ikäihmisille: paikalla on istumapaikkoja ja "
        "pyörätuolipaikkoja.",
        "Evenemanget passar också äldre; det finns sittplatser och rullstolsplatser.",
        "It suits older visitors too, with seating and wheelchair places.",
    ),
    "children-and-families": (
        "Lapset ovat tervetulleita aikuisen kanssa, ja vaunuille on tilaa.",
        "Barn är välkomna med en vuxen, och det finns plats för barnvagnar.",
        "Children are welcome with an adult, and there is room for prams.",
    ),
    "memory-disorders": (
        "Tilaisuus on muistiystävällinen: tahti on rauhallinen ja läheinen on tervetullut.",
        "Evenemanget är minnesvänligt; en närstående är välkommen med.",
        "The event is memory-friendly; a family member is welcome to come along.",
    ),
    "ethnic-minorities": (
        "Tilaisuuteen on helppo tulla, vaikka suomen kieli olisi vielä vieras.",
        "Det är lätt att komma även om finskan ännu är ny.",
        "Easy to join even if Finnish is still new to you.",
    ),
}
TITLES = {
    "concert": CONCERTS,
    "play": PLAYS,
    "children-play": CHILDREN_PLAYS,
    "opening": EXHIBITIONS,
    "tour": EXHIBITIONS,
    "family-workshop": EXHIBITIONS,
    "dance": CONCERTS,
    "film": FILMS,
    "author": TOPICS,
}
# Per kind of place: how many events, and which kinds (weighted).
VENUES = {
    P.CONCERT_HALL: (14, {"concert": 8, "dance": 2}),
    P.THEATRE: (14, {"play": 7, "children-play": 3}),
    P.MUSEUM: (10, {"opening": 2, "tour": 6, "family-workshop": 2}),
    P.CULTURE_CENTRE: (7, {"concert": 3, "play": 2, "dance": 2, "opening": 2, "film": 2}),
    P.LIBRARY: (4, {"author": 4, "opening": 2, "film": 2, "concert": 2}),
    P.PARISH_HALL: (3, {"concert": 6, "dance": 4}),
}
# Big towns' venues have more on.
SIZE_FACTOR = {P.BIG: 2.2, P.MID: 1, P.SMALL: 0.6}
PERFORMERS = {
    "concert": ("orchestra", "choir", "music", "parish"),
    "play": ("theatre",),
    "children-play": ("theatre",),
    "dance": ("dance", "music"),
}
CAPACITY = {
    P.CONCERT_HALL: (300, 900),
    P.THEATRE: (120, 400),
    P.MUSEUM: (15, 40),
    P.CULTURE_CENTRE: (60, 200),
    P.LIBRARY: (30, 80),
    P.PARISH_HALL: (80, 200),
}
AUDIENCES = (
    (None, 5),
    ("older-people", 3),
    ("children-and-families", 2),
    ("memory-disorders", 1),
    ("ethnic-minorities", 1),
)
SV_NAMES = {
    "concert": "{ensemble}: {title}",
    "play": "{title}",
    "children-play": "Barnteater: {title}",
    "opening": "Vernissage: {title}",
    "tour": "Guidad tur: {title}",
    "family-workshop": "Familjeverkstad: {title}",
    "dance": "Dagdans",
    "film": "Filmvisning: {title}",
    "author": "Författarbesök: {title}",
}
EN_NAMES = {
    "concert": "{ensemble}: {title}",
    "play": "{title}",
    "children-play": "Children's theatre: {title}",
    "opening": "Exhibition opening: {title}",
    "tour": "Guided tour: {title}",
    "family-workshop": "Family workshop: {title}",
    "dance": "Afternoon dance",
    "film": "Film screening: {title}",
    "author": "Author visit: {title}",
}
# Price kind: (lowest prices to pick from, Finnish, Swedish and English text).
PRICES = {
    "tickets": ((10, 12, 15, 18, 22), "Liput {0}–{1} €", "Biljetter {0}–{1} €",
                "Tickets €{0}–{1}"),
    "children": ((6, 8, 10), "Liput {0}–{1} €", "Biljetter {0}–{1} €", "Tickets €{0}–{1}"),
    "museum": ((8, 10, 12, 14), "Museon pääsylippu {0} €", "Inträde {0} €",
               "Museum ticket €{0}"),
    "dance": ((8, 10, 12), "{0} €", "{0} €", "€{0}"),
}  # fmt: skip
# Performers whose name heads a concert's name; other hosts say "konsertti".
ENSEMBLE_TAGS = {"orchestra", "choir", "theatre", "dance"}


def _ensemble(provider):
    name = provider.names[0]
    for suffix in (" ry", " rf", " Oy"):
        name = name.removesuffix(suffix)
    return name


def venue_event_specs(places, today):
    rng = random.Random("kohtaamo-demo-events")
    by_key = providers()
    by_tag = {}
    for provider in by_key.values():
        for tag in provider.tags:
            by_tag.setdefault(tag, []).append(provider)
    specs = []
    for place in places:
        if place.kind not in VENUES:
            continue
        town = P.TOWNS_BY_CODE[place.town]
        count, kinds = VENUES[place.kind]
        count = max(2, round(count * SIZE_FACTOR[town.size]))
        for n in range(count):
            kind = rng.choices(list(kinds), list(kinds.values()))[0]
            specs.append(_venue_event(rng, place, town, kind, n, by_key, by_tag, today))
    return specs


def _venue_event(rng, place, town, kind, n, by_key, by_tag, today):
    name, summary_fi, summary_sv, summary_en, art_forms, steps, hours, duration, price = (
        EVENT_KINDS[kind]
    )
    title = rng.choice(TITLES[kind])
    provider = by_key.get(place.owner)
    performers = [p for tag in PERFORMERS.get(kind, ()) for p in by_tag.get(tag, ())
                  if p.county == town.county]  # fmt: skip
    if performers and (provider is None or rng.random() < 0.7):
        provider = rng.choice(performers)
    if provider is None:
        provider = by_key[COUNTY_KEYS[town.county]]
    slots = {"title": title[0], "title_l": title[0][:1].lower() + title[0][1:],
             "ensemble": _ensemble(provider), "place": place.locative}  # fmt: skip
    names = [name, SV_NAMES[kind], EN_NAMES[kind]]
    if kind == "concert" and not provider.tags & ENSEMBLE_TAGS:
        names = ["{title} – konsertti", "{title} – konsert", "{title}: a concert"]
    audience, _ = rng.choices(AUDIENCES, [w for _, w in AUDIENCES])[0]
    if kind in ("children-play", "family-workshop"):
        audience = "children-and-families"
    group = GROUPS[audience]
    low, high = CAPACITY[place.kind]
    capacity = 10 * rng.randint(low // 10, high // 10)
    card = 0
    if price != "free" and rng.random() < 0.6:
        card = min(rng.randint(2, 10), capacity // 3)
    summaries = (summary_fi, summary_sv, summary_en)
    texts = {}
    for i, lang in enumerate(("fi", "sv", "en")):
        if lang != "fi" and rng.random() >= (0.25, 0.2)[i - 1]:
            continue
        texts[f"name_{lang}"] = names[i].format_map({**slots, "title": title[i]})
        texts[f"summary_{lang}"] = summaries[i].format_map(slots)
        extra = [AUDIENCE_SENTENCES.get(audience, ("", "", ""))[i]]
        if card:
            extra.append(CARD_SENTENCE[i])
        texts[f"description_{lang}"] = " ".join(t for t in (texts[f"summary_{lang}"], *extra) if t)
    if price != "free":
        choices, *patterns = PRICES[price]
        cheapest = rng.choice(choices)
        dearest = cheapest + rng.choice((5, 8, 10))
        for i, lang in enumerate(("fi", "sv", "en")):
            if f"name_{lang}" in texts:
                texts[f"price_{lang}"] = patterns[i].format(cheapest, dearest)
    offset = rng.randint(-PAST_DAYS, 120)
    low_h, high_h = hours
    minutes = low_h + 30 * rng.randint(0, (high_h - low_h) // 30)
    start = _at(today + datetime.timedelta(days=offset), minutes)
    ages = (3, 10) if kind == "children-play" else group.ages
    registration = {"tour": "recommended", "family-workshop": "required"}.get(kind, "none")
    return EventSpec(
        key=f"demo:event:{place.key.removeprefix('demo:place:')}:{n}",
        provider=provider.key,
        service=None,
        texts=texts,
        start=start,
        end=start + datetime.timedelta(minutes=duration),
        place=place.key,
        municipality=place.town,
        capacity=capacity,
        registration=registration,
        is_free=price == "free",
        card_places=card,
        is_cancelled=rng.random() < 0.02,
        status="published" if rng.random() < 0.96 else "draft",
        steps=steps,
        art_forms=art_forms,
        target_groups=tuple(g for g in (audience, *group.also) if g),
        languages=("fi",) + (("sv",) if "name_sv" in texts and rng.random() < 0.3 else ()),
        accessibility=place.accessibility,
        age_min=ages[0],
        age_max=ages[1],
    )
