from django.urls import path

from ..views import stats

app_name = "card_stats"

urlpatterns = [
    path("", stats.statistics, name="statistics"),
]
