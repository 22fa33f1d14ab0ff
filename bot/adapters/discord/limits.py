"""Discord's size limits, and the clipping that keeps every message inside them.

Discord rejects an over-long message with a 400, which would lose the reply
entirely; clipping with a visible "…" (or splitting long text into several
messages) keeps the user informed instead.
"""
from __future__ import annotations

import discord

CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
EMBED_TOTAL = 6000
ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def split_text(text: str, limit: int = CONTENT) -> list[str]:
    """Long text as several chunks, broken at line ends where possible."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut < limit // 2:  # no usable line break: cut at a space, else hard
            cut = rest.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Clip every part to its limit, then drop trailing fields until the total fits."""
    if embed.title:
        embed.title = clip(embed.title, TITLE)
    if embed.description:
        embed.description = clip(embed.description, DESCRIPTION)
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER))
    fields = [(clip(f.name or "", FIELD_NAME), clip(f.value or "", FIELD_VALUE), f.inline) for f in embed.fields]
    if len(fields) > FIELDS:
        fields = fields[: FIELDS - 1] + [("…", f"{len(fields) - FIELDS + 1} more not shown", False)]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    while len(embed) > EMBED_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > EMBED_TOTAL and embed.description:
        embed.description = clip(embed.description, max(1, len(embed.description) - (len(embed) - EMBED_TOTAL)))
    return embed


def field_chunks(lines: list[str], limit: int = FIELD_VALUE) -> list[str]:
    """Lines packed into field values of at most `limit` characters (one line never spans two)."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks
