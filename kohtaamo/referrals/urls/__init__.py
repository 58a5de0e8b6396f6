from django.urls import path

from kohtaamo.core import secret_links

from ..views import client, companion, pages

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
    # A volunteer companion for the client (before the steps: "companion" is no step).
    path("<int:pk>/companion/", companion.ask, name="companion"),
    # One step of the loop (accept, decline, contact, agree, book ...): pages.STEPS.
    path("<int:pk>/<slug:move>/", pages.act, name="act"),
    # The client's own page: the long random code is the only key (no login). The link
    # handed out is traded for a cookie and the pages have no code in their path
    # (core.secret_links).
    path("r/<code:token>/", secret_links.opener(secret_links.REFERRAL), name="client"),
    path("r/", client.client, name="client_page"),
    path("r/pdf/", client.client_pdf, name="client_pdf"),
    path("r/data.json", client.client_json, name="client_json"),
    path("r/feedback/", client.client_feedback, name="client_feedback"),
    path("r/withdraw/", client.client_withdraw, name="client_withdraw"),
    path(
        "r/companion/<int:help_request>/rate/",
        client.client_rate_companion,
        name="client_rate_companion",
    ),
    path("r/unlock/", client.client_unlock, name="client_unlock"),
    path("ask/", client.ask, name="ask"),
]
