"""The volunteer coordinator's pages and the numbers page: a coordinator reaches only
their own programme's volunteers, requests, costs and kits."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import Language
from kohtaamo.volunteers.models import Assignment, Expense, Kit, KitLoan, Offer, Programme
from kohtaamo.volunteers.states import ExpenseState, RequestStatus, VolunteerStatus
from tests import factories

pytestmark = pytest.mark.django_db


def soon(days=5):
    start = timezone.localtime() + timedelta(days=days)
    return start.replace(hour=14, minute=0, second=0, microsecond=0)


@pytest.fixture
def other_programme(db):
    association = factories.organisation(name_fi="Porin kulttuurikaverit ry")
    programme = Programme.objects.create(
        organisation=association, slug="porin-kaverit", name_fi="Porin kulttuurikaverit"
    )
    programme.municipalities.set([factories.municipality("609")])
    programme.test_coordinator = factories.member(
        Role.VOLUNTEER_COORDINATOR, organisation=association
    )
    return programme


def test_dashboard_for_the_coordinator_only(login, coordinator, make_request):
    make_request(start=soon(2), what="Konsertti")
    page = login(coordinator).get(reverse("volunteers:dashboard"))
    assert page.status_code == 200
    assert "Konsertti" in page.content.decode()
    nurse = factories.member(Role.PROFESSIONAL, unit=factories.unit(factories.organisation()))
    assert login(nurse).get(reverse("volunteers:dashboard")).status_code == 403


def test_the_coordinator_lands_on_the_dashboard(client, coordinator):
    coordinator.set_password("salasana-123456")
    coordinator.save()
    factories.totp_device(coordinator)
    response = client.post(
        reverse("accounts:login"), {"username": coordinator.email, "password": "salasana-123456"}
    )
    # The code step comes first, and then the dashboard.
    assert reverse("volunteers:dashboard").replace("/", "%2F") in response["Location"]


def test_another_programmes_rows_are_not_found(
    login, coordinator, other_programme, make_volunteer, make_request
):
    theirs = make_volunteer(programme=other_programme, municipalities=("609",))
    request = make_request(
        programme=other_programme, municipality=factories.municipality("609"), start=soon(3)
    )
    client = login(coordinator)
    assert client.get(reverse("volunteers:volunteer", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("volunteers:request", args=[request.pk])).status_code == 404
    assert (
        client.post(reverse("volunteers:decide", args=[theirs.pk]), {"move": "decline"}).status_code
        == 404
    )
    dashboard = client.get(reverse("volunteers:dashboard")).content.decode()
    assert theirs.full_name not in dashboard


def test_approve_an_application(login, coordinator, make_volunteer):
    applicant = make_volunteer(status=VolunteerStatus.APPLIED, user=False, full_name="Hakija")
    client = login(coordinator)
    assert "Hakija" in client.get(reverse("volunteers:applications")).content.decode()
    response = client.post(reverse("volunteers:decide", args=[applicant.pk]), {"move": "approve"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == VolunteerStatus.APPROVED
    assert applicant.user is not None


def test_profile_keeps_record_check_date_and_who(login, coordinator, make_volunteer):
    volunteer = make_volunteer()
    client = login(coordinator)
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = client.post(
        reverse("volunteers:volunteer", args=[volunteer.pk]),
        {"save_record": "1", "record_checked_on": day, "agreement_signed_on": day},
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.record_checked_by == coordinator
    assert volunteer.agreement_signed_on.isoformat() == day
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    wrong = client.post(
        reverse("volunteers:volunteer", args=[volunteer.pk]),
        {"add_training": "1", "kind": "first_aid", "completed_on": future},
    )
    assert wrong.status_code == 400
    assert 'href="#id_completed_on"' in wrong.content.decode()


def test_request_page_ranks_candidates_and_says_why_not_the_others(
    login, coordinator, make_volunteer, make_request
):
    start = soon(7)
    weekly = ((start.weekday(), start.time().replace(hour=10), start.time().replace(hour=20)),)
    fit = make_volunteer(full_name="Sopiva", weekly=weekly)
    make_volunteer(full_name="Ruotsinkielinen", languages=("sv",), weekly=weekly)
    request = make_request(start=start, language=Language.objects.get(code="fi"))
    client = login(coordinator)
    page = client.get(reverse("volunteers:request", args=[request.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sopiva" in text
    # The Swedish speaker is listed among those not suggested, with the reason.
    assert "Ruotsinkielinen" in text.split("<details>")[1]
    response = client.post(
        reverse("volunteers:request_move", args=[request.pk]),
        {"action": "offer", "volunteers": [str(fit.pk)]},
    )
    assert response.status_code == 302
    assert Offer.objects.filter(request=request, volunteer=fit).exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED


def test_cancel_needs_who_and_why(login, coordinator, make_request):
    request = make_request(start=soon(3))
    client = login(coordinator)
    url = reverse("volunteers:request_move", args=[request.pk])
    missing = client.post(url, {"action": "cancel", "cancelled_by": "client"})
    assert missing.status_code == 400
    assert 'href="#id_reason"' in missing.content.decode()
    client.post(url, {"action": "cancel", "cancelled_by": "client", "reason": "Sairastui"})
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert request.cancelled_by == "client"


def test_expenses_approval_and_export(login, coordinator, make_volunteer, make_request):
    volunteer = make_volunteer(full_name="Kulukas")
    start = timezone.now() - timedelta(days=2)
    request = make_request(start=start, fill_by=start - timedelta(days=1), status="took_place")
    assignment = Assignment.objects.create(
        request=request, volunteer=volunteer, starts_at=request.starts_at, ends_at=request.ends_at
    )
    expense = Expense.objects.create(assignment=assignment, kind="ticket", amount="15.00")
    client = login(coordinator)
    page = client.get(reverse("volunteers:expenses"))
    assert "Kulukas" in page.content.decode()
    client.post(reverse("volunteers:expenses"), {"expense": expense.pk, "move": "approve"})
    expense.refresh_from_db()
    assert expense.state == ExpenseState.APPROVED
    exported = client.get(reverse("volunteers:expenses_csv") + "?state=all")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1][0] == "Kulukas"
    xlsx = client.get(reverse("volunteers:expenses_xlsx") + "?state=all")
    assert xlsx.status_code == 200


def test_kits_register_lends_and_refuses_a_double_loan(login, coordinator, library, make_volunteer):
    volunteer = make_volunteer()
    kit = Kit.objects.create(organisation=library, kind="memory_case", name_fi="Muistilaukku")
    client = login(coordinator)
    first = (timezone.localdate() + timedelta(days=3)).isoformat()
    last = (timezone.localdate() + timedelta(days=6)).isoformat()
    data = {"kit": kit.pk, "volunteer": volunteer.pk, "starts_on": first, "ends_on": last}
    assert client.post(reverse("volunteers:kits"), data).status_code == 302
    again = client.post(reverse("volunteers:kits"), data)
    assert again.status_code == 400
    assert KitLoan.objects.count() == 1
    calendar = client.get(reverse("volunteers:kit_calendar")).content.decode()
    assert "Muistilaukku" in calendar and volunteer.full_name in calendar


def test_numbers_for_the_coordinator_and_the_county_not_for_a_nurse(login, coordinator):
    assert login(coordinator).get(reverse("volunteers:numbers")).status_code == 200
    csv_file = login(coordinator).get(reverse("volunteers:numbers_csv"))
    assert csv_file.status_code == 200
    nurse = factories.member(Role.PROFESSIONAL, unit=factories.unit(factories.organisation()))
    assert login(nurse).get(reverse("volunteers:numbers")).status_code == 403


def test_numbers_count_a_visit_as_under_five(login, coordinator, make_volunteer, make_request):
    start = timezone.now() - timedelta(days=2)
    request = make_request(start=start, fill_by=start - timedelta(days=1), status="took_place")
    Assignment.objects.create(
        request=request,
        volunteer=make_volunteer(),
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        took_place=True,
        minutes=90,
    )
    page = login(coordinator).get(reverse("volunteers:numbers"))
    table = page.context["table"]
    assert table.rows[0][0] == "Kuopio"
    assert table.rows[0][5] == "<5"


def test_the_numbers_page_offers_no_empty_see_also_to_a_volunteer_coordinator(login, coordinator):
    # A programme's coordinator reaches neither the referral nor the card numbers.
    page = login(coordinator).get(reverse("volunteers:numbers")).content.decode()
    assert "Katso myös" not in page and "See also" not in page
