"""The provider's claims, and the faults some of its clients are set up to show.

Each registered client is named after how its tokens behave: ``good`` tokens are
correct; ``wrong-audience`` tokens name another client as their audience; ``expired``
tokens expired an hour before they were issued; ``wrong-issuer`` tokens name another
issuer; ``other-nonce`` tokens carry a nonce the client did not send; ``tampered``
tokens had their e-mail changed after signing, to ``TAMPERED_TO``. A user in the group
``unverified`` has an e-mail address the provider has not verified; one in ``mfa``
signed in with two factors.
"""

import base64
import json
import time

from oauth2_provider.oauth2_validators import OAuth2Validator

# Whose address a tampered token claims (tests.identity.provider.KNOWN).
TAMPERED_TO = "tuija.tyontekija@county.example"


class Validator(OAuth2Validator):
    # Every claim in both the ID token and the user info, whatever the scopes.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        groups = set(request.user.groups.values_list("name", flat=True))
        return {
            "email": request.user.email,
            "email_verified": "unverified" not in groups,
            "name": request.user.get_full_name(),
            "amr": ["pwd", "otp", "mfa"] if "mfa" in groups else ["pwd"],
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if request.client.name == "expired":
            claims["exp"] = int(time.time()) - 3600
        if request.client.name == "wrong-issuer":
            claims["iss"] = "http://127.0.0.1:9/another-issuer"
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        if request.client.name == "wrong-audience":
            id_token["aud"] = "another-client"
        if request.client.name == "other-nonce":
            id_token["nonce"] = "a-nonce-from-another-sign-in"
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if request.client.name == "tampered":
            header, payload, signature = signed.split(".")
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            claims["email"] = TAMPERED_TO
            payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
            signed = f"{header}.{payload}.{signature}"
        return signed
