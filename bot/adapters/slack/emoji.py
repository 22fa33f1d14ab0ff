"""Slack's emoji shortcodes (`:tada:`, `:wave::skin-tone-2:`) read back as the emoji they show.

Slack sends every emoji as a shortcode, so `:smile: :rocket:` would reach the grader as the
words "smile rocket" and spend a try. As Unicode emoji they read like emoji typed on a phone
(nothing to grade, the try stays open). A workspace's own emoji has no Unicode form and is
dropped; a message of nothing else keeps one stand-in emoji, so it is still an emoji message
and not an empty one.

Only a name Slack says is an emoji (the message's rich-text blocks list them) or a standard
emoji name is replaced, never inside code or a <...> link, and never after a letter or digit,
so "ratio 3:2", "10:30:45", ":param x:" and "a[i:end:2]" stay as typed.

The other way, text that must show as typed (a display name `:fire: Gil`, an answer quoted back) keeps
its shortcodes as words: `as_typed` puts a zero-width space after each colon that could open one.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rich.emoji import Emoji, NoEmoji

from bot.engine.render_text import ZWSP

STAND_IN = "\U0001f5bc"  # 🖼: a custom emoji is a picture
_UNTOUCHED = re.compile(r"```.*?```|`[^`\n]*`|<[^<>]*>", re.S)  # code, and Slack's <links|mentions>
_RUN = re.compile(r"(?<![\w:])(?::[a-z0-9_+'-]+:)+")  # ":wave::skin-tone-2:", ":a::b:"
_SHORTCODE = re.compile(r":([a-z0-9_+'-]+):")
_SKIN_TONE = re.compile(r"skin-tone-([2-6])")
# a colon that could open a shortcode: a name and a closing colon follow ("::skin-tone-2:" too)
_OPENS = re.compile(r":(?=[a-z0-9_+'-]+:)", re.I)


def emoji_in_blocks(blocks: Iterable[dict] | None) -> dict[str, str]:
    """The emoji a message's rich-text blocks name: a standard one's Unicode, "" for a custom one."""
    found: dict[str, str] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "emoji" and node.get("name"):
                code = node.get("unicode") or ""
                try:
                    found[node["name"]] = "".join(chr(int(part, 16)) for part in code.split("-") if part)
                except ValueError:
                    found[node["name"]] = ""
            walk(node.get("elements"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(list(blocks or []))
    return found


def _standard(name: str) -> str | None:
    for candidate in (name, name.replace("-", "_")):  # Slack says man-shrugging, rich man_shrugging
        try:
            return str(Emoji(candidate))
        except NoEmoji:
            continue
    return None


def shortcodes_to_emoji(text: str, named: Mapping[str, str] | None = None) -> str:
    """`text` with its emoji shortcodes as Unicode emoji (custom ones dropped); see the module doc."""
    named = named or {}
    dropped = False

    def emoji(m: re.Match) -> str:
        nonlocal dropped
        name = m.group(1)
        tone = _SKIN_TONE.fullmatch(name)
        unicode = (chr(0x1F3FB + int(tone.group(1)) - 2) if tone
                   else named[name] if name in named else _standard(name))
        if unicode is None:
            return m.group(0)  # not an emoji Slack or we know: text that only looks like one
        dropped = dropped or not unicode
        return unicode

    def run(m: re.Match) -> str:
        return _SHORTCODE.sub(emoji, m.group(0))

    out, last = [], 0
    for skip in _UNTOUCHED.finditer(text):
        out += [_RUN.sub(run, text[last:skip.start()]), skip.group(0)]
        last = skip.end()
    out.append(_RUN.sub(run, text[last:]))
    result = "".join(out)
    return STAND_IN if dropped and not result.strip() else result


def as_typed(text: str) -> str:
    """`text` with no emoji shortcode left for Slack to show as an emoji: ":fire: Gil" stays ":fire: Gil".

    A zero-width space after every colon that a shortcode's name and closing colon follow: invisible,
    no column in a monospace table, and no name Slack knows can hold it. Every such colon, not only
    the first of a run, or ":a:fire:" would still show 🔥 from its second colon; a colon that no name
    and closing colon follow ("10:30", "https://") is left alone, so links stay links.
    """
    return _OPENS.sub(":" + ZWSP, text)
