"""The coarse gate in front of a page: signed in, and holding the permission at all.

Every staff page asks the same first question: is the person signed in, and does any
of their memberships grant the permission somewhere? Anonymous visitors are sent to
sign in; signed-in people without the permission get 403. Staff accounts that still owe
their one-time code never get this far (``TwoFactorRequiredMiddleware`` holds them at
the code step, and until then :func:`~kohtaamo.accounts.permissions.has_permission`
grants them nothing).

Which records a person reaches, and which moves they may make, is the services'
question, not the gate's: services are the object-level authority, and views only ask
what to show.
"""

from django.contrib.auth.decorators import login_required, permission_required


def gate(perm: str):
    """Signed in and granted ``perm`` somewhere, or 403 (anonymous: to the sign-in)."""

    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator
