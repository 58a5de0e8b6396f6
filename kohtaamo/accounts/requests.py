"""The request type of pages behind the sign-in gate, for the type checker."""

from django.http import HttpRequest

from .models import User


class SignedInRequest(HttpRequest):
    """A request whose user has signed in (pages behind ``login_required`` or the
    core gate): ``request.user`` is a :class:`User`, never the anonymous user.
    Views still receive Django's own ``HttpRequest``; this only names the promise."""

    user: User
