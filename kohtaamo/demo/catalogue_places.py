"""Where the demo catalogue happens: towns of the three demo counties and their places.

Street names are real streets of each town (or ones nearly every Finnish town has);
house numbers are made up, and coordinates are the town centre plus a small made-up
offset, so a map shows the places in the right town without pointing at anyone's door.
Care homes and association premises are invented. Every place carries its Finnish
inessive ("Kuopion pääkirjastossa") so service texts can say where they happen.
"""

import random
from dataclasses import dataclass

from django.utils.text import slugify

from kohtaamo.core.reference import read_municipalities

# Sizes decide how many places a town gets and how often things happen there.
BIG, MID, SMALL = "big", "mid", "small"

LIBRARY = "library"
MUSEUM = "museum"
THEATRE = "theatre"
CONCERT_HALL = "concert-hall"
CULTURE_CENTRE = "culture-centre"
CARE_HOME = "care-home"
HEALTH_STATION = "health-station"
FAMILY_CLINIC = "family-clinic"
HOSPITAL = "hospital"
PARISH_HALL = "parish-hall"
YOUTH_CENTRE = "youth-centre"
ADULT_EDUCATION = "adult-education"
COMMUNITY = "community"  # association premises, drop-in centres, neighbourhood hubs


@dataclass(frozen=True)
class Town:
    code: str  # Statistics Finland
    name: str
    genitive: str  # "Kuopion kirjasto"
    locative: str  # "Kuopiossa", "Tampereella"
    county: str
    size: str
    is_city: bool  # kaupunki or kunta: the name of the municipal organisation
    postal_code: str
    latitude: float
    longitude: float
    streets: tuple


# code | name | genitive | locative | county | size | city or municipality | postal code |
# latitude | longitude
TOWN_TABLE = """
297 | Kuopio | Kuopion | Kuopiossa | 13 | big | city | 70100 | 62.8924 | 27.6770
140 | Iisalmi | Iisalmen | Iisalmessa | 13 | mid | city | 74100 | 63.5575 | 27.1907
915 | Varkaus | Varkauden | Varkaudessa | 13 | mid | city | 78200 | 62.3153 | 27.8730
749 | Siilinjärvi | Siilinjärven | Siilinjärvellä | 13 | mid | kunta | 71800 | 63.0756 | 27.6600
420 | Leppävirta | Leppävirran | Leppävirralla | 13 | small | kunta | 79100 | 62.4917 | 27.7850
778 | Suonenjoki | Suonenjoen | Suonenjoella | 13 | small | city | 77600 | 62.6250 | 27.1222
263 | Kiuruvesi | Kiuruveden | Kiuruvedellä | 13 | small | city | 74700 | 63.6528 | 26.6194
402 | Lapinlahti | Lapinlahden | Lapinlahdella | 13 | small | kunta | 73100 | 63.3667 | 27.3917
595 | Pielavesi | Pielaveden | Pielavedellä | 13 | small | kunta | 72400 | 63.2333 | 26.7583
837 | Tampere | Tampereen | Tampereella | 08 | big | city | 33100 | 61.4978 | 23.7610
536 | Nokia | Nokian | Nokialla | 08 | mid | city | 37100 | 61.4783 | 23.5064
980 | Ylöjärvi | Ylöjärven | Ylöjärvellä | 08 | mid | city | 33470 | 61.5500 | 23.5958
211 | Kangasala | Kangasalan | Kangasalla | 08 | mid | city | 36200 | 61.4639 | 24.0650
418 | Lempäälä | Lempäälän | Lempäälässä | 08 | mid | kunta | 37500 | 61.3139 | 23.7528
908 | Valkeakoski | Valkeakosken | Valkeakoskella | 08 | mid | city | 37600 | 61.2639 | 24.0306
604 | Pirkkala | Pirkkalan | Pirkkalassa | 08 | mid | kunta | 33960 | 61.4650 | 23.6436
790 | Sastamala | Sastamalan | Sastamalassa | 08 | mid | city | 38200 | 61.3417 | 22.9083
562 | Orivesi | Oriveden | Orivedellä | 08 | small | city | 35300 | 61.6778 | 24.3569
020 | Akaa | Akaan | Akaassa | 08 | small | city | 37800 | 61.1667 | 23.8667
508|Mänttä-Vilppula|Mänttä-Vilppulan|Mänttä-Vilppulassa|08|small|city|35800|62.0294|24.6250
143 | Ikaalinen | Ikaalisten | Ikaalisissa | 08 | small | city | 39500 | 61.7694 | 23.0681
609 | Pori | Porin | Porissa | 06 | big | city | 28100 | 61.4847 | 21.7972
684 | Rauma | Rauman | Raumalla | 06 | mid | city | 26100 | 61.1283 | 21.5111
886 | Ulvila | Ulvilan | Ulvilassa | 06 | mid | city | 28400 | 61.4289 | 21.8750
214 | Kankaanpää | Kankaanpään | Kankaanpäässä | 06 | mid | city | 38700 | 61.8042 | 22.3944
079 | Harjavalta | Harjavallan | Harjavallassa | 06 | small | city | 29200 | 61.3136 | 22.1417
102 | Huittinen | Huittisten | Huittisissa | 06 | small | city | 32700 | 61.1767 | 22.6994
050 | Eura | Euran | Eurassa | 06 | small | kunta | 27510 | 61.1306 | 22.1306
271 | Kokemäki | Kokemäen | Kokemäellä | 06 | small | city | 32800 | 61.2556 | 22.3556
531 | Nakkila | Nakkilan | Nakkilassa | 06 | small | kunta | 29250 | 61.3639 | 22.0028
"""

