"""Building blocks of the demo catalogue's texts: who a service is for, when it meets,
what it costs and how to join, in Finnish, Swedish and English.

Finnish needs its cases: a group is named in the allative ("ikäihmisille") in a
service's name and in the genitive ("ikäihmisten") inside a compound phrase, a town in
its locative ("Tampereella"). Writing the forms out keeps the generated names
grammatical, and gives search real inflected words to find.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    code: str | None  # TargetGroup.code; None: open to everyone
    fi_for: str  # allative: "ikäihmisille"
    fi_gen: str  # genitive: "ikäihmisten"
    sv_for: str
    en_for: str
    ages: tuple  # (min, max), None where open
    also: tuple  # target groups such services usually carry too
    carer: tuple  # (fi, sv, en): who pairs with the artist in care work
    fi: str  # how the service takes them into account
    sv: str
    en: str


def _group(code, forms, ages, also, carer, fi, sv, en):
    fi_for, fi_gen, sv_for, en_for = (part.strip() for part in forms.split("|"))
    return Group(code, fi_for, fi_gen, sv_for, en_for, ages, tuple(also.split()),
                 tuple(part.strip() for part in carer.split("|")), fi, sv, en)  # fmt: skip


NURSE = "lähihoitaja | närvårdare | practical nurse"
GROUPS = {
    g.code: g
    for g in (
        _group(
            None,
            "kaikille | | för alla | for everyone",
            (None, None),
            "",
            NURSE,
            "Mukaan ovat tervetulleita kaikki iästä ja taustasta riippumatta.",
            "Alla är välkomna oavsett ålder och bakgrund.",
            "Everyone is welcome, whatever their age or background.",
        ),
        _group(
            "older-people",
            "ikäihmisille | ikäihmisten | för äldre | for older people",
            (65, None),
            "",
            NURSE,
            "Ryhmä sopii myös niille, jotka liikkuvat rollaattorin tai pyörätuolin kanssa.",
            "Gruppen passar också dig som rör dig med rollator eller rullstol.",
            "The group also suits people who use a walker or a wheelchair.",
        ),
        _group(
            "memory-disorders",
            "muistisairaille ja läheisille | muistisairaiden ja läheisten | "
            "för personer med minnessjukdom och närstående | "
            "for people with memory disorders and their families",
            (None, None),
            "older-people caregivers",
            NURSE,
            "Tahti on rauhallinen, ja läheinen tai omaishoitaja on tervetullut mukaan.",
            "Tempot är lugnt och en närstående är välkommen med.",
            "The pace is calm, and a family member or carer is welcome to come along.",
        ),
        _group(
            "children-and-families",
            "lapsiperheille | lapsiperheiden | för barnfamiljer | for families with children",
            (0, 12),
            "families children",
            "perhetyöntekijä | familjearbetare | family worker",
            "Lapsi ja aikuinen osallistuvat yhdessä, ja vaunuille on tilaa.",
            "Barn och vuxen deltar tillsammans, och det finns plats för barnvagnar.",
            "Children take part together with an adult, and there is room for prams.",
        ),
        _group(
            "young-people-at-risk",
            "nuorille | nuorten | för unga | for young people",
            (13, 29),
            "young-people",
            "nuorisotyöntekijä | ungdomsarbetare | youth worker",
            "Ennakkotaitoja ei tarvita, ja ohjaajat tekevät yhteistyötä etsivän nuorisotyön "
            "kanssa.",
            "Inga förkunskaper behövs, och ledarna samarbetar med det uppsökande ungdomsarbetet.",
            "No previous skills are needed; the leaders work with outreach youth workers.",
        ),
        _group(
            "mental-health-substance-rehabilitation",
            "mielenterveyskuntoutujille | mielenterveyskuntoutujien | "
            "för personer i psykisk rehabilitering | for people in mental-health recovery",
            (18, None),
            "working-age",
            "psykiatrinen sairaanhoitaja | psykiatrisk sjukskötare | psychiatric nurse",
            "Ryhmä on pieni ja turvallinen: omasta elämästä ei tarvitse kertoa, ellei halua.",
            "Gruppen är liten och trygg; du behöver inte berätta om ditt liv om du inte vill.",
            "The group is small and safe; nobody has to talk about their life unless they want to.",
        ),
        _group(
            "ethnic-minorities",
            "maahan muuttaneille | maahan muuttaneiden | för invandrare | "
            "for people who have moved to Finland",
            (None, None),
            "immigrants",
            "ohjaaja | handledare | instructor",
            "Suomen kieltä ei tarvitse osata hyvin: yhdessä tekeminen on yhteinen kieli.",
            "Du behöver inte kunna finska väl: att göra saker tillsammans är ett gemensamt språk.",
            "You do not need to speak Finnish well: doing things together is the common language.",
        ),
        _group(
            "care-home-residents",
            "hoivakotien asukkaille | hoivakotien asukkaiden | för boende på vårdhem | "
            "for care-home residents",
            (None, None),
            "older-people memory-disorders",
            NURSE,
            "Taiteilija tulee asukkaiden luo, ja hoitajat ovat hetkissä mukana.",
            "Konstnären kommer till de boende, och vårdarna är med.",
            "The artist comes to the residents, and the care staff take part.",
        ),
        _group(
            "caregivers",
            "omaishoitajille | omaishoitajien | för närståendevårdare | for family caregivers",
            (None, None),
            "older-people",
            NURSE,
            "Hoidettavalle voi järjestää hoitajan ajaksi: kysy omaishoidon tuen ohjaajalta.",
            "Fråga handledaren för närståendevård om vård för den du sköter under tiden.",
            "Ask the carers' support service about care for the person you look after.",
        ),
        _group(
            "people-with-disabilities",
            "kehitysvammaisille aikuisille | kehitysvammaisten aikuisten | "
            "för vuxna med intellektuell funktionsnedsättning | "
            "for adults with learning disabilities",
            (18, None),
            "",
            "ohjaaja | handledare | instructor",
            "Ohjeet annetaan selkokielellä, ja avustaja pääsee mukaan maksutta.",
            "Instruktionerna ges på lättläst språk, och en assistent kommer in gratis.",
            "Instructions are given in plain language, and an assistant comes free.",
        ),
        _group(
            "unemployed",
            "työnhakijoille | työnhakijoiden | för arbetssökande | for jobseekers",
            (18, 64),
            "working-age",
            "työvalmentaja | jobbcoach | job coach",
            "Ryhmä tuo viikkoon rytmiä, ja siellä tapaa uusia ihmisiä.",
            "Gruppen ger veckan rytm, och du träffar nya människor.",
            "The group brings rhythm to the week, and you meet new people.",
        ),
        _group(
            "working-age",
            "työikäisille | työikäisten | för personer i arbetsför ålder | for working-age adults",
            (18, 64),
            "",
            NURSE,
            "Ryhmä kokoontuu iltaisin, joten sinne ehtii töiden tai opiskelun jälkeen.",
            "Gruppen träffas på kvällen, så du hinner efter jobbet eller studierna.",
            "The group meets in the evening, after work or studies.",
        ),
        _group(
            "hospital-patients",
            "sairaalan potilaille | sairaalan potilaiden | för sjukhuspatienter | "
            "for hospital patients",
            (None, None),
            "",
            NURSE,
            "Taide tulee potilaan luo, eikä osallistuminen vaadi mitään.",
            "Konsten kommer till patienten, och deltagandet kräver ingenting.",
            "The art comes to the patient, and taking part asks nothing of them.",
        ),
        _group(
            "low-income",
            "pienituloisille | pienituloisten | för personer med små inkomster | "
            "for people on a low income",
            (16, None),
            "",
            NURSE,
            "Tuloja ei tarvitse todistaa: riittää, että talous tuntuu itsestä tiukalta.",
            "Du behöver inte visa dina inkomster; det räcker att ekonomin känns stram.",
            "No proof of income is needed; it is enough that money feels tight.",
        ),
        _group(
            "children",
            "lapsille | lasten | för barn | for children",
            (4, 12),
            "families",
            "perhetyöntekijä | familjearbetare | family worker",
            "Aikuinen voi jäädä seuraamaan tai lähteä kahville.",
            "En vuxen kan stanna och titta eller gå på kaffe.",
            "An adult may stay and watch or go for a coffee.",
        ),
    )
}

REFERRALS = {
    # county: (noun, adessive "with a ...", genitive), Swedish, English
    "13": (("hyvinvointilähete", "hyvinvointilähetteellä", "hyvinvointilähetteen"),
           "välmåenderemiss", "wellbeing referral"),
    "08": (("kulttuurilähete", "kulttuurilähetteellä", "kulttuurilähetteen"),
           "kulturremiss", "culture referral"),
    "06": (("kulttuuriresepti", "kulttuurireseptillä", "kulttuurireseptin"),
           "kulturrecept", "culture prescription"),
}  # fmt: skip
HOBBY_REFERRAL = (("harrastelähete", "harrastelähetteellä", "harrastelähetteen"),
                  "fritidsremiss", "hobby referral")  # fmt: skip

# Weekday forms, Monday first: nominative "tiistai" (essive "tiistaina"), and the plural
# "on Tuesdays" form, which is not the nominative plus an ending for every day.
WEEKDAYS_FI = ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai",
               "sunnuntai")  # fmt: skip
WEEKDAYS_FI_EVERY = ("maanantaisin", "tiistaisin", "keskiviikkoisin", "torstaisin",
                     "perjantaisin", "lauantaisin", "sunnuntaisin")  # fmt: skip
WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _clock(minutes):
    return f"{minutes // 60}.{minutes % 60:02d}"


def schedule_texts(rhythm, weekday, start, duration, sessions=None):
    """(fi, sv, en) of a meeting rhythm; ``start`` and ``duration`` in minutes."""
    fi_day, sv_day, en_day = WEEKDAYS_FI[weekday], WEEKDAYS_SV[weekday], WEEKDAYS_EN[weekday]
    times = f"{_clock(start)}–{_clock(start + duration)}"
    every = WEEKDAYS_FI_EVERY[weekday].capitalize()
    if rhythm == "weekly":
        return (f"{every} klo {times}", f"{sv_day.capitalize()}ar kl. {times}",
                f"{en_day}s {times}")  # fmt: skip
    if rhythm == "biweekly":
        return (f"Joka toinen {fi_day} klo {times}", f"Varannan {sv_day} kl. {times}",
                f"Every other {en_day} {times}")  # fmt: skip
    if rhythm == "monthly":
        return (f"Kuukauden ensimmäisenä {fi_day}na klo {times}",
                f"Första {sv_day}en i månaden kl. {times}",
                f"First {en_day} of the month {times}")  # fmt: skip
    if rhythm == "series":
        return (f"{every} klo {times}, yhteensä {sessions} kertaa",
                f"{sv_day.capitalize()}ar kl. {times}, sammanlagt {sessions} gånger",
                f"{en_day}s {times}, {sessions} sessions in all")  # fmt: skip
    if rhythm == "visits":
        return ("Käynneistä sovitaan yksikön kanssa, yleensä kerran tai kahdesti viikossa.",
                "Besöken avtalas med enheten, oftast en eller två gånger i veckan.",
                "Visits are agreed with the unit, usually once or twice a week.")  # fmt: skip
    if rhythm == "request":
        return ("Tilattavissa arkisin ja viikonloppuisin.", "Kan beställas alla dagar.",
                "Can be booked on any day of the week.")  # fmt: skip
    if rhythm == "ongoing":
        return ("Jatkuvaa toimintaa ympäri vuoden.", "Pågående verksamhet året runt.",
                "Ongoing all year round.")  # fmt: skip
    return ("Avoinna aukioloaikoina; esitykset ohjelmiston mukaan.",
            "Öppet under öppettiderna; föreställningar enligt programmet.",
            "Open during opening hours; performances as programmed.")  # fmt: skip


def price_texts(rng, kind, card):
    """(is_free, fi, sv, en) of a price."""
    if kind == "free":
        return True, "", "", ""
    if kind == "tickets":
        low, high = rng.choice(((8, 20), (10, 25), (12, 32), (6, 15)))
        texts = [f"Liput {low}–{high} €", f"Biljetter {low}–{high} €", f"Tickets €{low}–{high}"]
    elif kind == "course":
        fee = rng.choice((35, 42, 48, 55, 64, 78))
        texts = [f"Kurssimaksu {fee} €", f"Kursavgift {fee} €", f"Course fee €{fee}"]
    elif kind == "group":
        fee = rng.choice((80, 120, 150))
        texts = [f"Ryhmävaraus {fee} €", f"Gruppbokning {fee} €", f"Group booking €{fee}"]
    else:
        fee = rng.choice((2, 3, 5, 7))
        texts = [f"{fee} € / kerta", f"{fee} € / gång", f"€{fee} per session"]
    if card:
        texts = [
            texts[0] + ", Kaikukortilla maksuton",
            texts[1] + ", gratis med Kaikukortti",
            texts[2] + ", free with the Kaikukortti card",
        ]
    return (False, *texts)


def join_texts(how, *, url, phone, email, ref=None):
    """(fi, sv, en) of how to join; ``ref`` is the county's referral forms."""
    if how == "referral":
        (noun, _, genitive), sv, en = ref
        return (
            f"Pyydä {noun} terveysaseman, sosiaalityön, neuvolan tai mielenterveyspalvelujen "
            f"työntekijältä. Kulttuurineuvoja ottaa sinuun yhteyttä kahden viikon kuluessa "
            f"{genitive} saamisesta. Kysymyksiin vastataan numerossa {phone}.",
            f"Be om en {sv} på hälsostationen, inom socialt arbete eller på rådgivningen. "
            f"Kulturrådgivaren kontaktar dig inom två veckor.",
            f"Ask for a {en} at your health station, social services or family clinic. "
            f"A culture adviser contacts you within two weeks.",
        )
    if how == "none":
        return ("Ilmoittautumista ei ole: teokset ovat kaikkien nähtävillä.",
                "Ingen anmälan: verken är synliga för alla.",
                "No sign-up: the works are there for everyone.")  # fmt: skip
    if how == "drop-in":
        return ("Tule paikalle, ennakkoilmoittautumista ei tarvita.",
                "Kom på plats, ingen förhandsanmälan behövs.",
                "Just come along; no need to sign up.")  # fmt: skip
    if how == "staff":
        return (
            f"Hoivakoti, osasto tai kotihoidon tiimi sopii käynneistä järjestäjän kanssa: {email}.",
            f"Vårdhemmet eller avdelningen avtalar om besöken med arrangören: {email}.",
            f"The care home or ward agrees the visits with the organiser: {email}.",
        )
    if how == "request":
        return (
            f"Tilaa seuralainen verkossa {url} tai soita {phone} arkisin klo 9–15. "
            f"Tilaus kannattaa tehdä viikkoa ennen.",
            f"Beställ via {url} eller ring {phone} vardagar kl. 9–15.",
            f"Book at {url} or call {phone} on weekdays 9–15, a week ahead if you can.",
        )
    if how == "card":
        return (
            f"Näytä Kaikukortti lippukassalla tai varaa paikka puhelimitse {phone}.",
            f"Visa Kaikukortti i biljettkassan eller boka per telefon {phone}.",
            f"Show your Kaikukortti at the ticket desk or book by phone: {phone}.",
        )
    return (
        f"Ilmoittaudu verkossa {url} tai puhelimitse {phone}.",
        f"Anmäl dig på {url} eller per telefon {phone}.",
        f"Sign up at {url} or by phone: {phone}.",
    )


