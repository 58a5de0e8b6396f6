"""Who offers what in the demo catalogue.

The network step builds the counties, a few cities and associations; the catalogue needs
more variety of providers than a tester needs sign-ins, so every demo town gets its
municipal organisation, and orchestras, dance schools, youth arts houses, parishes,
choirs and artists are added here. All associations, companies and artists are made up.
``tags`` say what kind of work each provider does; the service builders pick their
providers by these tags.
"""

from dataclasses import dataclass

from kohtaamo.accounts.models import Organisation
from kohtaamo.core.reference import read_counties

from .catalogue_places import SWEDISH_NAMES, TOWNS
from .network import ORGANISATIONS, OrganisationSpec, _city

Kind = Organisation.Kind

# Towns whose municipal organisation the network step already makes.
NETWORK_CITIES = {"297": "kuopio", "140": "iisalmi", "837": "tampere", "536": "nokia",
                  "609": "pori", "684": "rauma"}  # fmt: skip
# Town museums run by the municipality, besides the network's.
TOWN_MUSEUMS = {"915": ("Varkauden museot", "Varkaus museer", "Varkaus Museums")}


def _town_key(town):
    return town.name.lower().translate(str.maketrans("äö", "ao"))


def _municipal(town):
    sv = SWEDISH_NAMES[town.code]
    g = town.genitive
    if town.is_city:
        names = (f"{g} kaupunki", f"{sv} stad", f"City of {town.name}")
        library = (f"{g} kaupunginkirjasto", f"{sv} stadsbibliotek", f"{town.name} City Library")
    else:
        names = (f"{g} kunta", f"{sv} kommun", f"Municipality of {town.name}")
        library = (f"{g} kirjasto", f"{sv} bibliotek", f"{town.name} Library")
    return _city(_town_key(town), town.code, names, library, TOWN_MUSEUMS.get(town.code))


EXTRA_TOWNS = tuple(_municipal(town) for town in TOWNS if town.code not in NETWORK_CITIES)
CITY_OF_TOWN = {
    **{town.code: _town_key(town) for town in TOWNS if town.code not in NETWORK_CITIES},
    **NETWORK_CITIES,
}

