"""Secret links in the browser, in Finnish and Swedish: the holder's card and the
client's referral page open from the link, their addresses carry no code, and a card
added to the home screen opens again when its cookie is gone (decision 0038)."""

import pytest
from playwright.sync_api import expect

from kohtaamo.cards import numbers, services
from tests import factories
from tests.e2e import test_cards
from tests.e2e.checks import E2E, check_page, path_re

pytestmark = E2E
PHONE = test_cards.PHONE
programme_and_people = test_cards.programme_and_people

COOKIE_GONE = {
    "fi": "Avaa linkkisi uudelleen",
    "sv": "Öppna din länk igen",
}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_card_opens_from_its_link_and_again_from_the_home_screen(
    new_context,
    programme_and_people,
    language,
):
    social_worker, _usher, offer = programme_and_people
    distributor = services.distributors_for(social_worker).get()
    card = services.issue_card(social_worker, distributor, factories.municipality("297"), 1985)

    phone = new_context(**PHONE)
    holder = phone.new_page()
    requested = []
    holder.on("request", lambda request: requested.append(request.url))
    holder.goto(f"/{language}/card/{card.mobile_token}/")
    expect(holder).to_have_url(path_re(f"/{language}/card/"))
    expect(holder.locator(".card-number")).to_have_text(numbers.printed(card.number))
    check_page(holder, language)
    manifest = holder.evaluate(
        "() => fetch(document.querySelector('link[rel=manifest]').href,"
        " {credentials: 'include'}).then(r => r.json())"
    )
    assert manifest["start_url"] == f"/{language}/card/#{card.mobile_token}"
    # Booking stays on the card's code-free pages.
    holder.locator(f"#offer-{offer.pk} a").first.click()
    expect(holder).to_have_url(path_re(f"/{language}/card/offer/{offer.pk}/"))
    holder.locator("main form button[type=submit]").click()
    expect(holder.locator("#bookings .booking")).to_have_count(1)
    sent = [url.split("#")[0] for url in requested[1:]]
    assert not [url for url in sent if card.mobile_token in url], sent

    # A home-screen app with cookies of its own (or a cookie that has expired) opens at
    # the manifest's start: the page asks for the link, and its script opens the card
    # with the code kept after "#".
    home_screen = new_context(**PHONE).new_page()
    home_screen.goto(manifest["start_url"])
    expect(home_screen.locator(".card-number")).to_have_text(numbers.printed(card.number))
    expect(home_screen).to_have_url(path_re(f"/{language}/card/"))

    # Without the code, the page says what to do, in the holder's language.
    stranger = new_context(**PHONE).new_page()
    response = stranger.goto(f"/{language}/card/")
    assert response.status == 403
    expect(stranger.get_by_role("heading", level=1)).to_have_text(COOKIE_GONE[language])
    check_page(stranger, language)
