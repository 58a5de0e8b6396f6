"""The kinds of service the demo catalogue is generated from.

Each :class:`Activity` is one kind of cultural-wellbeing service seen in the counties
(Taike's 2025 survey of service models, and the catalogue issue): what it is, which step
of cultural wellbeing it stands on, for whom, where, who runs it, how often it meets,
and text patterns in three languages. ``catalogue_services`` fills the patterns for
each town, place or county. Slots in the patterns:

- Finnish: ``{noun}`` ``{noun_l}`` (lower-case) ``{doing}`` (passive verb phrase)
  ``{for}`` (group, allative) ``{gen}`` (group, genitive) ``{loc}`` (town or county,
  locative) ``{place}`` (place, inessive) ``{place_name}`` ``{ref}`` ``{Ref}``
  ``{ref_with}`` ``{Ref_with}`` ``{ref_gen}`` (the county's referral) ``{provider}``
  ``{sessions}`` ``{carer}``;
- Swedish and English: ``{noun}`` ``{noun_l}`` ``{for}`` ``{town}`` ``{place_name}``
  ``{ref}`` ``{sessions}`` ``{carer}``.

A pattern with ``{gen}`` is skipped for services open to everyone.
"""

from dataclasses import dataclass

from kohtaamo.catalogue.models import Service

from . import catalogue_places as P

K = Service.Kind


@dataclass(frozen=True)
class Variant:
    fi: str
    sv: str
    en: str
    art_forms: tuple
    keywords: str
    doing: str
    group: str | None = None  # a variant only for this target group
    place_kind: str | None = None  # a variant only for places of this kind


@dataclass(frozen=True)
class Activity:
    code: str
    kind: str
    steps: tuple
    scope: str  # "town", "place" (one per place of ``places``) or "county"
    counts: tuple  # town: (big, mid, small); place: (share,); county: (n,)
    groups: tuple  # TargetGroup codes, None for everyone
    places: tuple  # place kinds, most fitting first
    providers: tuple  # provider tags
    rhythm: str  # weekly, biweekly, monthly, series, visits, request, open
    variants: tuple
    names: tuple  # Finnish name patterns
    names_sv: tuple
    names_en: tuple
    summaries: tuple
    summary_sv: str
    summary_en: str
    body: tuple  # Finnish sentences; a description takes two or three
    price: str = "free"  # free, session, course, tickets, group
    card: float = 0.0  # share offering culture-card places
    join: str = "booking"
    towns: tuple = ()  # only these towns
    referral: tuple | None = None  # the referral it names instead of the county's
    hours: tuple = (600, 780)  # earliest and latest start, minutes from midnight
    duration: int = 90


def _variants(text):
    """One variant a line; a line starting with "|" continues the one above."""
    records = []
    for line in text.strip().splitlines():
        if line.lstrip().startswith("|"):
            records[-1] += " " + line.strip()
        else:
            records.append(line.strip())
    variants = []
    for line in records:
        cells = [cell.strip() for cell in line.split("|")]
        fi, sv, en, forms, keywords, doing, group, place_kind = (cells + [""] * 8)[:8]
        variants.append(
            Variant(fi, sv, en, tuple(forms.split()), keywords, doing, group or None,
                    place_kind or None)
        )  # fmt: skip
    return tuple(variants)


def _lines(text):
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


OLDER, MEMORY, FAMILIES = "older-people", "memory-disorders", "children-and-families"
YOUNG, MINORITIES = "young-people-at-risk", "ethnic-minorities"
MENTAL = "mental-health-substance-rehabilitation"
CARE_HOME, DISABLED, JOBSEEKERS = "care-home-residents", "people-with-disabilities", "unemployed"
CAREGIVERS, WORKING, CHILDREN = "caregivers", "working-age", "children"

