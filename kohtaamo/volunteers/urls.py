from django.urls import path

from kohtaamo.core import secret_links

from .views import coordinator, numbers, public, volunteer

app_name = "volunteers"

urlpatterns = [
    # Anyone: the programmes and the application form.
    path("", public.index, name="index"),
    path("p/<slug:slug>/", public.programme, name="programme"),
    path("p/<slug:slug>/apply/", public.apply, name="apply"),
    path("p/<slug:slug>/applied/", public.applied, name="applied"),
    # An offer's link: the code is traded for a cookie, the page has no code in its path
    # (core.secret_links).
    path(
        "offers/<code:token>/",
        secret_links.opener(secret_links.VOLUNTEER_OFFER),
        name="offer_link",
    ),
    path("offers/", volunteer.offer_page, name="offer_page"),
    # A reminder's confirm / step back / cancel link (signed, asks for a click).
    path("answer/<str:token>/", volunteer.answer_link, name="answer_link"),
    path("welcome/<str:uidb64>/<str:token>/", volunteer.welcome, name="welcome"),
    path("calendar/<code:token>/visits.ics", volunteer.calendar_feed, name="calendar"),
    # The volunteer's own pages.
    path("me/", volunteer.home, name="home"),
    path("me/offers/<int:pk>/", volunteer.answer_offer, name="answer_offer"),
    path("me/visits/", volunteer.assignments, name="assignments"),
    path("me/visits/<int:pk>/", volunteer.assignment, name="assignment"),
    path("me/visits/<int:pk>/move/", volunteer.assignment_move, name="assignment_move"),
    path("me/visits/<int:pk>/report/", volunteer.visit_log, name="visit_log"),
    path("me/visits/<int:pk>/cost/", volunteer.expense, name="expense"),
    path("me/times/", volunteer.availability, name="availability"),
    path("me/trainings/", volunteer.trainings, name="trainings"),
    path("me/hours/", volunteer.hours, name="hours"),
    path("me/hours/certificate.pdf", volunteer.certificate, name="certificate"),
    # The volunteer coordinator.
    path("coordinator/", coordinator.dashboard, name="dashboard"),
    path("coordinator/applications/", coordinator.applications_list, name="applications"),
    path("coordinator/applications/<int:pk>/", coordinator.decide, name="decide"),
    path("coordinator/volunteers/", coordinator.volunteers_list, name="volunteers"),
    path("coordinator/volunteers/<int:pk>/", coordinator.volunteer_profile, name="volunteer"),
    path("coordinator/requests/", coordinator.requests_list, name="requests"),
    path("coordinator/requests/<int:pk>/", coordinator.request_detail, name="request"),
    path("coordinator/requests/<int:pk>/move/", coordinator.request_move, name="request_move"),
    path("coordinator/expenses/", coordinator.expenses_list, name="expenses"),
    path("coordinator/expenses.csv", coordinator.expenses_csv, name="expenses_csv"),
    path("coordinator/expenses.xlsx", coordinator.expenses_xlsx, name="expenses_xlsx"),
    path("coordinator/kits/", coordinator.kits_register, name="kits"),
    path("coordinator/kits/calendar/", coordinator.kits_calendar, name="kit_calendar"),
    # The numbers, beside the referral and culture card numbers.
    path("numbers/", numbers.numbers, name="numbers"),
    path("numbers/numbers.csv", numbers.numbers_csv, name="numbers_csv"),
    path("numbers/numbers.xlsx", numbers.numbers_xlsx, name="numbers_xlsx"),
]
