"""Time zone names as people type them: the tz database's own spelling, read in any case, and what to
say about one that is not a zone (a UTC offset, an abbreviation) or is a fixed offset (EST)."""
from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.engine.render_text import defuse_mentions


@functools.cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def zone_name(name: str) -> str | None:
    """The tz database's own spelling of a zone typed in any case ("europe/berlin" -> "Europe/Berlin");
    None when there is no such zone."""
    return _zones_by_lower_name().get(name.strip().lower())


def zone_of(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


# Abbreviations people type for a zone, and a city's zone to use instead: the tz database has EST and
# MST only as fixed offsets with no daylight saving (EST is UTC-5 all year), and the rest not at all.
_ABBREVIATIONS = {
    "est": "America/New_York", "edt": "America/New_York", "cst": "America/Chicago", "cdt": "America/Chicago",
    "mst": "America/Denver", "mdt": "America/Denver", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "akst": "America/Anchorage", "bst": "Europe/London", "cest": "Europe/Berlin", "ist": "Asia/Kolkata",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "jst": "Asia/Tokyo",
}
# A city whose standard time is each UTC offset (hours, minutes), to suggest for "UTC+5" and the like.
_CITY_AT_OFFSET = {
    (-10, 0): "Pacific/Honolulu", (-9, 0): "America/Anchorage", (-8, 0): "America/Los_Angeles",
    (-7, 0): "America/Denver", (-6, 0): "America/Chicago", (-5, 0): "America/New_York", (-4, 0): "America/Halifax",
    (-3, -30): "America/St_Johns", (-3, 0): "America/Sao_Paulo", (-1, 0): "Atlantic/Azores", (0, 0): "Europe/London",
    (1, 0): "Europe/Berlin", (2, 0): "Europe/Athens", (3, 0): "Europe/Istanbul", (3, 30): "Asia/Tehran",
    (4, 0): "Asia/Dubai", (4, 30): "Asia/Kabul", (5, 0): "Asia/Karachi", (5, 30): "Asia/Kolkata",
    (5, 45): "Asia/Kathmandu", (6, 0): "Asia/Dhaka", (6, 30): "Asia/Yangon", (7, 0): "Asia/Bangkok",
    (8, 0): "Asia/Singapore", (9, 0): "Asia/Tokyo", (9, 30): "Australia/Adelaide", (10, 0): "Australia/Brisbane",
    (11, 0): "Pacific/Noumea", (12, 0): "Pacific/Auckland", (13, 0): "Pacific/Tongatapu", (14, 0): "Pacific/Kiritimati",
}
OFFSET = re.compile(r"^(?:utc|gmt|z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def unknown_zone(typed: str) -> str:
    """Why a time zone was not taken, and what to type instead: a UTC offset gets its Etc/GMT name
    (whose sign the tz database inverts) and a city at that offset; an abbreviation gets its city."""
    shown = "`" + defuse_mentions(" ".join(typed.split()).replace("`", "'"))[:40] + "`"
    city = _ABBREVIATIONS.get(typed.strip().lower())
    if city:
        return (f"{shown} is not a time zone I know. For that zone use `timezone {city}`: "
                "a city's zone follows its daylight saving.")
    offset = OFFSET.match(typed.strip())
    if offset is None:
        return (f"{shown} is not a time zone I know. Use a tz database name, a region and a city, "
                "like `timezone Europe/Berlin` or `timezone Asia/Kolkata`.")
    sign = -1 if offset.group(1) == "-" else 1
    hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
    if hours == minutes == 0:
        return f"{shown} is not a time zone I know; for UTC itself use `timezone UTC`."
    city = _CITY_AT_OFFSET.get((sign * hours, sign * minutes))
    example = f"`timezone {city}`" if city else "`timezone Europe/Berlin`"
    nearest = (f"a city in your zone, like {example} (a city's zone follows daylight saving where there is one)"
               if city else f"a city in your zone, a region and a city like {example}")
    if minutes or not -12 <= sign * hours <= 14:  # the tz database has Etc/GMT+12 to Etc/GMT-14, whole hours
        return f"{shown} is not a time zone I know. Use {nearest}."
    etc = f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"
    return (f"{shown} is not a time zone I know. Use {nearest}; or, for UTC{'+' if sign > 0 else '-'}{hours} "
            f"all year, `timezone {etc}` (the tz database inverts the sign: {etc} is UTC"
            f"{'+' if sign > 0 else '-'}{hours}).")


def fixed_offset_note(name: str) -> str:
    """For a zone taken that is a US abbreviation kept as a fixed offset (EST): it ignores daylight
    saving, so say which city's zone does not; "" for any other zone."""
    city = _ABBREVIATIONS.get(name.strip().lower())
    zone = zone_of(name)
    if city is None or zone is None:
        return ""
    hours = zone.utcoffset(datetime(2025, 1, 1)).total_seconds() / 3600
    return (f" Note that {defuse_mentions(name.strip())[:10]} is UTC{hours:+g} all year, without daylight saving; "
            f"for {city.rsplit('/', 1)[-1].replace('_', ' ')}'s clocks use `timezone {city}`.")


def looks_like_a_zone(typed: str) -> bool:
    """A region and a city, a UTC offset or a zone's abbreviation, typed right or wrong ("Mars/Olympus",
    "UTC+5", "PST"): what a `timezone` command names, not the words of an answer ("drift")."""
    typed = typed.strip()
    return "/" in typed or bool(OFFSET.match(typed)) or typed.lower() in _ABBREVIATIONS or zone_name(typed) is not None
