from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.index, name="index"),
    path("incoming/", views.queue, name="queue"),
    path("new/", views.new, name="new"),
    path("new/<int:type_pk>/", views.write, name="write"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete-draft/", views.delete, name="delete"),
    path("<int:pk>/print/", views.print_page, name="print"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    # One step of the loop (accept, decline, contact, agree, book ...): views.MOVE_DONE.
    path("<int:pk>/<slug:move>/", views.act, name="act"),
    # The client's own page: the long random code is the only key (no login).
    path("r/<str:token>/", views.client, name="client"),
    path("r/<str:token>/pdf/", views.client_pdf, name="client_pdf"),
    path("r/<str:token>/data.json", views.client_json, name="client_json"),
    path("r/<str:token>/feedback/", views.client_feedback, name="client_feedback"),
    path("r/<str:token>/withdraw/", views.client_withdraw, name="client_withdraw"),
    path("ask/", views.ask, name="ask"),
]
