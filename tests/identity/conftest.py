import pytest

from tests.identity.provider import running


@pytest.fixture(scope="session")
def oidc_provider():
    """The test suite's OpenID Connect provider, redirecting to the test client's host."""
    with running(["http://testserver/oidc/callback/"]) as provider:
        yield provider
