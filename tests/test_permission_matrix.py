"""Every route of the URLconf by every role of the demo, with the answer each must get.

One table, :data:`MATRIX`: a row per route (its URL name, or its pattern when it has
none), the request made (method and address, ``{placeholders}`` filled from the demo
data) and one status code per role in :data:`ROLES` order. A route without a row fails
:func:`test_every_route_has_a_row` with the row to add; a different answer fails that
route's test with the role, the code expected and the code given.

POST rows are sent with an empty form inside a transaction that is rolled back, so no
row changes what the next one sees. The Django admin's per-model pages are one family
under ``admin/`` checked by the admin's own permission tests; its site pages are here.
"""

import os
import re
from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp import DEVICE_ID_SESSION_KEY

ROLES = (
    "anonymous",
    "resident",
    "professional",
    "advisor",
    "provider",
    "volunteer",
    "distributor",
    "coordinator",
    "analyst",
    "administrator",
    "superuser",
    "professional.pirkanmaa",
    "professional.satakunta",
    "theatre",
)

# Admin pages per registered model (changelist, add, change, delete, history): a family
# of their own, not rows here.
ADMIN_MODEL_ROUTE = re.compile(
    r"^(admin:[a-z_]+_[a-z_]+_(changelist|add|change|delete|history)"
    r"|fi/admin/.*(object_id|\(\?P<url>).*)$"
)

