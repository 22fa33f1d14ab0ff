"""Which bank question (or follow-up) a free-form question is, in other words: a team's daily question or
`coach grade --question TEXT` takes that question's curated rubric when it is the same question, however typed
(bench/bank_match.py measures rewordings that must match and neighbours that must not)."""
from __future__ import annotations

import re

import numpy as np

from bot.grading.rubric import FOLLOWUP_ID, followup_id
from bot.grading.signals import STOPWORDS, content_stems
from bot.grading.text import split_sentences
from bot.grading.topic_words import long_prefixes, named_by_prefix, topic_terms
from bot.pack.models import Question

# A free-form question this close to a bank question, naming no topic the bank question does not, is that
# question reworded ("Explain self-attention.", "What is reciprocal rank fusion?"): its curated rubric applies.
BANK_NAMED = 0.55
# The guides hold no stories: a question about the person's own past needs its reference answer.
# "Give an example of when BM25 beats dense retrieval" and "Have you ever tuned k1?" are technical.
_BEHAVIOURAL = re.compile(r"\b(tell (me|us) about a time|describe a time|(a|the) (time|situation|case|moment) "
                          r"(when|where|in which|that) you|how did you (handle|deal|manage|resolve))\b", re.I)

# A question typed in other words (compound, framed, abbreviated) drifts below BANK_NAMED for its bank
# question and names words the bank question does not: "Why is self-attention quadratic in sequence length,
# and what do people do about it?" is 0.66 from "Why does self-attention get expensive on long sequences, and
# how do FlashAttention and multi-query attention help?". It is still that question when the question, or
# one of its clauses, reaches BANK_WORDED against the bank question or one of its clauses (0.77 for "Why does
# self-attention get expensive on long sequences") and at least BANK_WORDED_SHARE of its topic words, two or
# more, are the bank question's. Questions near a bank topic that ask something narrower or else stay below
# one bar or the other (bench/bank_match.py): "What is sparse attention, like in Longformer?" 0.62 with 1 of
# its 4 topic words, "How does Okapi BM25 score a document against a search query?" 0.67 with 3 of 7.
BANK_WORDED = 0.70
BANK_WORDED_SHARE = 0.5
# A direct phrasing (`asked_as`) is short, so short questions sit close to it: "What is intent classification?"
# was 0.65 from "How do you design an intent classifier when the set of intents keeps changing?" (0.51 from the
# bank question) and named only its words. Held against a phrasing, the question also names at least
# ASKED_AS_SHARE of the phrasing's topic words.
ASKED_AS_SHARE = 0.5
# Where a question's clauses part: sentences, a colon, a dash, and ", and what/how/why ..." opening a second
# question. A bank clause that names fewer than two topic words ("Give me examples.") says nothing on its own.
_CLAUSE = re.compile(r"(?<=[?.!:;])\s+|,?\s+(?:and|or|but|so)\s+(?=(?:how|what|why|when|where|which|who|is|are|"
                     r"does|do|can|would|should)\b)|\s+[-\u2014]\s+", re.I)


def _clauses(question: str) -> list[str]:
    return [c for s in split_sentences(question) or [question] for c in _CLAUSE.split(s) if c and c.strip()]


# The bank writes "language model" where people type "LLM": "Why do LLMs hallucinate?" is the bank's
# "What do people mean when they say a language model hallucinates?". Likewise "RAG" ("What is RAG and why
# not just ask the LLM directly?" sat nearer the recall@k question, 0.48, than the RAG one) and "vocab".
_ABBREVIATION = re.compile(r"\b(LLM|RAG|vocab)(s)?\b", re.I)
_SPELLED = {"llm": ("language model", "language models"), "vocab": ("vocabulary", "vocabularies"),
            "rag": ("retrieval-augmented generation", "retrieval-augmented generation systems")}


def _spelled_out(question: str) -> str:
    return _ABBREVIATION.sub(lambda m: _SPELLED[m.group(1).lower()][bool(m.group(2))], question)


