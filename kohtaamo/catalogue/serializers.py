"""The API's shape for services, events and search answers.

Texts come twice, as in Helsinki's Linked Events but flatter for the common case:

* ``name``, ``summary`` ... are plain strings in the language asked for with ``lang``
  (or the best other language when that one is missing; ``null`` when there is none),
* ``text_languages`` says which language each of those strings is in, so a client can
  mark a fallback with ``lang`` the way our pages do,
* ``translations`` holds every language's version: ``{"name": {"fi": "...", "sv":
  null, "en": "..."}, ...}``.

Serialise inside ``translation.override(lang)``: reference data names follow the
active language.
"""

from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.encoding import iri_to_uri
from django.utils.functional import cached_property
from django.utils.translation import get_language, override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from kohtaamo.core.i18n import localized
from kohtaamo.search.params import FACETS

from . import display

SERVICE_TEXTS = ("name", "summary", "description", "price", "how_to_join", "schedule")
EVENT_TEXTS = ("name", "summary", "description", "price")
LANGUAGE_CHOICES = ["fi", "sv", "en"]


def _language(context):
    return context.get("lang") or display.current_language()


def _name(item, language):
    # What ``str(item.name)`` gives when ``language`` is active, without asking for it.
    return str(localized(item, "name", language))


@cache
def _choice_labels(model, field_name):
    return dict(model._meta.get_field(field_name).flatchoices)


def _choice_name(obj, field_name):
    """``str(obj.get_<field_name>_display())``, from the field's choices mapped once:
    Django maps them afresh on each call, translating every label to hash it."""
    value = getattr(obj, field_name)
    return str(_choice_labels(type(obj), field_name).get(value, value))


def _code_name(item, language):
    return {"code": str(item.code), "name": _name(item, language)}


def _code_names(items, language):
    return [_code_name(item, language) for item in items]


def _steps(items, language):
    return [
        {"number": int(item.number), "code": str(item.code), "name": _name(item, language)}
        for item in items
    ]


class FastSerializer(serializers.Serializer):
    """A serializer that writes its nested lists of reference items (and places) by hand.

    DRF's generic path costs a nested serializer call per field of every linked item;
    a search page has hundreds of them. The output is the same: each plain field still
    goes through its own DRF field, each nested one is written as its serializer would.

    The plan of how to write each field is worked out once per class, from an instance
    without context: binding the declared fields deep-copies them, which on every
    request cost as much as writing the rows. The plan holds no request state: method
    fields are called on the serializer at hand, nested ones on an instance sharing its
    context.
    """

    @classmethod
    def _plan(cls):
        # Looked up in the class itself: a subclass has fields of its own.
        plan = cls.__dict__.get("_fast_plan")
        if plan is None:
            plan = [(field.field_name, _writer(field)) for field in cls()._readable_fields]
            cls._fast_plan = plan
        return plan

    def to_representation(self, instance):
        return {name: write(self, instance) for name, write in self._plan()}

    def _nested(self, serializer_class):
        """An instance of ``serializer_class`` with this serializer's context."""
        nested = self.__dict__.setdefault("_nested_serializers", {})
        found = nested.get(serializer_class)
        if found is None:
            found = nested[serializer_class] = serializer_class(context=self.context)
        return found

    @cached_property
    def text_language(self):
        """The language texts are resolved to: ``lang`` of the context."""
        return _language(self.context)

    @cached_property
    def _site(self):
        request = self.context.get("request")
        return None if request is None else request.build_absolute_uri("/").removesuffix("/")

    def absolute(self, url):
        """``request.build_absolute_uri(url)``, the scheme and host worked out once for
        all the links of a page rather than for each (``url`` as is without a request)."""
        if self._site is None:
            return url
        plain = url.startswith("/") and not url.startswith("//")
        if plain and "/./" not in url and "/../" not in url:
            # What Django does for such a path, without parsing it first.
            return iri_to_uri(self._site + url)
        return self.context["request"].build_absolute_uri(url)

    @cached_property
    def names_language(self):
        # Reference items are named in the active language (see the module docstring);
        # read it once, not for each of the hundreds of names of a page.
        return display.current_language()


