"""A chunk of the index can start inside a guide's code block, with no fence left to strip."""
from __future__ import annotations

from bot.grading.guide_sentences import prose, stands_alone
from bot.grading.text import FENCE, split_sentences


def test_code_cut_from_its_fences_is_no_rubric_point(pack):
    section = pack.sections["coding-pii-redaction"]
    code = FENCE.search(section.text).group(1)  # what a chunk cut inside the block holds
    assert code.startswith("import re") and "PATTERNS = [" in code
    assert not [s for s in split_sentences(prose(code)) if stands_alone(s)]


def test_prose_with_dots_brackets_and_equals_still_stands(pack):
    sentences = {s for sec in pack.sections.values() for s in split_sentences(prose(sec.text)) if stands_alone(s)}
    assert "The usual defaults are k1 = 1.2 and b = 0.75." in sentences
    assert any(s.startswith("Multi-query attention lets all heads share one set of keys and values") for s in sentences)
    assert any(s.startswith("Replace each match with a typed placeholder such as `[EMAIL]`") for s in sentences)
