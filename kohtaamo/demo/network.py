"""The demo network: organisations, their units and one person for every role.

Three wellbeing services counties (North Savo, Pirkanmaa, Satakunta) with the cities,
associations, artists and others that work with them, and two national bodies. Every
association, artist and person here is made up; counties and cities are real places.
Rows are matched by their natural keys, so seeding again updates instead of
duplicating.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kohtaamo.accounts.models import Membership, Organisation, Unit, User
from kohtaamo.accounts.permissions import requires_two_factor
from kohtaamo.accounts.roles import TWO_FACTOR_ROLES, Role
from kohtaamo.accounts.two_factor import AUTHENTICATOR_NAME
from kohtaamo.core.models import County, Municipality

from .credentials import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX, demo_email
from .report import DemoLogin

Kind = Organisation.Kind
UnitKind = Unit.Kind


@dataclass(frozen=True)
class UnitSpec:
    key: str
    kind: str
    names: tuple  # (Finnish, Swedish, English); an empty string where there is none
    municipality: str | None = None  # Statistics Finland code; the organisation's if None


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    kind: str
    names: tuple = ("", "", "")  # a county organisation takes the official county names
    municipality: str | None = None
    county: str | None = None
    website: str = ""
    units: tuple = ()


@dataclass(frozen=True)
class PersonSpec:
    local_part: str
    full_name: str
    role: str | None = None
    organisation: str | None = None
    unit: str | None = None
    language: str = "fi"
    superuser: bool = False

    @property
    def email(self):
        return demo_email(self.local_part)


def _health_station(key, municipality, place_fi, place_sv, place_en):
    names = (f"{place_fi} terveysasema", f"{place_sv} hälsostation", f"{place_en} health station")
    return UnitSpec(key, UnitKind.HEALTH_STATION, names, municipality)


def _county(key, code, seat, town, health_stations, culture_advice):
    """A county organisation with the social and health care units every county has."""
    units = (
        *health_stations,
        UnitSpec(
            "adult-social-work",
            UnitKind.SOCIAL_WORK,
            (
                f"Aikuissosiaalityö, {town}",
                f"Socialt arbete för vuxna, {town}",
                f"Adult social work, {town}",
            ),
        ),
        UnitSpec(
            "mental-health",
            UnitKind.MENTAL_HEALTH,
            (
                "Mielenterveys- ja päihdepalvelut",
                "Mentalvårds- och missbrukartjänster",
                "Mental health and substance abuse services",
            ),
        ),
        UnitSpec(
            "older-people",
            UnitKind.OLDER_PEOPLE,
            ("Ikääntyneiden palvelut", "Tjänster för äldre", "Services for older people"),
        ),
        UnitSpec(
            "family", UnitKind.FAMILY, ("Perhepalvelut", "Familjetjänster", "Family services")
        ),
        UnitSpec("culture-advice", UnitKind.CULTURE_ADVICE, culture_advice),
    )
    return OrganisationSpec(
        key,
        Kind.WELLBEING_COUNTY,
        county=code,
        municipality=seat,
        website=f"https://{key}.example.fi/",
        units=units,
    )


def _city(key, code, names, library, museum=None):
    """A city organisation with its cultural services, library and perhaps a museum."""
    units = [
        UnitSpec(
            "culture",
            UnitKind.CULTURE_SERVICES,
            ("Kulttuuripalvelut", "Kulturtjänster", "Cultural services"),
        ),
        UnitSpec("library", UnitKind.LIBRARY, library),
    ]
    if museum:
        units.append(UnitSpec("museum", UnitKind.MUSEUM, museum))
    return OrganisationSpec(
        key,
        Kind.MUNICIPALITY,
        names,
        code,
        website=f"https://{key}.example.fi/",
        units=tuple(units),
    )


COUNTIES = (
    _county(
        "pohjois-savo",
        "13",
        "297",
        "Kuopio",
        (
            _health_station("mannisto-health", "297", "Männistön", "Männistö", "Männistö"),
            _health_station("iisalmi-health", "140", "Iisalmen", "Idensalmi", "Iisalmi"),
            _health_station("varkaus-health", "915", "Varkauden", "Varkaus", "Varkaus"),
        ),
        (
            "Kulttuurineuvonta ja linkkityö",
            "Kulturrådgivning och länkarbete",
            "Culture advice and link work",
        ),
    ),
    _county(
        "pirkanmaa",
        "08",
        "837",
        "Tampere",
        (
            _health_station("hervanta-health", "837", "Hervannan", "Hervanta", "Hervanta"),
            _health_station("nokia-health", "536", "Nokian", "Nokia", "Nokia"),
            _health_station("ylojarvi-health", "980", "Ylöjärven", "Ylöjärvi", "Ylöjärvi"),
        ),
        (
            "Hyvinvointivalmennus ja linkkityö",
            "Välmåendecoachning och länkarbete",
            "Wellbeing coaching and link work",
        ),
    ),
    _county(
        "satakunta",
        "06",
        "609",
        "Pori",
        (
            _health_station(
                "pori-health", "609", "Porin keskustan", "Björneborgs centrums", "Pori central"
            ),
            _health_station("rauma-health", "684", "Rauman", "Raumo", "Rauma"),
            _health_station("ulvila-health", "886", "Ulvilan", "Ulvsby", "Ulvila"),
        ),
        (
            "Kulttuurilähete ja linkkityö",
            "Kulturremiss och länkarbete",
            "Culture referrals and link work",
        ),
    ),
)

MUNICIPALITIES = (
    _city(
        "kuopio",
        "297",
        ("Kuopion kaupunki", "Kuopio stad", "City of Kuopio"),
        ("Kuopion kaupunginkirjasto", "Kuopio stadsbibliotek", "Kuopio City Library"),
        ("Kuopion museo", "Kuopio museum", "Kuopio Museum"),
    ),
    _city(
        "iisalmi",
        "140",
        ("Iisalmen kaupunki", "Idensalmi stad", "City of Iisalmi"),
        ("Iisalmen kaupunginkirjasto", "Idensalmi stadsbibliotek", "Iisalmi City Library"),
    ),
    _city(
        "tampere",
        "837",
        ("Tampereen kaupunki", "Tammerfors stad", "City of Tampere"),
        ("Tampereen kaupunginkirjasto", "Tammerfors stadsbibliotek", "Tampere City Library"),
        ("Tampereen museot", "Tammerfors museer", "Tampere Museums"),
    ),
    _city(
        "nokia",
        "536",
        ("Nokian kaupunki", "Nokia stad", "City of Nokia"),
        ("Nokian kaupunginkirjasto", "Nokia stadsbibliotek", "Nokia City Library"),
    ),
    _city(
        "pori",
        "609",
        ("Porin kaupunki", "Björneborgs stad", "City of Pori"),
        ("Porin kaupunginkirjasto", "Björneborgs stadsbibliotek", "Pori City Library"),
        ("Satakunnan Museo", "Satakunta museum", "Satakunta Museum"),
    ),
    _city(
        "rauma",
        "684",
        ("Rauman kaupunki", "Raumo stad", "City of Rauma"),
        ("Rauman kaupunginkirjasto", "Raumo stadsbibliotek", "Rauma City Library"),
    ),
)

# Made-up associations, artists and others. Small associations seldom have a Swedish name.
COMMUNITY = (
    OrganisationSpec(
        "savo-mental-health",
        Kind.ASSOCIATION,
        ("Savon Mielenvireys ry", "", "Savo Mental Wellbeing Association"),
        "297",
        website="https://mielenvireys.example.fi/",
    ),
    OrganisationSpec(
        "puijo-pensioners",
        Kind.ASSOCIATION,
        ("Puijon Eläkeläiset ry", "", "Puijo Pensioners' Association"),
        "297",
    ),
    OrganisationSpec(
        "savo-culture-guides",
        Kind.ASSOCIATION,
        ("Savon Kulttuuriluotsit ry", "", "Savo Culture Guides"),
        "297",
        website="https://luotsit.example.fi/",
    ),
    OrganisationSpec(
        "kielisilta",
        Kind.ASSOCIATION,
        (
            "Monikulttuurinen yhdistys Kielisilta ry",
            "Mångkulturella föreningen Kielisilta rf",
            "Kielisilta Multicultural Association",
        ),
        "837",
        website="https://kielisilta.example.fi/",
    ),
    OrganisationSpec(
        "pirkanmaa-culture-buddies",
        Kind.ASSOCIATION,
        ("Pirkanmaan Kulttuurikaverit ry", "", "Pirkanmaa Culture Buddies"),
        "837",
    ),
    OrganisationSpec(
        "kompassi",
        Kind.ASSOCIATION,
        ("Mielenterveysyhdistys Kompassi ry", "", "Kompassi Mental Health Association"),
        "609",
    ),
    OrganisationSpec(
        "satakunta-culture-buddies",
        Kind.ASSOCIATION,
        ("Satakunnan Kulttuurikaverit ry", "", "Satakunta Culture Buddies"),
        "609",
        website="https://kulttuurikaverit.example.fi/",
    ),
    OrganisationSpec(
        "rauma-seniors",
        Kind.ASSOCIATION,
        ("Rauman Seniorit ry", "Raumo seniorer rf", "Rauma Seniors"),
        "684",
    ),
    OrganisationSpec(
        "pohjasalo",
        Kind.ARTIST,
        ("Taidetyöpaja Vilja Pohjasalo", "", "Vilja Pohjasalo Art Workshop"),
        "297",
        website="https://pohjasalo.example.fi/",
    ),
    OrganisationSpec(
        "harjuvaara",
        Kind.ARTIST,
        ("Tanssitaiteilija Aava Harjuvaara", "", "Aava Harjuvaara, dance artist"),
        "980",
    ),
    OrganisationSpec(
        "kaislaranta",
        Kind.ARTIST,
        ("Musiikkiverstas Toivo Kaislaranta", "", "Toivo Kaislaranta Music Workshop"),
        "886",
    ),
    OrganisationSpec(
        "kuopio-cathedral-parish",
        Kind.PARISH,
        ("Kuopion Tuomiokirkkoseurakunta", "Kuopio domkyrkoförsamling", "Kuopio Cathedral Parish"),
        "297",
    ),
    OrganisationSpec(
        "nasijarvi-adult-education",
        Kind.EDUCATION,
        (
            "Näsijärven kansalaisopisto",
            "Näsijärvi medborgarinstitut",
            "Näsijärvi Adult Education Centre",
        ),
        "837",
        website="https://nasijarvenopisto.example.fi/",
    ),
    OrganisationSpec(
        "tuulenpesa",
        Kind.COMPANY,
        ("Teatteri Tuulenpesä Oy", "", "Tuulenpesä Theatre Company"),
        "297",
        website="https://tuulenpesa.example.fi/",
    ),
)

NATIONAL = (
    OrganisationSpec(
        "taike",
        Kind.NATIONAL_BODY,
        ("Taiteen edistämiskeskus", "Centret för konstfrämjande", "Arts Promotion Centre Finland"),
        website="https://taike.example.fi/",
    ),
    OrganisationSpec(
        "kohtaamo",
        Kind.NATIONAL_BODY,
        (
            "Kohtaamo-palvelun ylläpito",
            "Kohtaamo-tjänstens förvaltning",
            "Kohtaamo platform operator",
        ),
        website="https://kohtaamo.example.fi/",
    ),
)

ORGANISATIONS = COUNTIES + MUNICIPALITIES + COMMUNITY + NATIONAL

PEOPLE = (
    # A nurse at a Kuopio health station.
    PersonSpec(
        "professional", "Noora Pajula", Role.PROFESSIONAL, "pohjois-savo", "mannisto-health"
    ),
    PersonSpec(
        "advisor", "Sointu Kuusniemi", Role.CULTURE_ADVISOR, "pohjois-savo", "culture-advice"
    ),
    PersonSpec("provider", "Joonas Saarilahti", Role.PROVIDER, "kuopio", "culture"),
    # A culture guide in the Kuopio library's volunteer programme, and its coordinator.
    PersonSpec("volunteer", "Marjatta Hongisto", Role.VOLUNTEER, "kuopio", "library"),
    PersonSpec("volunteers", "Aune Kalliomaa", Role.VOLUNTEER_COORDINATOR, "kuopio", "library"),
    PersonSpec(
        "distributor", "Mikael Rantasuo", Role.DISTRIBUTOR, "pohjois-savo", "adult-social-work"
    ),
    # Organisation-level memberships: the coordinator and administrator reach the county.
    PersonSpec("coordinator", "Kerttu Pellervo", Role.COORDINATOR, "pohjois-savo"),
    PersonSpec("analyst", "Ebba Sjöblad", Role.ANALYST, "taike", language="sv"),
    PersonSpec("administrator", "Arvo Kaarnamo", Role.ADMINISTRATOR, "pohjois-savo"),
    PersonSpec("resident", "Jordan Ellery", language="en"),
    PersonSpec("superuser", "Jouni Alustamo", Role.ADMINISTRATOR, "kohtaamo", superuser=True),
    PersonSpec(
        "professional.pirkanmaa",
        "Iida Mäkiranta",
        Role.PROFESSIONAL,
        "pirkanmaa",
        "hervanta-health",
    ),
    PersonSpec(
        "professional.satakunta", "Oona Lehtisalo", Role.PROFESSIONAL, "satakunta", "mental-health"
    ),
    PersonSpec("theatre", "Aleksi Vuorela", Role.PROVIDER, "tuulenpesa"),
    # Arts inside care: the lead of a unit of services for older people (a professional
    # there, docs/decisions/0044) and a visual artist working with that unit's day group.
    PersonSpec("careunit", "Helka Ruotsalainen", Role.PROFESSIONAL, "pohjois-savo", "older-people"),
    PersonSpec("artist", "Vilja Pohjasalo", Role.PROVIDER, "pohjasalo"),
)

# The account ``demo_otp`` prints a code for when no e-mail is given.
DEFAULT_CODE_ACCOUNT = next(p.email for p in PEOPLE if p.role in TWO_FACTOR_ROLES)


def seed_network(report):
    for spec in ORGANISATIONS:
        organisation = _organisation(spec, report)
        report.organisations[spec.key] = organisation
        for unit_spec in spec.units:
            report.units[spec.key, unit_spec.key] = _unit(organisation, unit_spec, report)
    # One hash for everyone: hashing is slow on purpose, and the password is public anyway.
    password_hash = make_password(DEMO_PASSWORD)
    for person in PEOPLE:
        report.users[person.local_part] = _person(person, password_hash, report)


def _upsert(model, lookup, values):
    """Like update_or_create, but saves only what changed: every save of an organisation
    re-indexes its catalogue for search, and seed_demo runs at each `make run`."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [key for key, value in values.items() if getattr(obj, key) != value]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save()
    return obj, False


