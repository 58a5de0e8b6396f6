"""Kits lent without double loans; expenses approved and exported."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from kohtaamo.accounts.roles import Role
from kohtaamo.volunteers import services
from kohtaamo.volunteers.models import Expense, Kit
from kohtaamo.volunteers.states import ExpenseState, TransitionNotAllowed
from tests import factories

from .conftest import NOW, START

pytestmark = pytest.mark.django_db


@pytest.fixture
def kit(programme):
    return Kit.objects.create(
        organisation=programme.organisation, kind="memory_case", name_fi="Muistilaukku 1"
    )


@pytest.fixture
def care_home(nurse):
    return nurse.test_unit


def test_a_kit_is_lent_once_a_day(kit, coordinator, care_home, make_volunteer):
    volunteer = make_volunteer()
    first = services.lend(
        kit,
        starts_on=date(2027, 3, 8),
        ends_on=date(2027, 3, 12),
        unit=care_home,
        by=coordinator,
        now=NOW,
    )
    with pytest.raises(services.KitTaken) as taken:
        services.lend(
            kit,
            starts_on=date(2027, 3, 12),
            ends_on=date(2027, 3, 14),
            volunteer=volunteer,
            by=volunteer.user,
            now=NOW,
        )
    assert taken.value.code == "kit_taken" and str(taken.value.message)
    # The day after is free; so are the days of a cancelled loan.
    services.lend(
        kit,
        starts_on=date(2027, 3, 13),
        ends_on=date(2027, 3, 14),
        volunteer=volunteer,
        by=volunteer.user,
        now=NOW,
    )
    services.cancel_loan(first, by=coordinator)
    services.lend(
        kit,
        starts_on=date(2027, 3, 8),
        ends_on=date(2027, 3, 9),
        unit=care_home,
        by=coordinator,
        now=NOW,
    )
    assert [
        loan.starts_on.day
        for loan in services.calendar(Kit.objects.all(), date(2027, 3, 1), date(2027, 3, 31))
    ] == [8, 13]


def test_a_loan_is_checked(kit, coordinator, care_home, make_volunteer):
    with pytest.raises(ValidationError):
        services.lend(
            kit,
            starts_on=date(2027, 3, 8),
            ends_on=date(2027, 3, 7),
            unit=care_home,
            by=coordinator,
            now=NOW,
        )
    with pytest.raises(ValidationError):
        services.lend(
            kit,
            starts_on=date(2027, 2, 8),
            ends_on=date(2027, 3, 7),
            unit=care_home,
            by=coordinator,
            now=NOW,
        )
    with pytest.raises(ValidationError):
        services.lend(
            kit, starts_on=date(2027, 3, 8), ends_on=date(2027, 3, 9), by=coordinator, now=NOW
        )
    stranger = factories.member(Role.PROVIDER)
    with pytest.raises(PermissionDenied):
        services.lend(
            kit,
            starts_on=date(2027, 3, 8),
            ends_on=date(2027, 3, 9),
            unit=care_home,
            by=stranger,
            now=NOW,
        )
    someone = make_volunteer()
    with pytest.raises(PermissionDenied):
        services.lend(
            kit,
            starts_on=date(2027, 3, 8),
            ends_on=date(2027, 3, 9),
            volunteer=someone,
            by=make_volunteer().user,
            now=NOW,
        )


@pytest.fixture
def visited(make_volunteer, make_request, coordinator):
    volunteer = make_volunteer(full_name="Aada")
    assignment = services.assign(make_request(), volunteer, by=coordinator, now=NOW)
    services.log_visit(
        assignment, minutes=120, people=1, by=volunteer.user, now=START + timedelta(hours=2)
    )
    return assignment


def test_expenses_from_claim_to_payment(visited, coordinator, make_volunteer):
    user = visited.volunteer.user
    after = START + timedelta(hours=3)
    with pytest.raises(PermissionDenied):
        services.submit_expense(
            visited, kind="travel", amount="12,40", by=make_volunteer().user, now=after
        )
    for amount in ("0", "1000.01", "abc"):
        with pytest.raises(ValidationError):
            services.submit_expense(visited, kind="ticket", amount=amount, by=user, now=after)
    with pytest.raises(ValidationError):
        services.submit_expense(
            visited, kind="ticket", amount="5", by=user, now=START - timedelta(days=1)
        )

    travel = services.submit_expense(
        visited, kind="travel", amount="12,40", kilometres=20, by=user, now=after
    )
    ticket = services.submit_expense(
        visited, kind="ticket", amount=Decimal("15"), description="=SUM(A1)", by=user, now=after
    )
    assert travel.amount == Decimal("12.40") and travel.state == ExpenseState.SUBMITTED

    with pytest.raises(PermissionDenied):
        services.decide_expense(travel, "approve", by=user)
    services.decide_expense(travel, "approve", by=coordinator, now=after)
    services.decide_expense(travel, "mark_paid", by=coordinator, now=after)
    services.decide_expense(ticket, "reject", by=coordinator, now=after)
    with pytest.raises(TransitionNotAllowed):
        services.decide_expense(ticket, "mark_paid", by=coordinator, now=after)
    assert Expense.objects.get(pk=travel.pk).state == ExpenseState.PAID

    expenses = Expense.objects.order_by("pk")
    csv_text = services.export_csv(expenses)
    assert "Aada" in csv_text and "12.4" in csv_text
    assert "'=SUM(A1)" in csv_text  # never a formula
    sheet = load_workbook(io.BytesIO(services.export_xlsx(expenses))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Aada" and rows[1][3] == 12.4 and len(rows) == 3
