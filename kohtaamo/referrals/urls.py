from django.urls import path

from .views import client, pages

app_name = "referrals"

urlpatterns = [
    path("", pages.index, name="index"),
    path("incoming/", pages.queue, name="queue"),
    path("new/", pages.new, name="new"),
    path("new/<int:type_pk>/", pages.write, name="write"),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/edit/", pages.edit, name="edit"),
    path("<int:pk>/delete-draft/", pages.delete, name="delete"),
    path("<int:pk>/print/", pages.print_page, name="print"),
    path("<int:pk>/pdf/", pages.pdf, name="pdf"),
    # One step of the loop (accept, decline, contact, agree, book ...): pages.STEPS.
    path("<int:pk>/<slug:move>/", pages.act, name="act"),
    # The client's own page: the long random code is the only key (no login).
    path("r/<str:token>/", client.client, name="client"),
    path("r/<str:token>/pdf/", client.client_pdf, name="client_pdf"),
    path("r/<str:token>/data.json", client.client_json, name="client_json"),
    path("r/<str:token>/feedback/", client.client_feedback, name="client_feedback"),
    path("r/<str:token>/withdraw/", client.client_withdraw, name="client_withdraw"),
    path("ask/", client.ask, name="ask"),
]
