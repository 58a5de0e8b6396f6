"""Provider's pages (``/<lang>/provider/...``) and the coordinators' moderation page."""

from django.urls import path

from . import provider_views as views

app_name = "provider"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/", views.service_edit, name="service_edit"),
    path(
        "services/<int:pk>/status/",
        views.offering_move,
        {"kind": "service"},
        name="service_move",
    ),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/status/", views.offering_move, {"kind": "event"}, name="event_move"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<int:pk>/", views.place_edit, name="place_edit"),
    path("profile/", views.profile, name="profile"),
    path("moderation/", views.moderation, name="moderation"),
]