# fmt: off
# Codes in ROLES order: anonymous resident professional advisor provider volunteer
# distributor coordinator analyst administrator superuser professional.pirkanmaa
# professional.satakunta theatre.
MATRIX = {
    "accessibility:statement": (
        "GET", "/fi/accessibility/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "accounts:login": (
        "GET", "/fi/accounts/login/",
        "200 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "accounts:logout": (
        "POST", "/fi/accounts/logout/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "accounts:new_backup_codes": (
        "POST", "/fi/accounts/profile/backup-codes/",
        "302 302 200 200 302 302 200 200 200 200 200 200 200 302"),
    "accounts:password_change": (
        "GET", "/fi/accounts/profile/password/",
        "302 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "accounts:profile": (
        "GET", "/fi/accounts/profile/",
        "302 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "accounts:setup_two_factor": (
        "GET", "/fi/accounts/profile/two-factor/",
        "302 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "accounts:verify": (
        "GET", "/fi/accounts/login/code/",
        "302 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "admin:app_list": (
        "GET", "/fi/admin/core/",
        "302 302 302 302 302 302 302 200 302 200 200 302 302 302"),
    "admin:autocomplete": (
        "GET", "/fi/admin/autocomplete/",
        "302 302 302 302 302 302 302 403 302 403 403 302 302 302"),
    "admin:index": (
        "GET", "/fi/admin/",
        "302 302 302 302 302 302 302 200 302 200 200 302 302 302"),
    "admin:interop_importrun_rerun": (
        "POST", "/fi/admin/interop/importrun/1/rerun/",
        "302 302 302 302 302 302 302 404 302 404 404 302 302 302"),
    "admin:interop_importrun_rollback": (
        "GET", "/fi/admin/interop/importrun/1/rollback/",
        "302 302 302 302 302 302 302 404 302 404 404 302 302 302"),
    "admin:jsi18n": (
        "GET", "/fi/admin/jsi18n/",
        "302 302 302 302 302 302 302 200 302 200 200 302 302 302"),
    "admin:login": (
        "GET", "/fi/admin/login/",
        "302 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "admin:logout": (
        "POST", "/fi/admin/logout/",
        "302 302 302 302 302 302 302 200 302 200 200 302 302 302"),
    "admin:otp_totp_totpdevice_config": (
        "GET", "/fi/admin/otp_totp/totpdevice/{totp_device}/config/",
        "302 302 302 302 302 302 302 403 302 403 200 302 302 302"),
    "admin:otp_totp_totpdevice_qrcode": (
        "GET", "/fi/admin/otp_totp/totpdevice/{totp_device}/qrcode/",
        "302 302 302 302 302 302 302 403 302 403 200 302 302 302"),
    "admin:password_change": (
        "GET", "/fi/admin/password_change/",
        "302 302 302 302 302 302 302 200 302 200 200 302 302 302"),
    "admin:password_change_done": (
        "GET", "/fi/admin/password_change/done/",
        "302 302 302 302 302 302 302 200 302 200 200 302 302 302"),
    "admin:view_on_site": (
        "GET", "/fi/admin/r/1/1/",
        "302 302 302 302 302 302 302 404 302 404 404 302 302 302"),
    "api_docs": (
        "GET", "/api/docs/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "api_schema": (
        "GET", "/api/schema/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "arts_in_care:agreement": (
        "GET", "/fi/arts-in-care/{engagement}/agreement/",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "arts_in_care:agreement_pdf": (
        "GET", "/fi/arts-in-care/{engagement}/agreement.pdf",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "arts_in_care:calendar": (
        "GET", "/fi/arts-in-care/{engagement}/sessions.ics",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "arts_in_care:certificate": (
        "GET", "/fi/arts-in-care/{engagement}/certificate/",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "arts_in_care:certificate_pdf": (
        "GET", "/fi/arts-in-care/{engagement}/certificate.pdf",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "arts_in_care:engagement": (
        "GET", "/fi/arts-in-care/{engagement}/",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "arts_in_care:engagement_create": (
        "GET", "/fi/arts-in-care/new/",
        "302 403 200 403 200 403 403 200 403 403 200 200 200 200"),
    "arts_in_care:engagement_edit": (
        "GET", "/fi/arts-in-care/{engagement}/edit/",
        "302 403 404 403 404 403 403 403 403 403 403 404 404 404"),
    "arts_in_care:engagement_move": (
        "POST", "/fi/arts-in-care/{engagement}/move/",
        "302 403 404 403 404 403 403 302 403 403 302 404 404 404"),
    "arts_in_care:engagement_signed": (
        "POST", "/fi/arts-in-care/{engagement}/signed/",
        "302 403 404 403 404 403 403 302 403 403 302 404 404 404"),
    "arts_in_care:engagements": (
        "GET", "/fi/arts-in-care/",
        "302 403 200 403 200 403 403 200 403 403 200 200 200 200"),
    "arts_in_care:evaluation": (
        "GET", "/fi/arts-in-care/{engagement}/evaluation/",
        "302 403 404 403 404 403 403 403 403 403 403 404 404 404"),
    "arts_in_care:follow_up": (
        "GET", "/fi/arts-in-care/{engagement}/follow-up/3/",
        "302 403 404 403 404 403 403 403 403 403 403 404 404 404"),
    "arts_in_care:inventory_csv": (
        "GET", "/fi/arts-in-care/inventory.csv",
        "302 403 403 403 403 403 403 200 403 403 200 403 403 403"),
    "arts_in_care:inventory_xlsx": (
        "GET", "/fi/arts-in-care/inventory.xlsx",
        "302 403 403 403 403 403 403 200 403 403 200 403 403 403"),
    "arts_in_care:log": (
        "GET", "/fi/arts-in-care/{engagement}/log/",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "arts_in_care:log_scheduled": (
        "GET", "/fi/arts-in-care/{engagement}/sessions/{art_session}/log/",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "arts_in_care:my_calendar": (
        "GET", "/fi/arts-in-care/sessions.ics",
        "302 403 200 403 200 403 403 200 403 403 200 200 200 200"),
    "arts_in_care:plan": (
        "GET", "/fi/arts-in-care/{engagement}/plan/",
        "302 403 404 403 404 403 403 403 403 403 403 404 404 404"),
    "arts_in_care:schedule": (
        "GET", "/fi/arts-in-care/{engagement}/schedule/",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "arts_in_care:summary": (
        "GET", "/fi/arts-in-care/{engagement}/summary/",
        "302 403 404 403 404 403 403 200 403 403 200 404 404 404"),
    "audit_log": (
        "GET", "/fi/audit/",
        "302 403 403 403 403 403 403 403 403 200 200 403 403 403"),
    "buyers:alert_action": (
        "POST", "/fi/alerts/1/",
        "302 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "buyers:alert_create": (
        "GET", "/fi/alerts/new/",
        "302 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "buyers:alerts": (
        "GET", "/fi/alerts/",
        "302 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "buyers:answer_move": (
        "POST", "/fi/calls/1/answers/move/",
        "302 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "buyers:answer_submit": (
        "POST", "/fi/calls/1/answer/",
        "302 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "buyers:answers": (
        "GET", "/fi/calls/1/answers/",
        "302 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "buyers:call": (
        "GET", "/fi/calls/1/",
        "302 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "buyers:call_create": (
        "GET", "/fi/calls/new/",
        "302 403 200 200 403 403 403 200 403 200 200 200 200 403"),
    "buyers:call_edit": (
        "GET", "/fi/calls/1/edit/",
        "302 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "buyers:call_move": (
        "POST", "/fi/calls/1/move/",
        "302 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "buyers:calls": (
        "GET", "/fi/calls/",
        "302 403 200 200 200 403 403 200 403 200 200 200 200 200"),
    "buyers:favourite_remove": (
        "POST", "/fi/favourites/remove/",
        "302 400 400 400 400 400 400 400 400 400 400 400 400 400"),
    "buyers:favourite_toggle": (
        "POST", "/fi/favourites/toggle/",
        "302 400 400 400 400 400 400 400 400 400 400 400 400 400"),
    "buyers:favourites": (
        "GET", "/fi/favourites/",
        "302 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "buyers:unsubscribe": (
        "GET", "/fi/alerts/stop/no-such-token/",
        "404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "card_stats:statistics": (
        "GET", "/fi/cards/statistics/",
        "302 403 403 403 200 403 200 200 200 403 200 403 403 200"),
    "cards:book": (
        "POST", "/fi/card/book/{offer}/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "cards:cancel": (
        "POST", "/fi/cards/{card}/cancel/",
        "302 403 403 403 403 403 302 403 403 403 302 403 403 403"),
    "cards:cancel_booking": (
        "POST", "/fi/card/cancel/{reservation}/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "cards:rate_companion": (
        "POST", "/fi/card/companion/1/rate/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "cards:detail": (
        "GET", "/fi/cards/{card}/",
        "302 403 403 403 403 403 200 403 403 403 200 403 403 403"),
    "cards:door": (
        "GET", "/fi/cards/venue/{offer}/door/",
        "302 403 403 403 200 403 403 403 403 403 200 403 403 404"),
    "cards:holder_offer": (
        "GET", "/fi/card/offer/{offer}/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "cards:help": (
        "GET", "/fi/cards/book/",
        "302 403 200 200 403 403 200 403 403 403 200 200 200 403"),
    "cards:help_offer": (
        "POST", "/fi/cards/book/{offer}/",
        "302 403 400 400 403 403 400 403 403 403 400 400 400 403"),
    "cards:index": (
        "GET", "/fi/cards/",
        "302 403 403 403 403 403 200 403 403 403 200 403 403 403"),
    "cards:issue": (
        "GET", "/fi/cards/issue/",
        "302 403 403 403 403 403 200 403 403 403 200 403 403 403"),
    "cards:manifest": (
        "GET", "/fi/card/manifest.webmanifest",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "cards:mobile": (
        "GET", "/fi/card/{card_token}/",
        "302 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "cards:mobile_page": (
        "GET", "/fi/card/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "cards:offer": (
        "GET", "/fi/cards/venue/{offer}/",
        "302 403 403 403 200 403 403 403 403 200 200 403 403 404"),
    "cards:print": (
        "POST", "/fi/cards/{card}/print/",
        "302 403 403 403 403 403 400 403 403 403 400 403 403 403"),
    "cards:publish": (
        "GET", "/fi/cards/venue/new/",
        "302 403 403 403 200 403 403 403 403 200 200 403 403 200"),
    "cards:renew": (
        "POST", "/fi/cards/{card}/renew/",
        "302 403 403 403 403 403 302 403 403 403 302 403 403 403"),
    "cards:replace": (
        "POST", "/fi/cards/{card}/replace/",
        "302 403 403 403 403 403 302 403 403 403 302 403 403 403"),
    "cards:sw": (
        "GET", "/fi/card/sw.js",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "cards:venue": (
        "GET", "/fi/cards/venue/",
        "302 403 403 403 200 403 403 403 403 200 200 403 403 200"),
    "cards:venue_cancel": (
        "POST", "/fi/cards/venue/{offer}/bookings/{reservation}/cancel/",
        "302 403 403 403 302 403 403 403 403 302 302 403 403 404"),
    "cards:wait": (
        "POST", "/fi/card/wait/{offer}/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "catalogue:event": (
        "GET", "/fi/events/{event}/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "catalogue:event_ics": (
        "GET", "/fi/events/{event}.ics",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "catalogue:search": (
        "GET", "/fi/search/?q=kuoro",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "catalogue:search_ics": (
        "GET", "/fi/search/events.ics?q=kuoro",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "catalogue:service": (
        "GET", "/fi/services/{service}/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "catalogue_api:event": (
        "GET", "/api/v1/events/{event}/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "catalogue_api:events": (
        "GET", "/api/v1/events/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "catalogue_api:service": (
        "GET", "/api/v1/services/{service}/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "catalogue_api:services": (
        "GET", "/api/v1/services/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "desk": (
        "GET", "/fi/desk/",
        "302 302 200 200 200 200 200 200 200 200 200 200 200 200"),
    "exports:csv": (
        "GET", "/fi/search/export.csv?q=kuoro",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "exports:xlsx": (
        "GET", "/fi/search/export.xlsx?q=kuoro",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "fi/admin/login/": (
        "GET", "/fi/admin/login/",
        "302 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "healthz": (
        "GET", "/healthz",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "home": (
        "GET", "/fi/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "hsds:organization": (
        "GET", "/api/hsds/organizations/{hsds_organization}",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "hsds:organizations": (
        "GET", "/api/hsds/organizations",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "hsds:profile": (
        "GET", "/api/hsds/profile",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "hsds:root": (
        "GET", "/api/hsds/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "hsds:service": (
        "GET", "/api/hsds/services/{hsds_service}",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "hsds:service_at_location": (
        "GET", "/api/hsds/service_at_locations/{hsds_service_at_location}",
        "404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "hsds:service_at_locations": (
        "GET", "/api/hsds/service_at_locations",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "hsds:services": (
        "GET", "/api/hsds/services",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "hsds:taxonomies": (
        "GET", "/api/hsds/taxonomies",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "hsds:taxonomy": (
        "GET", "/api/hsds/taxonomies/no-such-id",
        "404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "hsds:taxonomy_term": (
        "GET", "/api/hsds/taxonomy_terms/no-such-id",
        "404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "hsds:taxonomy_terms": (
        "GET", "/api/hsds/taxonomy_terms",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "identity:refused": (
        "GET", "/fi/accounts/provider/refused/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "identity:start": (
        "GET", "/fi/accounts/provider/1/",
        "404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "lists:add": (
        "POST", "/fi/lists/add/",
        "302 403 400 400 403 403 403 403 403 403 400 400 400 403"),
    "lists:choose": (
        "POST", "/fi/lists/{list}/choose/",
        "302 403 302 404 403 403 403 403 403 403 404 404 404 403"),
    "lists:delete": (
        "POST", "/fi/lists/{list}/delete/",
        "302 403 302 404 403 403 403 403 403 403 404 404 404 403"),
    "lists:detail": (
        "GET", "/fi/lists/{list}/",
        "302 403 200 404 403 403 403 403 403 403 404 404 404 403"),
    "lists:index": (
        "GET", "/fi/lists/",
        "302 403 200 200 403 403 403 403 403 403 200 200 200 403"),
    "lists:item": (
        "POST", "/fi/lists/{list}/items/",
        "302 403 400 404 403 403 403 403 403 403 404 404 404 403"),
    "lists:pdf": (
        "GET", "/fi/lists/{list}/pdf/",
        "302 403 302 404 403 403 403 403 403 403 404 404 404 403"),
    "lists:print": (
        "GET", "/fi/lists/{list}/print/",
        "302 403 302 404 403 403 403 403 403 403 404 404 404 403"),
    "lists:send": (
        "GET", "/fi/lists/{list}/email/",
        "302 403 200 404 403 403 403 403 403 403 404 404 404 403"),
    "lists:start": (
        "POST", "/fi/lists/new/",
        "302 403 302 302 403 403 403 403 403 403 302 302 302 403"),
    "oidc_callback": (
        "GET", "/oidc/callback/",
        "302 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "outcomes_client:questionnaire": (
        "GET", "/fi/referrals/r/questions/1/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "outcomes_client:questions": (
        "GET", "/fi/referrals/r/questions/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "provider:dashboard": (
        "GET", "/fi/provider/",
        "302 403 403 403 200 403 403 403 403 200 200 403 403 200"),
    "provider:event_create": (
        "GET", "/fi/provider/events/new/",
        "302 403 403 403 200 403 403 403 403 200 200 403 403 200"),
    "provider:event_edit": (
        "GET", "/fi/provider/events/{event}/",
        "302 404 404 404 200 404 404 404 404 200 200 404 404 404"),
    "provider:event_move": (
        "POST", "/fi/provider/events/{event}/status/",
        "302 404 404 404 302 404 404 404 404 302 302 404 404 404"),
    "provider:moderation": (
        "GET", "/fi/provider/moderation/",
        "302 403 403 403 403 403 403 200 403 403 200 403 403 403"),
    "provider:place_create": (
        "GET", "/fi/provider/places/new/",
        "302 403 403 403 200 403 403 403 403 200 200 403 403 200"),
    "provider:place_edit": (
        "GET", "/fi/provider/places/{place}/",
        "302 404 404 404 200 404 404 404 404 200 200 404 404 404"),
    "provider:profile": (
        "GET", "/fi/provider/profile/",
        "302 403 403 403 200 403 403 403 403 200 200 403 403 200"),
    "provider:service_create": (
        "GET", "/fi/provider/services/new/",
        "302 403 403 403 200 403 403 403 403 200 200 403 403 200"),
    "provider:service_edit": (
        "GET", "/fi/provider/services/{service}/",
        "302 404 404 404 200 404 404 404 404 200 200 404 404 404"),
    "provider:service_move": (
        "POST", "/fi/provider/services/{service}/status/",
        "302 404 404 404 302 404 404 404 404 302 302 404 404 404"),
    "referral_stats:csv": (
        "GET", "/fi/referrals/numbers/numbers.csv",
        "302 403 200 200 403 403 403 200 200 403 200 200 200 403"),
    "referral_stats:numbers": (
        "GET", "/fi/referrals/numbers/",
        "302 403 200 200 403 403 403 200 200 403 200 200 200 403"),
    "referral_stats:xlsx": (
        "GET", "/fi/referrals/numbers/numbers.xlsx",
        "302 403 200 200 403 403 403 200 200 403 200 200 200 403"),
    "referral_types:edit": (
        "GET", "/fi/referrals/types/{referral_type}/",
        "302 403 403 403 403 403 403 200 403 403 200 403 403 403"),
    "referral_types:index": (
        "GET", "/fi/referrals/types/",
        "302 403 403 403 403 403 403 200 403 403 200 403 403 403"),
    "referral_types:new": (
        "GET", "/fi/referrals/types/new/{county}/",
        "302 403 403 403 403 403 403 200 403 403 200 403 403 403"),
    "referrals:act": (
        "POST", "/fi/referrals/{referral}/accept/",
        "302 403 403 302 403 403 403 403 403 403 302 404 404 403"),
    "referrals:ask": (
        "GET", "/fi/referrals/ask/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "referrals:client": (
        "GET", "/fi/referrals/r/{referral_token}/",
        "302 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "referrals:client_page": (
        "GET", "/fi/referrals/r/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "referrals:client_feedback": (
        "POST", "/fi/referrals/r/feedback/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "referrals:client_json": (
        "GET", "/fi/referrals/r/data.json",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "referrals:client_pdf": (
        "GET", "/fi/referrals/r/pdf/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "referrals:client_unlock": (
        "POST", "/fi/referrals/r/unlock/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "referrals:client_withdraw": (
        "POST", "/fi/referrals/r/withdraw/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "referrals:client_rate_companion": (
        "POST", "/fi/referrals/r/companion/1/rate/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "referrals:companion": (
        "GET", "/fi/referrals/{referral}/companion/",
        "302 403 302 302 403 403 403 403 403 403 302 404 404 403"),
    "referrals:delete": (
        "POST", "/fi/referrals/{referral}/delete-draft/",
        "302 403 302 403 403 403 403 403 403 403 302 404 404 403"),
    "referrals:detail": (
        "GET", "/fi/referrals/{referral}/",
        "302 403 200 200 403 403 403 403 403 403 200 404 404 403"),
    "referrals:edit": (
        "GET", "/fi/referrals/{referral}/edit/",
        "302 403 302 403 403 403 403 403 403 403 302 404 404 403"),
    "referrals:index": (
        "GET", "/fi/referrals/",
        "302 403 200 302 403 403 403 403 403 403 302 200 200 403"),
    "referrals:new": (
        "GET", "/fi/referrals/new/",
        "302 403 200 200 403 403 403 403 403 403 403 200 200 403"),
    "referrals:pdf": (
        "GET", "/fi/referrals/{referral}/pdf/",
        "302 403 200 200 403 403 403 403 403 403 200 404 404 403"),
    "referrals:print": (
        "GET", "/fi/referrals/{referral}/print/",
        "302 403 200 200 403 403 403 403 403 403 200 404 404 403"),
    "referrals:queue": (
        "GET", "/fi/referrals/incoming/",
        "302 403 200 200 403 403 403 403 403 403 200 200 200 403"),
    "referrals:write": (
        "GET", "/fi/referrals/new/{referral_type}/",
        "302 403 200 200 403 403 403 403 403 403 403 404 404 403"),
    "referrals_api:detail": (
        "GET", "/api/v1/referrals/{referral}/",
        "401 401 401 401 401 401 401 401 401 401 401 401 401 401"),
    "referrals_api:list": (
        "GET", "/api/v1/referrals/",
        "401 401 401 401 401 401 401 401 401 401 401 401 401 401"),
    "set_language": (
        "GET", "/i18n/setlang/",
        "302 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "volunteers:answer_link": (
        "GET", "/fi/volunteers/answer/no-such-token/",
        "404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "volunteers:answer_offer": (
        "POST", "/fi/volunteers/me/offers/1/",
        "302 403 403 403 403 404 403 403 403 403 403 403 403 403"),
    "volunteers:applications": (
        "GET", "/fi/volunteers/coordinator/applications/",
        "302 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    "volunteers:applied": (
        "GET", "/fi/volunteers/p/kuopio-kulttuuriluotsit/applied/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "volunteers:apply": (
        "GET", "/fi/volunteers/p/kuopio-kulttuuriluotsit/apply/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "volunteers:assignment": (
        "GET", "/fi/volunteers/me/visits/1/",
        "302 403 403 403 403 404 403 403 403 403 403 403 403 403"),
    "volunteers:assignment_move": (
        "POST", "/fi/volunteers/me/visits/1/move/",
        "302 403 403 403 403 404 403 403 403 403 403 403 403 403"),
    "volunteers:assignments": (
        "GET", "/fi/volunteers/me/visits/",
        "302 403 403 403 403 200 403 403 403 403 403 403 403 403"),
    "volunteers:availability": (
        "GET", "/fi/volunteers/me/times/",
        "302 403 403 403 403 200 403 403 403 403 403 403 403 403"),
    "volunteers:calendar": (
        "GET", "/fi/volunteers/calendar/no-such-token/visits.ics",
        "404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "volunteers:certificate": (
        "GET", "/fi/volunteers/me/hours/certificate.pdf",
        "302 403 403 403 403 200 403 403 403 403 403 403 403 403"),
    "volunteers:dashboard": (
        "GET", "/fi/volunteers/coordinator/",
        "302 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    "volunteers:decide": (
        "POST", "/fi/volunteers/coordinator/applications/{volunteer}/",
        "302 403 403 403 403 403 403 403 403 403 400 403 403 403"),
    "volunteers:expense": (
        "GET", "/fi/volunteers/me/visits/1/cost/",
        "302 403 403 403 403 404 403 403 403 403 403 403 403 403"),
    "volunteers:expenses": (
        "GET", "/fi/volunteers/coordinator/expenses/",
        "302 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    "volunteers:expenses_csv": (
        "GET", "/fi/volunteers/coordinator/expenses.csv",
        "302 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    "volunteers:expenses_xlsx": (
        "GET", "/fi/volunteers/coordinator/expenses.xlsx",
        "302 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    "volunteers:home": (
        "GET", "/fi/volunteers/me/",
        "302 403 403 403 403 200 403 403 403 403 403 403 403 403"),
    "volunteers:hours": (
        "GET", "/fi/volunteers/me/hours/",
        "302 403 403 403 403 200 403 403 403 403 403 403 403 403"),
    "volunteers:index": (
        "GET", "/fi/volunteers/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "volunteers:kit_calendar": (
        "GET", "/fi/volunteers/coordinator/kits/calendar/",
        "302 403 403 403 403 403 403 403 403 200 200 403 403 403"),
    "volunteers:kits": (
        "GET", "/fi/volunteers/coordinator/kits/",
        "302 403 403 403 403 403 403 403 403 200 200 403 403 403"),
    "volunteers:numbers": (
        "GET", "/fi/volunteers/numbers/",
        "302 403 403 403 403 403 403 200 200 403 200 403 403 403"),
    "volunteers:numbers_csv": (
        "GET", "/fi/volunteers/numbers/numbers.csv",
        "302 403 403 403 403 403 403 200 200 403 200 403 403 403"),
    "volunteers:numbers_xlsx": (
        "GET", "/fi/volunteers/numbers/numbers.xlsx",
        "302 403 403 403 403 403 403 200 200 403 200 403 403 403"),
    "volunteers:offer_link": (
        "GET", "/fi/volunteers/offers/no-such-token/",
        "404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "volunteers:offer_page": (
        "GET", "/fi/volunteers/offers/",
        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"),
    "volunteers:programme": (
        "GET", "/fi/volunteers/p/kuopio-kulttuuriluotsit/",
        "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "volunteers:request": (
        "GET", "/fi/volunteers/coordinator/requests/{help_request}/",
        "302 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    "volunteers:request_move": (
        "POST", "/fi/volunteers/coordinator/requests/{help_request}/move/",
        "302 403 403 403 403 403 403 403 403 403 400 403 403 403"),
    "volunteers:requests": (
        "GET", "/fi/volunteers/coordinator/requests/",
        "302 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    "volunteers:trainings": (
        "GET", "/fi/volunteers/me/trainings/",
        "302 403 403 403 403 200 403 403 403 403 403 403 403 403"),
    "volunteers:visit_log": (
        "GET", "/fi/volunteers/me/visits/1/report/",
        "302 403 403 403 403 404 403 403 403 403 403 403 403 403"),
    "volunteers:volunteer": (
        "GET", "/fi/volunteers/coordinator/volunteers/{volunteer}/",
        "302 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    "volunteers:volunteers": (
        "GET", "/fi/volunteers/coordinator/volunteers/",
        "302 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    "volunteers:welcome": (
        "GET", "/fi/volunteers/welcome/1/no-such-token/",
        "404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
}
# fmt: on


# --- the routes ---------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or (prefix + str(pattern.pattern)), prefix + str(pattern.pattern)


def routes():
    """(key, pattern) of every route, the language-prefixed ones once (in Finnish)."""
    found = {}
    for key, pattern in _walk(get_resolver().url_patterns):
        if ADMIN_MODEL_ROUTE.match(key):
            continue
        found.setdefault(key, pattern)
    return found


def test_every_route_has_a_row():
    found = routes()
    missing = sorted(set(found) - set(MATRIX))
    assert not missing, (
        "These routes have no row in tests/test_permission_matrix.py MATRIX. Add one per "
        "route: the request and the status each role must get, in ROLES order, e.g.\n"
        + "\n".join(
            f'    "{key}": ("GET", "/fi/…", "302 …"),  # {routes()[key]}' for key in missing
        )
        + "\n(PERMISSION_MATRIX_ROWS=missing pytest tests/test_permission_matrix.py -k print_rows"
        " -s prints them with today's answers, to check and paste)"
    )


def test_no_row_is_left_for_a_route_that_is_gone():
    assert not sorted(set(MATRIX) - set(routes()))


# --- the demo and a signed-in client per role ---------------------------------------


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    from kohtaamo import demo

    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            demo.seed()
            values = _placeholders()
            clients = {role: _client(role) for role in ROLES}
        yield values, clients
        transaction.set_rollback(True)


def _client(role):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kohtaamo.accounts.models import User
    from kohtaamo.demo import demo_email

    client = Client(raise_request_exception=False)
    if role == "anonymous":
        return client
    user = User.objects.get(email=demo_email(role))
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _placeholders():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kohtaamo.accounts.models import User
    from kohtaamo.arts_in_care.models import Engagement
    from kohtaamo.cards.models import Card, CardOffer, Reservation
    from kohtaamo.catalogue.models import Event, Place, Service
    from kohtaamo.demo import demo_email
    from kohtaamo.interop.hsds import ids
    from kohtaamo.lists.models import PersonalList
    from kohtaamo.referrals.models import Referral
    from kohtaamo.volunteers import models as volunteers

    referral = Referral.objects.get(public_token="demo-savo-accepted")
    provider = User.objects.get(email=demo_email("provider"))
    organisations = provider.organisation_ids()
    service = Service.objects.filter(organisation__in=organisations).order_by("pk").first()
    event = Event.objects.filter(organisation__in=organisations).order_by("pk").first()
    place = Place.objects.filter(organisation__in=organisations).order_by("pk").first()
    offer = CardOffer.objects.order_by("pk").first()
    reservation = Reservation.objects.filter(offer=offer).order_by("pk").first()
    card = Card.objects.order_by("pk").first()
    # The demo artist's day-group series in North Savo (kohtaamo/demo/arts_in_care.py).
    engagement = Engagement.objects.get(name="Kuvataide ja muistelu päiväryhmässä")
    personal_list = PersonalList.objects.create(
        owner=User.objects.get(email=demo_email("professional"))
    )
    return {
        "referral": referral.pk,
        "referral_token": referral.public_token,
        "referral_type": referral.referral_type_id,
        "county": referral.referral_type.county.code,
        "card": card.pk,
        "card_token": card.mobile_token,
        "offer": offer.pk,
        "reservation": reservation.pk if reservation else 0,
        "service": service.pk,
        "event": event.pk,
        "place": place.pk,
        "list": personal_list.pk,
        "engagement": engagement.pk,
        "art_session": engagement.sessions.order_by("pk").first().pk,
        # Ids that are 1 on a fresh SQLite file but not in a PostgreSQL test database.
        "volunteer": volunteers.Volunteer.objects.order_by("pk").first().pk,
        "help_request": volunteers.HelpRequest.objects.order_by("pk").first().pk,
        "totp_device": TOTPDevice.objects.order_by("pk").first().pk,
        "hsds_service": ids.service_id(service.pk),
        "hsds_organization": ids.organization_id(service.organisation_id),
        "hsds_service_at_location": ids.service_at_location_id(service.pk, place.pk),
    }


# --- asking ---------------------------------------------------------------------------


def _ask(client, method, url):
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    with transaction.atomic():
        response = client.post(url, {}) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    client.cookies = cookies  # a row that signs out must not sign out the next ones
    return response.status_code


def answers(values, clients, method, template):
    url = template.format(**values)
    return [_ask(clients[role], method, url) for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(demo_world, key):
    values, clients = demo_world
    method, template, expected = MATRIX[key]
    got = answers(values, clients, method, template)
    wrong = [
        f"{role}: expected {want}, got {have}"
        for role, want, have in zip(ROLES, expected.split(), got, strict=True)
        if str(have) != want
    ]
    assert not wrong, f"{key} ({method} {template}):\n" + "\n".join(wrong)


# --- writing rows ---------------------------------------------------------------------

SEARCHES = {"catalogue:search", "catalogue:search_ics", "exports:csv", "exports:xlsx"}


def _placeholder(key, name):
    if name == "session_pk":
        return "{art_session}"
    if name == "pk":
        if key.startswith("arts_in_care:"):
            return "{engagement}"
        if key.startswith(("referrals:", "referrals_api:")):
            return "{referral}"
        if key.startswith("referral_types:"):
            return "{referral_type}"
        if key in {"cards:offer", "cards:door", "cards:venue_cancel"}:
            return "{offer}"
        if key.startswith("cards:"):
            return "{card}"
        if key.startswith("lists:"):
            return "{list}"
        for kind in ("service", "event", "place"):
            if kind in key.split(":")[-1]:
                return "{" + kind + "}"
        return "1"
    simple = {
        "type_pk": "{referral_type}",
        "move": "accept",
        "county_code": "{county}",
        "offer": "{offer}",
        "reservation": "{reservation}",
        "months": "3",
    }
    if name in simple:
        return simple[name]
    if name == "token":
        if key.startswith("referrals:"):
            return "{referral_token}"
        if key.startswith("cards:"):
            return "{card_token}"
        return "no-such-token"
    if name == "slug" and key.startswith("volunteers:"):
        return "kuopio-kulttuuriluotsit"
    if name == "object_id" and key.startswith("admin:otp_totp"):
        return "{totp_device}"
    if name == "id":
        kind = key.split(":")[-1]
        if kind in {"service", "organization", "service_at_location"}:
            return "{hsds_" + kind + "}"
        return "no-such-id"
    return "1"


def template_for(key, pattern):
    path = "/" + pattern.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "core", path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: _placeholder(key, m.group(1)), path)
    if key in SEARCHES:
        path += "?q=kuoro"
    return path


@pytest.mark.django_db
def test_print_rows_for_routes_without_one(demo_world, request):
    """``PERMISSION_MATRIX_ROWS=all pytest tests/test_permission_matrix.py -k print_rows -s``
    prints rows with today's answers for every route (``=missing``: only new routes), to
    check by eye and paste into MATRIX."""
    which = os.environ.get("PERMISSION_MATRIX_ROWS")
    if not which:
        pytest.skip("set PERMISSION_MATRIX_ROWS=missing or all to print rows")
    keys = sorted(routes()) if which == "all" else sorted(set(routes()) - set(MATRIX))
    print("\n".join(print_rows(demo_world, keys)))


def print_rows(demo_world, keys):
    values, clients = demo_world
    lines = []
    for key in keys:
        template = template_for(key, routes()[key])
        method = "GET"
        got = answers(values, clients, method, template)
        if got[ROLES.index("superuser")] == 405:
            method = "POST"
            got = answers(values, clients, method, template)
        codes = " ".join(str(code) for code in got)
        lines.append(f'    "{key}": (\n        "{method}", "{template}",\n        "{codes}"),')
    return lines