STREETS = {
    "297": "Kauppakatu, Kuninkaankatu, Maaherrankatu, Puijonkatu, Tulliportinkatu, "
    "Minna Canthin katu, Vuorikatu, Haapaniemenkatu, Suokatu, Snellmaninkatu",
    "140": "Savonkatu, Pohjolankatu, Kauppakatu, Kirkkopuistonkatu, Asemakatu",
    "915": "Ahlströminkatu, Relanderinkatu, Kauppakatu, Taipaleentie",
    "749": "Kasurilantie, Ahmontie, Harjamäentie",
    "837": "Hämeenkatu, Pirkankatu, Satakunnankatu, Kuninkaankatu, Hatanpään valtatie, "
    "Itsenäisyydenkatu, Sammonkatu, Insinöörinkatu, Näsilinnankatu, Puutarhakatu",
    "536": "Härkitie, Välikatu, Nokianvaltatie",
    "980": "Kuruntie, Mikkolantie, Ylöjärventie",
    "418": "Hakkarintie, Sorrilantie",
    "908": "Valtakatu, Sääksmäentie, Apiankatu",
    "604": "Suupantie, Naistenmatkantie",
    "790": "Asemakatu, Puistokatu",
    "609": "Yrjönkatu, Antinkatu, Hallituskatu, Isolinnankatu, Itsenäisyydenkatu, "
    "Eteläranta, Pohjoisranta, Gallen-Kallelankatu, Valtakatu, Maantiekatu",
    "684": "Kauppakatu, Kuninkaankatu, Savilahdenkatu, Nortamonkatu, Karjalankatu",
    "886": "Kauppatie, Friitalantie, Kullaantie",
    "214": "Keskuskatu, Kuninkaanlähteenkatu",
    "079": "Satakunnantie",
}
COMMON_STREETS = (
    "Kirkkotie, Koulutie, Keskustie, Asematie, Kauppatie, Rantatie, Puistotie, Opintie, "
    "Myllytie, Torikatu"
)


def _split(text):
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _towns():
    towns = []
    for line in TOWN_TABLE.strip().splitlines():
        code, name, gen, loc, county, size, city, postal, lat, lon = (
            cell.strip() for cell in line.split("|")
        )
        streets = _split(STREETS.get(code, "")) + _split(COMMON_STREETS)
        towns.append(
            Town(code, name, gen, loc, county, size, city == "city", postal, float(lat),
                 float(lon), streets)
        )  # fmt: skip
    return tuple(towns)


