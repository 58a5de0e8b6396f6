"""What one run of ``seed_demo`` did, and the sign-in sheet it prints."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .credentials import DEMO_PASSWORD, DEMO_TOTP_SECRET_BASE32, otpauth_uri


@dataclass
class Tally:
    created: int = 0
    existing: int = 0


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    place: str
    needs_code: bool


@dataclass
class DemoReport:
    """Counts per model, the demo sign-ins, and the rows later steps build on.

    Steps after the network (catalogue, referrals ...) find the organisations, units
    and people they need by key in ``organisations``, ``units`` and ``users``.
    """

    tallies: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)
    organisations: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def count(self, model, created):
        tally = self.tallies.setdefault(model, Tally())
        if created:
            tally.created += 1
        else:
            tally.existing += 1

    def count_many(self, model, created, existing):
        """Count rows a bulk step created and found."""
        tally = self.tallies.setdefault(model, Tally())
        tally.created += created
        tally.existing += existing

    def total(self):
        """(created, already there) over every model so far."""
        return (
            sum(t.created for t in self.tallies.values()),
            sum(t.existing for t in self.tallies.values()),
        )

    def step_line(self, name, before):
        """One line for a finished step: the rows it created and found."""
        created, existing = (now - then for now, then in zip(self.total(), before, strict=True))
        return _("%(step)s: %(created)s rows created, %(existing)s already there") % {
            "step": name,
            "created": created,
            "existing": existing,
        }

    def created(self, model):
        return self.tallies.get(model, Tally()).created

    def existing(self, model):
        return self.tallies.get(model, Tally()).existing

    def lines(self):
        yield from self._count_lines()
        yield ""
        yield from self._login_lines()
        yield ""
        yield from self._credential_lines()

    def _count_lines(self):
        rows = [
            (capfirst(model._meta.verbose_name_plural), str(t.created), str(t.existing))
            for model, t in self.tallies.items()
        ]
        yield _("Demo data is ready.")
        yield from _table((_("Rows"), _("created"), _("already there")), rows)

    def _login_lines(self):
        yield _("Demo accounts (sign in at %(url)s):") % {"url": reverse("accounts:login")}
        rows = [
            (login.email, login.role, login.place, _("yes") if login.needs_code else _("no"))
            for login in self.logins
        ]
        yield from _table((_("E-mail"), _("Role"), _("Organisation / unit"), _("Code")), rows)

    def _credential_lines(self):
        yield _("Password for every demo account: %(password)s") % {"password": DEMO_PASSWORD}
        yield _("Authenticator secret for every account that needs a code: %(secret)s") % {
            "secret": DEMO_TOTP_SECRET_BASE32
        }
        yield _("Add it to an authenticator app once with this link: %(uri)s") % {
            "uri": otpauth_uri()
        }
        yield _("No phone at hand? Print the current code with: %(command)s") % {
            "command": ".venv/bin/python manage.py demo_otp <email>"
        }


def _table(header, rows):
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    rule = tuple("-" * width for width in widths)
    for row in [header, rule, *rows]:
        yield "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