def _organisation(spec, report):
    county = County.objects.get(code=spec.county) if spec.county else None
    name_fi, name_sv, name_en = spec.names
    if spec.kind == Kind.WELLBEING_COUNTY:
        name_fi, name_sv, name_en = county.name_fi, county.name_sv, county.name_en
    organisation, created = _upsert(
        Organisation,
        {"kind": spec.kind, "name_fi": name_fi},
        {
            "name_sv": name_sv,
            "name_en": name_en,
            "municipality": _municipality(spec.municipality),
            "county": county,
            "website": spec.website,
            "is_active": True,
        },
    )
    report.count(Organisation, created)
    return organisation


def _unit(organisation, spec, report):
    name_fi, name_sv, name_en = spec.names
    unit, created = _upsert(
        Unit,
        {"organisation": organisation, "name_fi": name_fi},
        {
            "name_sv": name_sv,
            "name_en": name_en,
            "kind": spec.kind,
            "municipality": _municipality(spec.municipality or _home_code(organisation)),
            "is_active": True,
        },
    )
    report.count(Unit, created)
    return unit


def _home_code(organisation):
    return organisation.municipality.code if organisation.municipality_id else None


def _municipality(code):
    return Municipality.objects.get(code=code) if code else None


def _person(spec, password_hash, report):
    user = _user(spec, password_hash, report)
    organisation = unit = None
    if spec.role:
        organisation = report.organisations[spec.organisation]
        unit = report.units[spec.organisation, spec.unit] if spec.unit else None
        _membership(user, organisation, unit, spec.role, report)
    user._active_memberships = None
    needs_code = requires_two_factor(user)
    if needs_code:
        _authenticator(user, report)
    report.logins.append(_login_line(spec, user, organisation, unit, needs_code))
    return user


