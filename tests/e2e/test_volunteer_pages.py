"""The volunteer pages in the browser, in Finnish and Swedish, each checked with axe:
the public programme page and application form, the volunteer's own pages on a phone
(375 px, nothing wider than the screen, answers by big buttons), and the volunteer
coordinator's pages with a one-line menu at 1280 px."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import Language
from kohtaamo.volunteers.models import (
    Assignment,
    Expense,
    HelpRequest,
    Kit,
    KitLoan,
    Offer,
    Programme,
    Training,
    Volunteer,
    WeeklyAvailability,
)
from kohtaamo.volunteers.states import RequestStatus, VolunteerStatus
from tests import factories
from tests.e2e.checks import E2E, check_page, path_re

pytestmark = E2E

by_language = pytest.mark.parametrize("language", ["fi", "sv"])
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
NAV_ROWS = """() => new Set([...document.querySelectorAll('.main-nav ul > li')]
  .map(li => Math.round(li.getBoundingClientRect().top))).size"""
WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture(autouse=True)
def _no_notifications(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _at(days, hour):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def world():
    """A Kuopio library's programme: a coordinator, an applicant, a volunteer with an
    offer waiting, a visit coming up and one to report, a cost and a kit on loan."""
    library = factories.organisation(name_fi="Kuopion kaupunginkirjasto")
    kuopio = factories.municipality("297")
    programme = Programme.objects.create(
        organisation=library,
        slug="kuopion-luotsit",
        name_fi="Kuopion kulttuuriluotsit",
        name_sv="Kulturlotsarna i Kuopio",
        help_kinds=["accompany", "group_visit"],
        email="luotsit@kirjasto.example",
    )
    programme.municipalities.set([kuopio])
    coordinator = factories.member(Role.VOLUNTEER_COORDINATOR, organisation=library)
    person = factories.user(full_name="Veera Vapaaehtoinen")
    factories.Membership.objects.create(user=person, organisation=library, role=Role.VOLUNTEER)
    volunteer = Volunteer.objects.create(
        programme=programme,
        user=person,
        status=VolunteerStatus.APPROVED,
        full_name="Veera Vapaaehtoinen",
        email=person.email,
        consent_at=timezone.now(),
    )
    volunteer.languages.set([Language.objects.get(code="fi")])
    volunteer.municipalities.set([kuopio])
    for day in range(7):
        WeeklyAvailability.objects.create(
            volunteer=volunteer, weekday=day, starts=time(9), ends=time(21)
        )
    Training.objects.create(volunteer=volunteer, kind="basic", completed_on=timezone.localdate())
    Volunteer.objects.create(
        programme=programme,
        full_name="Hannu Hakija",
        email="hannu@example.fi",
        consent_at=timezone.now(),
        motivation="Haluan auttaa.",
    )

    def request(days, what, status=RequestStatus.REQUESTED, hour=14):
        start = _at(days, hour)
        return HelpRequest.objects.create(
            programme=programme,
            source="professional",
            status=status,
            what=what,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            fill_by=start - timedelta(hours=1),
            municipality=kuopio,
            meeting_point="Kuopion musiikkikeskuksen aula",
            client_alias="Aino",
        )

    offered = request(4, "Sinfoniakonsertti", RequestStatus.OFFERED)
    offer = Offer.objects.create(request=offered, volunteer=volunteer)
    coming = request(6, "Teatteri", RequestStatus.ASSIGNED)
    upcoming = Assignment.objects.create(
        request=coming, volunteer=volunteer, starts_at=coming.starts_at, ends_at=coming.ends_at
    )
    past = request(-1, "Museokäynti", RequestStatus.ASSIGNED, hour=10)
    done = Assignment.objects.create(
        request=past, volunteer=volunteer, starts_at=past.starts_at, ends_at=past.ends_at
    )
    Expense.objects.create(assignment=done, kind="travel", amount="8.40", kilometres=20)
    open_request = request(3, "Taidenäyttely")
    kit = Kit.objects.create(organisation=library, kind="memory_case", name_fi="Muistilaukku")
    KitLoan.objects.create(
        kit=kit,
        volunteer=volunteer,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=7),
    )
    return {
        "programme": programme,
        "coordinator": coordinator,
        "volunteer": volunteer,
        "offer": offer,
        "upcoming": upcoming,
        "done": done,
        "open_request": open_request,
    }


@by_language
def test_public_programme_page_and_application(page, language):
    data = world()
    slug = data["programme"].slug
    page.goto(f"/{language}/volunteers/")
    check_page(page, language)
    page.locator(f"a[href='/{language}/volunteers/p/{slug}/']").first.click()
    check_page(page, language)
    page.locator(f"a.button[href='/{language}/volunteers/p/{slug}/apply/']").click()
    check_page(page, language)
    # Sent empty: the summary lists the fields, each linked to its input.
    page.locator("form.phone-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#id_full_name']")).to_be_visible()
    check_page(page, language)
    page.fill("#id_full_name", "Liisa Luotsi")
    page.fill("#id_email", "liisa@example.fi")
    page.locator("#id_languages input[type=checkbox]").first.check()
    page.locator("#id_municipalities input[type=checkbox]").first.check()
    page.locator("#id_help_kinds input[type=checkbox]").first.check()
    page.locator("label[for='id_weekly_7']").click()
    page.check("#id_consent")
    page.locator("form.phone-form button[type=submit]").click()
    expect(page).to_have_url(path_re(f"/{language}/volunteers/p/{slug}/applied/"))
    check_page(page, language)
    assert Volunteer.objects.filter(email="liisa@example.fi").exists()


def _phone_page(page, language):
    check_page(page, language)
    assert not page.evaluate(WIDER_THAN_SCREEN), f"{page.url}: wider than a 375 px phone"


@by_language
def test_the_volunteers_own_pages_on_a_phone(new_context, sign_in, language):
    data = world()
    context = new_context(**PHONE)
    sign_in(context, data["volunteer"].user, verified=False)
    page = context.new_page()
    page.goto(f"/{language}/volunteers/me/")
    _phone_page(page, language)
    expect(page.get_by_role("heading", name="Sinfoniakonsertti")).to_be_visible()
    # The buttons are big enough for a thumb.
    box = page.locator(".answer-buttons button").first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
    page.goto(f"/{language}/volunteers/me/visits/")
    _phone_page(page, language)
    page.goto(f"/{language}/volunteers/me/visits/{data['upcoming'].pk}/")
    _phone_page(page, language)
    expect(page.get_by_text("Kuopion musiikkikeskuksen aula")).to_be_visible()
    page.goto(f"/{language}/volunteers/me/visits/{data['done'].pk}/report/")
    _phone_page(page, language)
    page.locator("label[for='id_took_place_0']").click()
    page.locator("label[for='id_minutes_1']").click()
    page.locator("label[for='id_how_it_went_0']").click()
    page.locator("form.phone-form button[type=submit]").click()
    expect(page).to_have_url(path_re(f"/{language}/volunteers/me/visits/{data['done'].pk}/"))
    _phone_page(page, language)
    page.goto(f"/{language}/volunteers/me/visits/{data['done'].pk}/cost/")
    _phone_page(page, language)
    page.goto(f"/{language}/volunteers/me/times/")
    _phone_page(page, language)
    page.goto(f"/{language}/volunteers/me/trainings/")
    _phone_page(page, language)
    page.goto(f"/{language}/volunteers/me/hours/")
    _phone_page(page, language)


@by_language
def test_an_offer_link_is_answered_on_a_phone_without_signing_in(new_context, language):
    data = world()
    page = new_context(**PHONE).new_page()
    page.goto(f"/{language}/volunteers/offers/{data['offer'].token}/")
    expect(page).to_have_url(path_re(f"/{language}/volunteers/offers/"))
    _phone_page(page, language)
    page.locator("button[value=accept]").click()
    expect(page.locator(".message")).to_be_visible()
    _phone_page(page, language)
    assert Assignment.objects.filter(request=data["offer"].request).exists()


@by_language
def test_the_coordinators_pages(page, context, sign_in, language):
    data = world()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(context, data["coordinator"])
    for path in (
        "coordinator/",
        "coordinator/applications/",
        "coordinator/volunteers/",
        f"coordinator/volunteers/{data['volunteer'].pk}/",
        "coordinator/requests/",
        f"coordinator/requests/{data['open_request'].pk}/",
        "coordinator/expenses/",
        "coordinator/kits/",
        "coordinator/kits/calendar/",
        "numbers/",
    ):
        page.goto(f"/{language}/volunteers/{path}")
        check_page(page, language)
        assert page.evaluate(NAV_ROWS) == 1, f"{path}: the menu wraps at 1280 px"
    # Offer the open request to the best candidate.
    page.goto(f"/{language}/volunteers/coordinator/requests/{data['open_request'].pk}/")
    page.locator(".candidate-list input[type=checkbox]").first.check()
    page.locator("form:has(input[value=offer]) button[type=submit]").click()
    expect(page.locator(".message")).to_be_visible()
    check_page(page, language)
    assert Offer.objects.filter(request=data["open_request"]).exists()
