from django.urls import path

from . import views, views_end

app_name = "arts_in_care"

urlpatterns = [
    path("", views.engagement_list, name="engagements"),
    path("new/", views.engagement_create, name="engagement_create"),
    path("sessions.ics", views.my_calendar, name="my_calendar"),
    path("inventory.csv", views.inventory_export, {"extension": "csv"}, name="inventory_csv"),
    path("inventory.xlsx", views.inventory_export, {"extension": "xlsx"}, name="inventory_xlsx"),
    path("<int:pk>/", views.engagement_detail, name="engagement"),
    path("<int:pk>/edit/", views.engagement_edit, name="engagement_edit"),
    path("<int:pk>/move/", views.engagement_move, name="engagement_move"),
    path("<int:pk>/signed/", views.engagement_signed, name="engagement_signed"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path("<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/sessions.ics", views.calendar, name="calendar"),
    path("<int:pk>/log/", views.log_session, name="log"),
    path("<int:pk>/summary/", views_end.summary, name="summary"),
    path("<int:pk>/evaluation/", views_end.evaluation, name="evaluation"),
    path("<int:pk>/plan/", views_end.plan, name="plan"),
    path("<int:pk>/follow-up/<int:months>/", views_end.follow_up, name="follow_up"),
    path("<int:pk>/certificate/", views_end.certificate, name="certificate"),
    path("<int:pk>/certificate.pdf", views_end.certificate_pdf, name="certificate_pdf"),
    path("<int:pk>/sessions/<int:session_pk>/log/", views.log_session, name="log_scheduled"),
]
