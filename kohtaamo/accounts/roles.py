"""The roles people hold in Kohtaamo (see MISSION, "who uses it").

A resident needs no role: any signed-in account without a membership is a resident.
Every other role is held through a membership in an organisation or one of its units.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Social or health care professional")
    CULTURE_ADVISOR = "culture_advisor", _("Culture advisor or link worker")
    PROVIDER = "provider", _("Culture provider")
    VOLUNTEER = "volunteer", _("Volunteer culture guide")
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", _("Volunteer coordinator")
    DISTRIBUTOR = "distributor", _("Culture card distributor")
    COORDINATOR = "coordinator", _("Coordinator")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that see clients' personal data (health, money) or manage who may: they sign in
# with a one-time code as well as a password. Providers see no client data beyond a
# booking count; volunteer guides see only what a companion request needs.
TWO_FACTOR_ROLES = frozenset(
    {
        Role.PROFESSIONAL,
        Role.CULTURE_ADVISOR,
        Role.DISTRIBUTOR,
        Role.VOLUNTEER_COORDINATOR,
        Role.COORDINATOR,
        Role.ANALYST,
        Role.ADMINISTRATOR,
    }
)

# Roles whose membership in a county organisation reaches every organisation in that
# county, and whose membership in a national body reaches the whole country.
WIDE_REACH_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST, Role.ADMINISTRATOR})

STAFF_ROLES = frozenset(Role) - {Role.VOLUNTEER}