# Against one bank question, an acronym the question types and the bank question spells out ("MQA" for "multi-query
# attention", "LR" for "logistic regression") reads as the bank's words: its letters begin those words, a hyphenated
# word's parts each, and the first and last are not stopwords. "Why is MQA used to make attention cheaper on long
# sequences?" reached 0.66 against a clause of its bank question, 0.79 spelled out.
_ACRONYM = re.compile(r"(?<![\w-])(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Za-z]{2,5}(?![\w-])")


def _long_form(acronym: str, words: list[str]) -> str | None:
    """The words of `words` whose initials spell the acronym, or None."""
    letters = acronym.lower()
    for start, first in enumerate(words):
        initials, end = "", start
        while len(initials) < len(letters) and end < len(words):
            initials += "".join(part[0] for part in words[end].lower().split("-"))
            end += 1
        if initials == letters and first.lower() not in STOPWORDS and words[end - 1].lower() not in STOPWORDS:
            return " ".join(words[start:end])
    return None


def _in_bank_words(question: str, bank_question: str) -> str:
    """The question with LLM and RAG spelled out, and the acronyms the bank question spells out as it does."""
    words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", bank_question)
    typed = {w.lower() for w in words}

    def spelled(m: re.Match) -> str:
        return m.group(0) if m.group(0).lower() in typed else _long_form(m.group(0), words) or m.group(0)

    return _ACRONYM.sub(spelled, _spelled_out(question))


# A bank question that compares named terms its id names ("What are precision@k and recall@k, and why ... recall@k
# ...", recall-at-k-for-rag; "Explain MRR and nDCG.") is not asked by a question that names one of them alone, unless
# that one is all the id names: "What is precision@k?" named every topic word of the recall@k question (0.69, its
# clause 0.88) and took a rubric about recall@k. A named term has a capital, a digit, an "@" or a hyphen ("MRR",
# "precision@k", "cross-encoders"); examples the id does not name ("static embeddings like word2vec or GloVe") are
# not compared.
_TERM = r"\b(?=[\w@\-]*[A-Z0-9@\-])\w[\w@\-]*"
_BETWEEN = r",?\s+(?:and|or|vs\.?|versus)\s+|,\s+"
_COMPARED = re.compile(rf"{_TERM}(?:(?:{_BETWEEN}){_TERM})+")


def _compared_terms(question_id: str, wording: str) -> list[list[tuple[set[str], bool]]]:
    """Each run of named terms a wording of the bank question sets side by side and its id names one of: each
    term's words, and whether the id names it (its hyphens parted, as the id's are: "cross-encoders")."""
    named_by_id = content_stems(question_id.replace("-", " "))
    runs = [[(content_stems(_spelled_out(t)), content_stems(t.replace("-", " ")) <= named_by_id)
             for t in re.split(_BETWEEN, m.group(0)) if content_stems(t)]
            for m in _COMPARED.finditer(wording)]
    return [run for run in runs if any(by_id for _, by_id in run)]


# What a question names as its setting rather than its subject: "RAG" and "LLM", typed or spelled out, are in
# half the bank. "How do you evaluate the retriever in a RAG system?" named 3 of its 5 topic words in "How would you
# automatically measure whether a RAG system's answers are faithful to the retrieved documents?" (0.74), two of
# them by spelling out "RAG", and a right answer on recall@k scored 0.2 against a rubric on faithfulness (QA).
# Once the setting is set aside, a question that keeps SUBJECT_WORDS or more topic words must still have at least
# SUBJECT_SHARE of them named. That bar sits under BANK_WORDED_SHARE: "Hot take request: with LLMs around, are
# TF-IDF, BM25 and regexes still worth knowing?" names 3 of its 7 (0.43); the retriever question named 0 of 3
# against the faithfulness question and 1 of 3 against the reranker one.
_SETTING = re.compile(r"\b(?:RAG|LLMs?|retrieval[- ]augmented generation|(?:large )?language models?)\b", re.I)
SUBJECT_WORDS = 2
SUBJECT_SHARE = 0.4
# A word for a component (-er, -or: "retriever", "reranker", "tokenizer") is not named by a word for what it does
# ("retrieval", "the retrieved documents"), as the first letters alone would have it: evaluating a retriever is not
# checking answers against what it retrieved.
_COMPONENT = re.compile(r"(?:er|or)s?$")


