"""Arts inside care: every business action, one plain function each.

* :mod:`.access` — who reaches an engagement and which side they act for;
* :mod:`.engagements` — propose, agree, move along the state table, record signatures;
* :mod:`.sessions` — schedule and log sessions (counts only, never names);
* :mod:`.measures` — art minutes, mood checks and learning hours, for the summary pages
  and for the outcome statistics that read them.
"""

from .measures import art_minutes, learning_hours, mood_checks

__all__ = ["art_minutes", "learning_hours", "mood_checks"]