def _related(source):
    relation = source[: -len(".all")]
    return lambda obj: display.linked(obj, relation)


def _writer(field):
    """How one field of a ``FastSerializer`` is written: (serializer, obj) -> value."""
    if isinstance(field, serializers.SerializerMethodField):
        method_name = field.method_name
        return lambda serializer, obj: getattr(serializer, method_name)(obj)
    child = getattr(field, "child", None)
    if isinstance(field, serializers.ListSerializer) and field.source.endswith(".all"):
        items = _related(field.source)
        if type(child) is CodeNameSerializer:
            return lambda serializer, obj: _code_names(items(obj), serializer.names_language)
        if type(child) is StepSerializer:
            return lambda serializer, obj: _steps(items(obj), serializer.names_language)
        if isinstance(child, FastSerializer):
            nested_class = type(child)

            def write_list(serializer, obj):
                nested = serializer._nested(nested_class)
                return [nested.to_representation(item) for item in items(obj)]

            return write_list
    if isinstance(field, (CodeNameSerializer, ProviderSerializer, FastSerializer)):
        fields = list(field.fields)
        nested_class = type(field) if isinstance(field, FastSerializer) else None
        names = type(field) is CodeNameSerializer

        def write_nested(serializer, obj):
            value = field.get_attribute(obj)
            if value is None:
                return None
            if nested_class is not None:
                return serializer._nested(nested_class).to_representation(value)
            if names:
                return _code_name(value, serializer.names_language)
            return {name: _plain(getattr(value, name)) for name in fields}

        return write_nested

    def write_plain(serializer, obj):
        value = field.get_attribute(obj)
        return None if value is None else field.to_representation(value)

    return write_plain


def _plain(value):
    if value is None or isinstance(value, (int, float)):
        return value
    return str(value)


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code; pass it to the matching filter.")
    name = serializers.CharField(help_text="Name in the language asked for (or a fallback).")


class StepSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1–5; pass it to the `step` filter.")
    code = serializers.CharField()
    name = serializers.CharField()


class ProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    website = serializers.CharField(allow_blank=True)


class PlaceSerializer(FastSerializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    street_address = serializers.SerializerMethodField()
    postal_code = serializers.CharField(allow_blank=True)
    municipality = CodeNameSerializer()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    accessibility = CodeNameSerializer(many=True, source="accessibility.all")
    accessibility_info = serializers.SerializerMethodField()

    def _text(self, obj, field):
        return display.text(obj, field, self.text_language).value or None

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, obj):
        return self._text(obj, "name")

    @extend_schema_field({"type": "string", "nullable": True})
    def get_street_address(self, obj):
        return self._text(obj, "street_address")

    @extend_schema_field({"type": "string", "nullable": True})
    def get_accessibility_info(self, obj):
        return self._text(obj, "accessibility_info")


TEXT_SCHEMA = {"type": "string", "nullable": True}


def _translations_schema(fields):
    per_language = {
        "type": "object",
        "properties": {code: {"type": "string", "nullable": True} for code in LANGUAGE_CHOICES},
        "required": LANGUAGE_CHOICES,
    }
    return {
        "type": "object",
        "properties": dict.fromkeys(fields, per_language),
        "required": list(fields),
        "description": "Every language's version of each text; null where there is none.",
    }


def _text_languages_schema(fields):
    return {
        "type": "object",
        "properties": {field: {"type": "string", "enum": LANGUAGE_CHOICES} for field in fields},
        "description": "The language each resolved text is in (only texts that exist).",
    }


