"""Time zone names as people type them: the tz database's own spelling, read in any case."""
from __future__ import annotations

import functools
import zoneinfo


@functools.cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def zone_name(name: str) -> str | None:
    """The tz database's own spelling of a zone typed in any case ("europe/berlin" -> "Europe/Berlin");
    None when there is no such zone."""
    return _zones_by_lower_name().get(name.strip().lower())
