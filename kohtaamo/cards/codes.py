"""Booking codes: six characters that a holder reads out at the door and an usher types.

The QR code on the holder's phone carries the booking's long secret; the short code is
for when the camera is not at hand. Its alphabet leaves out characters that look or sound
alike (0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, G/6, V/U, W): 20 symbols, 64 million codes. A code
is unique among an offer's live bookings only (the database holds that), so the door
looks it up within the offer it is checking in.
"""

import re
import secrets

ALPHABET = "ACEFHJKMNPRTUXY34679"
LENGTH = 6
_SEPARATORS = re.compile(r"[\s-]")


def random_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text):
    """What a person typed, in capitals, without spaces and dashes."""
    return _SEPARATORS.sub("", text or "").upper()


def is_code(text):
    """Whether ``text`` (typed, any case, with or without spaces) is a booking code."""
    typed = normalise(text)
    return len(typed) == LENGTH and all(char in ALPHABET for char in typed)


def printed(code):
    """As shown on the phone: two groups of three, easy to read out (ACE 479)."""
    return f"{code[:3]} {code[3:]}"