# Care, referral, culture-card and guide services.
CARE_ACTIVITIES = (
    Activity(
        "referral-museum",
        K.MUSEUM_VISIT,
        (1, 4),
        "place",
        (1.0,),
        (OLDER, MENTAL, JOBSEEKERS),
        (P.MUSEUM,),
        ("museum", "city"),
        "open",
        _variants(
            "Museokäynti | Museibesök | Museum visit | cultural-heritage visual-arts "
            "| museo, näyttely, museokäynti | tutustutaan näyttelyihin"
        ),
        _lines("""
            {Ref_with} museoihin
            {Ref_with} museoon – {place_name}
            Museokäynnit {ref_with} {loc}
        """),
        ("Med {ref} till museet – {place_name}",),
        ("To the museum with a {ref} – {place_name}",),
        _lines("""
            Sote-ammattilaisen antamalla {ref_with} pääset maksutta näyttelyihin {place}.
            {Ref_with} museon näyttelyihin maksutta: {place_name} ottaa vastaan lähetteen saaneet.
        """),
        "Med en {ref} från social- och hälsovården besöker du utställningarna gratis.",
        "With a {ref} from a health or social care professional you visit the exhibitions "
        "for free.",
        _lines("""
            Lähetteen voi saada terveysasemalta, sosiaalityöstä tai ikääntyneiden palveluista.
            Näytä lähete kassalla, niin saat lipun itsellesi ja saattajallesi.
            Opas kertoo halutessasi näyttelyistä rauhalliseen tahtiin.
            Kierroksen jälkeen museokahvilassa voi levähtää.
        """),
        card=0.8,
        join="referral",
    ),
    Activity(
        "referral-group",
        K.REFERRAL_GROUP,
        (3, 4),
        "town",
        (3, 1.5, 0.5),
        (OLDER, MENTAL, JOBSEEKERS, CAREGIVERS),
        (P.CULTURE_CENTRE, P.COMMUNITY, P.LIBRARY, P.ADULT_EDUCATION),
        ("county", "city", "artist", "education", "mental-health"),
        "weekly",
        _variants("""
            Taidepaja | Konstverkstad | Art workshop | visual-arts | kuvataide, maalaus
                | maalataan ja piirretään
            Laulu- ja musiikkiryhmä | Sång- och musikgrupp | Singing and music group | music
                | laulu, musiikki | lauletaan ja soitetaan
            Valokuvausryhmä | Fotogrupp | Photography group | photography | valokuvaus
                | kuvataan arjen yksityiskohtia
            Kirjoittajaryhmä | Skrivargrupp | Writing group | word-art literature
                | kirjoittaminen, sanataide | kirjoitetaan lyhyitä tekstejä
            Tanssiryhmä | Dansgrupp | Dance group | dance | tanssi, liike
                | liikutaan musiikin mukana
        """),
        _lines("""
            {Ref}-pienryhmä: {noun_l} {for}
            {noun} {ref_with} {loc}
            {noun} {for} – {ref}
        """),
        ("{noun} med {ref} – {town}",),
        ("{noun} with a {ref} – {town}",),
        _lines("""
            Pieni ryhmä, johon tullaan {ref_with}: kymmenellä kerralla {doing} taiteilijan kanssa.
            Kymmenen kerran ryhmä {place}, jossa {doing}. Mukaan pääsee {ref_with}.
        """),
        "En liten grupp som man kommer till med {ref}: tio träffar under ledning av en konstnär.",
        "A small group you join with a {ref}: ten sessions led by a professional artist.",
        _lines("""
            Ensimmäisellä kerralla mukana on myös kulttuurineuvoja, joka tuntee ryhmän tavat.
            Osallistujilta kysytään hyvinvoinnista ryhmän alussa ja lopussa.
            Ryhmässä on enintään kymmenen osallistujaa.
            Ryhmän jälkeen neuvoja auttaa löytämään jatkoa omalle harrastukselle.
        """),
        join="referral",
    ),
    Activity(
        "hobby-referral",
        K.REFERRAL_GROUP,
        (2, 4),
        "town",
        (2, 0, 0),
        (FAMILIES,),
        (P.CULTURE_CENTRE, P.FAMILY_CLINIC),
        ("city",),
        "weekly",
        _variants("""
            Perheen taidekurssi | Familjens konstkurs | Family art course | visual-arts
                | taidekurssi, perhe | maalataan ja rakennellaan
            Perheen musiikkikurssi | Familjens musikkurs | Family music course | music
                | musiikkileikit, perhe | lauletaan ja leikitään
            Perheen sirkuskurssi | Familjens cirkuskurs | Family circus course | circus
                | sirkus, perhe | kokeillaan sirkustemppuja
        """),
        _lines("""
            {Ref_with} perheen yhteiselle kurssille
            {Ref}: {noun_l} maksutta
        """),
        ("{noun} med {ref}",),
        ("{noun} with a {ref}",),
        (
            "Neuvolan terveydenhoitaja voi antaa perheelle {ref_gen}, jolla saa maksuttoman "
            "paikan kaupungin kurssille. Kurssilla {doing} yhdessä.",
        ),
        "Rådgivningen kan ge familjen en {ref} till en gratis kursplats.",
        "The family clinic can give a family a {ref} for a free place on a city course.",
        _lines("""
            Läheteitä annetaan perheille, jotka hyötyvät yhteisestä tekemisestä eniten.
            Kurssi vahvistaa vanhemman ja lapsen yhteistä aikaa.
            Paikan voi varata lähetteen saatuaan kaupungin kurssihausta.
        """),
        towns=("837",),
        referral=("hobby",),
        hours=(960, 1080),
        duration=60,
    ),
    Activity(
        "card-venue",
        K.PERFORMANCE,
        (1,),
        "place",
        (0.9,),
        (None, OLDER, FAMILIES),
        (P.MUSEUM, P.THEATRE, P.CONCERT_HALL, P.CULTURE_CENTRE),
        ("city", "museum", "theatre", "orchestra"),
        "open",
        _variants("""
            museoon | till museet | to the museum | cultural-heritage | museo | | | museum
            teatteriin | på teater | to the theatre | theatre | teatteri | | | theatre
            konsertteihin | på konsert | to concerts | music | konsertti | | | concert-hall
            kulttuuritalon tapahtumiin | till kulturhusets evenemang | to culture house events
                | multidisciplinary | tapahtumat | | | culture-centre
        """),
        ("Kaikukortilla {noun} – {place_name}", "{place_name}: Kaikukortilla {noun}"),
        ("Med Kaikukortti {noun} – {place_name}",),
        ("Kaikukortti {noun} – {place_name}",),
        (
            "Kaikukortin haltija saa {place} maksuttoman lipun itselleen ja alle 18-vuotiaille "
            "lapsilleen tai lapsenlapsilleen samaan tilaisuuteen.",
        ),
        "Med Kaikukortti får du en gratis biljett för dig och dina barn eller barnbarn under "
        "18 år till samma evenemang.",
        "Card holders get a free ticket for themselves and their children or grandchildren "
        "under 18 to the same event.",
        _lines("""
            Kaikukortin saa mukana olevista sosiaali- ja terveyspalveluista, jos talous on tiukalla.
            Kortti on henkilökohtainen ja voimassa vuoden kerrallaan.
            Korttipaikkoja on rajattu määrä jokaiseen tilaisuuteen.
            Kursseille korttipaikka on vain kortin haltijalle itselleen.
        """),
        price="tickets",
        card=1.0,
        join="card",
    ),
    Activity(
        "guides",
        K.GUIDE_SERVICE,
        (1,),
        "town",
        (1, 0.8, 0.5),
        (None, OLDER, MEMORY, MENTAL),
        (),
        ("guides", "city", "seniors"),
        "request",
        _variants("""
            Kulttuuriluotsi | Kulturlots | Culture guide | multidisciplinary
                | kulttuuriluotsi, vapaaehtoinen, saattaja
            Kulttuurikaveri | Kulturkompis | Culture buddy | multidisciplinary
                | kulttuurikaveri, vapaaehtoinen, seuralainen
        """),
        _lines("""
            {noun} mukaan konserttiin
            {noun} seuraksi museoon {loc}
            {noun} {for} {loc}
        """),
        ("{noun} följer med – {town}",),
        ("A {noun_l} to go with you – {town}",),
        (
            "Jos kulttuuritapahtumaan lähteminen yksin jännittää, vapaaehtoinen {noun_l} tulee "
            "seuraksi {loc}. Palvelu on maksuton.",
        ),
        "En frivillig {noun_l} följer med dig på konsert, museum eller teater. Tjänsten är gratis.",
        "A trained volunteer goes with you to a concert, a museum or the theatre, free of charge.",
        _lines("""
            {noun}t ovat koulutettuja vapaaehtoisia, jotka tuntevat alueen kulttuurikohteet.
            Seuralaisen voi tilata itselleen tai pienelle ryhmälle.
            Liput maksaa jokainen itse, ellei käytössä ole Kaikukorttia.
            Vapaaehtoinen voi auttaa myös matkoissa ja tulee tarvittaessa kotiovelle.
        """),
        join="request",
    ),
    Activity(
        "clowns-hospital",
        K.HOSPITAL_CLOWNS,
        (3, 4),
        "county",
        (1,),
        (FAMILIES,),
        (P.HOSPITAL,),
        ("clowns",),
        "visits",
        _variants(
            "Sairaalaklovnit | Sjukhusclowner | Hospital clowns | circus theatre "
            "| sairaalaklovni, lapsipotilaat, lastenosasto | leikitään ja lauletaan"
        ),
        ("{noun} {place}", "{noun} lastenosastoilla {loc}"),
        ("{noun} på barnavdelningarna – {town}",),
        ("{noun} on the children's wards – {town}",),
        (
            "Kaksi sairaalaklovnia vierailee viikoittain lasten osastoilla ja poliklinikoilla. "
            "Leikki, musiikki ja improvisaatio keventävät sairaalapäivää koko perheelle.",
        ),
        "Två sjukhusclowner besöker barnavdelningarna varje vecka.",
        "Two hospital clowns visit the children's wards every week.",
        _lines("""
            Klovnit työskentelevät pareittain ja sopivat vierailuista osaston henkilökunnan kanssa.
            He ottavat huomioon lapsen voinnin ja perheen toiveet.
            Toimintaa arvioidaan henkilökunnan ja perheiden palautteella.
        """),
        join="staff",
    ),
    Activity(
        "clowns-care",
        K.HOSPITAL_CLOWNS,
        (3,),
        "county",
        (1,),
        (CARE_HOME, MEMORY),
        (P.CARE_HOME,),
        ("clowns",),
        "visits",
        _variants(
            "Klovnivierailut | Clownbesök | Clown visits | circus theatre "
            "| klovni, hoivakoti, ikäihmiset | lauletaan ja muistellaan"
        ),
        ("{noun} hoivakodeissa {loc}", "Hoivaklovnit: {noun_l} {for}"),
        ("{noun} på vårdhem – {town}",),
        ("{noun} to care homes – {town}",),
        ("Klovnipari vierailee hoivakodeissa kahden viikon välein: kohtaamisissa {doing}.",),
        "Ett clownpar besöker vårdhemmen varannan vecka.",
        "A pair of clowns visits care homes every other week.",
        _lines("""
            Vierailut rakennetaan asukkaiden omien muistojen ja mieluisten laulujen varaan.
            Hoitajat kertovat klovneille etukäteen, kuka kaipaa erityisesti seuraa.
        """),
        join="staff",
    ),
    Activity(
        "ambulance-art",
        K.OTHER,
        (1, 4),
        "county",
        (1,),
        (None,),
        (),
        ("county",),
        "ongoing",
        _variants(
            "Taidetta ambulansseihin | Konst i ambulanserna | Art in the ambulances "
            "| visual-arts photography | ambulanssi, ensihoito, taide"
        ),
        ("{noun} {loc}", "Taideambulanssit: {noun_l}"),
        ("{noun} – {town}",),
        ("{noun} – {town}",),
        (
            "Ensihoidon ambulansseihin tuodaan taidetta museoiden kokoelmista ja alueen "
            "taiteilijoilta. Taide antaa potilaalle muuta ajateltavaa pelottavassa tilanteessa.",
        ),
        "Konst från museisamlingar och lokala konstnärer i ambulanserna.",
        "Art from museum collections and local artists inside the ambulances.",
        _lines("""
            Teokset valitaan yhdessä ensihoitajien kanssa, ja ne kestävät ajoneuvon olosuhteet.
            Taide avaa usein keskustelun potilaan ja ensihoitajan välillä.
            Kokeilun vaikutuksia seurataan henkilöstön ja potilaiden palautteella.
        """),
        join="none",
    ),
    Activity(
        "residency",
        K.ARTIST_RESIDENCY,
        (4, 5),
        "place",
        (0.45,),
        (CARE_HOME, OLDER, MEMORY),
        (P.CARE_HOME,),
        ("artist", "county"),
        "visits",
        _variants("""
            Kuvataiteilija | Bildkonstnär | Visual artist | visual-arts | kuvataide, residenssi
                | maalataan ja muovaillaan
            Muusikko | Musiker | Musician | music | musiikki, residenssi | lauletaan ja soitetaan
            Tanssitaiteilija | Danskonstnär | Dance artist | dance | tanssi, residenssi
                | liikutaan ja tanssitaan
            Valokuvaaja | Fotograf | Photographer | photography | valokuvaus, residenssi
                | kuvataan muotokuvia
            Kirjailija | Författare | Writer | literature word-art | sanataide, residenssi
                | kirjoitetaan muistoja
        """),
        ("Taiteilijaresidenssi {place}", "{noun} residenssissä: {place_name}"),
        ("Konstnärsresidens – {place_name}",),
        ("Artist residency – {place_name}",),
        (
            "{noun} työskentelee {place} puoli vuotta kahtena päivänä viikossa. Asukkaat, omaiset "
            "ja hoitajat pääsevät mukaan, kun {doing}.",
        ),
        "En konstnär arbetar på vårdhemmet två dagar i veckan i ett halvt år.",
        "An artist works in the care home two days a week for six months.",
        _lines("""
            Residenssi suunnitellaan yhdessä henkilökunnan kanssa.
            Taiteilija osallistuu talon arkeen: aamupiireihin, ruokahetkiin ja juhliin.
            Jakson lopuksi pidetään näyttely tai esitys, johon omaiset ovat tervetulleita.
        """),
        join="staff",
    ),
    Activity(
        "care-home-weekly",
        K.ARTIST_VISIT,
        (5,),
        "place",
        (0.45,),
        (CARE_HOME, MEMORY),
        (P.CARE_HOME,),
        ("artist", "music", "choir", "county"),
        "visits",
        _variants("""
            Taidehetki | Konststund | Art hour | visual-arts | kuvataide, hoivakoti | maalataan
            Musiikkihetki | Musikstund | Music hour | music | musiikki, hoivakoti | lauletaan
            Tanssihetki | Dansstund | Dance hour | dance | tanssi, hoivakoti | tanssitaan
            Runohetki | Poesistund | Poetry hour | literature word-art | runot, hoivakoti
                | luetaan runoja
        """),
        ("Viikoittainen {noun_l} {place}", "{noun} osana hoivakodin arkea – {place_name}"),
        ("{noun} varje vecka – {place_name}",),
        ("{noun} every week – {place_name}",),
        (
            "{noun} on kirjattu asukkaiden hoito- ja palvelusuunnitelmiin: taiteilija käy "
            "{place} joka viikko, ja hoitajat jatkavat arjessa.",
        ),
        "Konsten är en del av vårdplanen: en konstnär kommer varje vecka.",
        "Art is part of the residents' care plans: an artist comes every week.",
        _lines("""
            Hoitajat on koulutettu jatkamaan harjoitteita taiteilijan käyntien välillä.
            Asukkaiden vointia ja mielialaa seurataan yhdessä sovituilla mittareilla.
            Omaiset ovat tervetulleita mukaan hetkiin.
        """),
        join="staff",
    ),
    Activity(
        "family-clinic",
        K.GROUP,
        (5,),
        "place",
        (0.8,),
        (FAMILIES,),
        (P.FAMILY_CLINIC,),
        ("county", "city", "artist"),
        "weekly",
        _variants("""
            Vauvalaulut | Babysång | Baby songs | music | vauvalaulut, musiikki
                | lauletaan ja loruillaan
            Värikylpy | Färgbad | Colour bath | visual-arts | värit, kuvataide
                | tutkitaan värejä ja materiaaleja
            Loruhetki | Ramsstund | Rhymes and rhythms | word-art literature | lorut, sanataide
                | loruillaan ja leikitään
            Vauvatanssi | Babydans | Baby dance | dance | vauvatanssi, liike
                | tanssitaan vauva sylissä
        """),
        (
            "Kulttuuri- ja taideneuvola: {noun_l}",
            "{noun} neuvolassa – {place_name}",
            "Taidetta neuvolassa: {noun_l} vauvaperheille",
        ),
        ("Konst på rådgivningen: {noun_l}",),
        ("Art at the family clinic: {noun_l}",),
        (
            "Terveydenhoitaja ja taiteilija ohjaavat yhdessä perheiden taidehetkiä {place}: "
            "{doing}.",
        ),
        "Hälsovårdaren och en konstnär leder tillsammans stunder för småbarnsfamiljer.",
        "A public-health nurse and an artist lead arts sessions for families with babies.",
        _lines("""
            Taidehetket tukevat vanhemman ja vauvan varhaista vuorovaikutusta.
            Toiminta kuuluu neuvolan tavalliseen arkeen, ei erilliseksi tapahtumaksi.
            Perheiltä kerätään palautetta jokaisen jakson jälkeen.
        """),
        join="drop-in",
        hours=(570, 660),
        duration=60,
    ),
    Activity(
        "culture-advice",
        K.CULTURE_ADVICE,
        (1, 2),
        "place",
        (0.5,),
        (None, OLDER, JOBSEEKERS, MINORITIES),
        (P.LIBRARY,),
        ("library", "city"),
        "weekly",
        _variants(
            "Kulttuurineuvonta | Kulturrådgivning | Culture advice | multidisciplinary "
            "| kulttuurineuvonta, neuvonta, kirjasto"
        ),
        (
            "{noun} {place}",
            "Kulttuurineuvoja tavattavissa – {place_name}",
            "Kysy kulttuurineuvojalta {loc}",
        ),
        ("{noun} – {place_name}",),
        ("{noun} – {place_name}",),
        (
            "Kulttuurineuvoja auttaa löytämään sopivan harrastuksen, ryhmän tai tapahtuman {loc}. "
            "Neuvontaan voi tulla {ref_with} tai ilman.",
        ),
        "Kulturrådgivaren hjälper dig att hitta en hobby, en grupp eller ett evenemang.",
        "A culture adviser helps you find a hobby, a group or an event that suits you.",
        _lines("""
            Neuvoja kertoo myös Kaikukortista ja maksuttomista tapahtumista.
            Neuvoja voi varata sinulle kulttuuriluotsin tai -kaverin.
            Neuvonta on luottamuksellista, eikä terveydestä tarvitse kertoa.
        """),
        join="drop-in",
        hours=(720, 840),
        duration=180,
    ),
    Activity(
        "museum-older",
        K.MUSEUM_VISIT,
        (1, 3),
        "place",
        (1.5,),
        (OLDER, MEMORY, CARE_HOME),
        (P.MUSEUM,),
        ("museum", "city"),
        "monthly",
        _variants("""
            Museokierros | Museirunda | Museum tour | cultural-heritage | museokierros, opastus
            Muistojen museo | Minnenas museum | Museum of memories | cultural-heritage
                | muistelu, museo
            Taidekierros | Konstrunda | Art tour | visual-arts | taidemuseo, opastus
        """),
        ("{noun} {for}", "{noun} {for} – {place_name}", "Muistelutuokio museossa {for}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        (
            "Rauhallinen, opastettu kierros {place}: katsotaan muutamaa teosta tai esinettä "
            "kerrallaan ja muistellaan yhdessä. Istuimet kulkevat mukana.",
        ),
        "En lugn guidad tur där vi tittar på några föremål i taget och minns tillsammans.",
        "A calm guided tour: a few objects at a time, and memories shared.",
        _lines("""
            Kierros kestää noin tunnin, ja sen jälkeen voi jäädä kahville.
            Palvelutalot ja hoivakodit voivat varata oman ryhmäkierroksen.
            Museo lainaa myös muistelulaukkuja hoivakoteihin.
        """),
        price="group",
        card=0.5,
        hours=(600, 720),
        duration=60,
    ),
    Activity(
        "work-pair",
        K.WORKSHOP_SERIES,
        (4,),
        "town",
        (3, 0.8, 0.3),
        (MENTAL, OLDER, DISABLED, CARE_HOME, YOUNG),
        (P.COMMUNITY, P.HEALTH_STATION, P.CARE_HOME, P.CULTURE_CENTRE),
        ("artist", "county", "education"),
        "series",
        _variants("""
            Maalauspaja | Målarverkstad | Painting workshop | visual-arts | maalaus
                | maalataan
            Musiikkipaja | Musikverkstad | Music workshop | music | musiikki
                | lauletaan ja soitetaan
            Liikepaja | Rörelseverkstad | Movement workshop | dance | liike, tanssi
                | liikutaan ja tanssitaan
            Valokuvapaja | Fotoverkstad | Photography workshop | photography | valokuvaus
                | kuvataan
            Sanataidepaja | Ordkonstverkstad | Creative writing workshop | word-art
                | sanataide | kirjoitetaan
        """),
        ("Taiteilija ja hoitaja työparina: {noun_l} {for}", "Työparipaja: {noun_l} {for} {loc}"),
        ("Konstnär och {carer} i par: {noun_l} {for}",),
        ("Artist and {carer} as a pair: {noun_l} {for}",),
        (
            "Taiteilija ja {carer} ohjaavat yhdessä {sessions} kerran pajan {place}. Pajassa "
            "{doing}, ja lopuksi jaetaan kokemuksia.",
        ),
        "En konstnär och en {carer} leder tillsammans {sessions} träffar.",
        "An artist and a {carer} lead {sessions} sessions together.",
        _lines("""
            Työparissa taiteilijan keinot ja hoitotyön ammattitaito täydentävät toisiaan.
            Hoitaja tuntee osallistujat, taiteilija tuo uudet tavat ilmaista itseä.
            Jakson alussa ja lopussa osallistujilta kysytään hyvinvoinnista.
            Työpari kirjaa havainnot yhdessä sovitulla tavalla.
        """),
        join="booking",
    ),
    Activity(
        "home-care-visits",
        K.ARTIST_VISIT,
        (3,),
        "county",
        (1,),
        (OLDER, CAREGIVERS),
        (),
        ("artist",),
        "visits",
        _variants(
            "Taiteilijavierailut | Konstnärsbesök | Artist visits | multidisciplinary "
            "| kotihoito, taiteilijavierailu | lauletaan, maalataan tai muistellaan"
        ),
        ("{noun} kotihoidon asiakkaille {loc}",),
        ("{noun} i hemvården – {town}",),
        ("{noun} in home care – {town}",),
        (
            "Taiteilija vierailee kotihoidon asiakkaan luona kahdeksan kertaa. Yhdessä {doing} "
            "valokuvien ja tavaroiden avulla.",
        ),
        "En konstnär besöker hemvårdens klienter åtta gånger.",
        "An artist visits a home-care client eight times.",
        _lines("""
            Kotihoidon työntekijä ehdottaa vierailuja asiakkaalle, joka on paljon yksin.
            Vierailujen jälkeen asiakkaalle etsitään jatkoa lähellä kotia.
        """),
        join="staff",
    ),
    Activity(
        "art-lending",
        K.OTHER,
        (1, 5),
        "county",
        (1,),
        (CARE_HOME, "hospital-patients"),
        (),
        ("county",),
        "ongoing",
        _variants(
            "Taidelainaamo hoivakoteihin | Konstutlåning till vårdhem "
            "| Art lending for care homes | visual-arts photography "
            "| artoteekki, taidelainaamo"
        ),
        ("{noun} {loc}",),
        ("{noun} – {town}",),
        ("{noun} – {town}",),
        (
            "Hoivakodit ja sairaalan osastot voivat lainata alueen taiteilijoiden teoksia kolmeksi "
            "kuukaudeksi. Taiteilija ripustaa teokset ja kertoo niistä asukkaille.",
        ),
        "Vårdhem kan låna verk av lokala konstnärer i tre månader.",
        "Care homes can borrow works by local artists for three months.",
        _lines("""
            Teoksia valittaessa kuullaan asukkaita ja henkilökuntaa.
            Kokoelmassa on grafiikkaa, akvarelleja ja valokuvia.
        """),
        join="staff",
    ),
    Activity(
        "streamed-concerts",
        K.PERFORMANCE,
        (1,),
        "county",
        (1,),
        (CARE_HOME, OLDER),
        (),
        ("county",),
        "monthly",
        _variants(
            "Konsertit suorana hoivakoteihin | Konserter direkt till vårdhem "
            "| Concerts streamed to care homes | music | suoratoisto, konsertti"
        ),
        ("{noun} {loc}",),
        ("{noun} – {town}",),
        ("{noun} – {town}",),
        ("Päiväkonsertit välitetään suorana hoivakotien ja palvelutalojen yhteisiin tiloihin.",),
        "Dagkonserterna sänds direkt till vårdhemmens gemensamma utrymmen.",
        "Daytime concerts are streamed live to care homes' common rooms.",
        _lines("""
            Lähetyksen voi katsoa myös jälkikäteen viikon ajan.
            Hoitajille on tehty lyhyt ohje yhteislaulun vetämiseen lähetyksen aikana.
        """),
        join="staff",
        hours=(780, 780),
        duration=60,
    ),
    Activity(
        "culture-card",
        K.OTHER,
        (1,),
        "county",
        (1,),
        (FAMILIES, OLDER, "low-income"),
        (),
        ("county",),
        "ongoing",
        _variants(
            "Kaikukortti | Kaikukortti | Kaikukortti | multidisciplinary "
            "| kaikukortti, maksuton, kulttuurikortti"
        ),
        ("{noun} {loc}: maksuton pääsy kulttuuriin",),
        ("{noun} i {town}: gratis kultur",),
        ("{noun} in {town}: culture for free",),
        (
            "Kaikukortilla pääsee maksutta konsertteihin, teatteriin, museoihin ja "
            "kansalaisopiston kursseille, kun talous on tiukalla. Kortin saa mukana olevista "
            "sosiaali- ja terveyspalveluista.",
        ),
        "Med Kaikukortti kommer du gratis på konsert, teater och museum när ekonomin är stram.",
        "With Kaikukortti, people on a tight budget get free tickets to concerts, theatre "
        "and museums.",
        _lines("""
            Kortin voi saada 16 vuotta täyttänyt, eikä tulorajaa tai todistuksia tarvita.
            Kortti on henkilökohtainen ja voimassa vuoden.
            Samaan tilaisuuteen saa maksuttomat liput myös omille alle 18-vuotiaille lapsille.
        """),
        card=1.0,
        join="card",
    ),
    Activity(
        "referral-model",
        K.REFERRAL_GROUP,
        (4,),
        "county",
        (1,),
        (OLDER, MENTAL, WORKING),
        (P.HEALTH_STATION,),
        ("county",),
        "ongoing",
        _variants(
            "Lähete kulttuuriin | Remiss till kultur | Referral to culture "
            "| multidisciplinary | lähete, kulttuurihyvinvointi"
        ),
        ("{Ref} {loc}", "{Ref_with} kulttuurin pariin {loc}"),
        ("{ref} – {town}",),
        ("{ref} – {town}",),
        (
            "Sote-ammattilainen voi antaa asiakkaalle {ref_gen}, jonka avulla pääsee maksutta "
            "kulttuurikohteisiin ja ryhmiin. Mukaan voi saada vapaaehtoisen seuralaisen.",
        ),
        "Social- och hälsovården kan ge en {ref} som ger gratis inträde till kultur.",
        "A health or social care professional can give a {ref} for free entry to culture.",
        _lines("""
            Lähetteitä antavat terveysasemat, sosiaalityö ja järjestöt.
            Lähetteessä on QR-koodi, jolla voi antaa palautetta käynnistä.
            Mukana olevia kulttuurikohteita lisätään koko ajan.
        """),
        join="referral",
    ),
    Activity(
        "link-work",
        K.CULTURE_ADVICE,
        (4,),
        "county",
        (1,),
        (WORKING, OLDER, MENTAL),
        (),
        ("county",),
        "request",
        _variants(
            "Hyvinvointivalmennus | Välmåendecoachning | Wellbeing coaching "
            "| multidisciplinary | linkkityö, hyvinvointivalmentaja"
        ),
        ("Linkkityöntekijä rinnalla kulttuurin pariin {loc}",),
        ("Länkarbetare med dig till kulturen – {town}",),
        ("A link worker alongside you – {town}",),
        (
            "Linkkityöntekijä tapaa {ref_gen} saaneen asiakkaan kolmesta kuuteen kertaa ja "
            "etsii hänen kanssaan sopivan ryhmän tai harrastuksen.",
        ),
        "En länkarbetare träffar klienten tre till sex gånger och hittar en passande grupp.",
        "A link worker meets the client three to six times to find a group or hobby.",
        _lines("""
            Ensimmäisille kerroille ryhmään voidaan mennä yhdessä.
            Hyvinvointia arvioidaan jakson alussa, keskellä ja lopussa.
        """),
        join="referral",
    ),
)