# key | kind | home | website (www) or none (-) | tags | Finnish | Swedish | English name.
# A Swedish-speaking association keeps its Swedish name in the Finnish column too.
PROVIDER_TABLE = """
kallavesi-chamber-orchestra | association | 297 | www | orchestra music
    | Kallaveden kamariorkesteri ry | | Kallavesi Chamber Orchestra
askelma-dance | company | 297 | www | dance | Tanssikoulu Askelma Oy | | Askelma Dance School
kallavesi-adult-education | education | 297 | www | education | Kallaveden kansalaisopisto
    | Kallavesi medborgarinstitut | Kallavesi Adult Education Centre
kaste-memory | association | 297 | - | memory | Muistiyhdistys Kaste ry | | Kaste Memory Association
sointu-youth-arts | association | 297 | www | youth | Nuorten taidetalo Sointu ry
    | | Sointu Youth Arts House
kuopio-senior-choir | association | 297 | - | choir music | Kuopion Seniorikuoro ry
    | | Kuopio Senior Choir
savo-crafts | association | 749 | www | crafts | Savon Kädentaidot ry | | Savo Crafts Association
rautakoski | artist | 915 | www | artist visual | Kuvataiteilija Helmi Rautakoski
    | | Helmi Rautakoski, visual artist
iisalmi-parish | parish | 140 | - | parish | Iisalmen seurakunta | Idensalmi församling
    | Iisalmi Parish
hymykuopat | association | 837 | www | clowns anywhere | Sairaalaklovniyhdistys Hymykuopat ry
    | | Hymykuopat Hospital Clowns
tammerkoski-voices | association | 837 | - | choir music | Sekakuoro Tammerkosken Äänet ry
    | | Tammerkoski Voices Mixed Choir
pyorre-dance-theatre | association | 837 | www | dance theatre | Tanssiteatteri Pyörre ry
    | | Pyörre Dance Theatre
kipina-youth-arts | association | 837 | www | youth | Nuorten taidetalo Kipinä ry
    | | Kipinä Youth Arts House
valopilkku-theatre | association | 837 | www | theatre mental-health | Teatteriryhmä Valopilkku ry
    | | Valopilkku Theatre Group
tampere-cathedral-parish | parish | 837 | - | parish | Tampereen Tuomiokirkkoseurakunta
    | Tammerfors domkyrkoförsamling | Tampere Cathedral Parish
pirkanmaa-soloists | association | 837 | www | orchestra music | Pirkanmaan Kamarisolistit ry
    | | Pirkanmaa Chamber Soloists
lumme-memory | association | 837 | - | memory | Muistikahvila Lumme ry | | Lumme Memory Café
kieppi-circus | association | 837 | www | circus youth | Sirkuskoulu Kieppi ry
    | | Kieppi Circus School
pirkanmaa-crafts | association | 908 | - | crafts | Pirkanmaan Kädentaitajat ry
    | | Pirkanmaa Craftspeople
lammassaari | artist | 908 | www | artist visual | Kuvataiteilija Eevi Lammassaari
    | | Eevi Lammassaari, visual artist
rautaheimo | artist | 604 | www | artist music | Yhteisömuusikko Kalle Rautaheimo
    | | Kalle Rautaheimo, community musician
tammerfors-seniorer | association | 837 | - | swedish | Tammerfors svenska seniorer rf
    | Tammerfors svenska seniorer rf | Tampere Swedish Seniors
kokemaenjoki-orchestra | association | 609 | www | orchestra music | Kokemäenjoen kamariorkesteri ry
    | | Kokemäenjoki Chamber Orchestra
tuulikello | association | 609 | www | mental-health walks | Kohtaamispaikka Tuulikello ry
    | | Tuulikello Drop-in Centre
karhu-theatre | association | 609 | www | theatre | Teatteriyhdistys Karhu ry
    | | Karhu Theatre Association
kaari-dance | company | 609 | www | dance | Tanssistudio Kaari Oy | | Kaari Dance Studio
lansiranta-adult-education | education | 609 | www | education | Länsirannikon kansalaisopisto
    | Västkustens medborgarinstitut | West Coast Adult Education Centre
rauma-parish | parish | 684 | - | parish | Rauman seurakunta | Raumo församling | Rauma Parish
merikallio | artist | 684 | www | artist photo | Valokuvataiteilija Ilona Merikallio
    | | Ilona Merikallio, photographer
liekki-memory | association | 609 | - | memory | Muistiyhdistys Liekki ry
    | | Liekki Memory Association
kajo-youth | association | 684 | www | youth | Nuorten kulttuuriyhdistys Kajo ry
    | | Kajo Youth Culture Association
satakunta-culture-buddies | association | 609 | www | guides | Satakunnan Kulttuurikaverit ry
    | | Satakunta Culture Buddies
karhukaiku-choir | association | 609 | - | choir music | Sekakuoro Karhunkaiku ry
    | | Karhunkaiku Mixed Choir
satakunta-crafts | association | 214 | - | crafts | Satakunnan Kädentaitajat ry
    | | Satakunta Craftspeople
bro-kulturforening | association | 609 | www | swedish | Svenska kulturföreningen Bro rf
    | Svenska kulturföreningen Bro rf | Bro Swedish Cultural Association
"""

# What the network's organisations do in the catalogue.
NETWORK_TAGS = {
    "pohjois-savo": "county",
    "pirkanmaa": "county",
    "satakunta": "county",
    "kuopio": "city library museum",
    "iisalmi": "city library",
    "tampere": "city library museum",
    "nokia": "city library",
    "pori": "city library museum",
    "rauma": "city library museum",
    "savo-mental-health": "mental-health",
    "puijo-pensioners": "seniors",
    "savo-culture-guides": "guides",
    "kielisilta": "multicultural",
    "pirkanmaa-culture-buddies": "guides",
    "kompassi": "mental-health walks",
    "rauma-seniors": "seniors",
    "pohjasalo": "artist visual",
    "harjuvaara": "artist dance",
    "kaislaranta": "artist music",
    "kuopio-cathedral-parish": "parish",
    "nasijarvi-adult-education": "education",
    "tuulenpesa": "theatre",
}