# Sentences a description may end with, by what the service offers.
CARD_SENTENCE = (
    "Kaikukortin haltijoille on varattu maksuttomia paikkoja.",
    "Platser är reserverade för innehavare av Kaikukortti.",
    "Free places are kept for Kaikukortti culture card holders.",
)
REFERRAL_SENTENCE = "Mukaan voi tulla myös {ref_with}, jonka saa sote-ammattilaiselta."
LEADER_SENTENCES = {
    "artist": "Ohjaajana on ammattitaiteilija, jolla on soveltavan taiteen koulutus.",
    "association": "Toiminnan järjestää {provider}.",
    "municipality": "Toiminta on osa kunnan kulttuuripalvelujen kulttuurihyvinvointityötä.",
    "wellbeing_county": "Toiminta kuuluu hyvinvointialueen hyvinvoinnin ja terveyden "
    "edistämisen palveluihin.",
    "education": "Opettajana on kansalaisopiston kokenut tuntiopettaja.",
    "parish": "Seurakunnan diakonia- ja musiikkityöntekijät ovat mukana.",
    "company": "Ohjaajat ovat alan ammattilaisia.",
}
CLOSINGS = (
    "Tervetuloa sellaisena kuin olet!",
    "Ennakkotaitoja ei tarvita.",
    "Ota halutessasi ystävä mukaan.",
    "Kysy rohkeasti lisää järjestäjältä.",
    "",
)
PILOT_SENTENCE = "Toiminta on kokeiluvaiheessa, ja osallistujien palaute ohjaa sen kehittämistä."
