"""What the referral API reads and writes (docs/decisions/0018-api-keys-and-webhooks.md).

The request is checked here for shape and for codes and ids that exist; what a
referral may be (its type's receiver, consent before personal data) is decided by the
referral services, whose refusals the API hands back as field errors.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kohtaamo.accounts.models import Unit
from kohtaamo.catalogue.models import Event, Service
from kohtaamo.catalogue.states import Status as ContentStatus
from kohtaamo.core.models import ArtForm, Language, Municipality

from .models import Consent, Need, Reason, ReferralClient, ReferralType, SharedData
from .services.drafting import check_client
from .states import Status

# --- Writing ------------------------------------------------------------------------

# Ids are 64-bit in the database: a larger number is an error, not an overflow.
MAX_ID = 2**63 - 1


def id_field(**options):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **options)


class ClientInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    birth_date = serializers.DateField(required=False, allow_null=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    contact_preference = serializers.ChoiceField(
        choices=ReferralClient.ContactPreference.choices,
        required=False,
        default=ReferralClient.ContactPreference.PHONE,
    )

    def validate(self, data):
        """The drafting service's rule on phone and birth date, as errors on the
        fields (``client.phone``); the phone comes back in E.164."""
        try:
            return check_client(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error


class ConsentInputSerializer(serializers.Serializer):
    shared = serializers.ListField(
        child=serializers.ChoiceField(choices=SharedData.choices), allow_empty=False
    )
    method = serializers.ChoiceField(choices=Consent.Method.choices)
    given_at = serializers.DateTimeField(
        required=False,
        help_text="When the client gave the consent (default: now).",
    )


def _codes(model, codes, field, errors, lookup="code"):
    found = {getattr(obj, lookup): obj for obj in model.objects.filter(**{f"{lookup}__in": codes})}
    missing = [code for code in codes if code not in found]
    if missing:
        errors[field] = [_("Unknown code: %(codes)s.") % {"codes": ", ".join(map(str, missing))}]
    return [found[code] for code in codes if code in found]


class ReferralCreateSerializer(serializers.Serializer):
    referral_type = serializers.SlugField(
        help_text="Code of a referral type in use in the issuing unit's county."
    )
    issuing_unit = id_field(
        required=False,
        help_text="Id of the unit that sends the referral. Default: the API key's unit; "
        "required for a key of a whole organisation.",
    )
    receiving_unit = id_field(
        required=False,
        allow_null=True,
        help_text="Id of the culture-advice or link-work unit, for types received by a unit.",
    )
    receiving_service = id_field(
        required=False,
        allow_null=True,
        help_text="Id of a published catalogue service, for types received by a service.",
    )
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=Reason.choices), required=False, default=list
    )
    reason_note = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    interests = serializers.ListField(
        child=serializers.SlugField(), required=False, default=list, help_text="Art form codes."
    )
    language = serializers.SlugField(
        required=False, allow_null=True, help_text="ISO 639 code of the client's language."
    )
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=Need.choices), required=False, default=list
    )
    needs_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    preferred_municipality = serializers.RegexField(
        r"^\d{3}$",
        required=False,
        allow_null=True,
        help_text="Municipality code (Statistics Finland, three digits).",
    )
    suggested_services = serializers.ListField(
        child=id_field(), required=False, default=list, max_length=50
    )
    suggested_events = serializers.ListField(
        child=id_field(), required=False, default=list, max_length=50
    )
    client = ClientInputSerializer(
        required=False,
        allow_null=True,
        help_text="The client's personal data: required for a personal type, refused for "
        "an anonymous prescription.",
    )
    consent = ConsentInputSerializer(
        required=False,
        allow_null=True,
        help_text="The client's consent to share their data with the receiver: required "
        "before a personal referral is issued.",
    )
    issue = serializers.BooleanField(
        required=False,
        default=True,
        help_text="true (default): issue the referral at once; false: keep it as a draft.",
    )

    def __init__(self, *args, api_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.api_key = api_key

    def validate(self, data):
        """Turn codes and ids into rows; unknown ones are errors on their field."""
        errors = {}
        key = self.api_key
        unit_id = data.get("issuing_unit") or (key.unit_id if key else None)
        issuing_unit = None
        if unit_id is None:
            errors["issuing_unit"] = [_("Name the unit that sends the referral.")]
        else:
            issuing_unit = Unit.objects.select_related("organisation").filter(pk=unit_id).first()
            if issuing_unit is None:
                errors["issuing_unit"] = [_("No unit has this id.")]
        data["issuing_unit"] = issuing_unit
        county_id = issuing_unit.organisation.county_id if issuing_unit else None

        referral_type = ReferralType.objects.filter(
            code=data["referral_type"], county_id=county_id, is_active=True
        ).first()
        if referral_type is None and issuing_unit is not None:
            errors["referral_type"] = [_("This referral type is not in use in your county.")]
        data["referral_type"] = referral_type

        receiving_unit = data.get("receiving_unit")
        if receiving_unit is not None:
            data["receiving_unit"] = Unit.objects.filter(
                pk=receiving_unit, is_active=True, organisation__county_id=county_id
            ).first()
            if data["receiving_unit"] is None:
                errors["receiving_unit"] = [_("No active unit with this id in your county.")]
        receiving_service = data.get("receiving_service")
        if receiving_service is not None:
            data["receiving_service"] = Service.objects.filter(
                pk=receiving_service, status=ContentStatus.PUBLISHED
            ).first()
            if data["receiving_service"] is None:
                errors["receiving_service"] = [_("No published service has this id.")]

        data["interests"] = _codes(ArtForm, data.get("interests", []), "interests", errors)
        if data.get("language"):
            found = _codes(Language, [data["language"]], "language", errors)
            data["language"] = found[0] if found else None
        if data.get("preferred_municipality"):
            found = _codes(
                Municipality, [data["preferred_municipality"]], "preferred_municipality", errors
            )
            data["preferred_municipality"] = found[0] if found else None
        published = {"status": ContentStatus.PUBLISHED}
        for field, model in (("suggested_services", Service), ("suggested_events", Event)):
            ids = list(dict.fromkeys(data.get(field, [])))
            rows = list(model.objects.filter(pk__in=ids, **published))
            if len(rows) != len(ids):
                errors[field] = [_("Choose published services and events of the catalogue.")]
            data[field] = rows
        if errors:
            raise serializers.ValidationError(errors)
        return data


# --- Reading ------------------------------------------------------------------------


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReferralTypeRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


def _ref(obj):
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


class ReferralSerializer(serializers.Serializer):
    """A referral without the client's personal data (lists and webhooks' follow-ups)."""

    id = serializers.IntegerField()
    referral_type = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Status.choices)
    county = serializers.CharField(source="county.code")
    issuing_unit = serializers.SerializerMethodField()
    receiving_unit = serializers.SerializerMethodField()
    receiving_service = serializers.SerializerMethodField()
    reasons = serializers.ListField(child=serializers.CharField())
    needs = serializers.ListField(child=serializers.CharField())
    interests = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    preferred_municipality = serializers.SerializerMethodField()
    suggested_services = serializers.SerializerMethodField()
    suggested_events = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    issued_at = serializers.DateTimeField(allow_null=True)
    response_due_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    personal_data_erased = serializers.SerializerMethodField()

    @extend_schema_field(ReferralTypeRefSerializer)
    def get_referral_type(self, referral):
        return {"code": referral.referral_type.code, "name": referral.referral_type.name}

    @extend_schema_field(UnitRefSerializer)
    def get_issuing_unit(self, referral):
        return _ref(referral.issuing_unit)

    @extend_schema_field(UnitRefSerializer(allow_null=True))
    def get_receiving_unit(self, referral):
        return _ref(referral.receiving_unit)

    @extend_schema_field(UnitRefSerializer(allow_null=True))
    def get_receiving_service(self, referral):
        return _ref(referral.receiving_service)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_interests(self, referral):
        return [art_form.code for art_form in referral.interests.all()]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_language(self, referral):
        return referral.language.code if referral.language_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_preferred_municipality(self, referral):
        municipality = referral.preferred_municipality
        return municipality.code if municipality is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_suggested_services(self, referral):
        return [service.pk for service in referral.suggested_services.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_suggested_events(self, referral):
        return [event.pk for event in referral.suggested_events.all()]

    @extend_schema_field(serializers.BooleanField())
    def get_personal_data_erased(self, referral):
        return referral.personal_data_erased_at is not None


class ClientSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    phone = serializers.CharField()
    email = serializers.CharField()
    contact_preference = serializers.CharField()


class StatusChangeSerializer(serializers.Serializer):
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField()
    move = serializers.CharField()
    side = serializers.CharField()
    at = serializers.DateTimeField()
    reason = serializers.CharField(allow_blank=True)
    note = serializers.CharField(
        source="receiver_note",
        allow_blank=True,
        help_text="The receiving unit's note; empty for the sending side.",
    )


class ReferralDetailSerializer(ReferralSerializer):
    """One referral with the client's personal data (each read audited) and its trail."""

    reason_note = serializers.CharField()
    needs_note = serializers.CharField()
    client = serializers.SerializerMethodField()
    status_history = serializers.SerializerMethodField()

    @extend_schema_field(ClientSerializer(allow_null=True))
    def get_client(self, referral):
        client = self.context.get("client")
        return ClientSerializer(client).data if client is not None else None

    @extend_schema_field(StatusChangeSerializer(many=True))
    def get_status_history(self, referral):
        return StatusChangeSerializer(self.context.get("history", []), many=True).data


class ReferralPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReferralSerializer(many=True)


class ApiErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="What went wrong, for programs: invalid, consent_required, "
        "not_authenticated, authentication_failed, permission_denied, not_found, throttled."
    )
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per request field; `detail` for the request as a whole.",
    )
