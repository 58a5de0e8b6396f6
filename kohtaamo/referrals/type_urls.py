from django.urls import path

from . import type_views

app_name = "referral_types"

urlpatterns = [
    path("", type_views.index, name="index"),
    path("new/<slug:county_code>/", type_views.new, name="new"),
    path("<int:pk>/", type_views.edit, name="edit"),
]
