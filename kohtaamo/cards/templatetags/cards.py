from django import template

from kohtaamo.cards import codes, numbers

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def card_number(number):
    """A card number as printed on the card: 123 456 789 7."""
    return numbers.printed(number) if number else ""


@register.filter
def booking_code(code):
    """A booking code as read out at the door: ACE 479."""
    return codes.printed(code) if code else ""
