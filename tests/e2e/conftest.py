"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

One browser serves all the browser tests; every test gets a fresh context (cookies, storage)
and page. Test modules mark themselves with :data:`tests.e2e.checks.E2E`, which

* marks them ``e2e`` (``make test-postgres`` leaves them out), and
* asks for a transactional database with ``serialized_rollback``. The live server reads
  the database from another thread, so a test cannot hide its rows in a transaction;
  pytest-django empties every table after each such test. Reference data (counties,
  municipalities, the five wellbeing steps...) and Django's content types come from the
  migrations, so the flush would leave later tests without them. With serialized rollback
  pytest-django snapshots the freshly migrated database once and restores the snapshot
  before each test, so every browser test starts from exactly what ``migrate`` leaves,
  including any data migration added later, without this file having to know about it.
"""

import os
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connections
from django_otp import DEVICE_ID_SESSION_KEY
from playwright.sync_api import expect, sync_playwright

from tests import factories

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # The test machine has no internet: nothing may phone home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Long enough for a slow or busy machine, short enough that a missing element fails
# within the minute. For actions and navigation (the context) and for expect().
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One chromium for all the browser tests, closed after the last of them so that the
    tests running later see no asyncio loop in this thread."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'make chromium' or set CHROMIUM.")
    # Django keeps database connections per thread, and per asyncio context while an
    # event loop runs in the thread, which Playwright's sync API does. Left alone, the
    # test code would get fresh connection objects once the browser starts: they see the
    # same in-memory database but lack what the test runner attached to the originals,
    # such as the snapshot that serialized rollback restores (the restore would then be
    # skipped without a word). So the test database's own connections are put back.
    originals = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # The same event loop trips Django's async-safety check, although the ORM calls a
        # test makes between browser steps are ordinary synchronous calls. Allowed only
        # while the browser runs, so other tests keep the check.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in originals.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every page of every browser test reports what its Content-Security-Policy refused. The
# listener runs before the page's own scripts; the binding reaches the test outside the
# page, so the policy cannot block the report itself.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation({
    page: document.location.href,
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""


def describe_violation(violation):
    where = violation.get("source") or violation.get("page")
    sample = f" ({violation['sample']!r})" if violation.get("sample") else ""
    return (
        f"- {violation.get('directive')} refused {violation.get('blocked') or 'an inline'}"
        f"{sample} at {where}:{violation.get('line')}"
    )


@pytest.fixture
def csp_violations():
    """What the Content-Security-Policy refused in this test's pages: the test fails at
    the end if anything is left here (a test that provokes a refusal on purpose empties
    the list after checking it)."""
    found = []
    yield found
    if found:
        pytest.fail(
            "the Content-Security-Policy refused something in the browser:\n"
            + "\n".join(describe_violation(violation) for violation in found),
            pytrace=False,
        )


@pytest.fixture
def new_context(browser, live_server, csp_violations):
    """Open browser contexts for this test (several people, or JavaScript off)."""
    contexts = []

    def _on_console(message):
        # Chromium also writes refusals it reports no event for (a worker's, say).
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_violations.append({"directive": "console", "sample": message.text})

    def _new_context(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.expose_binding(
            "__cspViolation", lambda source, violation: csp_violations.append(violation)
        )
        context.add_init_script(CSP_LISTENER)
        context.on("console", _on_console)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


def session_cookie(user, device=None):
    """A session for ``user``, as if they had logged in (and entered a code from
    ``device``), for tests whose subject is a page and not the login itself."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "kohtaamo.accounts.backends.MembershipBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return store.session_key


@pytest.fixture
def sign_in(live_server):
    """Put a signed-in session for ``user`` into a browser ``context``.

    ``verified=True`` also marks the one-time code as entered (creating an authenticator
    if the user has none); ``verified=False`` leaves a staff account at the code step.
    """

    def _sign_in(context, user, verified=True):
        device = None
        if verified:
            device = user.totpdevice_set.filter(confirmed=True).first() or factories.totp_device(
                user
            )
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session_cookie(user, device),
                    "url": live_server.url,
                }
            ]
        )
        return user

    return _sign_in
