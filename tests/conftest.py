import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from tests import factories


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


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