TOWNS = _towns()
TOWNS_BY_CODE = {town.code: town for town in TOWNS}
SWEDISH_NAMES = {
    row["code"]: row["name_sv"] or row["name_fi"]
    for row in read_municipalities()
    if row["code"] in TOWNS_BY_CODE
}
COUNTY_NAMES = {
    "13": ("Pohjois-Savo", "Norra Savolax", "North Savo"),
    "08": ("Pirkanmaa", "Birkaland", "Pirkanmaa"),
    "06": ("Satakunta", "Satakunda", "Satakunta"),
}
# The county seen from inside: "Pohjois-Savossa", "Pirkanmaalla".
COUNTY_LOCATIVES = {"13": "Pohjois-Savossa", "08": "Pirkanmaalla", "06": "Satakunnassa"}


@dataclass(frozen=True)
class PlaceSpec:
    key: str  # stable: becomes the place's external id
    kind: str
    names: tuple  # (fi, sv, en); sv and en may be empty
    locative: str  # the Finnish name in the inessive: "Kuopion pääkirjastossa"
    town: str
    street: str
    postal_code: str
    latitude: float
    longitude: float
    owner: str | None  # organisation key in the DemoReport, if any
    accessibility: tuple


# Hand-written places of the bigger towns and of some organisations:
# town | kind | owner | street | Finnish name | Finnish inessive | Swedish name | English name
# A line starting with "|" continues the one above.
LANDMARK_TABLE = """
297 | library | kuopio | Maaherrankatu | Kuopion pääkirjasto | Kuopion pääkirjastossa
    | Kuopio huvudbibliotek | Kuopio Main Library
297 | library | kuopio | Petosenkatu | Petosen kirjasto | Petosen kirjastossa | | Petonen Library
297 | museum | kuopio | Kauppakatu | Kuopion museo | Kuopion museossa | Kuopio museum
    | Kuopio Museum
297 | museum | kuopio | Kauppakatu | Kuopion taidemuseo | Kuopion taidemuseossa
    | Kuopio konstmuseum | Kuopio Art Museum
297 | concert-hall | kuopio | Kuopionlahdenkatu | Kuopion musiikkikeskus
    | Kuopion musiikkikeskuksessa | Kuopio musikcentrum | Kuopio Music Centre
297 | theatre | tuulenpesa | Minna Canthin katu | Kulttuuritalo Tuulenpesä
    | Kulttuuritalo Tuulenpesässä | | Tuulenpesä Culture House
297 | hospital | pohjois-savo | Puijonlaaksontie | Kuopion yliopistollinen sairaala
    | Kuopion yliopistollisessa sairaalassa | Kuopio universitetssjukhus
    | Kuopio University Hospital
297 | health-station | pohjois-savo | Kellolahdentie | Männistön terveysasema
    | Männistön terveysasemalla | Männistö hälsostation | Männistö health station
297 | family-clinic | pohjois-savo | Kellolahdentie | Männistön neuvola | Männistön neuvolassa
    | Männistö rådgivning | Männistö family clinic
297 | youth-centre | kuopio | Puijonlaaksontie | Puijonlaakson nuorisotila
    | Puijonlaakson nuorisotilassa | | Puijonlaakso Youth Centre
297 | adult-education | kallavesi-adult-education | Suokatu | Kallaveden kansalaisopisto
    | Kallaveden kansalaisopistossa | Kallavesi medborgarinstitut
    | Kallavesi Adult Education Centre
297 | community | savo-mental-health | Haapaniemenkatu | Mielenvireyden olohuone
    | Mielenvireyden olohuoneessa | | Mielenvireys drop-in room
297 | culture-centre | sointu-youth-arts | Tulliportinkatu | Nuorten taidetalo Sointu
    | Nuorten taidetalo Soinnussa | | Sointu Youth Arts House
297 | parish-hall | kuopio-cathedral-parish | Snellmaninkatu | Tuomiokirkkoseurakunnan sali
    | Tuomiokirkkoseurakunnan salissa | Domkyrkoförsamlingens sal | Cathedral Parish hall
837 | library | tampere | Pirkankatu | Tampereen pääkirjasto | Tampereen pääkirjastossa
    | Tammerfors huvudbibliotek | Tampere Main Library
837 | library | tampere | Insinöörinkatu | Hervannan kirjasto | Hervannan kirjastossa
    | Hervanta bibliotek | Hervanta Library
837 | library | tampere | Tesoman valtatie | Tesoman kirjasto | Tesoman kirjastossa
    | Tesoma bibliotek | Tesoma Library
837 | museum | tampere | Puutarhakatu | Tampereen taidemuseo | Tampereen taidemuseossa
    | Tammerfors konstmuseum | Tampere Art Museum
837 | museum | tampere | Alaverstaanraitti | Museokeskus Vapriikki | Museokeskus Vapriikissa
    | Museicentralen Vapriikki | Vapriikki Museum Centre
837 | concert-hall | tampere | Yliopistonkatu | Tampere-talo | Tampere-talossa
    | Tammerforshuset | Tampere Hall
837 | culture-centre | tampere | Pyynikintie | Pyynikin kulttuuritalo
    | Pyynikin kulttuuritalossa | Pyynikki kulturhus | Pyynikki Culture House
837 | theatre | valopilkku-theatre | Itsenäisyydenkatu | Teatteri Valopilkun näyttämö
    | Teatteri Valopilkun näyttämöllä | | Valopilkku Theatre stage
837 | hospital | pirkanmaa | Elämänaukio | Tampereen yliopistollinen sairaala
    | Tampereen yliopistollisessa sairaalassa | Tammerfors universitetssjukhus
    | Tampere University Hospital
837 | health-station | pirkanmaa | Lindforsinkatu | Hervannan terveysasema
    | Hervannan terveysasemalla | Hervanta hälsostation | Hervanta health station
837 | health-station | pirkanmaa | Hatanpään valtatie | Hatanpään terveysasema
    | Hatanpään terveysasemalla | Hatanpää hälsostation | Hatanpää health station
837 | family-clinic | pirkanmaa | Lindforsinkatu | Hervannan neuvola | Hervannan neuvolassa
    | Hervanta rådgivning | Hervanta family clinic
837 | community | pirkanmaa | Kuuselankatu | Kuuselan lähitori | Kuuselan lähitorilla
    | Kuusela närtorg | Kuusela neighbourhood hub
837 | youth-centre | kipina-youth-arts | Satakunnankatu | Nuorten taidetalo Kipinä
    | Nuorten taidetalo Kipinässä | | Kipinä Youth Arts House
837 | youth-centre | tampere | Insinöörinkatu | Hervannan nuorisotalo
    | Hervannan nuorisotalolla | Hervanta ungdomsgård | Hervanta Youth Centre
837 | adult-education | nasijarvi-adult-education | Sammonkatu | Näsijärven kansalaisopisto
    | Näsijärven kansalaisopistossa | Näsijärvi medborgarinstitut
    | Näsijärvi Adult Education Centre
837 | community | kielisilta | Hämeenkatu | Kielisillan kohtaamispaikka
    | Kielisillan kohtaamispaikassa | Kielisiltas mötesplats | Kielisilta meeting place
837 | culture-centre | pyorre-dance-theatre | Näsilinnankatu | Tanssiteatteri Pyörteen studio
    | Tanssiteatteri Pyörteen studiolla | | Pyörre Dance Theatre studio
837 | parish-hall | tampere-cathedral-parish | Satakunnankatu | Tuomiokirkon seurakuntatalo
    | Tuomiokirkon seurakuntatalolla | Domkyrkans församlingshem | Cathedral parish hall
609 | library | pori | Gallen-Kallelankatu | Porin pääkirjasto | Porin pääkirjastossa
    | Björneborgs huvudbibliotek | Pori Main Library
609 | museum | pori | Hallituskatu | Satakunnan Museo | Satakunnan Museossa
    | Satakunta museum | Satakunta Museum
609 | museum | pori | Eteläranta | Porin taidemuseo | Porin taidemuseossa
    | Björneborgs konstmuseum | Pori Art Museum
609 | concert-hall | pori | Yrjönkatu | Promenadikeskus | Promenadikeskuksessa
    | Promenadcentret | Promenadi Centre
609 | culture-centre | pori | Isolinnankatu | Porin lastenkulttuurikeskus
    | Porin lastenkulttuurikeskuksessa | Björneborgs barnkulturcenter
    | Pori Children's Culture Centre
609 | theatre | karhu-theatre | Itsenäisyydenkatu | Teatteritalo Karhu | Teatteritalo Karhussa
    | | Karhu Theatre House
609 | hospital | satakunta | Sairaalantie | Satasairaala | Satasairaalassa
    | Satakunta centralsjukhus | Satakunta Central Hospital
609 | health-station | satakunta | Maantiekatu | Porin keskustan terveysasema
    | Porin keskustan terveysasemalla | Björneborgs centrums hälsostation
    | Pori central health station
609 | family-clinic | satakunta | Maantiekatu | Porin keskustan neuvola
    | Porin keskustan neuvolassa | Björneborgs centrums rådgivning | Pori central family clinic
609 | community | tuulikello | Antinkatu | Kohtaamispaikka Tuulikello
    | Kohtaamispaikka Tuulikellossa | | Tuulikello drop-in centre
609 | community | kompassi | Valtakatu | Kompassin olohuone | Kompassin olohuoneessa
    | | Kompassi drop-in room
609 | adult-education | lansiranta-adult-education | Annankatu | Länsirannikon kansalaisopisto
    | Länsirannikon kansalaisopistossa | Västkustens medborgarinstitut
    | West Coast Adult Education Centre
609 | culture-centre | kaari-dance | Pohjoisranta | Tanssistudio Kaari | Tanssistudio Kaaressa
    | | Kaari Dance Studio
609 | youth-centre | pori | Itsenäisyydenkatu | Porin nuorisotalo Aalto
    | Porin nuorisotalo Aallossa | | Aalto Youth Centre, Pori
609 | community | bro-kulturforening | Eteläranta | Kulturhuset Bro | Kulturhuset Brossa
    | Kulturhuset Bro | Bro Culture House
140 | culture-centre | iisalmi | Kirkkopuistonkatu | Iisalmen kulttuurikeskus
    | Iisalmen kulttuurikeskuksessa | Idensalmi kulturcentrum | Iisalmi Culture Centre
915 | museum | varkaus | Ahlströminkatu | Varkauden museo | Varkauden museossa
    | Varkaus museum | Varkaus Museum
684 | museum | rauma | Kauppakatu | Rauman museo | Rauman museossa | Raumo museum
    | Rauma Museum
684 | museum | rauma | Kuninkaankatu | Rauman taidemuseo | Rauman taidemuseossa
    | Raumo konstmuseum | Rauma Art Museum
684 | youth-centre | kajo-youth | Savilahdenkatu | Nuorten kulttuuritalo Kajo
    | Nuorten kulttuuritalo Kajossa | | Kajo Youth Culture House
418 | culture-centre | lempaala | Hakkarintie | Lempäälän kulttuurikeskus
    | Lempäälän kulttuurikeskuksessa | Lempäälä kulturcentrum | Lempäälä Culture Centre
"""

