"""A referral's status changed: the one event everyone who cares listens to.

:func:`~kohtaamo.referrals.services.loop._move` sends :data:`status_changed` once per
move, inside the move's own transaction, with the stamped
:class:`~kohtaamo.referrals.models.StatusChange`. Listeners write what they need in that
transaction (a rolled-back move leaves nothing behind) and hand work to the task backend:

* the referral's notifications (:mod:`kohtaamo.referrals.notify`, connected in
  ``ReferralsConfig.ready``);
* the organisations' webhooks (:mod:`kohtaamo.integrations.signals`).

See docs/decisions/0025-scopes-gate-and-referral-events.md.
"""

from django.dispatch import Signal

# Sent with sender=Referral and change=<StatusChange>.
status_changed = Signal()
