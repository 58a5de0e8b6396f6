"""People and content for the buyers' tests: real rows, e-mail in Django's test outbox."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.buyers.models import CallForOffers
from kohtaamo.buyers.states import CallStatus
from kohtaamo.catalogue.models import ProviderProfile
from kohtaamo.core.models import ArtForm, Municipality
from tests import factories

SITE = "https://kohtaamo.test"


@pytest.fixture(autouse=True)
def _mail_tasks_and_address(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.KOHTAAMO_PUBLIC_URL = SITE


def buyer(role=Role.COORDINATOR, organisation=None, **user_fields):
    """A person buying for a municipality (Kuopio by default)."""
    organisation = organisation or factories.organisation(Organisation.Kind.MUNICIPALITY)
    person = factories.user(**user_fields) if user_fields else None
    return factories.member(role, organisation=organisation, user=person)


def provider(art_forms=("music",), municipalities=("297",), language="fi", organisation=None):
    """A provider organisation with a profile, and one person answering for it."""
    organisation = organisation or factories.organisation(Organisation.Kind.ASSOCIATION)
    profile, _ = ProviderProfile.objects.get_or_create(organisation=organisation)
    profile.art_forms.set(ArtForm.objects.filter(code__in=art_forms))
    profile.municipalities.set(Municipality.objects.filter(code__in=municipalities))
    person = factories.member(
        Role.PROVIDER, organisation=organisation, user=factories.user(preferred_language=language)
    )
    return person


def tomorrow(days=1):
    return timezone.localdate() + timedelta(days=days)


def call(
    organisation=None,
    *,
    status=CallStatus.DRAFT,
    art_forms=("music",),
    municipalities=("297",),
    deadline=None,
    **fields,
):
    fields.setdefault("title_fi", "Musiikkia hoivakotiin")
    fields.setdefault("description_fi", "Etsimme muusikkoa vierailemaan hoivakodissa.")
    fields.setdefault("contact_email", "hankinnat@example.fi")
    new = CallForOffers.objects.create(
        organisation=organisation or factories.organisation(Organisation.Kind.MUNICIPALITY),
        status=status,
        deadline=deadline or tomorrow(14),
        opened_at=timezone.now() if status != CallStatus.DRAFT else None,
        **fields,
    )
    new.art_forms.set(ArtForm.objects.filter(code__in=art_forms))
    new.municipalities.set(Municipality.objects.filter(code__in=municipalities))
    return new


def organisation_of(person):
    return person.active_memberships()[0].organisation
