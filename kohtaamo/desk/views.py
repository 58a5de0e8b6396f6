"""Each role's own start page: where a person lands after signing in.

A nurse sees the referrals that need them and their lists, an advisor the inbox, a
distributor the cards, a venue today's door lists, a coordinator the numbers. A person
with several roles sees a part for each; the parts come from :mod:`.panels`, which
read only through each app's services, so the page shows nothing its reader could not
open anyway.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from . import panels


@require_safe
@login_required
def desk(request):
    user = request.user
    if not (user.is_superuser or user.active_memberships()):
        # A resident's own things (favourites, alerts) are on the front page.
        return redirect("home")
    parts = panels.for_user(request.user)
    return render(request, "desk/desk.html", {"panels": parts})
