"""The printed culture card: the holder's name, the number and a QR code, as a PDF.

The name is typed at the desk, drawn into the PDF and forgotten: it is not saved, not
logged and not put in any page that could be cached.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from kohtaamo.core.printing import public_url, qr_svg, render_pdf

from . import numbers


def card_qr(card):
    """The code a venue scans at the door: the card number and nothing else."""
    return qr_svg(card.number, gettext("QR code of the card number"))


def mobile_url(request, card):
    return public_url(request, reverse("cards:mobile", args=[card.mobile_token]))


def mobile_qr(request, card):
    return qr_svg(mobile_url(request, card), gettext("QR code: the mobile card"))


def render_card(request, card, holder_name):
    context = {
        "card": card,
        "holder_name": holder_name,
        "printed_number": numbers.printed(card.number),
        "qr": card_qr(card),
        "site_name": settings.KOHTAAMO_SITE_NAME,
    }
    return render_to_string("cards/print.html", context, request=request)


def pdf(request, card, holder_name):
    return render_pdf(request, render_card(request, card, holder_name))


def pdf_filename(card):
    return f"kaikukortti-{card.number}.pdf"
