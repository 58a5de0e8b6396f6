"""What happens to a culture referral: each business action one function.

* :mod:`.access`: who is which side, and what each may read (the audit log of reads);
* :mod:`.drafting`: one validated :class:`~.drafting.Draft` for the form and the API;
* :mod:`.self_referral`: a resident's own request, the same draft;
* :mod:`.consent`: the client's consent to share their data with a receiver;
* :mod:`.loop`: every move, through one ``_move`` and the one status-change event;
* :mod:`.client_link`: the client with their referral's link;
* :mod:`.retention`: erasure of personal data.

Callers import from here: ``from kohtaamo.referrals import services``.
"""

from .access import (
    ADD,
    AS_ISSUER,
    AS_RECEIVER,
    CLIENT_FIELDS,
    FEEDBACK_MIN_COUNT,
    VIEW,
    VIEW_CONTACTS,
    client_details,
    contact_log,
    feedback_summary,
    find_possible_duplicates,
    issuing_units,
    received_by_units_of,
    receiving_units,
    referral_for,
    referral_types_for,
    require_side,
    sent_by_units_of,
    sides,
    status_history,
    visible_referrals,
)
from .client_link import (
    by_token,
    can_unlock,
    client_export,
    client_own_details,
    give_feedback,
    unlock_personal_data,
    withdraw_by_client,
)
from .consent import has_consent_for, record_consent
from .drafting import (
    Draft,
    check_client,
    create_draft,
    delete_draft,
    draft_referral,
    update_draft,
    write_draft,
    write_referral,
)
from .loop import (
    accept,
    agree_activity,
    awaiting_response_soon,
    complete,
    decline,
    expire,
    issue_referral,
    mark_attending,
    nudge_receivers,
    process_deadlines,
    record_booking,
    record_contact,
    reroute,
    reroute_with_consent,
    return_to_sender,
)
from .retention import delete_abandoned_drafts, erase_closed_personal_data
from .self_referral import request_culture_advice, self_referral_types, unit_for_self_referral

__all__ = [
    "ADD",
    "AS_ISSUER",
    "AS_RECEIVER",
    "CLIENT_FIELDS",
    "FEEDBACK_MIN_COUNT",
    "VIEW",
    "VIEW_CONTACTS",
    "Draft",
    "accept",
    "agree_activity",
    "awaiting_response_soon",
    "by_token",
    "can_unlock",
    "check_client",
    "client_details",
    "client_export",
    "client_own_details",
    "complete",
    "contact_log",
    "create_draft",
    "decline",
    "delete_abandoned_drafts",
    "delete_draft",
    "draft_referral",
    "erase_closed_personal_data",
    "expire",
    "feedback_summary",
    "find_possible_duplicates",
    "give_feedback",
    "has_consent_for",
    "issue_referral",
    "issuing_units",
    "mark_attending",
    "nudge_receivers",
    "process_deadlines",
    "received_by_units_of",
    "receiving_units",
    "record_booking",
    "record_consent",
    "record_contact",
    "referral_for",
    "referral_types_for",
    "request_culture_advice",
    "require_side",
    "reroute",
    "reroute_with_consent",
    "return_to_sender",
    "self_referral_types",
    "sent_by_units_of",
    "sides",
    "status_history",
    "unit_for_self_referral",
    "unlock_personal_data",
    "update_draft",
    "visible_referrals",
    "withdraw_by_client",
    "write_draft",
    "write_referral",
]
