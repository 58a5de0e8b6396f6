from django.urls import path

from ..views import numbers

app_name = "referral_stats"

urlpatterns = [
    path("", numbers.numbers, name="numbers"),
    path("numbers.csv", numbers.numbers_csv, name="csv"),
    path("numbers.xlsx", numbers.numbers_xlsx, name="xlsx"),
]
