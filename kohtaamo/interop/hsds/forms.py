"""The HSDS query parameters, checked: anything odd is a 400 that names the parameter."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import ids, taxonomies

MAX_PER_PAGE = 100
PER_PAGE = 20
MAX_PAGE = 100_000
# A metre more than from Hanko to Utsjoki is of no use to anyone.
MAX_PROXIMITY = 1_500_000
MIN_YEAR, MAX_YEAR = 1900, 9000
POSTCODE = re.compile(r"^\d{5}$")


def _values(text):
    return [part.strip() for part in str(text or "").split(",") if part.strip()][:100]


class PageForm(forms.Form):
    search = forms.CharField(label=_("Search words"), required=False, max_length=200)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=MAX_PAGE)
    per_page = forms.IntegerField(
        label=_("Results per page"), required=False, min_value=1, max_value=MAX_PER_PAGE
    )
    format = forms.ChoiceField(label=_("Format"), required=False, choices=[("json", "json")])

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)

    def clean_search(self):
        return " ".join(self.cleaned_data["search"].split())

    def clean_page(self):
        return self.cleaned_data["page"] or 1

    def clean_per_page(self):
        return self.cleaned_data["per_page"] or PER_PAGE

    def error_dict(self):
        return {name: [str(message) for message in errors] for name, errors in self.errors.items()}


class TaxonomyTermForm(PageForm):
    taxonomy_id = forms.CharField(label=_("Taxonomy"), required=False)
    parent_id = forms.CharField(label=_("Parent term"), required=False)
    top_only = forms.NullBooleanField(label=_("Top-level terms only"), required=False)

    def clean_taxonomy_id(self):
        return _taxonomies(self.cleaned_data["taxonomy_id"])


def _taxonomies(text):
    found = []
    for value in _values(text):
        taxonomy = taxonomies.BY_ID.get(value.lower())
        if taxonomy is None:
            raise ValidationError(
                _("Unknown taxonomy: %(value)s."), code="unknown", params={"value": value}
            )
        found.append(taxonomy)
    return found


class ServiceForm(PageForm):
    """The filters of /services and /service_at_locations."""

    taxonomy_term_id = forms.CharField(label=_("Taxonomy term"), required=False)
    taxonomy_id = forms.CharField(label=_("Taxonomy"), required=False)
    organization_id = forms.CharField(label=_("Organisation"), required=False)
    modified_after = forms.DateTimeField(label=_("Modified after"), required=False)
    postcode = forms.CharField(label=_("Postal code"), required=False, max_length=20)
    proximity = forms.FloatField(
        label=_("Distance in metres"), required=False, min_value=1, max_value=MAX_PROXIMITY
    )

    def __init__(self, data=None, *, references=None, **kwargs):
        super().__init__(data, **kwargs)
        self.references = references

    def clean_taxonomy_term_id(self):
        known = taxonomies.terms_by_id(self.references)
        found = []
        for value in _values(self.cleaned_data["taxonomy_term_id"]):
            term = known.get(value.lower())
            if term is None:
                raise ValidationError(
                    _("Unknown taxonomy term: %(value)s."),
                    code="unknown",
                    params={"value": value},
                )
            found.append(term)
        return found

    def clean_taxonomy_id(self):
        return _taxonomies(self.cleaned_data["taxonomy_id"])

    def clean_organization_id(self):
        keys = []
        for value in _values(self.cleaned_data["organization_id"]):
            parsed = ids.parse_row_id(value, ids.ORGANIZATION)
            if parsed is None:
                raise ValidationError(
                    _("Not an organisation id of this service: %(value)s."),
                    code="invalid",
                    params={"value": value},
                )
            keys.append(parsed[0])
        return keys

    def clean_modified_after(self):
        moment = self.cleaned_data["modified_after"]
        if moment is None:
            return None
        # Far ends of the calendar overflow when turned into UTC; nothing was modified then.
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise ValidationError(
                _("Give a moment between the years %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": MIN_YEAR, "last": MAX_YEAR},
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def clean_postcode(self):
        code = self.cleaned_data["postcode"].strip()
        if code and not POSTCODE.match(code):
            raise ValidationError(_("Give a Finnish postal code of five digits."), code="invalid")
        return code

    def clean(self):
        data = super().clean()
        if data.get("proximity") is not None and not data.get("postcode"):
            self.add_error("proximity", _("Give a postal code to measure the distance from."))
        return data
