from django.urls import path

from kohtaamo.core import secret_links

from ..views import distributor, helper, holder, venue

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
    # The holder's own card, behind its secret link; no sign-in. The link handed out is
    # traded for a cookie and the pages have no code in their path (core.secret_links).
    path("card/sw.js", holder.service_worker, name="sw"),
    path("card/<code:token>/", secret_links.opener(secret_links.CARD), name="mobile"),
    path("card/", holder.mobile, name="mobile_page"),
    path("card/manifest.webmanifest", holder.manifest, name="manifest"),
    path("card/offer/<int:offer>/", holder.offer, name="holder_offer"),
    path("card/book/<int:offer>/", holder.book, name="book"),
    path("card/wait/<int:offer>/", holder.wait, name="wait"),
    path("card/cancel/<int:reservation>/", holder.cancel, name="cancel_booking"),
    path(
        "card/companion/<int:help_request>/rate/",
        holder.rate_companion,
        name="rate_companion",
    ),
]