class OfferingSerializer(FastSerializer):
    """What services and events share."""

    texts: tuple[str, ...] = ()

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="This item in the API.")
    web_url = serializers.SerializerMethodField(help_text="This item's page, in `lang`.")
    name = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    price = serializers.SerializerMethodField(help_text="Price as text; null when free.")
    text_languages = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()
    provider = ProviderSerializer(source="organisation")
    steps = StepSerializer(many=True, source="steps.all")
    art_forms = CodeNameSerializer(many=True, source="art_forms.all")
    target_groups = CodeNameSerializer(many=True, source="target_groups.all")
    languages = CodeNameSerializer(many=True, source="languages.all")
    accessibility = CodeNameSerializer(many=True, source="accessibility.all")
    age_min = serializers.IntegerField(allow_null=True)
    age_max = serializers.IntegerField(allow_null=True)
    is_free = serializers.BooleanField()
    booking_url = serializers.CharField(allow_blank=True)
    contact_phone = serializers.CharField(allow_blank=True)
    contact_email = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()

    def _text(self, obj, field):
        return display.text(obj, field, self.text_language).value or None

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, obj):
        return self._text(obj, "name")

    @extend_schema_field(TEXT_SCHEMA)
    def get_summary(self, obj):
        return self._text(obj, "summary")

    @extend_schema_field(TEXT_SCHEMA)
    def get_description(self, obj):
        return self._text(obj, "description")

    @extend_schema_field(TEXT_SCHEMA)
    def get_price(self, obj):
        return None if obj.is_free else self._text(obj, "price")

    def get_text_languages(self, obj):
        language = self.text_language
        found = {field: display.text(obj, field, language) for field in self.texts}
        return {field: text.language for field, text in found.items() if text}

    def get_translations(self, obj):
        return {field: display.translations(obj, field) for field in self.texts}


class ServiceSerializer(OfferingSerializer):
    texts = SERVICE_TEXTS

    kind = serializers.SerializerMethodField()
    lifecycle = serializers.SerializerMethodField()
    how_to_join = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()
    card_places = serializers.BooleanField(
        help_text="Whether culture card (Kaikukortti) holders can get free places."
    )
    referral_places = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        help_text="Places the service keeps for clients who come with a culture referral, "
        "at a time or per season; null if the provider has not said.",
    )
    municipalities = serializers.SerializerMethodField(
        help_text="Municipalities served, including those of the service's places."
    )
    places = PlaceSerializer(many=True, source="places.all")
    next_event_start = serializers.DateTimeField(
        allow_null=True, help_text="When the next published event of this service begins."
    )

    @extend_schema_field(CodeNameSerializer)
    def get_kind(self, obj):
        return {"code": obj.kind, "name": _choice_name(obj, "kind")}

    @extend_schema_field(CodeNameSerializer)
    def get_lifecycle(self, obj):
        return {"code": obj.lifecycle, "name": _choice_name(obj, "lifecycle")}

    @extend_schema_field(TEXT_SCHEMA)
    def get_how_to_join(self, obj):
        return self._text(obj, "how_to_join")

    @extend_schema_field(TEXT_SCHEMA)
    def get_schedule(self, obj):
        return self._text(obj, "schedule")

    @extend_schema_field(CodeNameSerializer(many=True))
    def get_municipalities(self, obj):
        language = self.names_language
        return [
            {"code": m.code, "name": localized(m, "name", language)}
            for m in display.municipalities_of(obj)
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return self.absolute(_url("catalogue_api:service", obj.pk))

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj):
        return self.absolute(_url("catalogue:service", obj.pk, self.text_language))

    @extend_schema_field(_text_languages_schema(SERVICE_TEXTS))
    def get_text_languages(self, obj):
        return super().get_text_languages(obj)

    @extend_schema_field(_translations_schema(SERVICE_TEXTS))
    def get_translations(self, obj):
        return super().get_translations(obj)


# (name, language, script prefix): the URL's text before and after the id, or None.
_URL_PATTERNS: dict[tuple[str, str | None, str], tuple[str, ...] | None] = {}
_PK_MARK = 987654321


