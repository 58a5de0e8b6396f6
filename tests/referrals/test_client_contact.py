"""The client's phone and birth date: one rule in the drafting service, the same for
the professional's form, the referral API and a resident's own request."""

from datetime import date, timedelta

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from hypothesis import assume, given
from hypothesis import strategies as st

from kohtaamo.core.models import Municipality
from kohtaamo.referrals import services
from kohtaamo.referrals.models import Referral

from .test_api import LIST, ehr, personal_body  # noqa: F401
from .test_pages import form_data, write_url

NOT_MOBILE = "Text messages need a mobile number. Write one, or choose another way to contact."
NOT_A_NUMBER = "Check the phone number, e.g. 040 123 4567, or +46 70 123 4567 from abroad."
FUTURE = "The date of birth cannot be in the future."


# --- The rule ------------------------------------------------------------------------


def test_a_finnish_number_is_stored_in_e164_and_shown_as_people_write_it():
    from kohtaamo.referrals.templatetags.referrals import phone as shown

    checked = services.check_client({"phone": "040 123 4567", "contact_preference": "sms"})
    assert checked["phone"] == "+358401234567"
    assert shown(checked["phone"]) == "040 1234567"
    checked = services.check_client({"phone": "+46 70 123 45 67", "contact_preference": "sms"})
    assert checked["phone"] == "+46701234567"
    assert shown(checked["phone"]).startswith("+46 70")


@pytest.mark.parametrize("phone", ["not a phone 😀", "123", "040", "+358 40"])
def test_what_is_not_a_phone_number_is_refused(phone):
    with pytest.raises(ValidationError) as refused:
        services.check_client({"phone": phone, "contact_preference": "phone"})
    assert list(refused.value.message_dict) == ["phone"]


def test_text_messages_need_a_mobile_number():
    landline = {"phone": "09 310 1691", "contact_preference": "sms"}
    with pytest.raises(ValidationError) as refused:
        services.check_client(landline)
    assert refused.value.error_dict["phone"][0].code == "phone_not_mobile"
    # The same landline is fine for a phone call.
    phone_call = services.check_client({**landline, "contact_preference": "phone"})
    assert phone_call["phone"] == "+35893101691"


@pytest.mark.parametrize("born", [date(1899, 12, 31), date.today() + timedelta(days=1)])
def test_a_birth_date_in_the_future_or_before_1900_is_refused(born):
    with pytest.raises(ValidationError) as refused:
        services.check_client({"birth_date": born})
    assert list(refused.value.message_dict) == ["birth_date"]
    assert services.check_client({"birth_date": date(1900, 1, 1)})["birth_date"]


MOBILE_PREFIXES = ["40", "41", "42", "44", "45", "46", "50"]


@given(
    prefix=st.sampled_from(MOBILE_PREFIXES),
    digits=st.text(alphabet="0123456789", min_size=5, max_size=8),
    start=st.sampled_from(["0", "+358", "+358 ", "00358", "(0)"]),
    separator=st.sampled_from(["", " ", "-"]),
)
def test_any_valid_finnish_mobile_number_is_accepted_in_e164(prefix, digits, start, separator):
    typed = start + prefix + separator + separator.join([digits[:3], digits[3:]])
    try:
        number = phonenumbers.parse(typed, "FI")
    except phonenumbers.NumberParseException:
        assume(False)
    assume(phonenumbers.is_valid_number_for_region(number, "FI"))
    assume(phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE)
    checked = services.check_client({"phone": typed, "contact_preference": "sms"})
    assert checked["phone"] == phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.E164
    )
    assert checked["phone"].startswith("+358")


# --- The professional's form ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_form_refuses_a_phone_that_is_not_one_for_text_messages(world, login, language):
    client = login(world.nurse)
    with translation.override(language):
        url = write_url(world.referral_type)
        expected = gettext(NOT_A_NUMBER)
        page = client.post(url, form_data(world, phone="not a phone 😀", contact_preference="sms"))
    assert page.status_code == 400
    assert b'id="id_phone_error"' in page.content
    assert escape(expected) in page.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_form_refuses_a_birth_date_in_the_future(world, login, language):
    client = login(world.nurse)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with translation.override(language):
        url = write_url(world.referral_type)
        expected = gettext(FUTURE)
        page = client.post(url, form_data(world, birth_date=tomorrow.isoformat()))
    assert page.status_code == 400
    assert b'id="id_birth_date_error"' in page.content
    assert escape(expected) in page.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_the_form_stores_a_finnish_mobile_number_in_e164(world, login):
    client = login(world.nurse)
    sent = client.post(
        write_url(world.referral_type),
        form_data(world, phone="040 123 4567", contact_preference="sms"),
    )
    assert sent.status_code == 302
    referral = Referral.objects.get()
    assert referral.client.phone == "+358401234567"
    page = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert "040 1234567" in page.content.decode()


# --- The API -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("client_changes", "field"),
    [
        ({"phone": "not a phone 😀", "contact_preference": "sms"}, "client.phone"),
        ({"phone": "09 310 1691", "contact_preference": "sms"}, "client.phone"),
        ({"birth_date": "2999-01-01"}, "client.birth_date"),
        ({"birth_date": "1850-01-01"}, "client.birth_date"),
    ],
)
def test_the_api_answers_400_naming_the_phone_or_birth_date(world, ehr, client_changes, field):  # noqa: F811
    body = personal_body(world)
    body["client"] = {**body["client"], **client_changes}
    response = ehr.post(LIST, body, format="json")
    assert response.status_code == 400, response.json()
    assert list(response.json()["errors"]) == [field]
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_the_api_stores_an_international_number_in_e164(world, ehr):  # noqa: F811
    body = personal_body(world)
    body["client"] = {**body["client"], "phone": "+46 70 123 45 67", "contact_preference": "sms"}
    response = ehr.post(LIST, body, format="json")
    assert response.status_code == 201, response.json()
    assert Referral.objects.get().client.phone == "+46701234567"


# --- A resident's own request --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_resident_asking_for_text_messages_needs_a_mobile_number(world, client, language):
    world.referral_type.self_referral = True
    world.referral_type.save()
    data = {
        "municipality": Municipality.objects.get(code="297").pk,
        "full_name": "Asukas Kysyjä",
        "phone": "09 310 1691",
        "contact_preference": "sms",
        "shared": ["contact_details"],
    }
    with translation.override(language):
        url = reverse("referrals:ask")
        expected = gettext(NOT_MOBILE)
        refused = client.post(url, data)
    assert refused.status_code == 400
    assert b'id="id_phone_error"' in refused.content
    assert escape(expected) in refused.content.decode()
    assert not Referral.objects.exists()
    with translation.override(language):
        done = client.post(url, {**data, "phone": "0401234567"})
    assert done.status_code == 200
    assert Referral.objects.get().client.phone == "+358401234567"
