"""What the parts of the volunteers scenario share."""

from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")
