"""A sentence that says the opposite of a point earns nothing on it; a correct sentence with a "not" keeps it.

MiniLM embeds a claim and its denial nearly alike, so without bot/grading/negation.py an answer that
denied every sentence of the reference covered every point, each quoting its denial.
"""
from __future__ import annotations

import pytest

from bot.grading.negation import contradicts
from bot.grading.polarity import read
from bot.grading.scoring import SHORT_MISSED_NOTE
from bot.grading.signals import content_stems

KV_QUESTION = "What is a KV cache and why does it make LLM text generation faster?"
KV_REFERENCE = ("During autoregressive decoding, the keys and values computed for earlier tokens are stored, so each "
                "new token only computes its own query, key and value and attends over the cached ones. This avoids "
                "recomputing the whole prefix at every step, so each step costs one token's work instead of the full "
                "sequence. The trade-off is memory: the cache grows linearly with sequence length, number of layers "
                "and batch size, which is why long contexts and big batches run out of GPU memory.")
KV_DENIAL = ("The KV cache does not store the keys and values of earlier tokens; every step still recomputes the "
             "whole prefix, so it does not make decoding cheaper per step. It also does not use any extra GPU "
             "memory, since nothing grows with the sequence length.")
KV_STRONG = ("When a decoder generates text it produces one token at a time, and every new token has to attend to "
             "all previous tokens. Without a cache you would recompute the keys and values for the entire prefix at "
             "every step. The KV cache stores the key and value vectors of every earlier token for each layer, so at "
             "each step you only compute the query, key and value for the new token and attend over the cached ones. "
             "That makes each decoding step roughly constant work per layer instead of reprocessing the whole "
             "sequence. The cost is GPU memory: the cache grows linearly with context length, number of layers, heads "
             "and batch size, so long contexts or large batches can exhaust memory.")
KV_TERSE = ("Decoding reuses past tokens' K/V per layer, so each step computes only the new token's QKV: O(n) per "
            "step instead of recomputing the prefix. Price: memory linear in seq_len x layers x batch.")

IAA_QUESTION = "How do you measure inter-annotator agreement, and why not just use percent agreement?"
IAA_REFERENCE = ("Have two or more annotators label the same sample of items independently. Percent agreement is "
                 "inflated by chance, especially when one label dominates, so use a chance-corrected statistic: "
                 "Cohen's kappa for two annotators, Fleiss' kappa or Krippendorff's alpha for more annotators or "
                 "missing labels. Low agreement usually means the guidelines are ambiguous, so review the "
                 "disagreements, refine the guidelines and measure again.")
IAA_WRONG = ("You measure it with percent agreement, which is the standard because it already accounts for chance. "
             "Cohen's kappa is only for regression targets and Krippendorff's alpha is a learning rate used when "
             "training the annotators' model. If agreement is low you should simply average the labels and use the "
             "average as ground truth; the guidelines don't matter.")

ROLLOUT_QUESTION = "How would you roll out a new model version safely?"
ROLLOUT_REFERENCE = (
    "- Run the new version against a fixed offline regression and evaluation set and compare it with the current "
    "one before any user sees it.\n- Shadow it on live traffic or send a small canary share first, comparing "
    "quality, latency and business metrics.\n- Ramp up gradually with automatic guardrails, and keep a fast "
    "rollback path to the old version.\n- Pin and version models and prompts so you always know exactly what is "
    "running.")
ROLLOUT_WRONG = ("The safest way is a big-bang deployment during a low traffic window, because running two model "
                 "versions side by side splits your metrics and makes A/B comparisons statistically meaningless. "
                 "Canary releases expose real users to untested behaviour, so avoid them. Once the new version is "
                 "deployed, delete the old one so there is no confusion about which model serves traffic.")


def _contradicts(point: str, sentence: str, question: str = "") -> bool:
    stems = frozenset(content_stems(question))
    return contradicts(read(point, stems), read(sentence, stems))


