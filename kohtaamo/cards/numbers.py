"""Card numbers: nine random digits and a Luhn check digit.

Ten digits fit on a printed card, are read aloud over the phone without confusion and
are typed on a door-side phone keypad. The Luhn digit catches every single mistyped digit
and almost every swap of two neighbours, so a typo is told apart from an unknown card
before the database is asked. The number says nothing about its holder.
"""

import re
import secrets

LENGTH = 10
_SEPARATORS = re.compile(r"[\s-]")


def luhn_digit(body):
    """The check digit that makes ``body`` + digit pass the Luhn test."""
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def is_valid(number):
    return (
        len(number) == LENGTH
        and number.isascii()
        and number.isdigit()
        and luhn_digit(number[:-1]) == number[-1]
    )


def normalise(text):
    """What a person typed, without the spaces and dashes printed on the card."""
    return _SEPARATORS.sub("", text or "")


def random_number():
    # The first digit is never 0 so that a spreadsheet export cannot lose it.
    body = str(secrets.randbelow(9) + 1) + "".join(
        str(secrets.randbelow(10)) for _ in range(LENGTH - 2)
    )
    return body + luhn_digit(body)


def printed(number):
    """As printed on the card and the mobile page: 123 456 789 0."""
    return f"{number[0:3]} {number[3:6]} {number[6:9]} {number[9:]}"