# Invented care homes: (name without the prefix, its inessive). The prefix ("Hoivakoti",
# "Palvelutalo" ...) is picked per place.
CARE_HOMES = """
Kotikallio Kotikalliossa, Mäntyrinne Mäntyrinteessä, Iltarusko Iltaruskossa,
Koivuranta Koivurannassa, Kotipirtti Kotipirtissä, Rantakoivu Rantakoivussa, Kielo Kielossa,
Päivärinne Päivärinteessä, Männikkö Männikössä, Harjula Harjulassa, Onnela Onnelassa,
Tammirinne Tammirinteessä, Sinivuokko Sinivuokossa, Aamurusko Aamuruskossa, Lehtola Lehtolassa,
Kanerva Kanervassa, Ruusula Ruusulassa, Satakieli Satakielessä, Kotiranta Kotirannassa,
Metsätähti Metsätähdessä, Pihlajisto Pihlajistossa, Kuusikko Kuusikossa, Vaahtera Vaahterassa,
Kotikumpu Kotikummussa, Lepola Lepolassa, Honkala Honkalassa, Mäntylä Mäntylässä,
Järvitähti Järvitähdessä, Kotilahti Kotilahdessa, Kaisla Kaislassa, Ainola Ainolassa,
Myllyranta Myllyrannassa, Purola Purolassa, Hopearinne Hopearinteessä, Kataja Katajassa,
Salava Salavassa, Tuomela Tuomelassa, Kastehelmi Kastehelmessä
"""
CARE_HOME_PREFIXES = ("Hoivakoti", "Palvelukoti", "Palvelutalo", "Palvelukeskus")

