"""Versioned prompt templates from prompts/: `<name>.v<version>.md` with front matter.

Placeholders are `{{name}}` (not str.format) so braces in answers and JSON
examples need no escaping.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.pack.loader import FRONT_MATTER as _FRONT  # one front-matter format for guides and prompts

_FILE = re.compile(r"^(?P<name>[a-z0-9_-]+)\.v(?P<version>\d+)\.md$")


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    version: int
    body: str

    @property
    def ref(self) -> str:
        return f"{self.name}.v{self.version}"

    def render(self, **values: str) -> str:
        text = self.body
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        return text


def load_prompt(prompts_dir: Path, name: str, version: int | None = None) -> PromptTemplate:
    """The named template at `version`, or its highest version."""
    found = {}
    for path in Path(prompts_dir).glob(f"{name}.v*.md"):
        m = _FILE.match(path.name)
        if m and m["name"] == name:
            found[int(m["version"])] = path
    if not found:
        raise FileNotFoundError(f"no prompt template '{name}.v*.md' in {prompts_dir}")
    chosen = version if version is not None else max(found)
    raw = found[chosen].read_text(encoding="utf-8")
    meta, body = {}, raw
    if m := _FRONT.match(raw):
        meta, body = yaml.safe_load(m.group(1)) or {}, raw[m.end():]
    if int(meta.get("version", chosen)) != chosen:
        raise ValueError(f"{found[chosen].name}: front matter version {meta.get('version')} != file version {chosen}")
    return PromptTemplate(name=name, version=chosen, body=body.strip() + "\n")