@pytest.mark.parametrize("point, sentence, question", [
    ("The keys and values computed for earlier tokens are stored.",
     "The KV cache does not store the keys and values of earlier tokens.", KV_QUESTION),
    ("This avoids recomputing the whole prefix at every step.",
     "Every step still recomputes the whole prefix.", KV_QUESTION),
    ("This avoids recomputing the whole prefix at every step.",  # two negations cancel out
     "You can't avoid recomputing the whole prefix at every step.", KV_QUESTION),
    ("Low agreement usually means the guidelines are ambiguous, so refine the guidelines.",
     "If agreement is low, simply average the labels; the guidelines don't matter.", IAA_QUESTION),
    ("Shadow it on live traffic or send a small canary share first.",
     "Canary releases expose real users to untested behaviour, so avoid them.", ROLLOUT_QUESTION),
    ("BM25 needs no labelled training data, only corpus statistics.",
     "BM25 needs labelled training data to learn its weights.", ""),
    ("Quantization cuts memory; there is a slight accuracy loss.",  # "and" does not carry one "not" into the next
     "Quantization does not save memory and there is no accuracy loss.", ""),
    # QA: a denial by "no" made emphatic turns round one word of the point
    ("The cost is some loss of accuracy, which you have to measure on your own eval set.",
     "There's no accuracy cost at all with modern methods, it's basically free.",
     "What is quantization and what does it cost you?"),
    # QA: "not ... anything" denies "everything", and the denial's subject is the point's condition
    ("Invalidate everything when the model is upgraded.",
     "We keep entries forever; upgrading the model does not invalidate anything.",
     "How do we cache embeddings in our search service?"),
])
def test_a_denial_contradicts_the_point(point, sentence, question):
    assert _contradicts(point, sentence, question)


@pytest.mark.parametrize("point, sentence, question", [
    ("Counts are clipped by the reference counts so repeating a word earns nothing extra.",
     "Counts are clipped so repeating a word does not help.", ""),  # the subject comes before the "not"
    ("This avoids recomputing the whole prefix at every step.",
     "Without a cache you would recompute the whole prefix at every step.", KV_QUESTION),  # what would happen
    ("This avoids recomputing the whole prefix at every step.",
     "There is no need to recompute the whole prefix at every step.", KV_QUESTION),
    ("This avoids recomputing the whole prefix at every step.",
     "It not only avoids recomputing the whole prefix at every step but also saves memory.", KV_QUESTION),
    ("BM25 needs no labelled training data, only corpus statistics.",
     "BM25 is training-free: it works from corpus statistics, without labelled data.", ""),
    ("Deriving gradients by hand is usually not expected for NLP roles.",
     "Deriving gradients by hand is rarely expected for NLP roles.", ""),
    ("If no constructor is provided, the compiler provides one by default.",  # a condition claims nothing
     "C++ creates a default constructor during compilation if one is not provided.", ""),
    ("Local variables can only be accessed inside the member function that defines them.",
     "A local variable cannot be accessed outside the function in which it is declared.", ""),
    ("The function definition includes the actual body of the function.",  # two of the question's things
     "A prototype does not include any actual code, where the definition has all of it.",
     "What is the difference between a function prototype and a function definition?"),
    ("A ROUGE gain shows more word overlap, not necessarily better summaries.",  # a hedge, not a denial
     "A prompt that produces wordier summaries looks better.", ""),
    ("The block inside a do...while statement will execute at least once.",  # one word set against it
     "Where as a while statement will not execute at all unless the condition for the while is true.",
     "What is the main difference between a while and a do...while statement?"),
    ("RRF uses only ranks, needs no score normalisation or training.",  # about adding, not about RRF
     "The scores are on different scales, so simply adding them doesn't work without careful normalisation.",
     "When would you combine BM25 with a dense retriever, and how would you merge their rankings?"),
])
def test_a_correct_sentence_with_a_negation_does_not_contradict_the_point(point, sentence, question):
    assert not _contradicts(point, sentence, question)


@pytest.mark.parametrize("sentence, polarity", [
    ("It makes the output less deterministic.", {"output": {False}, "deterministic": {True}}),
    ("It uses less memory.", {"memory": {False}}),  # a quantity, not a quality
    ("It is not less accurate.", {"accurat": {False}}),  # "not less" is "as much": neither denies
])
def test_less_before_a_quality_denies_it(sentence, polarity):
    said = read(sentence).polarities()
    assert {w: said[w] for w in polarity} == polarity


