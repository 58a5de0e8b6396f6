"""A demo API key for the Männistö health station's patient-information system, so
that the referral API can be tried from a laptop (README, "What to try"). Like the
demo password, the key is published: the demo refuses to run in production."""

from kohtaamo.accounts.models import Membership, User
from kohtaamo.integrations.models import ApiKey
from kohtaamo.integrations.services import create_api_key

DEMO_API_KEY_PREFIX = "demo2026"
DEMO_API_KEY_SECRET = "Kohtaamo-demo-API-key-published-on-purpose"  # noqa: S105
DEMO_API_KEY = f"kht_{DEMO_API_KEY_PREFIX}_{DEMO_API_KEY_SECRET}"


def seed_integrations(report):
    existing = ApiKey.objects.filter(prefix=DEMO_API_KEY_PREFIX).first()
    if existing is None:
        unit = report.units["pohjois-savo", "mannisto-health"]
        create_api_key(
            organisation=unit.organisation,
            unit=unit,
            name="Potilastietojärjestelmä (demo)",
            prefix=DEMO_API_KEY_PREFIX,
            secret=DEMO_API_KEY_SECRET,
        )
    # The key's own account and membership are rows of the demo too.
    for model in (ApiKey, User, Membership):
        report.count(model, existing is None)
