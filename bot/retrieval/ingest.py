"""Bring files into the index: skip what has not changed, drop what was deleted.

A file that is binary, empty or not UTF-8 is named and skipped; nothing
already in the index is lost because of it.
"""
from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.retrieval.chunking import passages_from_file
from bot.retrieval.index import LEVELS, KnowledgeIndex

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".rst"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # file -> why
    passages: int = 0

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.updated)} updated", f"{len(self.unchanged)} unchanged",
                 f"{len(self.removed)} removed", f"{len(self.skipped)} skipped", f"{self.passages} passages indexed"]
        return ", ".join(parts)


def html_to_text(raw: str) -> str:
    raw = re.sub(r"(?is)<(script|style).*?</\1>", " ", raw)
    raw = re.sub(r"(?i)<h([1-6])[^>]*>(.*?)</h\1>", lambda m: "\n\n" + "#" * int(m.group(1)) + " " + m.group(2) + "\n\n", raw)
    raw = re.sub(r"(?i)</?(p|div|br|li|tr|section|article)[^>]*>", "\n\n", raw)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def read_document(path: Path) -> tuple[str | None, str]:
    """(text, "") or (None, why it was skipped)."""
    if path.suffix.lower() not in SUPPORTED:
        return None, f"unsupported file type '{path.suffix or 'none'}' (use .md, .txt or .html)"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc.__class__.__name__})"
    if b"\x00" in raw[:8192]:
        return None, "looks binary"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "is not UTF-8 text"
    if path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text)
    if not text.strip():
        return None, "is empty"
    return text, ""


def expand(paths: Iterable[Path]) -> tuple[list[Path], dict[str, str]]:
    files, missing = [], {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        elif path.is_file():
            files.append(path)
        else:
            missing[str(path)] = "does not exist"
    return files, missing


def display_name(path: Path, root: Path) -> str:
    path = path.resolve()
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def ingest(index: KnowledgeIndex, paths: Iterable[Path], root: Path,
           section_levels: dict[str, set[str]] | None = None,
           on_file: Callable[[str], None] | None = None) -> IngestReport:
    """Index `paths` (files or folders). Files indexed earlier that no longer exist are dropped."""
    section_levels = section_levels or {}
    report = IngestReport()
    files, missing = expand(paths)
    report.skipped.update(missing)
    known = index.indexed_files()

    def levels_of(section_id: str) -> set[str]:
        return section_levels.get(section_id) or set(LEVELS)

    for path in files:
        name = display_name(path, root)
        if on_file:
            on_file(name)
        text, why = read_document(path)
        if text is None:
            report.skipped[name] = why
            continue
        digest = hashlib.sha256(text.encode()).hexdigest()
        if known.get(name) == digest:
            report.unchanged.append(name)
            continue
        passages = passages_from_file(text, name, path)
        if not passages:
            report.skipped[name] = "has no paragraphs to index"
            continue
        index.replace_file(name, digest, passages, levels_of)
        (report.updated if name in known else report.added).append(name)
    for name in known:
        candidate = Path(name) if Path(name).is_absolute() else root / name
        if not candidate.exists():
            index.drop_file(name)
            report.removed.append(name)
    report.passages = index.count()
    return report