def test_a_reference_denied_point_by_point_earns_none_of_it(grader):
    """QA: "upgrading the model does not invalidate anything" was quoted as making "Invalidate everything when
    the model is upgraded" (4.4 of 10, points and a streak day in a daily thread)."""
    reference = ("- Key the cache by embedding model name and a hash of the text.\n- Invalidate everything when the "
                 "model is upgraded.\n- Store vectors in Redis with a 30 day TTL.")
    question = "How do we cache embeddings in our search service?"
    wrong = grader.grade("We never key the cache by model name, only by the text, and we keep entries forever in "
                         "Postgres with no TTL; upgrading the model does not invalidate anything.",
                         question=question, reference=reference)
    right = grader.grade("The key is the embedding model's name plus a hash of the text. When we upgrade the model we "
                         "invalidate the whole cache. Vectors live in Redis and expire after 30 days.",
                         question=question, reference=reference)
    assert wrong.score < 3 and right.score >= 8
    assert all(p.status == "missed" for p in wrong.points)


def test_an_answer_denying_every_point_of_the_reference_earns_none_of_them(grader):
    fb = grader.grade(KV_DENIAL, question=KV_QUESTION, reference=KV_REFERENCE)
    assert fb.score < 3
    assert all(p.status == "missed" and p.evidence is None for p in fb.points)
    assert sum("says the opposite of a point" in n for n in fb.notes) == 2  # one note per denying sentence


def test_a_dismissive_clause_earns_nothing_on_the_point_it_dismisses(grader):
    fb = grader.grade(IAA_WRONG, question=IAA_QUESTION, reference=IAA_REFERENCE)
    guidelines = next(p for p in fb.points if p.point.startswith("Low agreement"))
    assert guidelines.status == "missed" and guidelines.evidence is None
    assert any("the guidelines don't matter" in n for n in fb.notes)


def test_a_denying_sentence_is_not_quoted_as_covering_the_point(grader):
    fb = grader.grade(ROLLOUT_WRONG, question=ROLLOUT_QUESTION, reference=ROLLOUT_REFERENCE)
    canary = next(p for p in fb.points if "canary" in p.point)
    assert "avoid them" not in (canary.evidence or "")
    assert canary.status != "covered"


def test_a_sentence_that_makes_part_of_a_point_and_denies_the_rest_earns_less_than_touching_it(grader):
    fb = grader.grade("lower memory and compute, and theres no accuracy loss at all if you use 8 bit",
                      question="What does quantizing a model's weights to 8 or 4 bits achieve, and what is the cost?",
                      reference="Less memory, faster inference; slight accuracy loss.")
    assert fb.points[0].status == "missed" and 0 < fb.points[0].credit < 0.5
    assert any("says the opposite of a point" in n for n in fb.notes)


@pytest.mark.parametrize("answer", [KV_STRONG, KV_TERSE])
def test_correct_answers_with_negations_keep_their_points(grader, answer):
    fb = grader.grade(answer, question=KV_QUESTION, reference=KV_REFERENCE)
    assert not any("says the opposite of a point" in n for n in fb.notes)
    assert [p.status for p in fb.points].count("missed") == 0


def test_a_correct_short_answer_with_a_negation_keeps_its_point(grader):
    fb = grader.grade("It cuts memory and speeds up inference, but you lose a little accuracy; 8 bit is usually "
                      "not noticeably worse.",
                      question="What does quantizing a model's weights to 8 or 4 bits achieve, and what is the cost?",
                      reference="Less memory, faster inference; slight accuracy loss.")
    assert fb.points[0].status == "covered"
    assert not any("says the opposite of a point" in n for n in fb.notes)


def test_a_short_denial_is_told_what_it_denies_not_that_it_made_no_point(grader):
    fb = grader.grade("Gradient clipping does not prevent exploding gradients.",
                      question="What is gradient clipping for?",
                      reference="Preventing exploding gradients from destabilizing training.")
    assert fb.points[0].status == "missed"
    assert any("says the opposite of a point" in n for n in fb.notes)
    assert not any(n.startswith(SHORT_MISSED_NOTE) for n in fb.notes)


def test_a_not_before_a_list_of_longer_terms_reaches_each_of_them(grader):
    fb = grader.grade("BM25 does not use term frequency, inverse document frequency or length normalisation, and it "
                      "is not fast, it does not use an inverted index.", "bm25-why-still-used")
    ranking = next(p for p in fb.points if "term frequency" in p.point)
    assert ranking.status == "missed" and ranking.evidence is None
    assert any("says the opposite of a point" in n for n in fb.notes)
    assert fb.score < 2
