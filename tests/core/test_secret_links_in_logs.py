"""The codes of secret links (a referral's client page, a holder's mobile card) never reach
a log: the real servers are started (gunicorn with the production settings file of
docs/operations.md, and Django's development server), both pages are visited as a phone
would, and every line the servers wrote is read."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
UNKNOWN = "Z" * 43


def _env(database):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST", "GUNICORN_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="kohtaamo.settings",
        KOHTAAMO_ENV="development",
        LOG_LEVEL="INFO",
    )
    return env


def _manage(env, *args):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout


READ_CODES = """
import json
from kohtaamo.cards.models import Card
from kohtaamo.referrals.models import Referral
from kohtaamo.cards.services import refusal
card = next(card for card in Card.objects.all() if refusal(card) is None)
referral = Referral.objects.exclude(status="draft").exclude(client=None).first()
print(json.dumps({"card": card.mobile_token, "referral": referral.public_token}))
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo network in a database of its own that the servers can open."""
    database = tmp_path_factory.mktemp("secret-links") / "demo.sqlite3"
    env = _env(database)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "seed_demo")
    codes = json.loads(_manage(env, "shell", "-c", READ_CODES).strip().splitlines()[-1])
    return env, codes


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Phone:
    """A phone's browser: keeps cookies by path, follows nothing by itself."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = [
            f"{name}={value}"
            for (name, scope), value in self.cookies.items()
            if path.startswith(scope)
        ]
        connection.request("GET", path, headers={"Cookie": "; ".join(sent)} if sent else {})
        response = connection.getresponse()
        body = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name, morsel["path"] or "/"] = morsel.value
        connection.close()
        return response, body


def _serve(command, env, port, log):
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.5)
    server.terminate()
    server.wait(timeout=30)
    pytest.fail(f"{command[:3]} did not start:\n{Path(log.name).read_text()}")


def _visit_both_pages(port, codes):
    phone = Phone(port)
    # The card's link, as scanned from the printed QR code or tapped in the text message.
    response, _ = phone.get(f"/fi/card/{codes['card']}/")
    assert response.status == 302
    assert response.getheader("Location") == f"/fi/card/#{codes['card']}"
    response, body = phone.get("/fi/card/")
    assert response.status == 200
    assert b'data-card-state="valid"' in body
    assert phone.get("/fi/card/manifest.webmanifest")[0].status == 200
    # In Swedish the same cookie's Swedish twin opens the card without the link.
    assert phone.get("/sv/card/")[0].status == 200

    client = Phone(port)
    response, _ = client.get(f"/sv/referrals/r/{codes['referral']}/")
    assert response.status == 302
    response, body = client.get("/sv/referrals/r/")
    assert response.status == 200
    # With the link alone the data download waits for the year of birth (decision 0039).
    assert client.get("/sv/referrals/r/data.json")[0].status == 302

    # An old or mistyped link: "not found", and Django warns of it in the log.
    assert Phone(port).get(f"/fi/card/{UNKNOWN}/")[0].status == 404
    assert Phone(port).get(f"/fi/referrals/r/{UNKNOWN}/")[0].status == 404


def _stop(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.mark.parametrize("server", ["gunicorn", "runserver"])
def test_no_secret_link_reaches_the_servers_logs(demo, tmp_path, server):
    env, codes = demo
    port = _free_port()
    if server == "gunicorn":
        # As docs/operations.md runs it in production.
        command = [PYTHON, "-m", "gunicorn", "-c", "python:kohtaamo.gunicorn", "kohtaamo.wsgi"]
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    else:
        command = [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    log_path = tmp_path / f"{server}.log"
    with log_path.open("w") as log:
        process = _serve(command, env, port, log)
        try:
            _visit_both_pages(port, codes)
        except AssertionError as error:
            # The log is read first: what leaked matters more than how a page answered.
            visit_failed = error
        else:
            visit_failed = None
        finally:
            _stop(process)
    logged = log_path.read_text()

    # No code is in the log, not even a wrong one ...
    for code in (codes["card"], codes["referral"], UNKNOWN):
        assert code not in logged, logged
    # ... which is a real access log: the visits are in it, the codes blotted out.
    assert "GET /fi/card/ " in logged, logged
    assert "GET /sv/referrals/r/data.json " in logged, logged
    assert logged.count("[secret]") >= 4, logged
    if visit_failed:
        raise visit_failed