# What a place of each kind usually has; each place gets the first two and a share of the
# rest.
KIND_FEATURES = {
    LIBRARY: "step-free-access, accessible-toilet, lift, induction-loop, seating, "
    "public-transport, guide-dog-welcome, easy-language",
    MUSEUM: "step-free-access, accessible-toilet, lift, seating, companion-free, "
    "guide-dog-welcome, audio-description",
    THEATRE: "step-free-access, accessible-toilet, induction-loop, companion-free, "
    "audio-description, captions, accessible-parking",
    CONCERT_HALL: "step-free-access, accessible-toilet, lift, induction-loop, companion-free, "
    "accessible-parking, public-transport",
    CULTURE_CENTRE: "step-free-access, accessible-toilet, induction-loop, seating, "
    "sensory-friendly, public-transport",
    CARE_HOME: "step-free-access, accessible-toilet, lift, seating, accessible-parking, "
    "sensory-friendly",
    HEALTH_STATION: "step-free-access, accessible-toilet, lift, accessible-parking, "
    "public-transport, induction-loop",
    FAMILY_CLINIC: "step-free-access, accessible-toilet, accessible-parking, sensory-friendly",
    HOSPITAL: "step-free-access, accessible-toilet, lift, accessible-parking, public-transport, "
    "guide-dog-welcome",
    PARISH_HALL: "step-free-access, accessible-toilet, induction-loop, seating, accessible-parking",
    YOUTH_CENTRE: "step-free-access, accessible-toilet, public-transport, sensory-friendly",
    ADULT_EDUCATION: "step-free-access, accessible-toilet, lift, induction-loop, public-transport",
    COMMUNITY: "step-free-access, accessible-toilet, seating, sensory-friendly",
}

