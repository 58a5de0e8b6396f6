"""Small builders for test data: plain functions, real rows in the real database."""

import itertools

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kohtaamo.accounts.models import Membership, Organisation, Unit, User
from kohtaamo.core.models import County, Municipality

PASSWORD = "correct-horse-battery-staple-42"
_sequence = itertools.count(1)


def municipality(code="297"):
    """Kuopio (297) by default: reference data are loaded by the migrations."""
    return Municipality.objects.get(code=code)


def county(code="13"):
    return County.objects.get(code=code)


def organisation(kind=Organisation.Kind.ASSOCIATION, municipality_code="297", **fields):
    number = next(_sequence)
    fields.setdefault("name_fi", f"Testiorganisaatio {number}")
    if kind == Organisation.Kind.NATIONAL_BODY:
        municipality_code = None
    home = municipality(municipality_code) if municipality_code else None
    return Organisation.objects.create(kind=kind, municipality=home, **fields)


def unit(organisation, **fields):
    number = next(_sequence)
    fields.setdefault("name_fi", f"Testiyksikkö {number}")
    return Unit.objects.create(organisation=organisation, **fields)


def user(email=None, password=PASSWORD, **fields):
    email = email or f"person{next(_sequence)}@example.fi"
    return User.objects.create_user(email=email, password=password, **fields)


def member(role, organisation=None, unit=None, user=None):
    """A user holding ``role`` in ``unit`` or ``organisation``."""
    if organisation is None:
        organisation = unit.organisation if unit else globals()["organisation"]()
    person = user or globals()["user"]()
    Membership.objects.create(user=person, organisation=organisation, unit=unit, role=role)
    person._active_memberships = None
    return person


def totp_device(person, confirmed=True):
    return TOTPDevice.objects.create(user=person, name="authenticator", confirmed=confirmed)


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def referral_type(county, **fields):
    """A county's personal culture referral to a culture-advice unit (fields override)."""
    from kohtaamo.referrals.models import ReferralType

    defaults = {
        "code": "kulttuurilahete",
        "name_fi": "Kulttuurilähete",
        "kind": ReferralType.Kind.PERSONAL,
        "receiver_kind": ReferralType.ReceiverKind.UNIT,
        "response_days": 14,
        "expiry_days": 90,
    }
    return ReferralType.objects.create(county=county, **{**defaults, **fields})


def identity_provider(issuer, client, organisations=(), **fields):
    """An organisation's OpenID Connect provider; ``client`` as in tests.identity.provider."""
    from kohtaamo.identity.models import IdentityProvider

    fields.setdefault("slug", f"county-{next(_sequence)}")
    fields.setdefault("name_fi", "Testimaakunnan tunnistus")
    fields.setdefault("name_sv", "Testlandskapets identifiering")
    provider = IdentityProvider.objects.create(
        issuer=issuer,
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        **fields,
    )
    provider.organisations.set(organisations)
    return provider
