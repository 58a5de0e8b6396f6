"""A county coordinator keeps the county's referral types: each save one transaction
with its audit event."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import slugify

from kohtaamo.core import audit
from kohtaamo.core.models import County

from ..forms.types import ReferralTypeForm
from ..models import ReferralType


def _free_code(county: County, name: str) -> str:
    base = slugify(name)[:56] or "type"
    code, number = base, 1
    taken = set(ReferralType.objects.filter(county=county).values_list("code", flat=True))
    while code in taken:
        number += 1
        code = f"{base}-{number}"
    return code


def save_referral_type(request: HttpRequest, form: ReferralTypeForm) -> ReferralType:
    """Create or change the type ``form`` holds (a valid ``ReferralTypeForm``) in the
    form's county, and log which fields changed."""
    referral_type = form.instance
    creating = referral_type.pk is None
    perm = "referrals.add_referraltype" if creating else "referrals.change_referraltype"
    if creating:
        referral_type.county = form.county
    if not request.user.has_perm(perm, referral_type):
        raise PermissionDenied
    with transaction.atomic():
        if creating:
            referral_type.code = _free_code(form.county, form.cleaned_data["name_fi"])
        referral_type = form.save()
        audit.record(
            audit.Action.CREATE if creating else audit.Action.CHANGE,
            referral_type,
            request=request,
            fields=form.changed_data,
            purpose="referral type configured",
        )
    return referral_type
