"""Slack's text rules in one place: escaping, mention defusing, size limits.

Slack reads `&`, `<` and `>` as markup, so `<!here>` or `<!subteam^S1>` in an
echoed answer would ping people; escaping those three characters (plus
breaking the bare @channel words) makes any user text inert. Slack has no escape
for `*`, `_`, `~` and backticks, so text that must show as written (a display name, an
answer quoted back to its author) gets zero-width spaces beside them (`literal`,
`code_text`): invisible, and no markup forms. Nor does an emoji shortcode: ":fire:" in
such text stays the word the person typed (`emoji.as_typed`).
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping

from bot.adapters.slack.emoji import as_typed, shortcodes_to_emoji
from bot.engine.commands import CODE_SPANS
from bot.engine.render_text import ZWSP, defuse_mentions

SECTION_LIMIT = 3000  # a section block's text
HEADER_LIMIT = 150  # a header block's plain text
BUTTON_LIMIT = 75
FALLBACK_LIMIT = 3000  # the top-level `text` (Slack allows 40,000; notifications show far less)
MAX_BLOCKS = 50
ELLIPSIS = "…"
SOMEONE = "someone"  # a mentioned person whose name we do not have: "@someone", not "@U0123ABC"

_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")
_CUT_ENTITY = re.compile(r"&[a-z]*$")  # an entity a cut would split: "&am" of "&amp;"
_BARE = re.compile(r"<([^<>]+)>")
_MARKUP = re.compile(r"[*_~`]")
# a bare link, which Slack links whole; not the mark or the full stop after it ("_see https://x.io_.")
_URL = re.compile(r"(?<![A-Za-z0-9])(?:https?|ftp)://[^\s<>]*[^\s<>*_~`.,;:!?'\")\]]")
_CUT_MARK = re.compile(ZWSP + r"[*_~`]$")  # a `literal` mark whose closing zero-width space a cut would drop


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def clip_mrkdwn(text: str, limit: int) -> str:
    """Escaped mrkdwn in at most `limit` characters, ending in "…" when cut, and never cut inside an
    entity (every `&` in escaped text starts one) nor between a `literal` mark and the zero-width space
    after it: "*" then "…" could open bold with a later star."""
    if len(text) <= limit:
        return text
    return _CUT_MARK.sub("", _CUT_ENTITY.sub("", text[: limit - 1])) + ELLIPSIS


def esc(text: str, limit: int | None = None) -> str:
    """User or engine text made safe for mrkdwn: no pings, no links, no markup injection.

    `limit` bounds the escaped text, which is what Slack counts: escaping can make text five times
    longer ("&" is "&amp;"), so a bound on the text before it would let a block outgrow Slack's limits
    and be cut again later, losing what came after.
    """
    text = defuse_mentions(str(text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return clip_mrkdwn(text, limit) if limit else text


def literal(text: str, limit: int | None = None) -> str:
    """`esc`, and text that shows as written: "*Gil* _x_" stays stars and underscores, not bold italic,
    and ":fire:" stays a word, not an emoji. For a display name and for a person's own words quoted
    back to them (the evidence in feedback), whose marks would otherwise open or close the feedback's
    own formatting around them (a notice's text: `as_written`).

    Slack formats `*x*` only when the opening mark is not preceded by a letter and is followed by
    one, and the closing mark the other way round; a zero-width space on both sides of every mark
    breaks one of the two whichever way Slack counts that space (word character or blank). Text
    without marks or shortcodes, most of it, is only escaped; a bare link is left whole, so
    "https://x.io/a_b" stays one link Slack can open.
    """
    text, out, last = str(text), [], 0
    for url in _URL.finditer(text):
        out += [_no_markup(text[last:url.start()]), url.group(0)]
        last = url.end()
    out.append(_no_markup(text[last:]))
    return esc("".join(out), limit)


def as_written(text: str, limit: int | None = None) -> str:
    """A notice's text: its `code` spans and ``` blocks as code, the rest `literal`. The coach's notices
    mark nothing but code, and they echo people's words (a team question, an answer given back to
    reuse, a name), which Slack would otherwise make bold, italic or struck through."""
    text, out, last = str(text), [], 0
    for code in CODE_SPANS.finditer(text):
        out += [literal(text[last:code.start()]), esc(code.group(0))]
        last = code.end()
    out.append(literal(text[last:]))
    joined = "".join(out)
    return clip_mrkdwn(joined, limit) if limit else joined


def _no_markup(text: str) -> str:
    return as_typed(_MARKUP.sub(lambda m: ZWSP + m.group(0) + ZWSP, text))


def code_text(text: str) -> str:
    """Text for inside a ``` block: no three backticks in a row, which would end the block early
    ("x```" in a name); a zero-width space after each backtick keeps them where they are. A shortcode
    in it (":fire:" in a name on a board) stays as typed too."""
    return as_typed(text.replace("`", "`" + ZWSP))


def plain(text: str, emoji: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None) -> str:
    """A Slack message's text as the person typed it: links and mentions back to words, emoji
    shortcodes back to emoji (`emoji`: those the message's blocks name, see emoji.py).

    Grading wants "latency < 100 ms", not "latency &lt; 100 ms"; `<!here>` becomes
    "@here", which `esc` defuses again if the text is ever echoed. A person's mention `<@U1>`
    becomes "@" and their name from `names` (user id -> name), else "@someone": an echoed id
    means nothing to a reader. A channel's `<#C1|general>` becomes "#general".
    """
    names = names or {}
    text = shortcodes_to_emoji(text, emoji)

    def link(m: re.Match) -> str:
        target, label = m.group(1), m.group(2)
        if target.startswith("@"):
            return "@" + (names.get(target[1:]) or label.lstrip("@") or SOMEONE)
        if target.startswith("#"):
            return "#" + (label or "channel")
        return label or target

    def bare(m: re.Match) -> str:
        inner = m.group(1)
        if inner.startswith("@"):
            return "@" + (names.get(inner[1:]) or SOMEONE)
        if inner.startswith("#"):
            return "#channel"
        return "@" + inner[1:].split("^")[0] if inner.startswith("!") else inner

    text = _LINK.sub(link, text)

    return html.unescape(_BARE.sub(bare, text)) if "<" in text or "&" in text else text


def quote(text: str) -> str:
    """A mrkdwn block quote of already-escaped text."""
    return "\n".join("> " + line for line in text.splitlines() or [""])
