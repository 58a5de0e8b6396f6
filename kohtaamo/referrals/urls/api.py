"""The referral API, mounted at /api/v1/ beside the catalogue's (no language prefix)."""

from django.urls import path

from ..views import api

app_name = "referrals_api"

urlpatterns = [
    path("referrals/", api.ReferralCollection.as_view(), name="list"),
    path("referrals/<int:pk>/", api.ReferralItem.as_view(), name="detail"),
]
