from django.contrib import admin

from .models import ReferralType


# Referrals themselves are not in the admin: their personal data are read only through
# services.client_details, which writes the audit log.
@admin.register(ReferralType)
class ReferralTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name_fi",
        "county",
        "kind",
        "receiver_kind",
        "grants_free_place",
        "response_days",
        "expiry_days",
        "is_active",
    ]
    list_filter = ["county", "kind", "receiver_kind", "is_active"]
    search_fields = ["name_fi", "name_sv", "name_en", "code"]
