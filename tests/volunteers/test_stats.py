"""The coordinator's dashboard and the county's numbers, small counts hidden."""

from datetime import date, datetime, timedelta

import pytest

from kohtaamo.volunteers import services, stats
from kohtaamo.volunteers.models import Assignment, HelpRequest, Training
from kohtaamo.volunteers.states import RequestStatus

from .conftest import HELSINKI, NOW, START

pytestmark = pytest.mark.django_db


def visit(make_request, volunteer, coordinator, start, *, minutes=60, people=2):
    request = make_request(start=start, fill_by=start - timedelta(days=1))
    HelpRequest.objects.filter(pk=request.pk).update(created_at=start - timedelta(days=3))
    assignment = Assignment.objects.create(
        request=request, volunteer=volunteer, starts_at=request.starts_at, ends_at=request.ends_at
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        assigned_at=start - timedelta(days=2),
        took_place=True,
        minutes=minutes,
        people_reached=people,
    )
    HelpRequest.objects.filter(pk=request.pk).update(status=RequestStatus.TOOK_PLACE)
    return request


def test_county_numbers_per_municipality_and_month(
    make_volunteer, make_request, coordinator, programme
):
    volunteer = make_volunteer(monthly_cap=20)
    for day in range(1, 7):
        visit(
            make_request,
            volunteer,
            coordinator,
            datetime(2027, 2, day, 12, tzinfo=HELSINKI),
            minutes=90,
        )
    # The last evening of January in Helsinki is January's, whatever UTC says.
    visit(
        make_request,
        volunteer,
        coordinator,
        datetime(2027, 1, 31, 23, 30, tzinfo=HELSINKI) - timedelta(hours=2),
    )
    unfilled = make_request(
        start=datetime(2027, 2, 20, 12, tzinfo=HELSINKI),
        fill_by=datetime(2027, 2, 18, tzinfo=HELSINKI),
    )
    HelpRequest.objects.filter(pk=unfilled.pk).update(status=RequestStatus.UNFILLED)

    rows = stats.county_rows(
        HelpRequest.objects.all(), start=date(2027, 1, 1), end=date(2027, 2, 28)
    )
    january, february = rows
    assert (january.month, january.requests, january.visits) == (date(2027, 1, 1), 1, 1)
    assert (february.requests, february.filled, february.visits) == (7, 6, 6)
    assert (february.hours, february.people, february.share_filled) == (9.0, 12, 86)

    table = stats.county_table(rows)
    assert table.rows[0][2:] == ["<5", "<5", "<5", "<5", "<5", "<5"]
    assert table.rows[1][2:] == [7, 6, 86, 6, 9.0, 12]


def test_the_dashboard(make_volunteer, make_request, coordinator, programme):
    busy = make_volunteer(full_name="Busy", monthly_cap=3)
    idle = make_volunteer(full_name="Idle")
    make_volunteer(
        full_name="Expiring",
        trainings=(("basic", date(2024, 3, 1), date(2027, 3, 20)),),
    )
    Training.objects.create(
        volunteer=idle, kind="first_aid", completed_on=date(2024, 1, 1), expires_on=date(2027, 3, 5)
    )
    Training.objects.create(
        volunteer=idle, kind="first_aid", completed_on=date(2027, 1, 1), expires_on=date(2030, 1, 1)
    )
    visit(
        make_request,
        busy,
        coordinator,
        datetime(2027, 2, 10, 12, tzinfo=HELSINKI),
        minutes=120,
        people=1,
    )
    soon = make_request(start=START, fill_by=START - timedelta(days=1))
    later = make_request(start=START + timedelta(days=5), fill_by=START)
    services.assign(
        make_request(start=datetime(2027, 3, 3, 14, tzinfo=HELSINKI)), busy, by=coordinator, now=NOW
    )

    board = stats.dashboard(programme, now=NOW)
    assert [r.pk for r in board.open_requests][:2] == [soon.pk, later.pk]
    assert board.share_filled == 100
    # One found a day after it was asked for, one at once: the median is half a day.
    assert abs(board.median_time_to_fill - timedelta(hours=12)) < timedelta(seconds=5)
    assert [(m.month, m.visits, m.hours) for m in board.hours_by_month] == [
        (date(2027, 2, 1), 1, 2.0)
    ]
    assert {v.full_name for v in board.inactive} == {"Idle", "Expiring"}
    assert [t.volunteer.full_name for t in board.expiring_trainings] == ["Expiring"]
    load = {item.volunteer.full_name: item for item in board.load}
    assert (load["Busy"].this_month, load["Busy"].last_90_days, load["Busy"].upcoming) == (1, 1, 1)
    assert board.counts["active"] == 3
