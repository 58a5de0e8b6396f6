"""Pages where a county coordinator keeps the county's referral types.

A type belongs to a county, not to an organisation: who may see and change it is the
``county_record`` rule in :mod:`kohtaamo.accounts.permissions`. Someone with no such
permission is refused (403); a type of a county one does not reach is not found (404).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kohtaamo.accounts.permissions import EVERYWHERE, reachable_county_ids
from kohtaamo.core.gates import gate
from kohtaamo.core.models import County

from ..forms.types import ReferralTypeForm
from ..models import ReferralType
from ..services.types import save_referral_type

VIEW = "referrals.view_referraltype"


type_keeper = gate(VIEW)


def _counties(user, perm=VIEW):
    ids = reachable_county_ids(user, perm)
    counties = County.objects.order_by("code")
    return counties if ids is EVERYWHERE else counties.filter(pk__in=ids)


@require_safe
@type_keeper
def index(request):
    counties = [
        {"county": county, "types": county.referral_types.select_related("receiving_unit")}
        for county in _counties(request.user)
    ]
    may_add = request.user.has_perm("referrals.add_referraltype")
    return render(request, "referrals/types/index.html", {"counties": counties, "may_add": may_add})


def _form_page(request, form, referral_type=None):
    if request.method == "POST" and form.is_valid():
        save_referral_type(request, form)
        messages.success(request, _("Saved."))
        return redirect("referral_types:index")
    context = {"form": form, "referral_type": referral_type, "county": form.county}
    status = 400 if form.is_bound else 200
    return render(request, "referrals/types/form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@type_keeper
def new(request, county_code):
    county = get_object_or_404(
        _counties(request.user, "referrals.add_referraltype"), code=county_code
    )
    form = ReferralTypeForm(request.POST or None, county=county)
    return _form_page(request, form)


@require_http_methods(["GET", "HEAD", "POST"])
@type_keeper
def edit(request, pk):
    referral_type = get_object_or_404(
        ReferralType.objects.filter(county__in=_counties(request.user)), pk=pk
    )
    form = ReferralTypeForm(
        request.POST or None, instance=referral_type, county=referral_type.county
    )
    return _form_page(request, form, referral_type)
