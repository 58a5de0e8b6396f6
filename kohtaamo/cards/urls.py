from django.urls import path

from .views import distributor, helper, holder, venue

app_name = "cards"

urlpatterns = [
    # The distributor's pages.
    path("cards/", distributor.index, name="index"),
    path("cards/issue/", distributor.issue, name="issue"),
    path("cards/<int:pk>/", distributor.detail, name="detail"),
    path("cards/<int:pk>/print/", distributor.print_card, name="print"),
    path("cards/<int:pk>/renew/", distributor.renew, name="renew"),
    path("cards/<int:pk>/replace/", distributor.replace, name="replace"),
    path("cards/<int:pk>/cancel/", distributor.cancel, name="cancel"),
    # A professional books for a holder by the card's number.
    path("cards/book/", helper.help_book, name="help"),
    path("cards/book/<int:offer>/", helper.help_book_offer, name="help_offer"),
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
    path("card/<str:token>/offer/<int:offer>/", holder.offer, name="holder_offer"),
    path("card/<str:token>/book/<int:offer>/", holder.book, name="book"),
    path("card/<str:token>/wait/<int:offer>/", holder.wait, name="wait"),
    path("card/<str:token>/cancel/<int:reservation>/", holder.cancel, name="cancel_booking"),
]