def _names_subject(words: set[str], term: str) -> bool:
    """Whether `words` name the subject word `term`: a component word only as a component."""
    if term in words or not _COMPONENT.search(term):
        return _names(words, {term})
    stem_ = _COMPONENT.sub("", term)
    return any(w != term and _COMPONENT.search(w) and _COMPONENT.sub("", w) == stem_ for w in words)


def _names(words: set[str], term: set[str]) -> bool:
    """Whether `words` hold each of the term's words, a long word by its first letters."""
    prefixes = long_prefixes(words)
    return all(t in words or named_by_prefix(t, prefixes) for t in term)


def _share_named(text: str, by: str) -> float:
    """The share of the text's topic words that `by` names (LLM, RAG spelled out), a word of five letters or more
    by its first five ("limits" for "limitations", "defend" for "defences"); 0 when it has none."""
    topic, words = topic_terms(_spelled_out(text)), content_stems(_in_bank_words(by, text))
    starts = {w[:5] for w in words if len(w) >= 5}
    return sum(t in words or (len(t) >= 5 and t[:5] in starts) for t in topic) / len(topic) if topic else 0.0


# A lead-in before a colon that names none of the bank question's words frames the question, as a greeting would
# ("Today's brain teaser from the platform team: how would you explain what a decision tree learns ...?"): its
# words do not count against the share of the question's topic words the bank question names (BANK_WORDED_SHARE).
# One that names them is the topic ("Chunking for RAG: how do you decide ...?").
_LEAD_IN = re.compile(r"^([^:?]{1,80}):\s+(?=\S)")


def asks_for_story(question: str) -> bool:
    """Whether the question asks about the person's own past ("Tell me about a time you ...")."""
    return bool(_BEHAVIOURAL.search(question))


def bank_texts(questions: dict[str, Question]) -> dict[str, str]:
    """The bank's questions and their follow-ups by id."""
    texts = {}
    for q in questions.values():
        texts[q.id] = q.question
        texts.update((followup_id(q, n), f.question) for n, f in enumerate(q.followups))
    return texts


def bank_rows(questions: dict[str, Question]) -> list[tuple[str, str]]:
    """What a free-form question is compared with, as (id, text): the bank's questions and follow-ups, then each
    question's direct phrasings (`asked_as`) under its id. A scenario hides its topic on purpose ("Someone shows
    that a document containing 'ignore your instructions' changes its behaviour..."); "What is prompt injection
    and how do you defend against it?" is that question as a team types it."""
    return list(bank_texts(questions).items()) + [(q.id, text) for q in questions.values() for text in q.asked_as]


