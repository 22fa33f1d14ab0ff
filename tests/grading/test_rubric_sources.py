"""Questions outside the bank: reference answers, close bank questions, retrieved guide passages."""
from __future__ import annotations

import pytest

from bot.grading.grader import GUIDES_ONLY_NOTE, RETRIEVED_NOTE, UnknownQuestion
from bot.grading.rubric import from_reference
from bot.grading.resolve import SectionPassage


def test_reference_rubric_splits_points_and_grades(grader):
    ref = ("A stack is a last-in first-out structure. Items are pushed onto and popped from the top. "
           "It is used for function calls and undo.")
    good = grader.grade("A stack works last in, first out: you push items on the top and pop them off the top. "
                        "Call stacks and undo features use it.", question="What is a stack?", reference=ref)
    bad = grader.grade("A stack is a kind of pancake breakfast.", question="What is a stack?", reference=ref)
    assert good.rubric_source == "reference" and good.question_id is None
    assert len(good.points) == 3
    assert good.score > bad.score + 3
    assert good.model_answer == ref


def test_a_reference_that_is_a_list_accepts_the_list(grader):
    """Terms alone cannot earn an explained point, but they are the answer when the reference is a list."""
    question = "Which three metrics summarise a binary classifier's errors on the positive class?"
    listed = grader.grade("precision, recall, F1", question=question, reference="Precision, recall, F1.")
    assert listed.points[0].status == "covered" and listed.score >= 8
    explained = ("Precision is the share of predicted positives that are right; recall is the share of real "
                 "positives the model finds; F1 is their harmonic mean.")
    stuffed = grader.grade("precision, recall, F1, ROC, AUC", question=question, reference=explained)
    assert stuffed.score < 5 and stuffed.points[0].status != "covered"


def test_a_terse_answer_in_other_words_matches_a_one_line_reference(grader, monkeypatch):
    """Word-by-word alignment finds the reference's meaning in a terse answer that shares few words."""
    from bot.grading import offline

    question = "What does dropout do during training?"
    reference = "It randomly zeroes a share of the activations at every step, so units cannot rely on particular partners."
    terse = "switches off random neurons each step so none can lean on the others"
    wrong = "it lowers the learning rate when the validation loss stops improving"
    right = grader.grade(terse, question=question, reference=reference)
    assert right.score >= 4.5 and right.points[0].status != "missed"
    assert right.score >= grader.grade(wrong, question=question, reference=reference).score + 3
    monkeypatch.setattr(offline, "ALIGNED_SHARES", offline.BANK_SHARES)  # sentence vectors alone
    assert grader.grade(terse, question=question, reference=reference).score < right.score


def test_close_bank_question_uses_bank_rubric(grader, pack):
    q = pack.by_id["roles-nlp-llm-ai-compared"]
    fb = grader.grade(q.model_answer, question=q.question.replace("How would you", "How do you"))
    assert fb.rubric_source == "bank" and fb.question_id == q.id


def test_unknown_question_uses_retrieved_passages(settings, pack, embedder):
    from bot.grading.grader import build_grader

    calls = []
    sections = pack.sections

    def retrieve(query: str, k: int):
        calls.append((query, k))
        wanted = ["bm25-formula", "bm25"]
        return [SectionPassage(sections[s].text, sections[s].guide, s, sections[s].title) for s in wanted][:k]

    grader = build_grader(settings, pack=pack, embedder=embedder, retrieve=retrieve)
    question = "What does the b parameter do in Okapi BM25 length normalisation?"
    assert grader.resolver.bank_matcher.closest_bank_question(question)[1] < settings.bank_match_threshold
    fb = grader.grade("The b parameter controls length normalisation: with b = 0 document length is ignored, "
                      "with b = 1 the term frequency is fully scaled by the document length over the average "
                      "length, and the default of 0.75 penalises long documents noticeably but not completely.",
                      question=question)
    assert calls and fb.rubric_source == "retrieved" and fb.question_id is None
    assert all(p.citation and p.citation.section_id in {"bm25-formula", "bm25"} for p in fb.points)
    assert any(p.status != "missed" and p.evidence for p in fb.points)
    off = grader.grade("I would buy more servers.", question=question)
    assert off.score < fb.score
    assert all(p.point_id.startswith("p") for p in fb.points), "guide sentences only"
    # the guides may not be what the question means: say so, and name no bank when none was used (QA)
    assert GUIDES_ONLY_NOTE in fb.notes and RETRIEVED_NOTE not in fb.notes
    missed = [p for p in fb.points + off.points if p.status != "covered"]
    assert missed and not any(p.citation.title in p.hint for p in missed), "the section is named once, as the citation"


