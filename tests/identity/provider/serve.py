"""Run the test OpenID Connect provider on a free loopback port.

Usage: ``python -m tests.identity.provider.serve SPEC`` where SPEC is JSON:
``{"redirect_uris": [...], "users": [{"email", "password", "groups"}],
"clients": [{"name", "client_id", "client_secret"}]}``. Prints one line of JSON with the
issuer once it accepts requests, then serves until it is terminated.
"""

import json
import os
import socketserver
import sys
import tempfile
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def private_key_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def seed(spec):
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    for person in spec["users"]:
        user = User.objects.create_user(
            username=person["email"], email=person["email"], password=person["password"]
        )
        for name in person.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    for client in spec["clients"]:
        Application.objects.create(
            name=client["name"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(spec["redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )


def main():
    spec = json.loads(sys.argv[1])
    # Bound before Django starts, so that the issuer can name the port.
    server = make_server("127.0.0.1", 0, lambda environ, start: None, ThreadingServer, QuietHandler)
    issuer = f"http://127.0.0.1:{server.server_port}/o"
    folder = tempfile.mkdtemp(prefix="oidc-provider-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.identity.provider.settings",
        PROVIDER_ISSUER=issuer,
        PROVIDER_DATABASE=os.path.join(folder, "provider.sqlite3"),
        PROVIDER_PRIVATE_KEY=private_key_pem(),
    )
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)
    seed(spec)
    server.set_app(get_wsgi_application())
    print(json.dumps({"issuer": issuer}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