def _user(spec, password_hash, report):
    user = User.objects.filter(email__iexact=spec.email).first()
    created = user is None
    if created:
        user = User(email=spec.email)
    user.full_name = spec.full_name
    user.preferred_language = spec.language
    user.is_active = True
    user.is_staff = spec.superuser
    user.is_superuser = spec.superuser
    user.password = password_hash
    user.save()
    report.count(User, created)
    return user


def _membership(user, organisation, unit, role, report):
    membership, created = Membership.objects.update_or_create(
        user=user, organisation=organisation, unit=unit, role=role, defaults={"is_active": True}
    )
    report.count(Membership, created)
    return membership


def _authenticator(user, report):
    """One confirmed authenticator holding the shared demo secret.

    A tester may have paired a phone of their own on the profile page; seeding again
    puts the documented secret back so the printed instructions stay true.
    """
    devices = TOTPDevice.objects.filter(user=user).order_by("pk")
    device = devices.first()
    created = device is None
    if created:
        device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME)
    else:
        devices.exclude(pk=device.pk).delete()
    if device.key != DEMO_TOTP_KEY_HEX:
        device.key = DEMO_TOTP_KEY_HEX
        device.last_t = -1
    device.name = AUTHENTICATOR_NAME
    device.confirmed = True
    device.drift = 0
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    report.count(TOTPDevice, created)
    return device


def _login_line(spec, user, organisation, unit, needs_code):
    if spec.role is None:
        role = _("Resident (no role)")
    elif spec.superuser:
        role = _("%(role)s, superuser") % {"role": Role(spec.role).label}
    else:
        role = str(Role(spec.role).label)
    place = str(unit) if unit else str(organisation or "-")
    return DemoLogin(user.email, role, place, needs_code)
