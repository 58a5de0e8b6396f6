from django.urls import path

from . import stats_views

app_name = "card_stats"

urlpatterns = [
    path("", stats_views.statistics, name="statistics"),
]
