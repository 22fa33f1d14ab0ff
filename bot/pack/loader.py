"""Load the knowledge pack from folders, collecting every problem found.

A pack folder holds `guides/*.md` (markdown with front matter and a stable
`{#id}` on every `##`/`###` heading) and `questions/*.yaml`. Several folders
load side by side: ours first, then a team's own (bring your own pack).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.pack.models import Guide, Question, QuestionFile, Section, normalised_wording

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*$")
ANCHOR = re.compile(r"\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$")


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


@dataclass
class Pack:
    guides: list[Guide] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    question_files: dict[str, str] = field(default_factory=dict)

    @property
    def sections(self) -> dict[str, Section]:
        return {s.id: s for g in self.guides for s in g.sections}

    @property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_guide(path: Path, relative: str) -> tuple[Guide | None, list[Problem]]:
    problems: list[Problem] = []
    try:
        raw = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        return None, [Problem(relative, "", f"cannot read as UTF-8 text ({exc.__class__.__name__})")]
    match = FRONT_MATTER.match(raw)
    if not match:
        return None, [Problem(relative, "front matter", "missing '---' block with title and topic")]
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        return None, [Problem(relative, "front matter", f"broken YAML: {exc}")]
    for key in ("title", "topic"):
        if not meta.get(key):
            problems.append(Problem(relative, f"front matter.{key}", "missing"))
    if problems:
        return None, problems

    sections: list[Section] = []
    path_titles: list[str] = []
    current: dict | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            sections.append(Section(**current, text="\n".join(body).strip()))

    in_code = False
    for lineno, line in enumerate(raw[match.end():].splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        heading = None if in_code else HEADING.match(line)
        if not heading:
            body.append(line)
            continue
        depth, title = len(heading.group(1)), heading.group(2)
        anchor = ANCHOR.search(title)
        title = ANCHOR.sub("", title).strip()
        del path_titles[depth - 1:]
        path_titles.extend([""] * (depth - 1 - len(path_titles)))
        path_titles.append(title)
        if depth == 1:
            continue
        if not anchor:
            problems.append(Problem(relative, f"heading line {lineno}", f"'{title}' has no {{#section-id}}"))
            continue
        close()
        body = []
        current = dict(id=anchor.group(1), title=title, topic=meta["topic"], guide=relative,
                       heading_path=tuple(t for t in path_titles if t))
    close()
    return Guide(file=relative, title=meta["title"], topic=meta["topic"], sections=tuple(sections)), problems


def _question_problems(relative: str, data: object) -> tuple[list[Question], list[Problem]]:
    try:
        return list(QuestionFile.model_validate(data).questions), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = list(err["loc"])
            label = ".".join(str(p) for p in loc)
            if len(loc) >= 2 and loc[0] == "questions" and isinstance(data, dict):
                try:
                    qid = data["questions"][loc[1]].get("id", f"#{loc[1]}")
                    label = f"question {qid}: " + ".".join(str(p) for p in loc[2:])
                except (IndexError, KeyError, AttributeError, TypeError):
                    pass
            problems.append(Problem(relative, label.rstrip(": "), err["msg"]))
        return [], problems


def load_questions(path: Path, relative: str) -> tuple[list[Question], list[Problem]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, OSError) as exc:
        return [], [Problem(relative, "", f"cannot read as UTF-8 text ({exc.__class__.__name__})")]
    except yaml.YAMLError as exc:
        return [], [Problem(relative, "", f"broken YAML: {exc}")]
    return _question_problems(relative, data)


def load_pack(*roots: Path) -> Pack:
    """Load every folder in `roots` into one pack and check cross-references."""
    pack = Pack()
    for root in roots:
        root = Path(root)
        if not root.exists():
            pack.problems.append(Problem(str(root), "", "folder does not exist"))
            continue
        for path in sorted((root / "guides").rglob("*.md")):
            guide, problems = parse_guide(path, str(path.relative_to(root.parent)))
            pack.problems += problems
            if guide:
                pack.guides.append(guide)
        for path in sorted((root / "questions").rglob("*.y*ml")):
            questions, problems = load_questions(path, str(path.relative_to(root.parent)))
            pack.problems += problems
            pack.questions += questions
            for q in questions:
                pack.question_files.setdefault(q.id, str(path.relative_to(root.parent)))
    pack.problems += cross_reference_problems(pack)
    return pack


def cross_reference_problems(pack: Pack) -> list[Problem]:
    problems: list[Problem] = []
    seen_sections: dict[str, str] = {}
    for guide in pack.guides:
        for section in guide.sections:
            if section.id in seen_sections:
                problems.append(Problem(guide.file, f"section {section.id}",
                                        f"duplicate section id (also in {seen_sections[section.id]})"))
            seen_sections.setdefault(section.id, guide.file)
    seen_questions: set[str] = set()
    wordings: dict[str, str] = {}  # each question's wording, by its normalised form, to the question id
    for q in pack.questions:
        wordings.setdefault(normalised_wording(q.question), q.id)
    for q in pack.questions:
        where = pack.question_files.get(q.id, "questions")
        if q.id in seen_questions:
            problems.append(Problem(where, f"question {q.id}", "duplicate question id"))
        seen_questions.add(q.id)
        for field, sources in [("sources", q.sources),
                               *((f"followups.{n}.sources", f.sources) for n, f in enumerate(q.followups))]:
            problems += [Problem(where, f"question {q.id}: {field}", f"'{source}' is no guide section id")
                         for source in sources if source not in seen_sections]
        for n, text in enumerate(q.asked_as):  # one typed question reaches one bank question
            owner = wordings.setdefault(normalised_wording(text), q.id)
            if owner != q.id:
                problems.append(Problem(where, f"question {q.id}: asked_as.{n}", f"also asks question {owner}"))
    return problems
