"""schema.org descriptions of services and events, for search engines and aggregators.

The JSON-LD sits in each detail page; ``script_tag`` escapes it so that text written by
a provider can never close the script element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import display

# Characters that must not appear raw inside <script> (same as Django's json_script).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def script_tag(data):
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


def _drop_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _place(place, language):
    if place is None:
        return None
    address = _drop_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": display.text(place, "street_address", language).value,
            "postalCode": place.postal_code,
            "addressLocality": place.municipality.name,
            "addressCountry": "FI",
        }
    )
    geo = None
    if place.latitude is not None and place.longitude is not None:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return _drop_empty(
        {
            "@type": "Place",
            "name": display.text(place, "name", language).value,
            "address": address,
            "geo": geo,
            "amenityFeature": [
                {"@type": "LocationFeatureSpecification", "name": feature.name, "value": True}
                for feature in place.accessibility.all()
            ],
        }
    )


def _organisation(organisation):
    return _drop_empty(
        {"@type": "Organization", "name": organisation.name, "url": organisation.website}
    )


def _offers(offering, language, url):
    if offering.is_free:
        return {
            "@type": "Offer",
            "price": 0,
            "priceCurrency": "EUR",
            "url": offering.booking_url or url,
        }
    price = display.text(offering, "price", language).value
    return _drop_empty(
        {
            "@type": "Offer",
            "description": price,
            "priceCurrency": "EUR",
            "url": offering.booking_url or url,
        }
    )


def _audience(offering):
    audiences = [
        {"@type": "Audience", "audienceType": group.name} for group in offering.target_groups.all()
    ]
    if offering.age_min is not None or offering.age_max is not None:
        audiences.append(
            _drop_empty(
                {
                    "@type": "PeopleAudience",
                    "suggestedMinAge": offering.age_min,
                    "suggestedMaxAge": offering.age_max,
                }
            )
        )
    return audiences


def event(event, url, language=None):
    language = display.current_language(language)
    place = _place(event.place, language)
    if place is None and event.municipality is not None:
        place = {
            "@type": "Place",
            "name": event.municipality.name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": event.municipality.name,
                "addressCountry": "FI",
            },
        }
    status = "EventCancelled" if event.is_cancelled else "EventScheduled"
    return _drop_empty(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "@id": url,
            "url": url,
            "name": display.text(event, "name", language).value,
            "description": display.text(event, "summary", language).value,
            "startDate": event.start.isoformat(),
            "endDate": event.end.isoformat() if event.end else None,
            "eventStatus": f"https://schema.org/{status}",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": place,
            "offers": _offers(event, language, url),
            "isAccessibleForFree": event.is_free,
            "organizer": _organisation(event.organisation),
            "inLanguage": [lang.code for lang in event.languages.all()],
            "audience": _audience(event),
            "maximumAttendeeCapacity": event.capacity,
        }
    )


def service(service, url, language=None):
    language = display.current_language(language)
    languages = [lang.code for lang in service.languages.all()]
    phone = {"@type": "ContactPoint", "telephone": service.contact_phone}
    channel = _drop_empty(
        {
            "@type": "ServiceChannel",
            "serviceUrl": service.booking_url,
            "servicePhone": phone if service.contact_phone else None,
            "serviceLocation": [_place(place, language) for place in service.places.all()],
            "availableLanguage": languages,
        }
    )
    return _drop_empty(
        {
            "@context": "https://schema.org",
            "@type": "Service",
            "@id": url,
            "url": url,
            "name": display.text(service, "name", language).value,
            "description": display.text(service, "summary", language).value,
            "serviceType": str(service.get_kind_display()),
            "provider": _organisation(service.organisation),
            "areaServed": [
                {"@type": "City", "name": municipality.name}
                for municipality in display.municipalities_of(service)
            ],
            "audience": _audience(service),
            "availableLanguage": languages,
            "offers": _offers(service, language, url),
            "availableChannel": channel if len(channel) > 1 else None,
        }
    )
