from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.generic import RedirectView
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from kohtaamo import views
from kohtaamo.accounts import audit_log
from kohtaamo.catalogue.urls import api_urlpatterns as catalogue_api
from kohtaamo.identity.views import CallbackView

admin.site.site_header = "Kohtaamo"
admin.site.site_title = "Kohtaamo"
# JSON for API clients, the usual page for people.
handler404 = "kohtaamo.interop.hsds.errors.not_found"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Identity providers send people back here, whatever the language (kohtaamo/identity).
    path("oidc/callback/", CallbackView.as_view(), name="oidc_callback"),
    path("api/v1/", include((catalogue_api, "catalogue_api"))),
    path("api/v1/", include("kohtaamo.referrals.urls.api")),
    path("api/hsds/", include("kohtaamo.interop.hsds.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # Redoc writes its styles into the page as it draws it (styled-components) and searches
    # in a worker it makes from a blob, so this one page allows inline style and blob
    # workers; its scripts stay as strict as everywhere else. Its Redocly logo (from
    # another site) is refused, and Redoc then leaves it out.
    path(
        "api/docs/",
        csp_override(
            {
                **settings.SECURE_CSP,
                "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
                "worker-src": [CSP.SELF, "blob:"],
            }
        )(SpectacularRedocView.as_view(url_name="api_schema", template_name="api/redoc.html")),
        name="api_docs",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accessibility/", include("kohtaamo.accessibility.urls")),
    path("accounts/", include("kohtaamo.accounts.urls")),
    path("accounts/provider/", include("kohtaamo.identity.urls")),
    path("desk/", include("kohtaamo.desk.urls")),
    path("audit/", audit_log.audit_log, name="audit_log"),
    path("provider/", include("kohtaamo.catalogue.provider_urls")),
    path("", include("kohtaamo.interop.exports")),
    path("", include("kohtaamo.catalogue.urls")),
    path("lists/", include("kohtaamo.lists.urls")),
    path("referrals/types/", include("kohtaamo.referrals.urls.types")),
    # The client's outcome questions, under the referral's own secret path.
    path("referrals/r/questions/", include("kohtaamo.outcomes.urls.client")),
    path("referrals/", include("kohtaamo.referrals.urls")),
    path("cards/statistics/", include("kohtaamo.cards.urls.stats")),
    path("", include("kohtaamo.cards.urls")),
    path("referrals/numbers/", include("kohtaamo.referrals.urls.numbers")),
    path("", include("kohtaamo.buyers.urls")),
    path("arts-in-care/", include("kohtaamo.arts_in_care.urls")),
    path("volunteers/", include("kohtaamo.volunteers.urls")),
    # The admin signs people in through Kohtaamo's own login, with its one-time code.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
