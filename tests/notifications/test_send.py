"""One send() for e-mail and text messages, with the backend chosen in settings."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from kohtaamo.notifications import Channel, Message, Recipient, backends, send

MESSAGE = Message("Tervetuloa", "Hei! Tässä linkki.")


@pytest.fixture(autouse=True)
def _sms_in_memory(settings):
    settings.NOTIFICATION_SMS_BACKEND = "kohtaamo.notifications.backends.LocmemSMSBackend"
    backends.outbox.clear()
    yield
    backends.outbox.clear()


def test_e_mail_goes_through_djangos_mail():
    assert send(Recipient(Channel.EMAIL, email="a@example.fi"), MESSAGE)
    assert mail.outbox[0].to == ["a@example.fi"]
    assert mail.outbox[0].subject == "Tervetuloa"
    assert backends.outbox == []


def test_a_text_message_goes_to_the_sms_backend():
    assert send(Recipient(Channel.SMS, phone="+358401234567", email="a@example.fi"), MESSAGE)
    assert backends.outbox == [{"to": "+358401234567", "body": "Hei! Tässä linkki."}]
    assert mail.outbox == []


def test_do_not_contact_and_missing_addresses_send_nothing():
    assert not send(Recipient(Channel.NONE, email="a@example.fi", phone="+358401"), MESSAGE)
    assert not send(Recipient(Channel.SMS, email="a@example.fi"), MESSAGE)
    assert not send(Recipient(Channel.EMAIL, phone="+358401"), MESSAGE)
    assert mail.outbox == [] and backends.outbox == []


def test_the_file_backend_writes_one_file_per_message(settings, tmp_path):
    settings.NOTIFICATION_SMS_BACKEND = "kohtaamo.notifications.backends.FileSMSBackend"
    settings.SMS_FILE_PATH = str(tmp_path)
    assert send(Recipient(Channel.SMS, phone="+358401234567"), MESSAGE)
    (written,) = tmp_path.iterdir()
    assert json.loads(written.read_text()) == {"to": "+358401234567", "body": MESSAGE.body}


class Gateway(BaseHTTPRequestHandler):
    answer = 202
    received = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Gateway.received.append(
            {"auth": self.headers.get("Authorization"), "body": json.loads(self.rfile.read(length))}
        )
        self.send_response(Gateway.answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Gateway.received = []
    Gateway.answer = 202
    settings.NOTIFICATION_SMS_BACKEND = "kohtaamo.notifications.backends.HttpSMSBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/messages"
    settings.SMS_GATEWAY_TOKEN = "test-token"
    yield Gateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_gets_json_with_the_token(gateway):
    assert send(Recipient(Channel.SMS, phone="+358401234567"), MESSAGE)
    assert gateway.received == [
        {
            "auth": "Bearer test-token",
            "body": {"to": "+358401234567", "text": MESSAGE.body, "from": "Kohtaamo"},
        }
    ]


def test_a_gateway_error_is_logged_and_does_not_raise(gateway, caplog):
    gateway.answer = 500
    assert not send(Recipient(Channel.SMS, phone="+358401234567"), MESSAGE)
    assert "Sending a sms notification failed" in caplog.text
