"""The outcomes app's business actions: instruments and answers (:mod:`.instruments`),
measurement plans, consent and answering them (:mod:`.plans`)."""

from .instruments import (
    MeasureChange,
    change_item,
    compare,
    new_version,
    record_response,
    scores,
)
from .plans import (
    CONSENT_WORDING,
    ConsentMissing,
    NotDue,
    answer_for_referral,
    consent_of,
    due_for_referral,
    record_consent,
)

__all__ = [
    "CONSENT_WORDING",
    "ConsentMissing",
    "MeasureChange",
    "NotDue",
    "answer_for_referral",
    "change_item",
    "compare",
    "consent_of",
    "due_for_referral",
    "new_version",
    "record_consent",
    "record_response",
    "scores",
]
