"""Demo data: a believable network to try Kohtaamo with (``manage.py seed_demo``).

Not a Django app, just the builders. :func:`seed` runs :data:`STEPS` in order inside one
transaction; each step takes the :class:`DemoReport` and may use what earlier steps put
in it (organisations, units and users by key). Later parts of the demo (catalogue,
referrals ...) add a step here.
"""

from django.db import transaction

from .cards import seed_cards
from .catalogue import seed_catalogue
from .credentials import (
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET_BASE32,
    demo_email,
    refuse_in_production,
)
from .integrations import seed_integrations
from .network import seed_network
from .referrals import seed_referrals
from .report import DemoReport

__all__ = [
    "DEMO_EMAIL_DOMAIN",
    "DEMO_PASSWORD",
    "DEMO_TOTP_SECRET_BASE32",
    "STEPS",
    "DemoReport",
    "demo_email",
    "seed",
]

STEPS = (seed_network, seed_catalogue, seed_cards, seed_referrals, seed_integrations)


def seed(stdout=None) -> DemoReport:
    """Create or refresh the demo data; print the sign-in sheet to ``stdout`` if given."""
    refuse_in_production()
    report = DemoReport()
    with transaction.atomic():
        for step in STEPS:
            step(report)
    if stdout is not None:
        for line in report.lines():
            stdout.write(line)
    return report