# What a visitor needs to know about getting in, by kind of place (Finnish, English).
ACCESSIBILITY_INFO = {
    LIBRARY: ("Esteetön sisäänkäynti pääovesta; hissi kaikkiin kerroksiin.",
              "Step-free main entrance; a lift to every floor."),
    MUSEUM: ("Pyörätuoleja ja kokoontaitettavia istuimia saa lainaksi kassalta.",
             "Wheelchairs and folding stools can be borrowed at the ticket desk."),
    THEATRE: ("Pyörätuolipaikat permannon takarivissä; induktiosilmukka koko salissa.",
              "Wheelchair places in the back row of the stalls; a hearing loop in the hall."),
    CONCERT_HALL: ("Pyörätuolipaikat ovat salin molemmilla sivuilla; avustaja pääsee maksutta.",
                   "Wheelchair places on both sides of the hall; assistants enter free."),
    CARE_HOME: ("Vierailijat ilmoittautuvat aulan vastaanotossa.",
                "Visitors sign in at the reception in the lobby."),
    HEALTH_STATION: ("Invapaikat pääoven vieressä; automaattiovet.",
                     "Accessible parking by the main door; automatic doors."),
}  # fmt: skip

# Everyday places every town of a size has, unless a landmark of the kind is there:
# (kind, Finnish head noun, its inessive, Swedish noun, English noun, owner role).
EVERYDAY = (
    (LIBRARY, "kirjasto", "kirjastossa", "bibliotek", "Library", "city"),
    (HEALTH_STATION, "terveysasema", "terveysasemalla", "hälsostation", "health station",
     "county"),
    (PARISH_HALL, "seurakuntatalo", "seurakuntatalolla", "församlingshem", "parish hall",
     "parish"),
    (CULTURE_CENTRE, "kulttuuritalo", "kulttuuritalossa", "kulturhus", "culture house", "city"),
    (FAMILY_CLINIC, "neuvola", "neuvolassa", "rådgivning", "family clinic", "county"),
)  # fmt: skip
EVERYDAY_KINDS = {
    BIG: {LIBRARY, HEALTH_STATION, PARISH_HALL, CULTURE_CENTRE, FAMILY_CLINIC},
    MID: {LIBRARY, HEALTH_STATION, PARISH_HALL, CULTURE_CENTRE, FAMILY_CLINIC},
    SMALL: {LIBRARY, HEALTH_STATION},
}
CARE_HOMES_PER_TOWN = {BIG: 3, MID: 1, SMALL: 1}


