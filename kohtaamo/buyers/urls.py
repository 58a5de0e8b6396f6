from django.urls import path

from . import views

app_name = "buyers"

urlpatterns = [
    path("favourites/", views.favourites, name="favourites"),
    path("favourites/toggle/", views.favourite_toggle, name="favourite_toggle"),
    path("favourites/remove/", views.favourite_remove, name="favourite_remove"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/new/", views.alert_create, name="alert_create"),
    path("alerts/<int:pk>/", views.alert_action, name="alert_action"),
    path("alerts/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("calls/", views.calls, name="calls"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/move/", views.call_move, name="call_move"),
    path("calls/<int:pk>/answer/", views.answer_submit, name="answer_submit"),
    path("calls/<int:pk>/answers/", views.answers, name="answers"),
    path("calls/<int:pk>/answers/move/", views.answer_move, name="answer_move"),
]
