"""Webhooks cannot be turned into a scanner of the server's own network: addresses that
lead inside it are refused when saved and again at each delivery (a name may resolve
elsewhere by then), and a failed delivery tells the administrator no network detail."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kohtaamo.accounts.roles import Role
from kohtaamo.core import http as outbound
from kohtaamo.integrations import services as hooks
from kohtaamo.integrations.models import WebhookDelivery, WebhookEndpoint
from tests import factories

from .test_webhooks import IMMEDIATE, Receiver

pytestmark = pytest.mark.django_db

# The examples: the cloud metadata service, a database port on this machine,
# IPv6 loopback, another loopback address, an address with credentials.
FOUND_IN_THE_PROBE = [
    "https://169.254.169.254/latest/meta-data/",
    "https://localhost:5432/",
    "http://[::1]:8080/",
    "http://127.0.0.2/",
    "https://admin:secret@asiakastieto.example.fi/hook",
]
ALSO_INSIDE = [
    "https://10.1.2.3/hook",
    "https://192.168.0.10/hook",
    "https://172.16.5.5/hook",
    "https://100.64.0.1/hook",
    "https://[fd12:3456::1]/hook",
    "https://[fe80::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[64:ff9b::a9fe:a9fe]/hook",
    "https://0.0.0.0/hook",
    "https://metadata.example.fi/hook",  # a public-looking name for 169.254.169.254
    "https://asiakastieto.example.fi:8443/hook",  # not the standard port
    "http://asiakastieto.example.fi/hook",  # not https
]


@pytest.fixture(autouse=True)
def _setup(settings, dns):
    settings.TASKS = IMMEDIATE
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    dns.name("asiakastieto.example.fi", ["93.184.216.34"])
    dns.name("metadata.example.fi", ["169.254.169.254"])


def errors_on_save(organisation, url):
    try:
        WebhookEndpoint(organisation=organisation, url=url).full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize("url", FOUND_IN_THE_PROBE + ALSO_INSIDE)
def test_an_address_inside_the_network_is_refused_on_save(world, url):
    errors = errors_on_save(world.culture_advice.organisation, url)
    assert list(errors) == ["url"], url


def test_a_public_https_address_is_accepted(world):
    assert (
        errors_on_save(world.culture_advice.organisation, "https://asiakastieto.example.fi/h") == {}
    )


def test_the_reason_is_told_next_to_the_field_in_each_language(world):
    organisation = world.culture_advice.organisation
    seen = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            seen[language] = (
                errors_on_save(organisation, "https://169.254.169.254/")["url"][0],
                errors_on_save(organisation, "https://a:b@asiakastieto.example.fi/")["url"][0],
            )
    assert "private network" in seen["en"][0]
    assert "password" in seen["en"][1]
    assert len({seen["fi"], seen["sv"], seen["en"]}) == 3


def test_the_admin_form_shows_the_refusal_at_the_address(world, login):
    admin = factories.member(Role.ADMINISTRATOR, organisation=world.culture_advice.organisation)
    client = login(admin)
    with translation.override("fi"):
        add = reverse("admin:integrations_webhookendpoint_add")
    response = client.post(
        add,
        {
            "organisation": world.culture_advice.organisation.pk,
            "url": "https://169.254.169.254/latest/meta-data/",
            "secret": "whsec_given",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert not WebhookEndpoint.objects.exists()
    assert list(response.context["adminform"].form.errors) == ["url"]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def deliver_to(world, url, django_capture_on_commit_callbacks):
    # Saved without the checks, as an address saved before them or by a script would be.
    hook = WebhookEndpoint.objects.create(organisation=world.culture_advice.organisation, url=url)
    with django_capture_on_commit_callbacks(execute=True):
        world.issued()
    return WebhookDelivery.objects.get(endpoint=hook)


@pytest.mark.parametrize("url", FOUND_IN_THE_PROBE + ALSO_INSIDE)
def test_an_address_inside_the_network_is_refused_at_delivery(
    world, url, django_capture_on_commit_callbacks
):
    delivery = deliver_to(world, url, django_capture_on_commit_callbacks)
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.response_code is None
    assert delivery.last_error == hooks.ADDRESS_REFUSED


@pytest.mark.parametrize("form", ["http://127.0.0.1:{port}/hook", "https://localhost:{port}/hook"])
def test_a_listening_receiver_on_this_machine_hears_nothing(
    world, receiver, form, django_capture_on_commit_callbacks
):
    port = receiver.server.server_address[1]
    delivery = deliver_to(world, form.format(port=port), django_capture_on_commit_callbacks)
    assert delivery.last_error == hooks.ADDRESS_REFUSED
    assert receiver.requests == []


def test_a_name_that_turns_private_after_saving_is_refused_at_delivery(
    world, dns, django_capture_on_commit_callbacks
):
    # Public when the administrator saves it, this machine when the delivery is made.
    host = dns.name("rebind.example.fi", ["93.184.216.34"], ["127.0.0.1"])
    url = f"https://{host}/hook"
    endpoint = WebhookEndpoint(organisation=world.culture_advice.organisation, url=url)
    endpoint.full_clean()
    endpoint.save()
    with django_capture_on_commit_callbacks(execute=True):
        world.issued()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.last_error == hooks.ADDRESS_REFUSED
    assert delivery.response_code is None
    assert dns.asked.count(host) >= 2


def test_the_connection_goes_to_the_address_that_was_checked(dns):
    # Whatever the name resolves to a moment later, the socket is opened to the one
    # address that passed the check.
    host = dns.name("pinned.example.fi", ["93.184.216.34"], ["127.0.0.1"])
    assert outbound.public_address(host, 443) == "93.184.216.34"
    with pytest.raises(outbound.Refused):
        outbound.public_address(host, 443)


def test_a_name_with_one_private_address_among_public_ones_is_refused(dns):
    host = dns.name("mixed.example.fi", ["93.184.216.34", "10.0.0.1"])
    with pytest.raises(outbound.Refused):
        outbound.public_address(host, 443)


def test_the_admin_shows_a_failure_without_network_detail(world, login):
    admin = factories.member(Role.ADMINISTRATOR, organisation=world.culture_advice.organisation)
    hook = WebhookEndpoint.objects.create(
        organisation=world.culture_advice.organisation, url="https://asiakastieto.example.fi/"
    )
    # One row from before the fix, with the network's own words in it.
    old = WebhookDelivery.objects.create(
        endpoint=hook,
        event_id="evt_1",
        event_type="referral.issued",
        payload="{}",
        next_attempt_at="2026-01-01T00:00Z",
        last_error="[Errno 111] Connection refused",
    )
    client = login(admin)
    with translation.override("en"):
        page = client.get(
            reverse("admin:integrations_webhookdelivery_change", args=[old.pk]),
            HTTP_ACCEPT_LANGUAGE="en",
        ).content.decode()
    assert "Connection refused" not in page
    assert "Errno" not in page
    assert "The receiver could not be reached." in page