def _landmarks():
    records = []
    for line in LANDMARK_TABLE.strip().splitlines():
        if line.lstrip().startswith("|"):
            records[-1] += " " + line.strip()
        else:
            records.append(line.strip())
    for record in records:
        town, kind, owner, street, fi, locative, sv, en = (c.strip() for c in record.split("|"))
        yield town, kind, owner, street, (fi, sv, en), locative


def _care_homes():
    pairs = [item.split() for item in CARE_HOMES.replace("\n", " ").split(",") if item.strip()]
    return [(name, locative) for name, locative in pairs]


def place_specs(owners_by_town):
    """Every demo place, in a fixed order. ``owners_by_town`` maps a town code to the
    organisation keys that own its everyday places: {"city": ..., "county": ..., "parish": ...}.
    """
    rng = random.Random("kohtaamo-demo-places")
    care_homes = _care_homes()
    rng.shuffle(care_homes)
    landmarks = list(_landmarks())
    specs = []
    for town in TOWNS:
        owners = owners_by_town.get(town.code, {})
        sv_town = SWEDISH_NAMES[town.code]
        here = [(k, o, s, n, loc) for code, k, o, s, n, loc in landmarks if code == town.code]
        kinds_there = {kind for kind, *_ in here}
        for kind, noun, inessive, sv_noun, en_noun, role in EVERYDAY:
            if kind in EVERYDAY_KINDS[town.size] and kind not in kinds_there:
                names = (
                    f"{town.genitive} {noun}",
                    f"{sv_town} {sv_noun}",
                    f"{town.name} {en_noun}",
                )
                here.append((kind, owners.get(role), None, names, f"{town.genitive} {inessive}"))
        for _ in range(CARE_HOMES_PER_TOWN[town.size]):
            base, locative = care_homes.pop()
            prefix = rng.choice(CARE_HOME_PREFIXES)
            names = (f"{prefix} {base}", "", "")
            here.append((CARE_HOME, owners.get("county"), None, names, f"{prefix} {locative}"))
        for kind, owner, street, names, locative in here:
            features = _split(KIND_FEATURES[kind])
            chosen = tuple(f for i, f in enumerate(features) if i < 2 or rng.random() < 0.55)
            specs.append(
                PlaceSpec(
                    key=f"demo:place:{town.code}:{slugify(names[0])}",
                    kind=kind,
                    names=names,
                    locative=locative,
                    town=town.code,
                    street=f"{street or rng.choice(town.streets)} {rng.randint(1, 48)}",
                    postal_code=town.postal_code,
                    latitude=round(town.latitude + rng.uniform(-0.012, 0.012), 6),
                    longitude=round(town.longitude + rng.uniform(-0.02, 0.02), 6),
                    owner=owner or None,
                    accessibility=chosen,
                )
            )
    return specs
