"""A run of thousands of one letter is long and has no words in it: it is not 'a word or two' nor 'a short
answer' (QA), and nothing of it is graded, so an interview keeps the try open."""
from __future__ import annotations

from bot.grading.text import FEW_WORDS_NOTE, NOT_WORDS_NOTE, prepare

RUN = "a" * 20_000


def test_a_long_run_of_letters_is_not_words():
    prepared = prepare(RUN)
    assert prepared.empty and NOT_WORDS_NOTE in prepared.notes and FEW_WORDS_NOTE not in prepared.notes


def test_words_beside_a_run_of_letters_are_still_graded():
    prepared = prepare(f"Subwords keep the vocabulary small. {RUN}")
    assert prepared.units == ["Subwords keep the vocabulary small."] and NOT_WORDS_NOTE not in prepared.notes


def test_the_longest_english_words_and_text_without_spaces_are_words():
    assert prepare("Pneumonoultramicroscopicsilicovolcanoconiosis.").units
    assert prepare("子词切分让词表保持很小同时仍然可以用片段拼出罕见的词语这就是为什么大模型使用子词切分而不是整词或者单个字符的原因之一").units


def test_the_grader_never_calls_it_short_and_keeps_the_try(grader):
    from bot.engine.not_graded import unreadable_notes

    fb = grader.grade(RUN, question_id="tokenization-why-subwords")
    said = " ".join(fb.notes).lower()
    assert "short" not in said and "a word or two" not in said, fb.notes
    assert NOT_WORDS_NOTE in unreadable_notes(fb, RUN)