KINDS = {k.value: k for k in (Kind.ASSOCIATION, Kind.COMPANY, Kind.ARTIST, Kind.PARISH,
                              Kind.EDUCATION)}  # fmt: skip


@dataclass(frozen=True)
class Provider:
    key: str
    kind: str
    home: str  # municipality code
    county: str
    tags: frozenset
    names: tuple  # (fi, sv, en)
    domain: str  # the example.fi host of its contact addresses


def _extra_providers():
    records = []
    for line in PROVIDER_TABLE.strip().splitlines():
        if line.lstrip().startswith("|"):
            records[-1] += " " + line.strip()
        else:
            records.append(line.strip())
    specs, tags = [], {}
    for record in records:
        key, kind, home, site, tag_text, fi, sv, en = (c.strip() for c in record.split("|"))
        website = f"https://{key}.example.fi/" if site == "www" else ""
        specs.append(OrganisationSpec(key, KINDS[kind], (fi, sv, en), home, website=website))
        tags[key] = tag_text
    return tuple(specs), tags


EXTRA_PROVIDERS, _EXTRA_TAGS = _extra_providers()
CATALOGUE_ORGANISATIONS = EXTRA_TOWNS + EXTRA_PROVIDERS

# Which organisation owns the everyday places of a town besides the city and the county.
PARISHES = {
    "297": "kuopio-cathedral-parish",
    "140": "iisalmi-parish",
    "837": "tampere-cathedral-parish",
    "684": "rauma-parish",
}


def providers():
    """Every organisation that offers something in the demo catalogue, by key."""
    county_of_town = {town.code: town.county for town in TOWNS}
    tags = {**NETWORK_TAGS, **_EXTRA_TAGS, **{spec.key: "city library" for spec in EXTRA_TOWNS}}
    for code in TOWN_MUSEUMS:
        tags[CITY_OF_TOWN[code]] += " museum"
    result = {}
    for spec in ORGANISATIONS + CATALOGUE_ORGANISATIONS:
        if spec.key not in tags:
            continue
        home = spec.municipality
        county = county_of_town[home]
        names = COUNTY_ORGANISATION_NAMES[county] if spec.county else spec.names
        result[spec.key] = Provider(
            spec.key, spec.kind, home, county, frozenset(tags[spec.key].split()), names,
            website_domain(spec),
        )  # fmt: skip
    return result


# The names the network step gives the county organisations (the official ones).
COUNTY_ORGANISATION_NAMES = {
    row["code"]: (row["name_fi"], row["name_sv"], row["name_en"]) for row in read_counties()
}


COUNTY_KEYS = {"13": "pohjois-savo", "08": "pirkanmaa", "06": "satakunta"}


def owners_by_town():
    return {
        town.code: {
            "city": CITY_OF_TOWN[town.code],
            "county": COUNTY_KEYS[town.county],
            "parish": PARISHES.get(town.code),
        }
        for town in TOWNS
    }


def website_domain(spec):
    """The example.fi host a provider's contact addresses use."""
    if spec.website:
        return spec.website.split("//", 1)[1].strip("/")
    return f"{spec.key}.example.fi"


