"""A real OpenID Connect provider for the tests, started on loopback.

:func:`running` starts :mod:`tests.identity.provider.serve` (django-oauth-toolkit, a
separate Django project with its own SQLite file) as a subprocess on a free port and
stops it afterwards. The provider's people and clients are fixed here; see
:mod:`tests.identity.provider.validator` for what each client's tokens get wrong.
"""

import json
import os
import select
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "provider-password-1"
START_TIMEOUT = 60

KNOWN = "tuija.tyontekija@county.example"
MFA = "maija.monivaihe@county.example"
UNVERIFIED = "veikko.vahvistamaton@county.example"
STRANGER = "outi.ulkopuolinen@county.example"
USERS = [
    {"email": KNOWN},
    {"email": MFA, "groups": ["mfa"]},
    {"email": UNVERIFIED, "groups": ["unverified"]},
    {"email": STRANGER},
]
CLIENTS = {
    name: {"name": name, "client_id": f"kohtaamo-{name}", "client_secret": f"secret-{name}-1234"}
    for name in ("good", "wrong-audience", "expired", "wrong-issuer", "other-nonce", "tampered")
}


@dataclass(frozen=True)
class Provider:
    issuer: str

    @property
    def login_url(self):
        return self.issuer.removesuffix("/o") + "/login/"


@contextmanager
def running(redirect_uris):
    spec = {
        "redirect_uris": list(redirect_uris),
        "users": [{"password": PASSWORD, **person} for person in USERS],
        "clients": list(CLIENTS.values()),
    }
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.identity.provider.serve", json.dumps(spec)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        try:
            yield Provider(_wait_for_issuer(process, errors))
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_issuer(process, errors):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            line = process.stdout.readline()
            if line:
                return json.loads(line)["issuer"]
        if process.poll() is not None:
            break
    errors.seek(0)
    raise RuntimeError(f"The test identity provider did not start:\n{errors.read()}")
