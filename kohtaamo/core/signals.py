"""Sign-ins and sign-outs belong in the audit log next to the reads they enable."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    # How they signed in, when not by password (e.g. "identity provider pirkanmaa").
    purpose = getattr(request, "login_purpose", "")
    audit.record(audit.Action.LOGIN, user, request=request, actor=user, purpose=purpose)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.Action.LOGOUT, user, request=request, actor=user)


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    # The typed username may be someone's e-mail address: keep it out of the log and
    # record only that a failure happened, from where.
    audit.record(
        audit.Action.LOGIN_FAILED,
        request=request,
        actor=None,
        target_type="accounts.user",
    )
