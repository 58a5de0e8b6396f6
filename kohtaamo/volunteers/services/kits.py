"""Lending kits (museum kits, memory cases, art): one loan calendar, no double loans.

:func:`lend` takes the kit's row lock, checks the days against the loans already made
(SQLite has no exclusion constraints) and leaves PostgreSQL's exclusion constraint as
the last guard; either way a clash is :class:`~.errors.KitTaken`.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import Unit, User

from ..models import HelpRequest, Kit, KitLoan, Volunteer
from .errors import KitTaken, local_date

LONGEST_LOAN_DAYS = 92


def _may_borrow(by: User, kit: Kit, volunteer: Volunteer | None) -> bool:
    if volunteer is not None and volunteer.user_id == by.pk:
        return True
    return by.has_perm("volunteers.borrow_kit", kit) or by.has_perm("volunteers.change_kit", kit)


def overlapping(kit: Kit, starts_on: date, ends_on: date) -> QuerySet[KitLoan]:
    return KitLoan.objects.filter(
        kit=kit, is_cancelled=False, starts_on__lte=ends_on, ends_on__gte=starts_on
    )


def lend(
    kit: Kit,
    *,
    starts_on: date,
    ends_on: date,
    volunteer: Volunteer | None = None,
    unit: Unit | None = None,
    request: HelpRequest | None = None,
    note: str = "",
    by: User,
    now: datetime | None = None,
) -> KitLoan:
    """Lend ``kit`` for the days ``starts_on``..``ends_on`` (both included) to a
    volunteer or a unit; :class:`KitTaken` when any of the days is taken."""
    now = now or timezone.now()
    if (volunteer is None) == (unit is None):
        raise ValidationError(_("Choose who borrows the kit."), code="borrower")
    if not _may_borrow(by, kit, volunteer):
        raise PermissionDenied
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The loan ends on or after the day it starts.")})
    if starts_on < local_date(now):
        raise ValidationError({"starts_on": _("A loan cannot start in the past.")})
    if (ends_on - starts_on).days >= LONGEST_LOAN_DAYS:
        raise ValidationError(
            {"ends_on": _("A loan can last at most %(days)s days.") % {"days": LONGEST_LOAN_DAYS}}
        )
    with transaction.atomic():
        locked = Kit.objects.select_for_update().get(pk=kit.pk)
        if not locked.is_active:
            raise ValidationError(_("This kit cannot be borrowed now."), code="inactive")
        if overlapping(locked, starts_on, ends_on).exists():
            raise KitTaken
        try:
            with transaction.atomic():
                return KitLoan.objects.create(
                    kit=locked,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    volunteer=volunteer,
                    unit=unit,
                    request=request,
                    note=note.strip()[:200],
                    created_by=by,
                )
        except IntegrityError as error:
            if "kit_loan_no_overlap" in str(error) or "exclusion" in str(error).lower():
                raise KitTaken from None
            raise


def return_kit(loan: KitLoan, *, on: date | None = None, by: User) -> KitLoan:
    if not _may_borrow(by, loan.kit, loan.volunteer):
        raise PermissionDenied
    KitLoan.objects.filter(pk=loan.pk).update(returned_on=on or timezone.localdate())
    loan.refresh_from_db()
    return loan


def cancel_loan(loan: KitLoan, *, by: User) -> KitLoan:
    """A loan not needed after all frees its days."""
    if not _may_borrow(by, loan.kit, loan.volunteer):
        raise PermissionDenied
    KitLoan.objects.filter(pk=loan.pk).update(is_cancelled=True)
    loan.refresh_from_db()
    return loan


def calendar(kits: QuerySet[Kit], starts_on: date, ends_on: date) -> list[KitLoan]:
    """The loans of ``kits`` touching the days ``starts_on``..``ends_on``."""
    return list(
        KitLoan.objects.filter(
            kit__in=kits, is_cancelled=False, starts_on__lte=ends_on, ends_on__gte=starts_on
        )
        .select_related("kit", "volunteer", "unit")
        .order_by("kit__name_fi", "starts_on")
    )
