"""Versioned prompt templates from prompts/: `<name>.v<version>.md` with front matter.

Placeholders are `{{name}}` (not str.format) so braces in answers and JSON
examples need no escaping.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bot.pack.loader import FRONT_MATTER as _FRONT  # one front-matter format for guides and prompts

if TYPE_CHECKING:
    from bot.grading.text import PreparedAnswer

_FILE = re.compile(r"^(?P<name>[a-z0-9_-]+)\.v(?P<version>\d+)\.md$")
# Any spelling of the tags that fence the answer ("</ANSWER>", "< / answer >", "<answer x>"):
# inside the answer they lose their "<", so the answer cannot close its fence and speak as the prompt.
_ANSWER_TAG = re.compile(r"<(?=\s*/?\s*answer\b)", re.I)
ANSWER_CHARS = 6000  # an answer past this is cut: MAX_ANSWER_WORDS already bounds what is graded


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    version: int
    body: str

    @property
    def ref(self) -> str:
        return f"{self.name}.v{self.version}"

    def render(self, **values: str) -> str:
        """One pass over the template: a value that itself holds "{{answer}}" (a question a team
        wrote, say) stays as written instead of receiving a later value."""
        return re.sub(r"\{\{(\w+)\}\}", lambda m: values.get(m.group(1), m.group(0)), self.body)


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


def answer_as_data(prepared: PreparedAnswer) -> str:
    """The answer as it goes between the <answer> tags of a prompt: the sentences that are graded
    (instructions to the grader already dropped), then any code as written in a code fence, with
    every answer tag and code fence inside disarmed so the answer stays data."""
    prose = " ".join(prepared.units[:len(prepared.units) - prepared.code_units])[:ANSWER_CHARS]
    code = prepared.code.replace("```", "` ` `")[:ANSWER_CHARS]
    text = f"{prose}\n\n```\n{code}\n```" if code else prose
    return _ANSWER_TAG.sub("\u2039", text.strip())