def _url(name, pk, language=None):
    """``reverse(name, args=[pk])`` (in ``language``), from a pattern reversed once."""
    key = (name, language or get_language(), get_script_prefix())
    pattern = _URL_PATTERNS.get(key)
    if pattern is None:
        if language is None:
            marked = reverse(name, args=[_PK_MARK])
        else:
            with override(language):
                marked = reverse(name, args=[_PK_MARK])
        pattern = _URL_PATTERNS[key] = tuple(marked.split(str(_PK_MARK)))
        if len(pattern) != 2:  # the mark is not where the id goes: no shortcut
            _URL_PATTERNS[key] = pattern = None
    if pattern is None:
        if language is None:
            return reverse(name, args=[pk])
        with override(language):
            return reverse(name, args=[pk])
    return f"{pattern[0]}{int(pk)}{pattern[1]}"


class EventServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    name = serializers.CharField()


class EventSerializer(OfferingSerializer):
    texts = EVENT_TEXTS

    ics_url = serializers.SerializerMethodField(help_text="This event as an iCalendar file.")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True)
    is_cancelled = serializers.BooleanField()
    event_status = serializers.SerializerMethodField()
    place = PlaceSerializer(allow_null=True)
    municipality = CodeNameSerializer(allow_null=True)
    service = serializers.SerializerMethodField(
        help_text="The service this event is a session of, when that service is published."
    )
    card_places = serializers.IntegerField(
        help_text="How many culture card (Kaikukortti) holders can get a free ticket."
    )
    capacity = serializers.IntegerField(allow_null=True)
    registration = serializers.SerializerMethodField()
    registration_ends = serializers.DateTimeField(allow_null=True)
    super_event = serializers.IntegerField(
        source="super_event_id", allow_null=True, help_text="Id of the event this is part of."
    )

    @extend_schema_field({"type": "string", "enum": ["scheduled", "cancelled"]})
    def get_event_status(self, obj):
        return "cancelled" if obj.is_cancelled else "scheduled"

    @extend_schema_field(CodeNameSerializer)
    def get_registration(self, obj):
        return {"code": obj.registration, "name": _choice_name(obj, "registration")}

    @extend_schema_field(EventServiceSerializer(allow_null=True))
    def get_service(self, obj):
        service = obj.service
        if service is None or not service.is_published:
            return None
        return {
            "id": service.pk,
            "url": self.absolute(_url("catalogue_api:service", service.pk)),
            "name": display.text(service, "name", self.text_language).value,
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return self.absolute(_url("catalogue_api:event", obj.pk))

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj):
        return self.absolute(_url("catalogue:event", obj.pk, self.text_language))

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, obj):
        return self.absolute(_url("catalogue:event_ics", obj.pk, self.text_language))

    @extend_schema_field(_text_languages_schema(EVENT_TEXTS))
    def get_text_languages(self, obj):
        return super().get_text_languages(obj)

    @extend_schema_field(_translations_schema(EVENT_TEXTS))
    def get_translations(self, obj):
        return super().get_translations(obj)


class FacetValueSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The value to pass in the filter parameter.")
    count = serializers.IntegerField(
        help_text="How many results there would be with this value added to the filter."
    )
    name = serializers.CharField()


FacetsSerializer = inline_serializer(
    name="Facets",
    fields={key: FacetValueSerializer(many=True) for key in FACETS},
)


def search_answer_serializer(name, result_serializer):
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(help_text="How many results match."),
            "count_is_exact": serializers.BooleanField(
                help_text="False when `count` is an estimate: more than 1,000 matches, "
                "counted over a random share of the catalogue and scaled up (typically "
                'within 10 %). Show it as "about".'
            ),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": result_serializer(many=True),
            "facets": FacetsSerializer,
            "facets_are_exact": serializers.BooleanField(
                help_text="False when some facet counts are estimates (large result sets, "
                "or a filter's own counts that are costly to confirm): a rare value may "
                "then be missing or off."
            ),
        },
    )


ErrorSerializer = inline_serializer(
    name="Errors",
    fields={
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Parameter name -> what is wrong with it.",
        )
    },
)
