"""The steps of the demo, in order; each later one may use what the earlier put in the
report. Not imported with the package: Django loads it as an app before models exist."""

from .arts_in_care import seed_arts_in_care
from .cards import seed_cards
from .catalogue import seed_catalogue
from .integrations import seed_integrations
from .network import seed_network
from .outcomes import seed_outcomes
from .referrals import seed_referrals
from .volunteers import seed_volunteers

STEPS = (
    seed_network,
    seed_catalogue,
    seed_cards,
    seed_referrals,
    seed_outcomes,
    seed_volunteers,
    seed_integrations,
    seed_arts_in_care,
)
# The line each step prints when it is done (the sign-in sheet after them is English too).
STEP_NAMES = {
    seed_network: "Organisations, units and demo accounts",
    seed_catalogue: "Catalogue: places, services and events",
    seed_cards: "Culture card programmes, cards and bookings",
    seed_referrals: "Referral types and referrals",
    seed_outcomes: "Outcome questions on North Savo's culture referral",
    seed_volunteers: "Volunteer culture guides, companion requests and kits",
    seed_integrations: "API key",
    seed_arts_in_care: "Arts inside care: engagements and sessions",
}
