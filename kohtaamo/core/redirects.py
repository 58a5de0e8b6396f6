"""Where a form sends its reader back to: the ``next`` address it carried, but only
when that is a page of this site (never an open redirect to another)."""

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def is_own_page(request: HttpRequest, url: str) -> bool:
    """Whether ``url`` leads to this site, over HTTPS when the request came so."""
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """A redirect to the posted ``next`` when it is a page of this site, else to
    ``fallback``."""
    wanted = request.POST.get("next", "")
    return redirect(wanted if is_own_page(request, wanted) else fallback)
