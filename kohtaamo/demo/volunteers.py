"""Demo volunteer culture guides and companions (kulttuuriluotsit, kulttuurikaverit).

Two programmes, as the Taike 2025 report describes them: the Kuopio City Library's
culture guides in North Savo and an association's culture buddies in Pori, Satakunta
(reached there through the culture prescription). About thirty made-up volunteers with
their weekly times, languages, trainings (some ending within a month) and record checks;
companion requests in every state, one asked for from the demo referral that needs a
companion and one from a demo card booking with a companion; kits to lend, with loans.

The demo volunteer (``volunteer@``) is a Kuopio culture guide with an offer waiting and
a visit coming up; ``volunteers@`` coordinates the Kuopio programme. Dates are counted
from today when a row is first made. Rows are found again by natural keys (a
programme's address name, a volunteer's e-mail, a request's client alias in its
programme, a kit's name), so seeding again creates nothing new.
"""

import datetime

from django.utils import timezone

from kohtaamo.accounts.models import User
from kohtaamo.cards.models import Reservation
from kohtaamo.core.models import ArtForm, Language, Municipality
from kohtaamo.referrals.models import Referral
from kohtaamo.volunteers.models import (
    Absence,
    Assignment,
    Assistance,
    HelpKind,
    HelpRequest,
    Kit,
    KitLoan,
    Offer,
    Programme,
    RequestSource,
    Training,
    TrainingKind,
    Volunteer,
    WeeklyAvailability,
)
from kohtaamo.volunteers.states import OfferState, RequestStatus, VolunteerStatus

from .credentials import demo_email
from .volunteer_people import KUOPIO, PROGRAMMES, VOLUNTEERS
from .volunteer_requests import KITS, OLDER_PEOPLE, REQUESTS, RequestSpec

DEMO_REFERRAL = "savo-companion"


def seed_volunteers(report):
    today = timezone.localdate()
    now = timezone.now()
    programmes = {spec.slug: _programme(spec, report) for spec in PROGRAMMES}
    coordinator = report.users.get("volunteers")
    volunteers = {
        spec.key: _volunteer(spec, programmes[spec.programme], coordinator, today, now, report)
        for spec in VOLUNTEERS
    }
    requests = {}
    for spec in REQUESTS:
        requests[spec.alias] = _request(spec, programmes, volunteers, coordinator, now, report)
    requests["referral"] = _from_referral(programmes[KUOPIO], volunteers, coordinator, now, report)
    requests["card"] = _from_card_booking(programmes[KUOPIO], volunteers, now, report)
    _kits(report, volunteers, requests, today)


