import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # A deliberately fast hasher: the real one costs ~0.3 s per password on 2 cores.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Request counts (throttles, login and form limits) start afresh in every test.
    cache.clear()
    # Every test starts in the default language: a test that leaves Swedish active
    # would otherwise turn the next test's reverse() into /sv/ addresses.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def login(client):
    """Sign ``user`` in on the test client; staff accounts also pass the code step."""

    def _login(user, verified=True):
        client.force_login(user)
        if verified:
            device = factories.totp_device(user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _login


class DNS:
    """Answers for names given here, in turn (the last answer repeats); any other name
    goes to the system resolver. This machine has no DNS of the internet, and a test of
    DNS rebinding needs a name whose answer changes."""

    def __init__(self, real):
        self.real = real
        self.answers = {}
        self.asked = []

    def __call__(self, host, port):
        self.asked.append(host)
        answers = self.answers.get(host)
        if answers is None:
            return self.real(host, port)
        return list(answers.pop(0) if len(answers) > 1 else answers[0])

    def name(self, host, *answers):
        self.answers[host] = [list(answer) for answer in answers]
        return host


@pytest.fixture
def dns(monkeypatch):
    from kohtaamo.core import http

    fake = DNS(http.resolve)
    monkeypatch.setattr(http, "resolve", fake)
    return fake
