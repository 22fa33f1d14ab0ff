"""Split guides and other documents into passages of about a paragraph.

A passage keeps the heading path and section id it came from, so search
results and feedback can cite it. Its id is a hash of where it is and what it
says, so re-chunking unchanged text gives the same ids.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.pack.loader import parse_guide
from bot.pack.models import Section

MAX_WORDS = 200
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'`])")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$", re.M)


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    file: str
    section_id: str
    title: str
    heading_path: tuple[str, ...]
    topic: str

    @property
    def source(self) -> str:
        return f"{self.file}#{self.section_id}"

    @property
    def embedding_text(self) -> str:
        # The heading path tells the model what a terse paragraph is about.
        return " > ".join(self.heading_path) + "\n" + self.text


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "section"


def split_paragraphs(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Paragraphs, with short neighbours merged and long ones cut at sentence ends."""
    pieces: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        if len(block.split()) <= max_words:
            pieces.append(block)
            continue
        current: list[str] = []
        for sentence in SENTENCE_END.split(block):
            if current and len(" ".join(current + [sentence]).split()) > max_words:
                pieces.append(" ".join(current))
                current = []
            current.append(sentence)
        if current:
            pieces.append(" ".join(current))
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1].split()) + len(piece.split()) <= max_words // 2:
            merged[-1] = merged[-1] + "\n\n" + piece
        else:
            merged.append(piece)
    return merged


def _passage_id(file: str, section_id: str, text: str) -> str:
    return hashlib.sha1(f"{file}\x00{section_id}\x00{text}".encode()).hexdigest()[:20]


def passages_from_sections(sections: list[Section] | tuple[Section, ...]) -> list[Passage]:
    out: list[Passage] = []
    for section in sections:
        for text in split_paragraphs(section.text):
            out.append(Passage(_passage_id(section.guide, section.id, text), text, section.guide,
                               section.id, section.title, section.heading_path, section.topic))
    return out


def sections_of_plain_document(text: str, file: str, topic: str = "custom") -> list[Section]:
    """Sections of a document that has no `{#id}` anchors: one per heading, or one in all."""
    title = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    matches = list(HEADING.finditer(text))
    if not matches:
        return [Section(id=slugify(title), title=title, topic=topic, guide=file, heading_path=(title,), text=text)]
    sections: list[Section] = []
    if text[: matches[0].start()].strip():
        sections.append(Section(id=slugify(title), title=title, topic=topic, guide=file,
                                heading_path=(title,), text=text[: matches[0].start()]))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        heading = re.sub(r"\s*\{#[^}]*\}\s*$", "", match.group(2))
        sections.append(Section(id=slugify(heading), title=heading, topic=topic, guide=file,
                                heading_path=(title, heading), text=text[match.end():end]))
    return sections


def passages_from_file(text: str, file: str, path=None) -> list[Passage]:
    """Passages of one document: a pack guide keeps its anchors, anything else gets slugs."""
    if text.startswith("---") and path is not None:
        guide, problems = parse_guide(path, file)
        if guide is not None and not problems:
            return passages_from_sections(guide.sections)
    return passages_from_sections(sections_of_plain_document(text, file))