def test_unknown_bank_id_is_a_clear_error(grader):
    with pytest.raises(UnknownQuestion, match="no question with id"):
        grader.grade("anything", question_id="no-such-question")


def test_retrieved_points_are_sentences_that_stand_alone(settings, pack, embedder):
    from bot.grading.grader import build_grader
    from bot.grading.guide_sentences import stands_alone

    guide = ("BM25 ranks documents by the terms they share with the query, weighting rare terms more. "
             "It saturates repeated terms, so the tenth mention of a word adds little to the score. "
             "The formula sums one contribution per query term for the document, as follows:\n\n"
             "score = sum over query terms of idf times saturated term frequency.\n\n"
             "That is why production search pairs BM25 with a dense retriever and a re-ranker. "
             "Length normalisation, covered in a subsection below, stops long documents from winning by size. "
             "Length normalisation divides term frequency by document length relative to the average length.")

    def retrieve(query: str, k: int):
        return [SectionPassage(guide, "retrieval", "bm25", "BM25")]

    grader = build_grader(settings, pack=pack, embedder=embedder, retrieve=retrieve)
    points = [item.point for item in grader.resolver.resolve(question="How does Okapi BM25 score a document "
                                                                      "against a search query?").items]
    assert points and all(stands_alone(p) for p in points)
    assert not any(p.startswith(("It ", "That ")) or p.endswith(":") or "below" in p for p in points)
    assert any(p.startswith("BM25 ranks documents") for p in points)


NOT_COVERED = ["What is 2+2?", "How does speculative decoding speed up LLM inference?",
               "How does speculative decoding speed up generation?", "Compare beam search and nucleus sampling.",
               "What is a Kubernetes pod?", "What is the capital of France?", "How do I make sourdough bread?",
               "Tell me about a time you disagreed with a teammate.",
               "Describe a situation where you had to debug a retrieval failure."]
# Covered by the guides, though their guide sentences are worded apart from the question, or they open
# like a behavioural question while asking about the technique; with where each rubric comes from (a
# question asked as one of the bank's follow-ups, or a bank question reworded, takes its curated rubric).
COVERED = {"How does BLEU penalise short outputs compared with ROUGE?": "retrieved",
           "Give an example of when BM25 beats dense retrieval.": "retrieved",
           "Have you ever tuned BM25's k1 and b parameters? What do they control?": "retrieved",
           "Describe a situation where reciprocal rank fusion helps.": "bank",
           "Why does BLEU need a brevity penalty?": "bank",  # bleu-rouge-meteor-explained#f0
           "How would you detect position bias in a pairwise judge?": "bank",  # llm-as-judge-reliability#f0
           "Why do LLMs hallucinate?": "bank",
           # a contraction or "folks" is no unknown term (QA: refused for "we're", "we've", "folk")
           "We're launching a customer-facing LLM assistant next month. What safety controls would you want in "
           "place before it goes live?": "retrieved",
           "Quick one for the NER folks: what does adding a CRF layer on top of a BERT tagger actually buy you?":
               "retrieved"}


def test_a_guide_sentence_that_compares_with_above_or_below_can_be_a_point(grader):
    """"weights recall above precision" is no pointer to another part of the guide: METEOR's one sentence."""
    rubric = grader.resolver.resolve(question="What is METEOR?")
    assert rubric.source == "retrieved" and any(i.point.startswith("METEOR") for i in rubric.items)


@pytest.mark.parametrize("question, source", COVERED.items())
def test_a_question_the_guides_cover_is_graded_not_refused(grader, question, source):
    rubric = grader.resolver.resolve(question=question)
    assert rubric.source == source and rubric.items


@pytest.mark.parametrize("question, qid", [
    ("Explain self-attention.", "self-attention-qkv-explained"),
    ("What is reciprocal rank fusion?", "rag-hybrid-rrf-fusion"),
    ("How do BIO tags work in NER?", "ner-bio-tagging-basics"),
    ("Why do LLMs hallucinate?", "hallucination-basics"),  # the bank says "language model"
])
def test_a_bank_question_reworded_in_few_words_gets_its_curated_rubric(grader, question, qid):
    rubric = grader.resolver.resolve(question=question)
    assert rubric.source == "bank" and rubric.question_id == qid


