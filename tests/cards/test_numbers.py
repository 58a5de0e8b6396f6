"""Card numbers: ten digits whose last one catches typing mistakes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.cards import numbers, services

bodies = st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda b: b[0] != "0")


def test_known_luhn_number_passes():
    # The textbook example: 7992739871 takes 3.
    assert numbers.luhn_digit("7992739871") == "3"
    assert numbers.luhn_digit("123456789") == "7"
    assert numbers.is_valid("1234567897")
    assert not numbers.is_valid("1234567891")


def test_new_numbers_are_ten_digits_and_pass():
    for _ in range(200):
        number = numbers.random_number()
        assert len(number) == 10 and number[0] != "0"
        assert numbers.is_valid(number)


@given(bodies)
def test_any_body_with_its_digit_passes(body):
    assert numbers.is_valid(body + numbers.luhn_digit(body))


@given(bodies, st.integers(0, 9), st.integers(1, 9))
def test_one_mistyped_digit_is_always_caught(body, position, shift):
    number = body + numbers.luhn_digit(body)
    typo = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert not numbers.is_valid(typo)


@given(bodies, st.integers(0, 8))
def test_swapped_neighbours_are_caught_except_09(body, position):
    number = body + numbers.luhn_digit(body)
    a, b = number[position], number[position + 1]
    swapped = number[:position] + b + a + number[position + 2 :]
    if a == b or {a, b} == {"0", "9"}:
        return
    assert not numbers.is_valid(swapped)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "reason"),
    [("123", "bad_format"), ("12345678x7", "bad_format"), ("1234567891", "bad_check_digit")],
)
def test_door_is_told_why_a_number_is_wrong(typed, reason):
    with pytest.raises(services.CardRefused) as refused:
        services.validate_card(typed)
    assert refused.value.code == reason


@pytest.mark.django_db
def test_valid_number_of_no_card_is_unknown():
    with pytest.raises(services.CardRefused) as refused:
        services.validate_card("123 456 789 7")
    assert refused.value.code == "unknown"


def test_printed_form_groups_digits():
    assert numbers.printed("1234567897") == "123 456 789 7"
