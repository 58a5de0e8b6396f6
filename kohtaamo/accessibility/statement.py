"""The facts the accessibility statement states: the review, the known problems and the
supervising authority. Change them here when the service is reviewed again."""

from datetime import date

from django.utils.translation import gettext_lazy as _

# When the service was last checked against WCAG 2.1 AA, and the statement written.
REVIEWED = date(2026, 12, 6)
PREPARED = date(2026, 12, 6)

# Problems known today: what does not work, for whom, and what to do instead.
KNOWN_PROBLEMS = [
    _(
        "PDF files (printed lists, referrals and culture cards) have no tags. A screen "
        "reader reads their text but not their headings and tables. The same information "
        "is on the web page the PDF was made from."
    ),
]

# Problems found and fixed, with the day they were fixed.
FIXED_PROBLEMS = [
    (_("The API documentation page did not say which language it is in."), REVIEWED),
    (
        _(
            "In the administration pages, the filter box of the two-list selector had an "
            "ARIA label that its element may not have."
        ),
        REVIEWED,
    ),
]

# The supervising authority's web pages in each language.
AUTHORITY_SITES = {
    "fi": "https://www.saavutettavuusvaatimukset.fi/",
    "sv": "https://www.tillgänglighetskrav.fi/",
    "en": "https://www.webaccessibility.fi/",
}
AUTHORITY_EMAIL = "saavutettavuus@avi.fi"
AUTHORITY_PHONE = "0295 016 000"


def facts(language: str) -> dict:
    return {
        "reviewed": REVIEWED,
        "prepared": PREPARED,
        "known_problems": KNOWN_PROBLEMS,
        "fixed_problems": FIXED_PROBLEMS,
        "authority_site": AUTHORITY_SITES.get(language, AUTHORITY_SITES["fi"]),
        "authority_email": AUTHORITY_EMAIL,
        "authority_phone": AUTHORITY_PHONE,
    }