@pytest.mark.parametrize("question", ["What is LoRA and why is it used for fine-tuning?",
                                      "What is a KV cache and why does it speed up LLM inference?",
                                      "Why do LLMs hallucinate?", "How does BM25 handle long documents?",
                                      "What are the failure modes of NER on support chats?"])
def test_interview_advice_in_the_guides_is_never_a_rubric_point(grader, question):
    from bot.grading.guide_sentences import _ADVICE

    rubric = grader.resolver.resolve(question=question)
    assert not [i.point for i in rubric.items if _ADVICE.search(i.point)]


@pytest.mark.parametrize("question", NOT_COVERED)
def test_a_question_the_guides_do_not_cover_asks_for_a_reference(grader, question):
    """Retrieval always returns something; a rubric about something else is worse than asking."""
    with pytest.raises(UnknownQuestion, match="reference answer"):
        grader.grade("Some answer to the question.", question=question)
    fb = grader.grade("Some answer.", question=question, reference="A reference answer to grade against.")
    assert fb.rubric_source == "reference"


def test_code_in_a_guide_never_becomes_a_point(settings, pack, embedder):
    from bot.grading.grader import build_grader

    sections = pack.sections
    code = ("BM25 scores each document by summing a saturated term frequency weighted by idf over the query "
            "terms.\n\n```python\nimport math\nfrom collections import Counter\n\nclass BM25:\n"
            "    def __init__(self, docs, k1=1.2, b=0.75):\n        self.k1, self.b = k1, b\n"
            "        self.tfs = [Counter(doc) for doc in docs]  # each doc is a list of tokens\n```\n\n"
            "A document whose length equals the average length gets no length penalty at all.")

    def retrieve(query: str, k: int):
        return [SectionPassage(code, "retrieval", "coding-bm25", "Coding BM25"),
                SectionPassage(sections["bm25"].text, "retrieval", "bm25", sections["bm25"].title)][:k]

    grader = build_grader(settings, pack=pack, embedder=embedder, retrieve=retrieve)
    rubric = grader.resolver.resolve(question="How would you write a BM25 scorer class in Python?")
    assert rubric.items
    assert not any(s in i.point for i in rubric.items for s in ("```", "import ", "def ", "self.", "class BM25:"))


@pytest.mark.parametrize("qid, point_id, section", [
    ("bm25-why-still-used", "fast-inverted-index", "bm25"),
    ("bm25-why-still-used", "exact-match-strength", "bm25"),
    ("vocabulary-size-tradeoffs", "fewer-tokens", "subword-algorithms"),
    ("support-chatbot-mid", "mid-metrics", "support-chatbot-mid"),
])
def test_a_point_made_late_in_a_long_section_cites_that_section(grader, qid, point_id, section):
    """Sections are compared passage by passage, not by their opening alone."""
    item = next(i for i in grader.resolver.bank(qid).items if i.id == point_id)
    assert item.citation.section_id == section


def test_a_behavioural_point_is_also_matched_in_the_storys_own_voice(grader):
    """"Explains that they owned the decision" is what the story says as "I owned the decision"."""
    items = {i.id: i for i in grader.resolver.bank("behav-prompt-vs-finetune").items}
    assert "I owned the decision and what was at stake." in items["task"].phrasings
    assert "the task and constraints such as volume, latency, cost and available data." in items["situation"].phrasings
    technical = grader.resolver.bank("bm25-why-still-used").items
    assert all(i.phrasings == tuple(p.phrasings) for i, p in zip(technical, grader.resolver.questions["bm25-why-still-used"].rubric))


def test_a_retrieved_point_far_from_the_question_must_name_its_topic(grader, settings, pack, embedder):
    """"What is dropout?" took "Track the hallucination rate ..." as a point beside the dropout sentence.
    Where nothing retrieved is about the question, the grader asks for a reference instead."""
    from bot.grading.grader import build_grader

    sections = pack.sections
    nn = next(s for s in sections.values() if "Dropout" in s.text)
    hallucination = next(s for s in sections.values() if "hallucination rate" in s.text)

    def retrieve(query: str, k: int):
        return [SectionPassage(s.text, s.guide, s.id, s.title) for s in (nn, hallucination)][:k]

    points = [i.point for i in build_grader(settings, pack=pack, embedder=embedder, retrieve=retrieve)
              .resolver.resolve(question="What is dropout?").items]
    assert points and all("ropout" in p for p in points), points
    with pytest.raises(UnknownQuestion):
        build_grader(settings, pack=pack, embedder=embedder, retrieve=lambda q, k: [
            SectionPassage(hallucination.text, hallucination.guide, hallucination.id, hallucination.title)
        ]).resolver.resolve(question="What is dropout?")


