"""The county's inventory of arts inside care: every engagement in its care units.

A coordinator sees every engagement in the care units of their county, running and
completed, by unit type, target group, art form, step and funding, with what the
sessions gave. Counts of people (participant-sessions) under five are shown as "<5",
on the page and in the CSV and XLSX files alike (``core.tables``).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import User
from kohtaamo.core.tables import Table, suppress

from ..models import Engagement
from ..states import Status
from .access import INVENTORY
from .ending import step_five_rates


def inventory_engagements(user: User) -> QuerySet[Engagement]:
    """The engagements of the care units ``user``'s county inventory covers."""
    held = Q(sessions__took_place=True)
    return (
        Engagement.objects.reachable_by(user, INVENTORY)
        .select_related("care_unit__organisation", "artist", "step", "funding", "county")
        .prefetch_related("art_forms", "target_groups")
        .annotate(
            held=Count("sessions", filter=held),
            participant_sessions=Sum("sessions__participants", filter=held),
            art_minutes=Sum("sessions__minutes", filter=held),
            staff_minutes=Sum(F("sessions__minutes") * F("sessions__staff_present"), filter=held),
        )
        .order_by(
            "county__name_fi", "care_unit__organisation__name_fi", "care_unit__name_fi", "name"
        )
    )


def _names(items: Iterable[Any]) -> str:
    return ", ".join(item.name for item in items)


@dataclass
class Inventory:
    engagements: list
    by_status: list  # [(label, count)]
    by_art_form: list
    by_unit_type: list
    by_setting: list
    step_five: list  # [ending.StepFiveRate] at 3 and 6 months

    def table(self) -> Table:
        table = Table(
            headers=[
                _("Engagement"),
                _("County"),
                _("Care unit"),
                _("Unit type"),
                _("Setting"),
                _("Kind"),
                _("Target groups"),
                _("Art forms"),
                _("Step"),
                _("Funding source"),
                _("Status"),
                _("Artist"),
                _("First day"),
                _("Last day"),
                _("Planned sessions"),
                _("Sessions held"),
                _("Participant-sessions"),
                _("Minutes of art"),
                _("Staff hours"),
            ],
            title=_("Arts inside care"),
        )
        for engagement in self.engagements:
            table.rows.append(
                [
                    engagement.name,
                    engagement.county.name,
                    f"{engagement.care_unit.organisation.name} – {engagement.care_unit.name}",
                    engagement.care_unit.get_kind_display(),
                    engagement.get_setting_display(),
                    engagement.get_kind_display(),
                    _names(engagement.target_groups.all()),
                    _names(engagement.art_forms.all()),
                    engagement.step.number if engagement.step else "",
                    engagement.funding.name if engagement.funding else "",
                    engagement.get_status_display(),
                    engagement.artist.name,
                    engagement.starts_on,
                    engagement.ends_on,
                    engagement.planned_sessions,
                    engagement.held,
                    suppress(engagement.participant_sessions or 0),
                    engagement.art_minutes or 0,
                    round((engagement.staff_minutes or 0) / 60, 1),
                ]
            )
        return table


def _counted(counter: Counter) -> list:
    return sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))


def inventory(user: User) -> Inventory:
    rows = list(inventory_engagements(user))
    art_forms: Counter = Counter()
    for engagement in rows:
        for art_form in engagement.art_forms.all():
            art_forms[art_form.name] += 1
    status_counts = Counter(engagement.status for engagement in rows)
    return Inventory(
        engagements=rows,
        by_status=[(status.label, status_counts[status]) for status in Status],
        by_art_form=_counted(art_forms),
        by_unit_type=_counted(Counter(e.care_unit.get_kind_display() for e in rows)),
        by_setting=_counted(Counter(e.get_setting_display() for e in rows)),
        step_five=step_five_rates(Engagement.objects.reachable_by(user, INVENTORY)),
    )
