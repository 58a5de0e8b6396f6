from django.urls import path

from . import holder, venue, views

app_name = "cards"

urlpatterns = [
    # The distributor's pages.
    path("cards/", views.index, name="index"),
    path("cards/issue/", views.issue, name="issue"),
    path("cards/<int:pk>/", views.detail, name="detail"),
    path("cards/<int:pk>/print/", views.print_card, name="print"),
    path("cards/<int:pk>/renew/", views.renew, name="renew"),
    path("cards/<int:pk>/replace/", views.replace, name="replace"),
    path("cards/<int:pk>/cancel/", views.cancel, name="cancel"),
    # A professional books for a holder by the card's number.
    path("cards/book/", views.help_book, name="help"),
    path("cards/book/<int:offer>/", views.help_book_offer, name="help_offer"),
    # The venue's pages.
    path("cards/venue/", venue.index, name="venue"),
    path("cards/venue/new/", venue.publish, name="publish"),
    path("cards/venue/<int:pk>/", venue.offer, name="offer"),
    path("cards/venue/<int:pk>/door/", venue.door, name="door"),
    path(
        "cards/venue/<int:pk>/bookings/<int:reservation>/cancel/", venue.cancel, name="venue_cancel"
    ),
    # The holder's own card, behind its secret link; no sign-in.
    path("card/sw.js", holder.service_worker, name="sw"),
    path("card/<str:token>/", holder.mobile, name="mobile"),
    path("card/<str:token>/manifest.webmanifest", holder.manifest, name="manifest"),
    path("card/<str:token>/book/<int:offer>/", holder.book, name="book"),
    path("card/<str:token>/wait/<int:offer>/", holder.wait, name="wait"),
    path("card/<str:token>/cancel/<int:reservation>/", holder.cancel, name="cancel_booking"),
]