def test_a_references_heading_is_no_point_and_its_list_items_are():
    rubric = from_reference("What is a KV cache and what does it cost?",
                            "Key points:\n- It saves compute because past keys and values are not recomputed.\n"
                            "- It costs GPU memory that grows with sequence length.\n- That memory limits the batch size.")
    assert [i.point for i in rubric.items] == [
        "It saves compute because past keys and values are not recomputed.",
        "It costs GPU memory that grows with sequence length.", "That memory limits the batch size."]


def test_a_references_code_is_one_point_that_code_in_the_answer_can_earn(grader):
    reference = ("Wrap the function that embeds a text in a cache:\n```python\nfrom functools import lru_cache\n"
                 "@lru_cache(maxsize=1024)\ndef embed(text):\n    return model.encode(text)\n```\n"
                 "Repeated texts then skip the model entirely.")
    rubric = from_reference("How would you cache embeddings in our service?", reference)
    code_points = [i for i in rubric.items if i.id.endswith("-code")]
    assert len(code_points) == 1 and code_points[0].point.startswith("The reference's code: from functools")
    assert not any("```" in i.point or "def embed" in i.point for i in rubric.items if i not in code_points)
    fb = grader.grade("```python\nfrom functools import lru_cache\n@lru_cache(maxsize=1024)\ndef embed(text):\n"
                      "    return model.encode(text)\n```", question="How would you cache embeddings in our service?",
                      reference=reference)
    assert next(p for p in fb.points if p.point_id.endswith("-code")).status == "covered"


def test_a_technical_question_takes_no_point_from_career_sections(grader):
    """QA: a question on sampling temperature took "Companies whose product is an LLM application may lean
    harder on LLM experience" (the FAQ) as a point, and a PII question the scene-setting "A typical task: ..."."""
    for question in ("Quick one for the team: how do you keep customer emails and phone numbers out of the logs we "
                     "send to our LLM provider?",
                     "How would you detect that a live text classifier is receiving inputs that have drifted from "
                     "its training data?"):
        rubric = grader.resolver.resolve(question=question)
        assert rubric.source == "retrieved"
        assert not any(grader.resolver.about_careers(i.citation.section_id) for i in rubric.items), question
        assert not any(i.point.startswith(("A typical task", "Close by saying")) for i in rubric.items)


def test_a_question_the_guides_only_mention_asks_for_a_reference(grader):
    """QA: "What does the temperature parameter do ...?" was graded on "Further safeguards include a lower
    sampling temperature for factual answers, ..." and a right answer scored 0.2: the guides mention
    temperature without explaining it, so no guide sentence is about the question."""
    for question in ("What does the temperature parameter do when sampling from an LLM?",
                     "What does the temperature setting do when sampling from an LLM, and how would you set it "
                     "for a grounded QA assistant?"):
        with pytest.raises(UnknownQuestion) as refused:
            grader.resolver.resolve(question=question)
        assert refused.value.needs_reference, question
    assert grader.resolver.resolve(question="How does an HNSW index in a vector database trade recall for "
                                            "speed?").source == "retrieved", "a question the guides explain"


def test_a_question_about_careers_may_take_points_from_career_sections(grader):
    rubric = grader.resolver.resolve(question="Which tools and frameworks should an NLP engineer know?")
    assert any(grader.resolver.about_careers(i.citation.section_id) for i in rubric.items)


def test_a_guide_sentence_about_what_came_before_or_a_worked_sum_is_no_point():
    """QA: "Use it when many results matter" (what is "it"?) and a DCG sum were points of a MAP question."""
    from bot.grading.guide_sentences import stands_alone

    assert not stands_alone("Use it when many results matter, as in document search and product ranking.")
    assert not stands_alone("Example with relevances [3, 0, 2]: DCG = 3 + 0 + 2/2 = 4.0 and the ideal is higher.")
    assert stands_alone("Use BM25 when exact tokens matter more than synonyms in the queries.")


def test_a_point_from_a_guide_sentence_shows_no_markup(grader):
    rubric = grader.resolver.resolve(question="How should a log redactor replace the emails and phone numbers it "
                                              "finds, and why not just delete them?")
    assert rubric.source == "retrieved" and not any("`" in i.point for i in rubric.items)