def _programme(spec, report):
    name_fi, name_sv, name_en = spec.names
    description_fi, description_sv, description_en = spec.descriptions
    unit = report.units[spec.organisation, spec.unit] if spec.unit else None
    programme, created = Programme.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "organisation": report.organisations[spec.organisation],
            "unit": unit,
            "name_fi": name_fi,
            "name_sv": name_sv,
            "name_en": name_en,
            "description_fi": description_fi,
            "description_sv": description_sv,
            "description_en": description_en,
            "help_kinds": list(spec.help_kinds),
            "email": spec.email,
            "phone": spec.phone,
            "accepts_applications": True,
            "is_active": True,
        },
    )
    programme.municipalities.set(Municipality.objects.filter(code__in=spec.municipalities))
    report.count(Programme, created)
    return programme


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _volunteer(spec, programme, coordinator, today, now, report):
    email = demo_email(spec.key) if spec.key == "volunteer" else f"{spec.key}@example.fi"
    user = (
        User.objects.filter(email=demo_email(spec.key)).first() if spec.key == "volunteer" else None
    )
    volunteer = Volunteer.objects.filter(programme=programme, email=email).first()
    created = volunteer is None
    if created:
        number = VOLUNTEERS.index(spec)
        decided = spec.status != VolunteerStatus.APPLIED
        volunteer = Volunteer.objects.create(
            programme=programme,
            user=user,
            status=spec.status,
            full_name=spec.name,
            email=email,
            phone=f"+35840000{1000 + number:04d}"[:13],
            mobility=list(spec.mobility),
            assistance=list(spec.assistance),
            help_kinds=[HelpKind.ACCOMPANY]
            + ([HelpKind.GROUP_VISIT] if spec.memory_training else []),
            monthly_cap=spec.cap,
            motivation="",
            record_checked_on=(
                today - datetime.timedelta(days=365 * spec.record_check_years_ago)
                if spec.record_check_years_ago
                else None
            ),
            record_checked_by=coordinator if spec.record_check_years_ago else None,
            agreement_signed_on=today - datetime.timedelta(days=200) if decided else None,
            consent_at=now - datetime.timedelta(days=210 - number),
            decided_at=now - datetime.timedelta(days=200) if decided else None,
            decided_by=coordinator if decided else None,
        )
        area = spec.municipalities or None
        volunteer.municipalities.set(
            Municipality.objects.filter(code__in=area) if area else programme.municipalities.all()
        )
        volunteer.languages.set(Language.objects.filter(code__in=spec.languages))
        volunteer.interests.set(ArtForm.objects.filter(code__in=spec.interests))
        for weekday, start, end in spec.weekly:
            WeeklyAvailability.objects.create(
                volunteer=volunteer,
                weekday=weekday,
                starts=datetime.time(start),
                ends=datetime.time(end) if end < 24 else datetime.time(23, 59),
            )
        if spec.away_in is not None:
            Absence.objects.create(
                volunteer=volunteer,
                starts_on=today + datetime.timedelta(days=spec.away_in),
                ends_on=today + datetime.timedelta(days=spec.away_in + 6),
            )
        if decided:
            _trainings(volunteer, spec, today)
    elif user is not None and volunteer.user_id is None:
        Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
    report.count(Volunteer, created)
    return volunteer


def _trainings(volunteer, spec, today):
    Training.objects.create(
        volunteer=volunteer,
        kind=TrainingKind.BASIC,
        title="Kulttuuriluotsien peruskoulutus",
        completed_on=today - datetime.timedelta(days=230),
    )
    if spec.first_aid_ends_in is not None:
        ends = today + datetime.timedelta(days=spec.first_aid_ends_in)
        Training.objects.create(
            volunteer=volunteer,
            kind=TrainingKind.FIRST_AID,
            title="EA1",
            completed_on=ends - datetime.timedelta(days=3 * 365),
            expires_on=ends,
        )
    if spec.memory_training:
        Training.objects.create(
            volunteer=volunteer,
            kind=TrainingKind.MEMORY,
            completed_on=today - datetime.timedelta(days=120),
        )


def _request(spec, programmes, volunteers, coordinator, now, report):
    programme = programmes[spec.programme]
    found = HelpRequest.objects.filter(programme=programme, client_alias=spec.alias).first()
    if found is not None:
        report.count(HelpRequest, False)
        return found
    day = timezone.localdate(now) + datetime.timedelta(days=spec.days)
    starts = _at(day, spec.hour)
    unit = report.units[spec.requesting_unit] if spec.requesting_unit else None
    request = HelpRequest.objects.create(
        programme=programme,
        source=spec.source,
        status=spec.status,
        requesting_unit=unit,
        requested_by=report.users.get("professional") if unit else None,
        help_kind=spec.help_kind,
        what=spec.what,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=spec.hours),
        fill_by=starts - datetime.timedelta(days=1),
        municipality=Municipality.objects.get(code=spec.municipality),
        meeting_point=spec.meeting_point,
        people=spec.people,
        language=Language.objects.get(code=spec.language),
        needs=list(spec.needs),
        client_alias=spec.alias,
        client_phone=spec.phone,
        client_agreed_to_share_phone=bool(spec.phone),
        cancelled_by=spec.cancel[0] if spec.cancel else "",
        cancel_reason=spec.cancel[1] if spec.cancel else "",
        unfilled_alert_at=starts - datetime.timedelta(days=1)
        if spec.status == RequestStatus.UNFILLED
        else None,
    )
    request.art_forms.set(ArtForm.objects.filter(code__in=spec.interests))
    # Backdated, as if asked for about a week before the visit.
    HelpRequest.objects.filter(pk=request.pk).update(
        created_at=min(now, starts - datetime.timedelta(days=7))
    )
    for key in spec.offered_to:
        Offer.objects.create(request=request, volunteer=volunteers[key])
    if spec.volunteer:
        _assignment(request, spec, volunteers[spec.volunteer], coordinator, report)
    report.count(HelpRequest, True)
    return request


