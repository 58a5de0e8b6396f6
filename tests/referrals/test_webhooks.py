"""Status changes reach registered webhooks: a real HTTP server on this machine receives
the signed messages; failures are retried with backoff and finally given up; a
rolled-back move sends nothing; another organisation hears nothing."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks import task_backends
from django.utils import timezone

from kohtaamo.integrations import services as hooks
from kohtaamo.integrations.models import WebhookDelivery, WebhookEndpoint
from kohtaamo.referrals import services
from tests import factories

from .conftest import CLIENT

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


class Receiver:
    """A webhook receiver on 127.0.0.1: records each request, answers the next status."""

    def __init__(self):
        self.requests = []
        self.statuses = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/kohtaamo"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def events(self):
        return [json.loads(r["body"])["type"] for r in self.requests]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = IMMEDIATE
    # The receivers here run on this machine: the development setting lets them be used.
    settings.WEBHOOK_ALLOW_LOOPBACK = True


def endpoint(organisation, url, **fields):
    return WebhookEndpoint.objects.create(organisation=organisation, url=url, **fields)


def test_a_status_change_is_delivered_signed_to_both_sides(
    world, receiver, django_capture_on_commit_callbacks
):
    sender_hook = endpoint(world.health_station.organisation, receiver.url)
    receiver_hook = endpoint(world.culture_advice.organisation, receiver.url + "/in")
    with django_capture_on_commit_callbacks(execute=True):
        referral = world.issued()
    assert sorted(r["path"] for r in receiver.requests) == ["/hooks/kohtaamo", "/hooks/kohtaamo/in"]
    for request in receiver.requests:
        headers, body = request["headers"], request["body"]
        secret = receiver_hook.secret if request["path"].endswith("/in") else sender_hook.secret
        # The receiver checks the signature with its own secret; any change breaks it.
        assert hooks.verify_signature(secret, body, headers["Kohtaamo-Signature"])
        assert not hooks.verify_signature("whsec_wrong", body, headers["Kohtaamo-Signature"])
        assert not hooks.verify_signature(secret, body + b" ", headers["Kohtaamo-Signature"])
        payload = json.loads(body)
        assert payload["type"] == "referral.issued"
        assert payload["data"]["referral"]["id"] == referral.pk
        assert payload["data"]["referral"]["url"].endswith(f"/api/v1/referrals/{referral.pk}/")
        assert payload["data"]["from_status"] == "draft"
        assert headers["Content-Type"] == "application/json"
        assert headers["Kohtaamo-Event"] == "referral.issued"
        assert headers["Kohtaamo-Event-Id"] == payload["id"]
        # The message names no one: no name, phone or notes travel in it.
        assert CLIENT["full_name"].encode() not in body
        assert CLIENT["phone"].encode() not in body
    delivered = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.DELIVERED)
    assert delivered.count() == 2
    assert {d.response_code for d in delivered} == {200}
    assert all(d.attempts == 1 and d.delivered_at for d in delivered)


def test_the_signature_is_hmac_sha256_over_the_timestamp_and_the_body(world):
    import hashlib
    import hmac

    body = b'{"type":"referral.accepted"}'
    header = hooks.signature_header("whsec_test", body, timestamp=1700000000)
    expected = hmac.new(b"whsec_test", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert hooks.verify_signature("whsec_test", body, header, now=1700000100)
    # Too old: a replayed message is refused.
    assert not hooks.verify_signature("whsec_test", body, header, now=1700000000 + 301)
    assert not hooks.verify_signature("whsec_test", body + b"x", header, now=1700000000)
    assert not hooks.verify_signature("whsec_test", body, "garbage")


def test_each_move_of_the_loop_is_an_event_and_an_endpoint_may_choose(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint(world.culture_advice.organisation, receiver.url)
    only_accepts = Receiver()
    try:
        endpoint(world.health_station.organisation, only_accepts.url, events=["referral.accepted"])
        with django_capture_on_commit_callbacks(execute=True):
            referral = world.issued()
        with django_capture_on_commit_callbacks(execute=True):
            services.accept(world.advisor, referral)
        with django_capture_on_commit_callbacks(execute=True):
            services.record_contact(
                world.advisor, referral, date=timezone.localdate(), kind="phone"
            )
        assert receiver.events() == ["referral.issued", "referral.accepted", "referral.in_contact"]
        assert only_accepts.events() == ["referral.accepted"]
    finally:
        only_accepts.close()


def test_a_failed_delivery_is_retried_with_backoff_then_delivered(
    world, receiver, django_capture_on_commit_callbacks
):
    hook = endpoint(world.culture_advice.organisation, receiver.url)
    receiver.statuses = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        world.issued()
    delivery = WebhookDelivery.objects.get(endpoint=hook)
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.response_code == 500
    first_retry = delivery.next_attempt_at
    assert timedelta(seconds=50) < first_retry - delivery.created_at < timedelta(minutes=2)

    # Not yet due: nothing is sent.
    assert hooks.deliver(delivery.pk, now=first_retry - timedelta(seconds=1)) is None
    assert len(receiver.requests) == 1

    again = hooks.deliver(delivery.pk, now=first_retry)
    assert again.attempts == 2 and again.response_code == 503
    assert again.next_attempt_at - first_retry == hooks.RETRY_DELAYS[1]

    done = hooks.deliver(delivery.pk, now=again.next_attempt_at)
    assert done.status == WebhookDelivery.Status.DELIVERED
    assert done.attempts == 3
    assert done.next_attempt_at is None
    bodies = {r["body"] for r in receiver.requests}
    assert len(bodies) == 1  # the same message every time, signed anew
    assert len({r["headers"]["Kohtaamo-Delivery"] for r in receiver.requests}) == 1


def test_a_delivery_is_given_up_after_the_last_attempt(
    world, receiver, django_capture_on_commit_callbacks
):
    hook = endpoint(world.culture_advice.organisation, receiver.url)
    receiver.statuses = [500] * hooks.MAX_ATTEMPTS
    with django_capture_on_commit_callbacks(execute=True):
        world.issued()
    delivery = WebhookDelivery.objects.get(endpoint=hook)
    while delivery.status == WebhookDelivery.Status.PENDING:
        delivery = hooks.deliver(delivery.pk, now=delivery.next_attempt_at)
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == hooks.MAX_ATTEMPTS == len(receiver.requests)
    assert delivery.last_error == "HTTP 500"
    assert hooks.deliver(delivery.pk, now=timezone.now() + timedelta(days=2)) is None


def test_an_unreachable_receiver_is_a_failed_attempt(world, django_capture_on_commit_callbacks):
    closed = Receiver()
    url = closed.url
    closed.close()
    hook = endpoint(world.culture_advice.organisation, url)
    with django_capture_on_commit_callbacks(execute=True):
        world.issued()
    delivery = WebhookDelivery.objects.get(endpoint=hook)
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.response_code is None
    assert delivery.last_error == hooks.UNREACHABLE


def test_the_command_sends_what_is_due(world, receiver, django_capture_on_commit_callbacks):
    hook = endpoint(world.culture_advice.organisation, receiver.url)
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        world.issued()
    WebhookDelivery.objects.filter(endpoint=hook).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    call_command("deliver_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert WebhookDelivery.objects.get(endpoint=hook).status == WebhookDelivery.Status.DELIVERED
    assert len(receiver.requests) == 2


def test_on_a_backend_that_defers_a_retry_is_enqueued_for_its_time(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    from kohtaamo.integrations.tasks import deliver_webhook

    hook = endpoint(world.culture_advice.organisation, receiver.url)
    settings.TASKS = DUMMY
    with django_capture_on_commit_callbacks(execute=True):
        world.issued()
    delivery = WebhookDelivery.objects.get(endpoint=hook)
    backend = task_backends["default"]
    assert [r.args for r in backend.results if r.task.name == "deliver_webhook"] == [[delivery.pk]]
    receiver.statuses = [502]
    result = deliver_webhook.call(delivery.pk)
    assert result["status"] == "pending"
    retries = [r for r in backend.results if r.task.name == "deliver_webhook"][1:]
    assert len(retries) == 1
    delivery.refresh_from_db()
    assert retries[0].task.run_after == delivery.next_attempt_at


def test_a_rolled_back_move_sends_nothing(world, receiver, django_capture_on_commit_callbacks):
    endpoint(world.culture_advice.organisation, receiver.url)
    referral = world.draft()
    services.record_consent(world.nurse, referral, shared=["contact_details"], method="verbal")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.issue_referral(world.nurse, referral)
        raise RuntimeError("the request failed after the move")
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_other_organisations_and_inactive_endpoints_hear_nothing(
    world, receiver, django_capture_on_commit_callbacks
):
    # Another culture-advice organisation of the same county, and the receiver's own
    # endpoint switched off.
    endpoint(factories.organisation(), receiver.url)
    endpoint(world.culture_advice.organisation, receiver.url, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        world.issued()
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_reroute_tells_the_unit_it_left(world, receiver, django_capture_on_commit_callbacks):
    other_receiver = Receiver()
    try:
        new_org = factories.organisation()
        new_unit = factories.unit(new_org)
        endpoint(world.culture_advice.organisation, receiver.url)
        endpoint(new_org, other_receiver.url)
        referral = world.issued()
        services.record_consent(
            world.nurse, referral, shared=["contact_details"], method="verbal", with_unit=new_unit
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.reroute(world.advisor, referral, new_unit)
        assert receiver.events() == ["referral.rerouted"]
        assert other_receiver.events() == ["referral.rerouted"]
    finally:
        other_receiver.close()
