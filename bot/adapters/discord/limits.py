"""Discord's size limits, and the clipping and splitting that keep every message inside them.

Discord rejects an over-long message with a 400, which would lose the reply
entirely. Long text is split into several messages and fields that do not fit
one embed go on in further embeds (and messages); only a single part longer
than its own limit (a title, one field's line) is clipped, with a visible "…".
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
EMBED_TOTAL = 6000  # per message: every embed's title, description, fields and footer together
EMBEDS = 10  # per message
CONTINUED = " (cont.)"
ELLIPSIS = "…"
FENCE = "```"


def clip(text: str, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def _pieces(line: str, room: int) -> list[str]:
    """One line too long for a message, cut at a space where one is near the end, else hard."""
    pieces = []
    while len(line) > room:
        cut = line.rfind(" ", 0, room)
        cut = cut if cut >= room // 2 else room
        pieces.append(line[:cut])
        line = line[cut:].removeprefix(" ")
    return pieces + [line]


def _toggles(line: str) -> bool:
    """Whether a line opens or closes a ``` code block."""
    return line.lstrip().startswith(FENCE) and line.count(FENCE) % 2 == 1


def _block_end(lines: list[str], start: int) -> int:
    """The index of the line closing the code block opened at `start` (the last line if none does)."""
    return next((j for j in range(start + 1, len(lines)) if _toggles(lines[j])), len(lines) - 1)


def split_text(text: str, limit: int = CONTENT) -> list[str]:
    """Long text as several messages, broken between lines. A break inside a ``` code block closes
    the block at the end of one message and opens it again, with its language, at the start of the
    next, so both halves show as code; code lines keep their indentation."""
    if len(text) <= limit:
        return [text]
    close = "\n" + FENCE
    chunks: list[str] = []
    lines: list[str] = []
    fence = ""  # the line that opened the code block we are in ("" outside one)

    def fits(line: str, in_code: bool) -> bool:
        return sum(len(x) + 1 for x in lines) + len(line) + (len(close) if in_code else 0) <= limit

    def flush() -> None:
        body = "\n".join(lines).rstrip()
        if body.strip() and body != fence:
            chunks.append(body + (close if fence else ""))
        lines[:] = [fence] if fence else []

    def add(line: str, in_code: bool) -> None:
        if not fits(line, in_code):
            flush()
        if lines or line.strip():  # no message starts with blank lines
            lines.append(line)

    all_lines = text.split("\n")
    for i, line in enumerate(all_lines):
        toggles = _toggles(line)
        after = ("" if fence else line.strip()) if toggles else fence
        if after and not fence:  # a code block opens: whole in the next message if not in this one
            block = "\n".join(all_lines[i:_block_end(all_lines, i) + 1])
            if not fits(block, False) and len(block) <= limit:
                flush()
        if not fits(line, bool(after)):
            flush()
        if fits(line, bool(after)):
            add(line, bool(after))
        else:  # longer than a whole message: in pieces
            room = limit - sum(len(x) + 1 for x in lines) - (len(close) if fence else 0)
            for piece in _pieces(line, max(room, 1)):
                add(piece, bool(fence))
        fence = after
    flush()
    return chunks or [text[:limit]]


def fit_embeds(embed: discord.Embed) -> list[discord.Embed]:
    """One embed as one or more within Discord's limits: every part clipped to its own limit, and the
    fields that do not fit (25 to an embed, 6,000 characters in all) carried, in order, into further
    embeds titled "... (cont.)". None is dropped; the footer goes on the last embed."""
    if embed.title:
        embed.title = clip(embed.title, TITLE)
    if embed.description:
        embed.description = clip(embed.description, DESCRIPTION)
    footer = clip(embed.footer.text or "", FOOTER)
    fields = [(clip(f.name or "", FIELD_NAME), clip(f.value or "", FIELD_VALUE), f.inline) for f in embed.fields]
    embed.clear_fields()
    embed.remove_footer()
    if len(embed) + len(footer) > EMBED_TOTAL and embed.description:  # room for the footer, whatever follows
        embed.description = clip(embed.description, max(1, EMBED_TOTAL - len(footer) - len(embed.title or "")))
    parts = [embed]
    for name, value, inline in fields:
        if len(parts[-1].fields) >= FIELDS or len(parts[-1]) + len(footer) + len(name) + len(value) > EMBED_TOTAL:
            parts.append(discord.Embed(title=clip((embed.title or "") + CONTINUED, TITLE), colour=embed.colour))
        parts[-1].add_field(name=name, value=value, inline=inline)
    if footer:
        parts[-1].set_footer(text=footer)
    return parts


def message_groups(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """Embeds in order, grouped into messages of at most 10 embeds and 6,000 characters each."""
    groups: list[list[discord.Embed]] = [[]]
    for embed in embeds:
        if groups[-1] and (len(groups[-1]) >= EMBEDS or sum(map(len, groups[-1])) + len(embed) > EMBED_TOTAL):
            groups.append([])
        groups[-1].append(embed)
    return groups


def field_chunks(lines: list[str], limit: int = FIELD_VALUE) -> list[str]:
    """Lines packed into field values of at most `limit` characters; a line longer than one field (a
    model answer) goes on in the next, cut at a space, so nothing is lost. Text with a ``` code block
    is split as a message is (split_text), so a block cut in two is closed and opened again."""
    if any(FENCE in line for line in lines):
        return [c for c in split_text("\n".join(lines), limit) if c.strip()]
    chunks: list[str] = []
    current = ""
    for piece in (p for line in lines for p in _pieces(line, limit)):
        if current and len(current) + 1 + len(piece) > limit:
            chunks.append(current)
            current = piece
        else:
            current = f"{current}\n{piece}" if current else piece
    if current:
        chunks.append(current)
    return chunks