def _assignment(request, spec, volunteer, coordinator, report):
    held = spec.status in (RequestStatus.ASSIGNED, RequestStatus.CONFIRMED)
    done = spec.status in (RequestStatus.TOOK_PLACE, RequestStatus.NO_SHOW)
    visit = spec.visit
    offer = Offer.objects.create(request=request, volunteer=volunteer, state=OfferState.ACCEPTED)
    Offer.objects.filter(pk=offer.pk).update(
        answered_at=request.starts_at - datetime.timedelta(days=5)
    )
    assignment = Assignment.objects.create(
        request=request,
        volunteer=volunteer,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        is_active=held or done,
        assigned_by=coordinator,
        confirmed_at=(
            request.starts_at - datetime.timedelta(days=2)
            if spec.status != RequestStatus.ASSIGNED
            else None
        ),
        ended_at=request.ends_at if done or spec.cancel else None,
        took_place=True
        if spec.status == RequestStatus.TOOK_PLACE
        else (False if spec.status == RequestStatus.NO_SHOW else None),
        minutes=visit.get("minutes"),
        people_reached=visit.get("people"),
        what_was_done=visit.get("what", ""),
        how_it_went=visit.get("how"),
        reported_at=request.ends_at if done else None,
        client_rating=spec.client_rating,
    )
    report.count(Assignment, True)
    return assignment


def _from_referral(programme, volunteers, coordinator, now, report):
    """The demo referral whose nurse ticked "needs a companion": the culture advisor
    asked for a guide to the agreed concert, and the demo volunteer took it."""
    referral = Referral.objects.filter(public_token=f"demo-{DEMO_REFERRAL}").first()
    if referral is None:
        return None
    found = HelpRequest.objects.filter(referral=referral).first()
    if found is not None:
        report.count(HelpRequest, False)
        return found
    event = referral.agreed_event
    starts = event.start if event is not None else now + datetime.timedelta(days=4)
    if starts < now + datetime.timedelta(hours=12):
        starts = _at(timezone.localdate(now) + datetime.timedelta(days=4), 17)
    ends = event.end if event is not None and event.end and event.end > starts else None
    request = HelpRequest.objects.create(
        programme=programme,
        source=RequestSource.REFERRAL,
        status=RequestStatus.ASSIGNED,
        referral=referral,
        requesting_unit=referral.issuing_unit,
        requested_by=report.users.get("professional"),
        event=event,
        what=event.name_fi if event is not None else "Konsertti",
        starts_at=starts,
        ends_at=ends or starts + datetime.timedelta(hours=2),
        fill_by=starts - datetime.timedelta(days=1),
        municipality=(event.municipality if event is not None and event.municipality else None)
        or Municipality.objects.get(code="297"),
        meeting_point="Pääovella, puoli tuntia ennen alkua",
        language=referral.language,
        needs=[Assistance.WALKING_SUPPORT],
        needs_note="Kävelee rollaattorin kanssa.",
        # The client's first name only; the referral's reasons never come along.
        client_alias="Lempi",
    )
    request.art_forms.set(referral.interests.all())
    spec = RequestSpec(
        "Lempi", KUOPIO, RequestStatus.ASSIGNED, RequestSource.REFERRAL, 4, 17, "", ""
    )
    _assignment(request, spec, volunteers["volunteer"], coordinator, report)
    report.count(HelpRequest, True)
    return request


def _from_card_booking(programme, volunteers, now, report):
    """Demo card 2 booked a concert with a companion and asked for a volunteer one: the
    request is offered to three guides, the demo volunteer among them."""
    reservation = (
        Reservation.objects.filter(idempotency_key="demo-booking-2-companion")
        .select_related("offer__event")
        .first()
    )
    if reservation is None:
        return None
    found = HelpRequest.objects.filter(reservation=reservation).first()
    if found is not None:
        report.count(HelpRequest, False)
        return found
    event = reservation.offer.event
    starts = event.start
    request = HelpRequest.objects.create(
        programme=programme,
        source=RequestSource.CARD_BOOKING,
        status=RequestStatus.OFFERED,
        reservation=reservation,
        event=event,
        what=event.name_fi,
        starts_at=starts,
        ends_at=event.end
        if event.end and event.end > starts
        else starts + datetime.timedelta(hours=2),
        fill_by=max(now + datetime.timedelta(hours=1), starts - datetime.timedelta(days=1))
        if starts > now + datetime.timedelta(hours=1)
        else starts,
        municipality=event.municipality or Municipality.objects.get(code="297"),
        meeting_point="Lipunmyynnin luona",
        language=Language.objects.get(code="fi"),
        client_alias="Pirjo",
    )
    for key in ("volunteer", "luotsi.aalto", "luotsi.tuomi"):
        Offer.objects.create(request=request, volunteer=volunteers[key])
    report.count(HelpRequest, True)
    return request


def _kits(report, volunteers, requests, today):
    kits = {}
    for spec in KITS:
        name_fi, name_sv, name_en = spec.names
        kit, created = Kit.objects.update_or_create(
            organisation=report.organisations[spec.organisation],
            name_fi=name_fi,
            defaults={
                "unit": report.units[spec.organisation, spec.unit] if spec.unit else None,
                "kind": spec.kind,
                "name_sv": name_sv,
                "name_en": name_en,
                "pickup": spec.pickup,
                "is_active": True,
            },
        )
        report.count(Kit, created)
        kits[spec.kind, spec.organisation] = kit
    memory_case = kits[Kit.Kind.MEMORY_CASE, "kuopio"]
    museum_kit = kits[Kit.Kind.MUSEUM_KIT, "kuopio"]
    if KitLoan.objects.filter(kit__in=kits.values()).exists():
        report.count_many(KitLoan, 0, KitLoan.objects.filter(kit__in=kits.values()).count())
        return
    group_visit = requests.get("Ruusula")
    day = timezone.localdate(group_visit.starts_at) if group_visit else today
    loans = [
        # The memory case went with the guide to the care home's group, and came back.
        KitLoan(
            kit=memory_case,
            starts_on=day - datetime.timedelta(days=1),
            ends_on=day + datetime.timedelta(days=1),
            unit=report.units[OLDER_PEOPLE],
            request=group_visit,
            returned_on=day + datetime.timedelta(days=1),
        ),
        # The care home has it again next week, for a week.
        KitLoan(
            kit=memory_case,
            starts_on=today + datetime.timedelta(days=7),
            ends_on=today + datetime.timedelta(days=13),
            unit=report.units[OLDER_PEOPLE],
            note="Ikäihmisten viikko",
        ),
        # The demo volunteer borrows the museum kit for a visit this week.
        KitLoan(
            kit=museum_kit,
            starts_on=today + datetime.timedelta(days=1),
            ends_on=today + datetime.timedelta(days=3),
            volunteer=volunteers["volunteer"],
        ),
        KitLoan(
            kit=kits[Kit.Kind.MUSEUM_KIT, "pori"],
            starts_on=today - datetime.timedelta(days=3),
            ends_on=today + datetime.timedelta(days=4),
            volunteer=volunteers["kaveri.saari"],
        ),
    ]
    KitLoan.objects.bulk_create(loans)
    report.count_many(KitLoan, len(loans), 0)
