from django.urls import path

from . import api, views

app_name = "catalogue"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/events.ics", views.search_ics, name="search_ics"),
    path("services/<int:pk>/", views.service_detail, name="service"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>.ics", views.event_ics, name="event_ics"),
]

# Mounted at /api/v1/ without a language prefix: ``lang`` chooses the texts' language.
api_urlpatterns = [
    path("services/", api.service_list, name="services"),
    path("services/<int:pk>/", api.service_detail, name="service"),
    path("events/", api.event_list, name="events"),
    path("events/<int:pk>/", api.event_detail, name="event"),
]
