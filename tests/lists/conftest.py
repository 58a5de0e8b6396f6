import pytest

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from tests import factories


@pytest.fixture(autouse=True)
def _mail_and_address(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.KOHTAAMO_PUBLIC_URL = ""


def professional(role=Role.PROFESSIONAL):
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY)
    return factories.member(role, organisation=county)


@pytest.fixture
def pro(login):
    """A signed-in professional and their test client."""
    person = professional()
    return person, login(person)
