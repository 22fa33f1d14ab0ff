"""The knowledge pack: the real one loads clean and covers both guides; broken packs are reported."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.pack.coverage import BEGIN, END, coverage_markdown, topic_levels
from bot.pack.loader import load_pack
from bot.settings import ROOT

PACK = ROOT / "knowledge"
# Every topic of both reference guides, by the section id that holds it.
REQUIRED_SECTIONS = """
roles-comparison roles-nlp-scope static-vs-contextual-embeddings encoders-vs-decoders classification-design
ner-span-f1 tfidf-logreg-baseline data-leakage self-attention bm25 bm25-formula dense-retrieval rag-design
rag-chunking rag-hybrid-rrf rag-reranking rag-context-assembly rag-grounded-generation rag-evaluation
retrieval-metrics rag-debugging search-relevance overlap-metrics perplexity hallucination conversational-eval
subword-algorithms tokenizer-artifacts text-preprocessing monitoring cost-latency safety-pii enterprise-rag
enterprise-rag-latency-budget model-updates coding-rouge coding-bm25 coding-pii-redaction star-method
behavioral-production-failure behavioral-prompt-vs-finetune behavioral-launch-pushback faq-classical-nlp
faq-transformer-depth faq-llm-experience faq-nlp-vs-llm faq-tools faq-company-types levels-junior levels-mid
levels-senior junior-bow-vs-embeddings junior-decision-trees junior-neural-network-parts mid-finetune-llm
mid-long-texts mid-noisy-text senior-multilingual-scale senior-llm-explainability senior-llm-deploy-tradeoffs
support-chatbot-brief support-chatbot-junior support-chatbot-mid support-chatbot-senior
""".split()


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


def test_the_real_pack_loads_with_no_problems(pack):
    assert pack.problems == []
    assert len(pack.questions) >= 90


def test_every_guide_topic_has_a_section_and_questions(pack):
    sections = pack.sections
    missing = [s for s in REQUIRED_SECTIONS if s not in sections]
    assert missing == []
    cited = {s for q in pack.questions for s in q.sources}
    # the interview topics themselves must be asked about, not just written up
    uncited = [s for s in REQUIRED_SECTIONS if s not in cited and s != "support-chatbot-brief"]
    assert uncited == []


def test_every_topic_has_questions_at_every_level(pack):
    for topic, counts in topic_levels(pack).items():
        assert all(counts[level] >= 1 for level in ("junior", "mid", "senior")), (topic, counts)


def test_every_track_can_fill_an_interview_at_every_level(pack):
    from bot.engine.selection import candidates

    for track in ("nlp-engineer", "llm-engineer", "ai-engineer", "system-design", "behavioral", "mixed"):
        for level in ("junior", "mid", "senior"):
            assert len(candidates(pack.questions, track, level, 5)) >= 5, (track, level)


def test_behavioral_questions_use_a_star_rubric(pack):
    for q in pack.questions:
        if q.kind.value == "behavioral":
            assert {"situation", "task", "action", "result"} <= {p.id for p in q.rubric}, q.id


def test_scenario_has_one_multi_turn_question_per_level(pack):
    scenario = [q for q in pack.questions if q.kind.value == "scenario" and q.topic == "scenario"]
    assert sorted(q.level.value for q in scenario) == ["junior", "mid", "senior"]
    assert all(len(q.followups) >= 2 for q in scenario)


def test_the_coverage_table_in_the_readme_is_up_to_date(pack):
    readme = (PACK / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index(BEGIN): readme.index(END) + len(END)]
    assert table == coverage_markdown(pack), "run `coach coverage --write`"


# -- broken packs --------------------------------------------------------------

@pytest.fixture
def copy_pack(tmp_path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(PACK / "guides", root / "guides")
    (root / "questions").mkdir()
    shutil.copy(PACK / "questions" / "retrieval.yaml", root / "questions" / "retrieval.yaml")
    return root


def _questions(root: Path) -> dict:
    return yaml.safe_load((root / "questions" / "retrieval.yaml").read_text())


def _write(root: Path, data) -> None:
    (root / "questions" / "retrieval.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def test_a_copy_of_a_valid_pack_is_valid(copy_pack):
    assert load_pack(copy_pack).problems == []


def test_broken_yaml_is_reported_with_its_file(copy_pack):
    (copy_pack / "questions" / "broken.yaml").write_text("questions:\n  - id: [unclosed\n")
    problems = load_pack(copy_pack).problems
    assert len(problems) == 1 and problems[0].file.endswith("broken.yaml") and "YAML" in problems[0].message


def test_a_missing_field_names_the_question_and_field(copy_pack):
    data = _questions(copy_pack)
    del data["questions"][0]["model_answer"]
    _write(copy_pack, data)
    problems = load_pack(copy_pack).problems
    assert any(data["questions"][0]["id"] in p.field and "model_answer" in p.field for p in problems)


def test_a_duplicate_id_is_reported(copy_pack):
    data = _questions(copy_pack)
    data["questions"][1]["id"] = data["questions"][0]["id"]
    _write(copy_pack, data)
    assert any("duplicate question id" in p.message for p in load_pack(copy_pack).problems)


def test_a_source_that_is_no_section_is_reported(copy_pack):
    data = _questions(copy_pack)
    data["questions"][0]["sources"] = ["no-such-section"]
    _write(copy_pack, data)
    problems = load_pack(copy_pack).problems
    assert any("no-such-section" in p.message and p.field.endswith("sources") for p in problems)


def test_a_rubric_with_no_points_is_reported(copy_pack):
    data = _questions(copy_pack)
    data["questions"][0]["rubric"] = []
    _write(copy_pack, data)
    assert any(p.field.endswith("rubric") for p in load_pack(copy_pack).problems)


def test_a_heading_without_an_id_is_reported(copy_pack):
    guide = copy_pack / "guides" / "extra.md"
    guide.write_text("---\ntitle: Extra\ntopic: extra\n---\n# Extra\n\n## No anchor here\n\ntext\n")
    problems = load_pack(copy_pack).problems
    assert any(p.file.endswith("extra.md") and "no {#section-id}" in p.message for p in problems)


def test_coach_validate_exits_non_zero_and_lists_problems(copy_pack):
    from bot.cli import app

    data = _questions(copy_pack)
    data["questions"][0]["sources"] = ["no-such-section"]
    _write(copy_pack, data)
    result = CliRunner().invoke(app, ["validate", str(copy_pack)])
    assert result.exit_code == 1 and "no-such-section" in result.output
    ok = CliRunner().invoke(app, ["validate", str(PACK)])
    assert ok.exit_code == 0, ok.output


def test_a_teams_own_pack_loads_beside_ours(copy_pack, tmp_path):
    team = tmp_path / "team"
    (team / "guides").mkdir(parents=True)
    (team / "questions").mkdir()
    (team / "guides" / "team.md").write_text("---\ntitle: Team notes\ntopic: team\n---\n# Team\n\n"
                                             "## Our serving stack {#team-serving}\n\nWe serve with vLLM.\n")
    q = dict(_questions(copy_pack)["questions"][0], id="team-serving-q", topic="team", sources=["team-serving"])
    (team / "questions" / "team.yaml").write_text(yaml.safe_dump({"questions": [q]}, sort_keys=False))
    both = load_pack(PACK, team)
    assert both.problems == []
    assert "team-serving-q" in both.by_id and "bm25" in both.sections