# What a provider profile says, by the provider's main tag: (description fi, en;
# experience fi, en). Swedish is written for the Swedish-speaking associations only.
PROFILE_TEXTS = {
    "county": (
        "Hyvinvointialueen hyvinvoinnin ja terveyden edistämisen yksikkö koordinoi "
        "kulttuurilähetteitä, Kaikukortin jakamista ja taiteilijoiden työtä sote-yksiköissä.",
        "The county's health and wellbeing promotion unit coordinates culture referrals, "
        "the Kaikukortti culture card and artists' work in social and health care units.",
        "Monialaista työtä sairaaloissa, terveysasemilla, hoivakodeissa ja neuvoloissa.",
        "Cross-professional work in hospitals, health stations, care homes and family clinics.",
    ),
    "city": (
        "Kunnan kulttuuripalvelut, kirjasto ja museo tarjoavat esityksiä, näyttelyitä, "
        "kursseja ja kulttuurineuvontaa kaikenikäisille. Kaikukortti käy monissa kohteissa.",
        "The municipality's cultural services, library and museum offer performances, "
        "exhibitions, courses and culture advice for all ages; many accept the culture card.",
        "Kulttuurilähetteen kohteena ja yhteistyössä hyvinvointialueen kanssa vuodesta 2019.",
        "A culture-referral venue working with the wellbeing services county since 2019.",
    ),
    "mental-health": (
        "Matalan kynnyksen kohtaamispaikka, jossa taide ja yhdessä tekeminen tukevat toipumista.",
        "A low-threshold drop-in centre where art and doing things together support recovery.",
        "Pitkä kokemus mielenterveys- ja päihdekuntoutujien kanssa toimimisesta.",
        "Long experience of working with people in mental-health and substance-use recovery.",
    ),
    "seniors": (
        "Eläkeläisten yhdistys, joka järjestää laulua, teatterimatkoja ja kulttuuriretkiä.",
        "A pensioners' association arranging singing, theatre trips and cultural outings.",
        "Vertaistoimintaa ikäihmisille ja yksinäisyyttä kokeville.",
        "Peer activities for older people and people who feel lonely.",
    ),
    "guides": (
        "Koulutetut vapaaehtoiset kulttuuriluotsit ja -kaverit lähtevät seuraksi konserttiin, "
        "museoon tai teatteriin. Palvelu on asiakkaalle maksuton.",
        "Trained volunteer culture guides go with you to a concert, museum or theatre, free.",
        "Luotseilla on koulutus ikäihmisten, muistisairaiden ja mielenterveyskuntoutujien "
        "kohtaamiseen.",
        "Guides are trained to accompany older people, people with memory disorders and "
        "people in mental-health recovery.",
    ),
    "multicultural": (
        "Monikulttuurinen yhdistys: kielikahviloita, musiikkia, käsitöitä ja perhetoimintaa.",
        "A multicultural association: language cafés, music, crafts and family activities.",
        "Toimintaa maahan muuttaneille ja etnisille vähemmistöille useilla kielillä.",
        "Activities for immigrants and ethnic minorities in several languages.",
    ),
    "artist": (
        "Ammattitaiteilija, joka tekee osallistavia taidepajoja ja taiteilijavierailuja "
        "hoivakoteihin, kouluihin ja sairaaloihin.",
        "A professional artist running participatory workshops and visits to care homes, "
        "schools and hospitals.",
        "Työparityöskentelyä hoitajien ja ohjaajien kanssa; soveltavan taiteen koulutus.",
        "Works in pairs with nurses and instructors; trained in applied arts.",
    ),
    "parish": (
        "Seurakunnan diakonia ja musiikkityö: laulupiirejä, konsertteja ja kohtaamispaikkoja.",
        "The parish's diaconal and music work: singing circles, concerts and drop-in meetings.",
        "Kokemusta ikäihmisten, omaishoitajien ja vähävaraisten perheiden kanssa toimimisesta.",
        "Experience with older people, family caregivers and families on a low income.",
    ),
    "education": (
        "Kansalaisopisto tarjoaa taiteen ja käsityön kursseja; osa kursseista on "
        "kulttuurilähetteen ja Kaikukortin kautta maksuttomia.",
        "An adult-education centre with art and craft courses, some free with a culture "
        "referral or the culture card.",
        "Saavutettavia ryhmiä ikäihmisille, maahan muuttaneille ja erityistä tukea tarvitseville.",
        "Accessible groups for older people, immigrants and people who need special support.",
    ),
    "theatre": (
        "Teatteri, joka tekee esityksiä ja soveltavan teatterin ryhmiä.",
        "A theatre making performances and applied-theatre groups.",
        "Teatteriryhmiä mielenterveyskuntoutujille ja nuorille; esteettömät näytökset.",
        "Theatre groups for people in mental-health recovery and young people.",
    ),
    "orchestra": (
        "Kamariorkesteri, joka soittaa konsertteja saleissa, hoivakodeissa ja sairaaloissa.",
        "A chamber orchestra playing in concert halls, care homes and hospitals.",
        "Päiväkonsertteja ikäihmisille ja muistisairaille; Kaikukortti käy konserteissa.",
        "Daytime concerts for older people and people with memory disorders.",
    ),
    "memory": (
        "Muistiyhdistys järjestää muistikahviloita, tanssia ja laulua muistisairaille ja "
        "heidän läheisilleen.",
        "A memory association with memory cafés, dance and singing for people with memory "
        "disorders and their families.",
        "Muistiystävällinen toiminta ja omaishoitajien tukeminen.",
        "Memory-friendly activities and support for family caregivers.",
    ),
    "youth": (
        "Nuorten taidetalo: musiikkia, sirkusta, mediaa ja kuvataidetta 13–29-vuotiaille.",
        "A youth arts house: music, circus, media and visual arts for ages 13 to 29.",
        "Yhteistyö etsivän nuorisotyön ja nuorten mielenterveyspalvelujen kanssa.",
        "Works with outreach youth work and young people's mental-health services.",
    ),
    "clowns": (
        "Sairaalaklovnit vierailevat lasten osastoilla ja hoivakodeissa kaikissa kolmessa "
        "maakunnassa.",
        "Hospital clowns visiting children's wards and care homes in all three regions.",
        "Klovnit ovat koulutettuja esiintyjiä, jotka toimivat hoitohenkilökunnan rinnalla.",
        "The clowns are trained performers who work alongside the care staff.",
    ),
    "dance": (
        "Tanssikoulu ja -studio: tanssitunteja kaikenikäisille, myös istumatanssia.",
        "A dance school and studio with classes for all ages, seated dance included.",
        "Tanssia muistisairaille, kehitysvammaisille ja kuntoutujille.",
        "Dance for people with memory disorders, learning disabilities or in rehabilitation.",
    ),
    "choir": (
        "Kuoro, joka ottaa mukaan uusia laulajia ilman koelaulua.",
        "A choir that welcomes new singers without an audition.",
        "Yhteislaulua hoivakodeissa ja palvelutaloissa.",
        "Sing-alongs in care homes and sheltered housing.",
    ),
    "crafts": (
        "Käsityöyhdistys: neulontaa, kudontaa, puutöitä ja kierrätysmateriaaleja.",
        "A crafts association: knitting, weaving, woodwork and recycled materials.",
        "Käsityöpiirejä ikäihmisille, maahan muuttaneille ja kuntoutujille.",
        "Craft circles for older people, immigrants and people in rehabilitation.",
    ),
    "circus": (
        "Sirkuskoulu, jossa voi kokeilla jongleerausta, akrobatiaa ja ilma-akrobatiaa.",
        "A circus school for juggling, acrobatics and aerial skills.",
        "Sosiaalista sirkusta nuorille ja erityistä tukea tarvitseville.",
        "Social circus for young people and people who need special support.",
    ),
    "swedish": (
        "Ruotsinkielinen yhdistys: kuoroja, teatterimatkoja ja kulttuuri-iltoja.",
        "A Swedish-speaking association with choirs, theatre trips and culture evenings.",
        "Toimintaa ruotsinkielisille ikäihmisille ja perheille.",
        "Activities for Swedish-speaking older people and families.",
    ),
}
SWEDISH_PROFILE = (
    "Svenskspråkig förening med körer, teaterresor och kulturkvällar.",
    "Verksamhet för svenskspråkiga äldre och familjer.",
)
# The tag a profile's text follows when a provider has several.
PROFILE_ORDER = (
    *("county", "clowns", "guides", "memory", "mental-health", "multicultural", "swedish"),
    *("youth", "orchestra", "choir", "theatre", "dance", "circus", "crafts", "parish"),
    *("education", "seniors", "artist", "city"),
)


def profile_texts(provider):
    main = next(tag for tag in PROFILE_ORDER if tag in provider.tags)
    description_fi, description_en, experience_fi, experience_en = PROFILE_TEXTS[main]
    texts = {
        "description_fi": description_fi,
        "description_en": description_en,
        "experience_fi": experience_fi,
        "experience_en": experience_en,
    }
    if main == "swedish":
        texts["description_sv"], texts["experience_sv"] = SWEDISH_PROFILE
    return texts
