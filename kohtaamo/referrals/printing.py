"""The prescription the client takes home: a print page and the same page as a PDF,
in the client's language, with a QR code to their own referral page (no login)."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from kohtaamo.catalogue import display
from kohtaamo.core.printing import public_url, qr_svg, render_pdf

UI_LANGUAGES = {code for code, _name in settings.LANGUAGES}


@dataclass
class Suggestion:
    kind: str
    offering: object
    url: str


def language_of(referral):
    code = referral.language.code if referral.language_id else ""
    return code if code in UI_LANGUAGES else settings.LANGUAGE_CODE


def client_url(request, referral, language):
    with translation.override(language):
        return public_url(request, reverse("referrals:client", args=[referral.public_token]))


def suggestions(request, referral, language):
    """The referral's suggestions that are still in the public catalogue."""
    found = []
    services = display.services_for_display(
        display.public_services().filter(pk__in=referral.suggested_services.all())
    )
    events = display.events_for_display(
        display.public_events().filter(pk__in=referral.suggested_events.all())
    )
    with translation.override(language):
        for kind, route, items in (
            ("service", "catalogue:service", services),
            ("event", "catalogue:event", events),
        ):
            for offering in items:
                found.append(
                    Suggestion(
                        kind, offering, public_url(request, reverse(route, args=[offering.pk]))
                    )
                )
    return found


def render_page(request, referral, **extra):
    language = language_of(referral)
    url = client_url(request, referral, language)
    with translation.override(language):
        context = {
            "referral": referral,
            "language": language,
            "suggestions": suggestions(request, referral, language),
            "client_url": url,
            "qr": qr_svg(url, gettext("QR code: your referral page")),
            "made_on": timezone.localdate(),
            "site_name": settings.KOHTAAMO_SITE_NAME,
            **extra,
        }
        return render_to_string("referrals/print.html", context, request=request)


def pdf_filename(referral):
    return f"kohtaamo-referral-{referral.pk}.pdf"


def pdf(request, referral):
    return render_pdf(request, render_page(request, referral, for_pdf=True))
