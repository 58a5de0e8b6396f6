"""Hobby groups, courses, concerts and walks of the demo catalogue: the activities a
referral or a culture card most often leads to (see ``catalogue_activities``)."""

from . import catalogue_places as P
from .catalogue_activities import (
    CARE_HOME,
    CAREGIVERS,
    CHILDREN,
    DISABLED,
    MEMORY,
    MENTAL,
    MINORITIES,
    OLDER,
    WORKING,
    YOUNG,
    Activity,
    K,
    _lines,
    _variants,
)

HOBBY_ACTIVITIES = (
    Activity(
        "choir",
        K.GROUP,
        (2,),
        "town",
        (3, 1, 0.6),
        (OLDER, None, MEMORY, MENTAL, MINORITIES),
        (P.PARISH_HALL, P.LIBRARY, P.CULTURE_CENTRE, P.CARE_HOME),
        ("choir", "parish", "seniors", "music"),
        "weekly",
        _variants("""
            Laulupiiri | Sångcirkel | Singing circle | music | laulu, yhteislaulu, laulupiiri
            Yhteislaulutuokio | Allsångsstund | Sing-along | music | yhteislaulu, laulu
            Kuoro | Kör | Choir | music | kuoro, kuorolaulu
        """),
        ("{noun} {for}", "{noun} {for} {loc}", "{gen} {noun_l} {loc}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        _lines("""
            Laulamme yhdessä tuttuja lauluja {place}. Nuotteja ei tarvitse osata.
            {noun} kokoontuu {place}: iskelmiä, kansanlauluja ja toivelauluja.
        """),
        "Vi sjunger kända sånger tillsammans. Du behöver inte kunna läsa noter.",
        "We sing familiar songs together. No need to read music; every voice is welcome.",
        _lines("""
            Laulamisen lomassa jutellaan ja juodaan kahvit.
            Säestäjänä toimii kanttori tai musiikkipedagogi.
            Keväällä ryhmä laulaa lähialueen hoivakodeissa.
        """),
        price="session",
        card=0.5,
        join="drop-in",
    ),
    Activity(
        "memory-dance",
        K.GROUP,
        (2, 3),
        "town",
        (2, 1.2, 0.5),
        (MEMORY, OLDER, CARE_HOME),
        (P.CULTURE_CENTRE, P.PARISH_HALL, P.LIBRARY, P.CARE_HOME),
        ("memory", "dance", "city", "seniors"),
        "biweekly",
        _variants("""
            Muistiystävällinen tanssikahvila | Minnesvänligt danskafé | Memory-friendly dance café
                | dance music | tanssikahvila, muistiystävällinen, tanssi
            Tanssituokio | Dansstund | Dance session | dance | tanssi, muisti
            Istumatanssi | Sittdans | Seated dance | dance | istumatanssi, tuolijumppa
        """),
        ("{noun} {loc}", "{noun} {for}", "{noun} {place}"),
        ("{noun} – {town}",),
        ("{noun} – {town}",),
        (
            "Tanssitaan rauhallisesti valssia, tangoa ja jenkkaa {place}. Tahti on muistisairaan "
            "ehdoilla, ja pari löytyy paikan päältä.",
        ),
        "Vi dansar lugnt vals och tango. Tempot går på den minnessjukas villkor.",
        "Gentle waltz and tango at the pace of people with memory disorders.",
        _lines("""
            Tanssinopettaja ohjaa liikkeet selkeästi, ja tuolilta voi osallistua koko ajan.
            Tilassa on rauhallinen valaistus ja selkeät opasteet.
            Tanssin jälkeen on kahvit ja aikaa jutella.
        """),
        price="session",
        card=0.5,
        join="drop-in",
        hours=(780, 840),
    ),
    Activity(
        "youth-workshops",
        K.WORKSHOP_SERIES,
        (2, 3),
        "town",
        (4, 1.5, 0.5),
        (YOUNG,),
        (P.YOUTH_CENTRE, P.CULTURE_CENTRE, P.LIBRARY),
        ("youth", "artist", "city", "circus"),
        "weekly",
        _variants("""
            Taidepajat | Konstverkstäder | Art workshops | visual-arts | taidepaja, kuvataide
                | piirretään ja maalataan
            Sarjakuvapaja | Seriverkstad | Comics workshop | comics | sarjakuva
                | piirretään omia sarjakuvia
            Valokuvauspaja | Fotoverkstad | Photography workshop | photography | valokuvaus
                | kuvataan ja käsitellään kuvia
            Räppipaja | Rapverkstad | Rap workshop | music word-art | räppi, riimit
                | kirjoitetaan ja esitetään omia riimejä
            Bändipaja | Bandverkstad | Band workshop | music | bändi, soittaminen
                | soitetaan bändissä
            Mediapaja | Medieverkstad | Media workshop | media-arts | video, podcast
                | tehdään videoita ja podcasteja
            Graffitipaja | Graffitiverkstad | Graffiti workshop | visual-arts community-art
                | graffiti, katutaide | suunnitellaan ja maalataan seinäteoksia
        """),
        ("{noun} {for}", "{noun} {for} {loc}", "{gen} {noun_l} {place}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        (
            "Pajassa {doing} nuorisotyöntekijän ja taiteilijan kanssa {place}. Välineet saa "
            "lainaksi, eikä aiempaa kokemusta tarvita.",
        ),
        "I verkstaden arbetar du med en ungdomsarbetare och en konstnär. Utrustning finns.",
        "You work with a youth worker and an artist; equipment is provided.",
        _lines("""
            Paja on maksuton ja päihteetön, ja siellä saa olla juuri sellaisena kuin on.
            Kauden lopuksi töistä kootaan näyttely tai keikka.
            Pajaan voi tulla tutustumaan etsivän nuorisotyöntekijän kanssa.
        """),
        price="free",
        join="drop-in",
        hours=(900, 1020),
        duration=120,
    ),
    Activity(
        "mental-theatre",
        K.GROUP,
        (3,),
        "town",
        (2, 0.7, 0.2),
        (MENTAL,),
        (P.COMMUNITY, P.THEATRE, P.CULTURE_CENTRE),
        ("theatre", "mental-health"),
        "weekly",
        _variants("""
            Teatteriryhmä | Teatergrupp | Theatre group | theatre | teatteri, draama
            Draamaryhmä | Dramagrupp | Drama group | theatre | draama, ilmaisu
            Improryhmä | Improgrupp | Improv group | theatre | improvisaatio, teatteri
        """),
        ("{noun} {for}", "{noun} {for} {loc}", "Oma tarina näyttämölle: {noun_l} {for}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        (
            "{noun} harjoittelee {place} kerran viikossa. Leikit, improvisaatio ja yhteinen "
            "esitys vahvistavat rohkeutta.",
        ),
        "Gruppen övar en gång i veckan: lekar, improvisation och en gemensam föreställning.",
        "The group rehearses weekly: games, improvisation and a show of its own.",
        _lines("""
            Ryhmää ohjaavat teatteri-ilmaisun ohjaaja ja psykiatrinen sairaanhoitaja yhdessä.
            Kevään lopuksi ryhmä esittää oman näytelmän läheisille.
            Kuntoutujat voivat tulla mukaan kesken kauden.
        """),
        join="booking",
        hours=(720, 840),
    ),
    Activity(
        "community-music",
        K.GROUP,
        (3,),
        "town",
        (2, 1.2, 0.4),
        (None, MINORITIES, OLDER, MENTAL, DISABLED),
        (P.COMMUNITY, P.LIBRARY, P.CULTURE_CENTRE, P.PARISH_HALL),
        ("artist", "music", "multicultural", "city"),
        "weekly",
        _variants("""
            Yhteisömusiikkia | Gemenskapsmusik | Community music | music community-art
                | yhteisömusiikki, soittaminen
            Rumpupiiri | Trumcirkel | Drum circle | music | rummut, rytmi
            Soittoryhmä | Spelgrupp | Play-along group | music | soittoryhmä, musiikki
            Ukulelepiiri | Ukulelecirkel | Ukulele circle | music | ukulele, soittaminen
        """),
        ("{noun} {place}", "{noun} {for}", "{noun} {for} {loc}"),
        ("{noun} – {town}",),
        ("{noun} – {town}",),
        (
            "Soitetaan ja lauletaan yhdessä yhteisömuusikon johdolla {place}. Soittimet löytyvät "
            "paikan päältä, eikä soittotaitoa tarvita.",
        ),
        "Vi spelar och sjunger tillsammans. Instrument finns på plats.",
        "We play and sing together; instruments are provided and no skills are needed.",
        _lines("""
            Ryhmän kappaleet valitaan yhdessä osallistujien toiveista.
            Kauden päätteeksi soitetaan pieni konsertti kirjastossa.
        """),
        card=0.25,
        join="drop-in",
    ),
    Activity(
        "crafts",
        K.GROUP,
        (2,),
        "town",
        (3, 1.2, 1),
        (OLDER, MINORITIES, MENTAL, None, CAREGIVERS),
        (P.ADULT_EDUCATION, P.LIBRARY, P.PARISH_HALL, P.COMMUNITY, P.CULTURE_CENTRE),
        ("crafts", "education", "parish", "multicultural", "seniors"),
        "weekly",
        _variants("""
            Käsityöpiiri | Handarbetscirkel | Craft circle | crafts | käsityö, käsityöpiiri
            Neulekahvila | Stickkafé | Knitting café | crafts | neulominen, neulekahvila
            Kierrätyspaja | Återbruksverkstad | Upcycling workshop | crafts design
                | kierrätys, tuunaus
            Puutyöpaja | Träverkstad | Woodwork workshop | crafts | puutyöt, veistäminen
        """),
        ("{noun} {for}", "{noun} {loc}", "{noun} {place}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        (
            "Tehdään käsitöitä omaan tahtiin ja jutellaan {place}. Materiaalit ja neuvot saa "
            "ohjaajalta.",
        ),
        "Vi gör handarbete i egen takt och pratar. Material och råd finns.",
        "Crafts at your own pace, with a chat; materials and advice are provided.",
        _lines("""
            Omat keskeneräiset työt voi ottaa mukaan.
            Valmiita töitä lahjoitetaan keväällä hoivakoteihin ja neuvoloihin.
        """),
        price="session",
        card=0.5,
        join="drop-in",
    ),
    Activity(
        "reading",
        K.GROUP,
        (2,),
        "town",
        (3, 1, 1),
        (OLDER, None, MINORITIES, MEMORY, MENTAL),
        (P.LIBRARY,),
        ("library", "city", "education", "seniors"),
        "biweekly",
        _variants("""
            Lukupiiri | Läsecirkel | Reading circle | literature | lukupiiri, kirjat
                | luetaan kirja etukäteen ja keskustellaan siitä, mitä se herätti
            Selkolukupiiri | Lättläst läsecirkel | Easy-read book club | literature
                | selkokieli, lukupiiri | luetaan selkokirjoja ääneen ja jutellaan niistä
            Runopiiri | Poesicirkel | Poetry circle | literature word-art | runot, runopiiri
                | luetaan runoja ääneen ja keskustellaan niistä
            Kirjoittajapiiri | Skrivarcirkel | Writing circle | word-art
                | kirjoittaminen, sanataide
                | kirjoitetaan lyhyitä tekstejä ja luetaan niitä toisille
        """),
        ("{noun} {for}", "{noun} {place}", "{gen} {noun_l}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        ("{noun} kokoontuu {place} joka toinen viikko: {doing}.",),
        "Vi läser och samtalar om vad texten väckte, varannan vecka.",
        "We read and talk about what the text brought to mind, every other week.",
        _lines("""
            Kirjastosta saa tekstit myös äänikirjoina ja isotekstisinä.
            Keskustelussa jokainen saa puhua tai vain kuunnella.
        """),
        join="drop-in",
    ),
    Activity(
        "concert-outings",
        K.GROUP,
        (1,),
        "town",
        (1, 0.6, 0.3),
        (OLDER, MENTAL, None),
        (P.COMMUNITY, P.LIBRARY),
        ("seniors", "guides", "mental-health", "city"),
        "monthly",
        _variants(
            "Konsertteihin yhdessä | Tillsammans på konsert | Going to concerts together "
            "| music | konsertti, konserttimatka"
        ),
        ("{noun} {loc}", "{noun}: {gen} konserttiporukka"),
        ("{noun} – {town}",),
        ("{noun} – {town}",),
        (
            "Lähdemme porukalla kerran kuussa konserttiin. Liput hankitaan yhdessä, ja "
            "Kaikukortilla pääsee maksutta.",
        ),
        "Vi går på konsert tillsammans en gång i månaden.",
        "Once a month we go to a concert together.",
        _lines("""
            Kokoonnumme ennen konserttia kahville ja lähdemme yhdessä.
            Konsertin jälkeen jutellaan, mitä jäi mieleen.
        """),
        price="tickets",
        card=0.9,
        hours=(840, 1080),
    ),
    Activity(
        "daytime-concerts",
        K.PERFORMANCE,
        (1,),
        "town",
        (2, 0.6, 0.3),
        (OLDER, MEMORY, None, CARE_HOME),
        (P.CONCERT_HALL, P.CULTURE_CENTRE, P.PARISH_HALL, P.LIBRARY),
        ("orchestra", "music", "parish", "city"),
        "monthly",
        _variants("""
            Päiväkonsertit | Dagkonserter | Daytime concerts | music | päiväkonsertti
            Lounaskonsertit | Lunchkonserter | Lunchtime concerts | music | lounaskonsertti
            Iltapäiväkonsertit | Eftermiddagskonserter | Afternoon concerts | music
                | konsertti, iltapäivä
        """),
        ("{noun} {for}", "{noun} {place}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        (
            "Tunnin mittainen konsertti päiväsaikaan {place}: tuttuja sävelmiä, klassista ja "
            "iskelmää. Saattaja pääsee maksutta.",
        ),
        "En timmes konsert mitt på dagen; ledsagaren kommer in gratis.",
        "An hour-long daytime concert; companions enter free.",
        _lines("""
            Salissa on induktiosilmukka ja pyörätuolipaikkoja.
            Konserteista tehdään myös suoratoisto hoivakoteihin.
        """),
        price="tickets",
        card=0.8,
        join="drop-in",
        hours=(660, 840),
        duration=60,
    ),
    Activity(
        "film",
        K.GROUP,
        (1,),
        "town",
        (1, 0.6, 0.4),
        (OLDER, None, MEMORY),
        (P.LIBRARY, P.CULTURE_CENTRE),
        ("library", "city", "seniors"),
        "monthly",
        _variants("""
            Elokuvakerho | Filmklubb | Film club | film | elokuvat, elokuvakerho
            Muistojen elokuvat | Minnenas filmer | Films to remember | film | vanhat elokuvat
            Elokuvailtapäivä | Filmeftermiddag | Film afternoon | film | elokuvat
        """),
        ("{noun} {for}", "{noun} {place}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        (
            "Katsomme kotimaisia klassikoita ja uudempia elokuvia {place} ja juttelemme niistä "
            "kahvin äärellä.",
        ),
        "Vi ser finländska klassiker och pratar om dem över en kopp kaffe.",
        "Finnish classics and newer films, with a chat over coffee.",
        _lines("""
            Elokuvissa on tekstitys, ja ääni säädetään kuulolaitteelle sopivaksi.
            Osallistujat saavat toivoa seuraavan kerran elokuvaa.
        """),
        card=0.3,
        join="drop-in",
        hours=(780, 840),
        duration=120,
    ),
    Activity(
        "multicultural",
        K.GROUP,
        (2, 3),
        "town",
        (2, 0.4, 0),
        (MINORITIES,),
        (P.COMMUNITY, P.LIBRARY, P.CULTURE_CENTRE),
        ("multicultural", "education", "city", "parish"),
        "weekly",
        _variants("""
            Kielikahvila ja laulut | Språkkafé med sång | Language café with songs
                | music literature | kielikahvila, suomen kieli | lauletaan ja jutellaan
            Monikulttuurinen kuoro | Mångkulturell kör | Multicultural choir | music
                | kuoro, monikulttuurisuus | lauletaan lauluja eri maista
            Satutuokio omalla äidinkielellä | Sagostund på eget modersmål
                | Story time in your own language | literature | satu, äidinkieli
                | luetaan satuja | children-and-families
            Tanssit maailmalta | Danser från världen | Dances of the world | dance
                | tanssi, kansantanssi | tanssitaan eri maiden tansseja
            Käsityökahvila | Hantverkskafé | Craft café | crafts | käsityö, kohtaaminen
                | tehdään käsitöitä
        """),
        ("{noun} {loc}", "{noun} {for}"),
        ("{noun} – {town}",),
        ("{noun} – {town}",),
        (
            "Kohtaamispaikka {place}, jossa {doing} monella kielellä. Mukaan voi tulla yksin tai "
            "koko perheen kanssa.",
        ),
        "En mötesplats där vi gör saker tillsammans på många språk.",
        "A meeting place where we do things together in many languages.",
        _lines("""
            Ohjaajat puhuvat suomen lisäksi useita kieliä.
            Lapsille on omaa tekemistä samassa tilassa.
        """),
        card=0.3,
        join="drop-in",
        hours=(960, 1080),
    ),
    Activity(
        "courses",
        K.COURSE,
        (2,),
        "town",
        (4, 1.5, 0.6),
        (None, OLDER, WORKING, MINORITIES),
        (P.ADULT_EDUCATION, P.CULTURE_CENTRE, P.LIBRARY),
        ("education", "city", "artist"),
        "weekly",
        _variants("""
            Maalauskurssi | Målarkurs | Painting course | visual-arts | maalaus, kurssi
                | maalataan akvarelleja ja akryyleilla
            Keramiikkakurssi | Keramikkurs | Ceramics course | crafts visual-arts
                | keramiikka, savi | muovaillaan savesta
            Valokuvauskurssi | Fotokurs | Photography course | photography | valokuvaus, kurssi
                | kuvataan kännykällä ja kameralla
            Kuorolaulukurssi | Körsångskurs | Choral singing course | music | kuorolaulu
                | lauletaan moniäänisesti
            Kirjoittajakurssi | Skrivarkurs | Writing course | word-art | kirjoittaminen
                | kirjoitetaan omaelämäkerrallisia tekstejä
            Sarjakuvakurssi | Seriekurs | Comics course | comics | sarjakuva
                | piirretään sarjakuvia
            Kitarakurssi | Gitarrkurs | Guitar course | music | kitara, soittaminen
                | soitetaan kitaraa
        """),
        ("{noun} {for}", "{noun} {loc}", "{noun} aloittelijoille"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        (
            "Kansalaisopiston kurssilla {doing} pienryhmässä {place}. Kaikukortilla kurssille "
            "pääsee maksutta, jos paikkoja on jäljellä.",
        ),
        "En kurs i liten grupp vid medborgarinstitutet.",
        "A small-group course at the adult-education centre.",
        _lines("""
            Kurssi sopii aloittelijoille ja taitoja verestäville.
            Materiaalimaksu sisältyy kurssimaksuun.
            Kurssipaikan voi saada maksutta myös kulttuurilähetteellä.
        """),
        price="course",
        card=0.8,
        hours=(1020, 1110),
    ),
    Activity(
        "dance-courses",
        K.COURSE,
        (2,),
        "town",
        (2, 1, 0.3),
        (OLDER, DISABLED, None, YOUNG),
        (P.CULTURE_CENTRE, P.ADULT_EDUCATION, P.PARISH_HALL),
        ("dance", "education"),
        "weekly",
        _variants("""
            Tanssikurssi 60+ | Danskurs 60+ | Dance course 60+ | dance | tanssi, seniorit
                | | older-people
            Lavatanssikurssi | Kurs i pardans | Finnish ballroom dancing course | dance
                | lavatanssi, paritanssi
            Tanssiryhmä | Dansgrupp | Dance group | dance | tanssi, liike
            Itämainen tanssi | Orientalisk dans | Belly dance | dance | itämainen tanssi
        """),
        ("{noun} {loc}", "{noun} – {place_name}"),
        ("{noun} – {town}",),
        ("{noun} – {town}",),
        (
            "Opetellaan askelia rauhalliseen tahtiin {place}. Paria ei tarvita, ja mukaan ovat "
            "tervetulleita kaikki kunnosta riippumatta.",
        ),
        "Vi lär oss steg i lugn takt. Du behöver ingen partner.",
        "Learn the steps at an easy pace; no partner needed.",
        _lines("""
            Tunnin lopuksi venytellään ja rentoudutaan.
            Kurssilla on kokenut tanssinopettaja.
        """),
        price="course",
        card=0.8,
        hours=(1020, 1110),
        duration=60,
    ),
    Activity(
        "circus",
        K.WORKSHOP_SERIES,
        (2, 3),
        "town",
        (1, 0, 0),
        (YOUNG, CHILDREN, DISABLED),
        (P.YOUTH_CENTRE, P.CULTURE_CENTRE),
        ("circus", "youth"),
        "weekly",
        _variants(
            "Sosiaalinen sirkus | Social cirkus | Social circus | circus "
            "| sirkus, jongleeraus, akrobatia"
        ),
        ("{noun} {for}", "{noun} {loc}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        (
            "Jongleerausta, tasapainoilua ja akrobatiaa turvallisessa ryhmässä {place}. Sirkus "
            "opettaa luottamusta ja yhdessä onnistumista.",
        ),
        "Jonglering och akrobatik i en trygg grupp.",
        "Juggling, balancing and acrobatics in a safe group.",
        _lines("""
            Ohjaajilla on sosiaalisen sirkuksen koulutus.
            Ryhmässä edetään jokaisen omien taitojen mukaan.
        """),
        hours=(960, 1020),
    ),
    Activity(
        "culture-walks",
        K.GROUP,
        (1, 2),
        "town",
        (1, 0.3, 0),
        (MENTAL, OLDER, None),
        (P.COMMUNITY, P.LIBRARY, P.MUSEUM),
        ("walks", "mental-health", "guides", "city"),
        "weekly",
        _variants("""
            Kulttuurikävely | Kulturpromenad | Culture walk | architecture cultural-heritage
                | kulttuurikävely, kävely
            Taidekävely | Konstpromenad | Art walk | visual-arts architecture
                | julkinen taide, kävely
        """),
        ("{noun} {loc}", "{noun} {for}"),
        ("{noun} – {town}",),
        ("{noun} – {town}",),
        (
            "Kävelemme tunnin kierroksen julkisten taideteosten ja vanhojen rakennusten äärellä. "
            "Kokoontuminen {place}.",
        ),
        "En timmes promenad bland offentlig konst och gamla byggnader.",
        "An hour's walk among public art and old buildings.",
        _lines("""
            Kävelyyn ei tarvitse ilmoittautua, ja vauhti on rauhallinen.
            Sateella tutustumme johonkin museoon tai näyttelyyn.
        """),
        join="drop-in",
        hours=(810, 810),
        duration=60,
    ),
    Activity(
        "swedish",
        K.GROUP,
        (2,),
        "town",
        (3, 0, 0),
        (OLDER, None),
        (P.COMMUNITY, P.LIBRARY, P.PARISH_HALL),
        ("swedish",),
        "weekly",
        _variants("""
            Ruotsinkielinen laulupiiri | Svensk sångcirkel | Swedish singing circle | music
                | laulu, ruotsi
            Kulttuurikahvila ruotsiksi | Kulturkafé på svenska | Culture café in Swedish
                | multidisciplinary | kulttuurikahvila, ruotsi
            Teatterimatkat ruotsiksi | Teaterresor på svenska | Theatre trips in Swedish
                | theatre | teatteri, ruotsi
        """),
        ("{noun} {loc}",),
        ("{noun} i {town}",),
        ("{noun} in {town}",),
        ("Ruotsinkielinen ryhmä {place}. Suomenkielisetkin ovat tervetulleita.",),
        "En svenskspråkig träff med sång, samtal och kaffe.",
        "A Swedish-speaking group with singing, talk and coffee. Everyone is welcome.",
        _lines("""
            Ryhmä kokoontuu ruotsiksi, mutta suomeksikin saa puhua.
            Kahvit juodaan yhdessä.
        """),
        price="session",
        towns=("837", "609"),
        join="drop-in",
    ),
    # Last in the list: the generator is seeded, so an activity added at the end leaves
    # every service before it as it was.
    Activity(
        "youth-dance",
        K.GROUP,
        (2,),
        "town",
        (2, 0, 0),
        (YOUNG,),
        (P.CULTURE_CENTRE, P.YOUTH_CENTRE),
        ("dance", "youth"),
        "weekly",
        _variants("""
            Katutanssi | Streetdance | Street dance | dance | katutanssi, hip hop, breaking, tanssi
                | tanssitaan hip hopia ja muita katutansseja
            Nykytanssiryhmä | Grupp i nutida dans | Contemporary dance group | dance
                | nykytanssi, improvisaatio, tanssi | tehdään omaa liikettä ja koreografioita
        """),
        ("{noun} {for}", "{noun} {for} {loc}"),
        ("{noun} {for}",),
        ("{noun} {for}",),
        ("Nuorten oma tanssiryhmä kokoontuu joka viikko {place}: {doing}.",),
        "En dansgrupp för unga som träffas varje vecka och leds av en danslärare.",
        "A weekly dance group for young people, led by a dance teacher.",
        _lines("""
            Tunteja ohjaa tanssinopettaja, joka tuntee nuorten oman tanssikulttuurin.
            Kevätkauden lopuksi ryhmä esiintyy halutessaan nuorten omassa tapahtumassa.
            Mukaan tarvitaan vain sisäkengät tai sukat ja juomapullo.
        """),
        card=0.3,
        towns=("297",),
        hours=(960, 1050),
        duration=75,
    ),
)
