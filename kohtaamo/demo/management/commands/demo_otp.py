from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kohtaamo.accounts.models import User
from kohtaamo.accounts.permissions import requires_two_factor
from kohtaamo.demo.credentials import current_code, is_demo_email, refuse_in_production
from kohtaamo.demo.network import DEFAULT_CODE_ACCOUNT


class Command(BaseCommand):
    help = (
        "Print the current sign-in code of a demo account, for testers without an "
        "authenticator app. Only demo accounts; refuses to run in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "email",
            nargs="?",
            default=DEFAULT_CODE_ACCOUNT,
            help=f"A demo account's e-mail address (default {DEFAULT_CODE_ACCOUNT}).",
        )

    def handle(self, *args, email, **options):
        refuse_in_production()
        self.stdout.write(current_code(_demo_device(email.strip())))


def _demo_device(email):
    # Printing codes for real accounts would turn this into a way round two-factor.
    if not is_demo_email(email):
        raise CommandError(_("%(email)s is not a demo account.") % {"email": email})
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise CommandError(
            _("There is no account %(email)s yet. Run manage.py seed_demo first.")
            % {"email": email}
        )
    if not requires_two_factor(user):
        raise CommandError(
            _("%(email)s signs in with the password alone; no code is needed.") % {"email": email}
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        raise CommandError(
            _("%(email)s has no authenticator. Run manage.py seed_demo again.") % {"email": email}
        )
    return device
