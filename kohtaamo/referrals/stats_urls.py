from django.urls import path

from . import stats_views

app_name = "referral_stats"

urlpatterns = [
    path("", stats_views.numbers, name="numbers"),
    path("numbers.csv", stats_views.numbers_csv, name="csv"),
    path("numbers.xlsx", stats_views.numbers_xlsx, name="xlsx"),
]
