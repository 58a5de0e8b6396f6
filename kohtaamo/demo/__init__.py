"""Demo data: a believable network to try Kohtaamo with (``manage.py seed_demo``).

An app only for its commands (``seed_demo``, ``demo_otp``), so that no other app imports
the demo. :func:`seed` runs :data:`steps.STEPS` in order inside one transaction; each
step takes the :class:`DemoReport` and may use what earlier steps put in it
(organisations, units and users by key). Later parts of the demo add a step there.
"""

import logging
from contextlib import contextmanager

from django.db import transaction

from .credentials import (
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET_BASE32,
    demo_email,
    refuse_in_production,
)
from .report import DemoReport

__all__ = [
    "DEMO_EMAIL_DOMAIN",
    "DEMO_PASSWORD",
    "DEMO_TOTP_SECRET_BASE32",
    "DemoReport",
    "demo_email",
    "seed",
]


def seed(stdout=None) -> DemoReport:
    """Create or refresh the demo data; print the sign-in sheet to ``stdout`` if given."""
    # Imported here: Django loads this package as an app before any model can be imported.
    from . import steps

    refuse_in_production()
    report = DemoReport()
    with transaction.atomic(), _quiet_tasks():
        for step in steps.STEPS:
            before = report.total()
            step(report)
            if stdout is not None:
                name = steps.STEP_NAMES.get(step, step.__name__)
                stdout.write(report.step_line(name, before))
    if stdout is not None:
        stdout.write("")
        for line in report.lines():
            stdout.write(line)
    return report


@contextmanager
def _quiet_tasks():
    """The demo's referrals run hundreds of notification tasks at once; their log lines
    say nothing to someone starting the demo."""
    logger = logging.getLogger("django.tasks")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