class BankMatcher:
    """Matches free-form questions to the bank's questions; encodes the bank's texts and clauses once.

    A bank question is matched by its wording or by any of its direct phrasings (`asked_as`), each held to the
    same bars as if it were the question's wording (its cosine, the topic words it and the id name, its clauses
    and acronyms, the terms the question compares); a phrasing, being short, must also be named for at least
    ASKED_AS_SHARE of its own topic words."""

    def __init__(self, embedder, questions: dict[str, Question], bank_match: float = 0.8):
        self.embedder = embedder
        self.questions = questions
        self.bank_match = bank_match  # cosine at or above which a question is the bank's, nearly word for word
        self._rows = bank_rows(questions)
        self._question_vecs: np.ndarray | None = None  # _rows encoded: questions, follow-ups, direct phrasings
        self._clause_vecs: np.ndarray | None = None  # the clauses of the bank's wordings that name a topic
        self._clause_owners: list[tuple[str, str]] = []  # each clause's (question id, wording)

    def bank_id(self, question: str) -> str | None:
        """The id of the bank question or follow-up the question is, in other words, or None."""
        sims = self._similarities(question)
        (best, sim), (followup, near) = self._closest(sims)
        named = best is not None and any(self.is_bank_question(question, best, float(sims[n]), text)
                                         for n, (i, text) in enumerate(self._rows) if i == best)
        # A follow-up is short and names one topic ("Give an example of a hallucination in a summarisation
        # task."), so "What is hallucination?" sits near it: only the follow-up itself, asked nearly word for
        # word and closer than any question, takes its rubric ("Why does BLEU need a brevity penalty?").
        if followup is not None and near >= self.bank_match and near > sim:
            return followup
        return best if named else None

    def _is_phrasing(self, question_id: str, wording: str | None) -> bool:
        """Whether `wording` is one of the question's direct phrasings (asked_as), not its own wording."""
        return wording is not None and wording != self.questions[question_id].question

    def _wording(self, question_id: str, wording: str | None) -> str:
        """The wording a question is held against: one of the bank question's direct phrasings, or its own."""
        return wording or self.questions[question_id].question

    def names_same_topic(self, question: str, question_id: str, wording: str | None = None) -> bool:
        """Every topic word of the question appears in the bank question or its id ("Explain self-attention.",
        "How do BIO tags work in NER?" against ner-bio-tagging-basics), a long word by its first letters."""
        return self.topic_share(question, question_id, wording) == 1.0

    def topic_share(self, question: str, question_id: str, wording: str | None = None) -> float:
        """The share of the question's topic words that the bank question (or the given wording of it) or its id
        names (LLM, RAG spelled out on both sides), a long word by its first letters; 0 when it has none. A
        lead-in that names none of them is left out (see _LEAD_IN)."""
        bank, topic = self._bank_words_and_topic(question, question_id, wording)
        named = [t for t in topic if _names(bank, {t})]
        return len(named) / len(topic) if topic else 0.0

    def _bank_words_and_topic(self, question: str, question_id: str, wording: str | None) -> tuple[set[str], set[str]]:
        """The words of the bank question (or `wording` of it) and its id, and the question's topic words in the
        bank's words, less a lead-in that names none of them (see _LEAD_IN)."""
        wording = self._wording(question_id, wording)
        bank = content_stems(_spelled_out(f"{wording} {question_id.replace('-', ' ')}"))
        lead_in = _LEAD_IN.match(question)
        if lead_in and not any(_names(bank, {t}) for t in topic_terms(_spelled_out(lead_in.group(1)))):
            question = question[lead_in.end():]
        return bank, topic_terms(_in_bank_words(question, wording))

    def is_bank_question(self, question: str, question_id: str, sim: float, wording: str | None = None) -> bool:
        """Whether the question, `sim` in cosine from the bank question (or from `wording`, one of its direct
        phrasings), is that question: nearly word for word (bank_match), close and naming only its topics
        (BANK_NAMED), or in other words (BANK_WORDED). Only a question that asks for a story takes a story
        question's rubric more loosely than word for word: "What is fine-tuning?" named behav-prompt-vs-finetune's
        one topic at 0.55 and was graded as a story. A question about one of the terms the bank question compares
        is not that question, however close (see _COMPARED)."""
        if self.asks_about_one_compared_term(question, question_id, wording):
            return False
        if self._is_phrasing(question_id, wording) and _share_named(wording, question) < ASKED_AS_SHARE:
            return False
        if sim >= self.bank_match:
            return True
        if self.questions[question_id].kind == "behavioral" and not asks_for_story(question):
            return False
        return ((sim >= BANK_NAMED and self.names_same_topic(question, question_id, wording))
                or self.worded_apart(question, question_id, sim, wording))

    def asks_about_one_compared_term(self, question: str, question_id: str, wording: str | None = None) -> bool:
        """Whether the question names just one of the terms the bank question (or `wording` of it) compares, and
        not as the only one its id names (see _COMPARED)."""
        words = content_stems(_spelled_out(question))
        runs = _compared_terms(question_id, self.questions[question_id].question)
        if self._is_phrasing(question_id, wording):
            runs += _compared_terms(question_id, wording)
        for run in runs:
            named = [n for n, (term, _) in enumerate(run) if _names(words, term)]
            if len(named) == 1 and [n for n, (_, by_id) in enumerate(run) if by_id] != named:
                return True
        return False

    def worded_apart(self, question: str, question_id: str, sim: float, wording: str | None = None) -> bool:
        """Whether the question is the bank question (or `wording` of it) in other words (see BANK_WORDED)."""
        wording = self._wording(question_id, wording)
        if (len(topic_terms(_in_bank_words(question, wording))) < 2
                or self.topic_share(question, question_id, wording) < BANK_WORDED_SHARE):
            return False
        if self.subject_share(question, question_id, wording) < SUBJECT_SHARE:
            return False
        return max(sim, self._closest_clauses(question, question_id, wording)) >= BANK_WORDED

    def subject_share(self, question: str, question_id: str, wording: str | None = None) -> float:
        """The share of the question's topic words beside its setting (see _SETTING) that the bank question (or
        `wording` of it) or its id names, a component word only as a component; 1.0 when fewer than SUBJECT_WORDS
        remain, for the whole question's share to judge ("Why do LLMs make stuff up?")."""
        bank, subject = self._bank_words_and_topic(_SETTING.sub(" ", question), question_id, wording)
        if len(subject) < SUBJECT_WORDS:
            return 1.0
        return sum(_names_subject(bank, t) for t in subject) / len(subject)

    def _closest_clauses(self, question: str, question_id: str, wording: str) -> float:
        """The highest cosine between a clause of the question and one of the wording's."""
        clause_vecs = self._bank_clause_vecs()
        mine = [c for c in _clauses(_in_bank_words(question, wording)) if topic_terms(c)]
        rows = [n for n, owner in enumerate(self._clause_owners) if owner == (question_id, wording)]
        if not mine or not rows:
            return 0.0
        return float((self.embedder.encode(mine) @ clause_vecs[rows].T).max())

    def _bank_clause_vecs(self) -> np.ndarray:
        """The clauses of the bank questions and their direct phrasings that name two topic words, encoded once
        (owners in _clause_owners)."""
        if self._clause_vecs is None:
            wordings = [(q.id, text) for q in self.questions.values() for text in (q.question, *q.asked_as)]
            units = [(owner, c) for owner in wordings for c in _clauses(_spelled_out(owner[1]))
                     if len(topic_terms(c)) >= 2]
            self._clause_owners = [owner for owner, _ in units]
            self._clause_vecs = self.embedder.encode([c for _, c in units]) if units else np.zeros((0, 1))
        return self._clause_vecs

    def warm(self) -> None:
        """Encode the bank's questions, their direct phrasings and their clauses now: the first team question
        otherwise waits for ~200 clauses (~1-2 s)."""
        self.closest("warm up")
        self._bank_clause_vecs()

    def closest_bank_question(self, text: str) -> tuple[str | None, float]:
        """The bank question closest in meaning to `text`, and its cosine."""
        return self.closest(text)[0]

    def closest(self, text: str) -> tuple[tuple[str | None, float], tuple[str | None, float]]:
        """The closest bank question (by its wording or a direct phrasing) and the closest follow-up to `text`
        ("LLM" spelled out on both sides), each with its cosine, from one encoding of it."""
        return self._closest(self._similarities(text))

    def _similarities(self, text: str) -> np.ndarray:
        """The cosine between `text` and each of _rows, the rows encoded once."""
        if not self._rows:
            return np.zeros(0)
        if self._question_vecs is None:
            self._question_vecs = self.embedder.encode([_spelled_out(t) for _, t in self._rows])
        return self._question_vecs @ self.embedder.encode([_spelled_out(text)])[0]

    def _closest(self, sims: np.ndarray) -> tuple[tuple[str | None, float], tuple[str | None, float]]:
        def best(rows: list[int]) -> tuple[str | None, float]:
            top = max(rows, key=lambda n: sims[n], default=None)
            return (None, 0.0) if top is None else (self._rows[top][0], float(sims[top]))

        ids = [i for i, _ in self._rows]
        return (best([n for n, i in enumerate(ids) if FOLLOWUP_ID not in i]),
                best([n for n, i in enumerate(ids) if FOLLOWUP_ID in i]))
