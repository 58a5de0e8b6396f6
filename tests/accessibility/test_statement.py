"""The accessibility statement (Act 306/2019): what it states in each language, and its
feedback form, whose messages reach the administrators by e-mail, are stored with their
14-day reply deadline, and are limited per address."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from kohtaamo.accessibility.models import Feedback
from kohtaamo.accessibility.statement import REVIEWED

pytestmark = pytest.mark.django_db

AUTHORITY = {
    "fi": ("Etelä-Suomen aluehallintovirasto", "saavutettavuusvaatimukset.fi"),
    "sv": ("Regionförvaltningsverket i Södra Finland", "tillgänglighetskrav.fi"),
    "en": ("Regional State Administrative Agency for Southern Finland", "webaccessibility.fi"),
}


@pytest.fixture(autouse=True)
def _administrators(settings):
    settings.ADMINS = [("Operator", "operator@kohtaamo.example.fi")]
    settings.ACCESSIBILITY_FEEDBACK_EMAILS = []
    cache.clear()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_statement_states_status_problems_authority_and_review_date(language):
    page = Client().get(f"/{language}/accessibility/")

    assert page.status_code == 200
    html = page.content.decode()
    name, site = AUTHORITY[language]
    assert name in html
    assert f'href="https://www.{site}/"' in html
    assert "WCAG 2.1" in html
    assert 'id="known-problems"' in html and 'id="feedback-form"' in html
    assert 'id="reply-deadline"' in html and "14" in html
    assert str(REVIEWED.year) in html


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_footer_links_to_the_statement(language):
    for path in (f"/{language}/", f"/{language}/search/", f"/{language}/accounts/login/"):
        html = Client().get(path).content.decode()
        assert f'href="/{language}/accessibility/"' in html, path


def test_feedback_reaches_the_administrators_and_is_stored_with_its_deadline():
    answer = Client().post(
        "/sv/accessibility/",
        {"message": "Kartan knappar går inte att nå med tangentbordet.", "email": "a@example.fi"},
    )

    assert answer.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.reply_by == timezone.localdate() + timedelta(days=14)
    assert feedback.language == "sv"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["operator@kohtaamo.example.fi"]
    assert "Kartan knappar" in sent.body
    assert "a@example.fi" in sent.body
    # The sender sees by when they will hear back.
    assert 'id="reply-by"' in answer.content.decode()


def test_an_empty_message_is_refused_next_to_the_field():
    answer = Client().post("/fi/accessibility/", {"message": "  "})

    assert answer.status_code == 400
    assert 'id="id_message_error"' in answer.content.decode()
    assert not Feedback.objects.exists() and not mail.outbox


def test_feedback_is_limited_per_address(settings):
    settings.ACCESSIBILITY_FEEDBACK_RATE = "3/hour"
    one, other = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="198.51.100.8")
    answers = [one.post("/fi/accessibility/", {"message": f"Viesti {n}"}) for n in range(5)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert Feedback.objects.count() == 3
    assert "error-summary" in answers[-1].content.decode()
    # Another address is not held back by the first one.
    assert other.post("/fi/accessibility/", {"message": "Toinen"}).status_code == 200
