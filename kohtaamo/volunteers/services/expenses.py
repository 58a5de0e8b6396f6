"""Travel and ticket costs: the volunteer submits, the coordinator approves, and the
approved ones go out as CSV or XLSX for payment."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import User
from kohtaamo.core.tables import Table, xlsx_bytes

from ..models import Assignment, Expense
from ..states import ExpenseMove, next_expense_state
from .errors import local_date

MAX_AMOUNT = Decimal("1000")


def submit_expense(
    assignment: Assignment,
    *,
    kind: str,
    amount: Decimal | str,
    kilometres: int | None = None,
    description: str = "",
    by: User,
    now: datetime | None = None,
) -> Expense:
    """The volunteer's claim for one assignment, after it started."""
    now = now or timezone.now()
    if assignment.volunteer.user_id != by.pk:
        raise PermissionDenied
    kind = Expense.Kind(kind)
    errors = {}
    try:
        value = Decimal(str(amount).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        value = Decimal("0")
    if not Decimal("0") < value <= MAX_AMOUNT:
        errors["amount"] = ValidationError(
            _("Write an amount from 0.01 to %(most)s euros.") % {"most": MAX_AMOUNT},
            code="amount",
        )
    if kilometres is not None and not 0 < kilometres <= 2000:
        errors["kilometres"] = ValidationError(_("Check the kilometres."), code="kilometres")
    if now < assignment.starts_at:
        errors["amount"] = ValidationError(
            _("Costs can be claimed once the visit has started."), code="not_started"
        )
    if errors:
        raise ValidationError(errors)
    return Expense.objects.create(
        assignment=assignment,
        kind=kind,
        amount=value,
        kilometres=kilometres,
        description=description.strip()[:200],
    )


def decide_expense(
    expense: Expense, move: str, *, by: User, now: datetime | None = None
) -> Expense:
    """Approve, reject or mark paid (the programme's coordinator)."""
    now = now or timezone.now()
    programme = expense.assignment.request.programme
    if not by.has_perm("volunteers.change_expense", programme):
        raise PermissionDenied
    with transaction.atomic():
        row = Expense.objects.select_for_update().get(pk=expense.pk)
        row.state = next_expense_state(row.state, ExpenseMove(move))
        row.decided_at, row.decided_by = now, by
        row.save(update_fields=["state", "decided_at", "decided_by"])
    expense.refresh_from_db()
    return expense


def expenses_table(expenses: Iterable[Expense]) -> Table:
    """One row per claim, for the coordinator's CSV or XLSX download."""
    table = Table(
        headers=[
            _("Volunteer"),
            _("Date of the visit"),
            _("Cost"),
            _("Amount (€)"),
            _("Kilometres"),
            _("What for"),
            _("State"),
            _("Decided"),
        ],
        title=_("Volunteer expenses"),
    )
    for expense in expenses:
        table.rows.append(
            [
                expense.assignment.volunteer.full_name,
                local_date(expense.assignment.starts_at),
                expense.get_kind_display(),
                float(expense.amount),
                expense.kilometres,
                expense.description,
                expense.get_state_display(),
                local_date(expense.decided_at) if expense.decided_at else None,
            ]
        )
    return table


def export_xlsx(expenses: Iterable[Expense]) -> bytes:
    return xlsx_bytes(expenses_table(expenses))


def export_csv(expenses: Iterable[Expense]) -> str:
    import csv
    import io

    from kohtaamo.core.tables import _formula_safe

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in expenses_table(expenses).as_lists():
        writer.writerow([_formula_safe(v) for v in row])
    return buffer.getvalue()
