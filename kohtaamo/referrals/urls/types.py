from django.urls import path

from ..views import types

app_name = "referral_types"

urlpatterns = [
    path("", types.index, name="index"),
    path("new/<slug:county_code>/", types.new, name="new"),
    path("<int:pk>/", types.edit, name="edit"),
]
