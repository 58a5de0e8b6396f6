from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("refused/", views.refused, name="refused"),
    path("<slug:slug>/", views.StartView.as_view(), name="start"),
]
