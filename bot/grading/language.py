"""A cheap guess at whether an answer is written in English, which is all the grader grades."""
from __future__ import annotations

import re
import unicodedata

from bot.grading.signals import FOREIGN_STOPWORDS, STOPWORDS

_WORDS = re.compile(r"[^\W\d_]+")  # runs of letters in any script


# foreign function words that English text uses too ("per se", "El Niño", "La Liga", "con", "die")
ALSO_ENGLISH = frozenset("el la un con se per die non den en est il ce des da os em com al le dont".split())
# English function words that the languages above use too: "no" and "a" in Spanish, "on" in French,
# "in", "was" and "will" in German, "i" in Italian. A sentence with none but these is not shown English.
ALSO_FOREIGN = frozenset("a an as am do i in me no on so he was will also or".split())
SHORT_WORDS = 10  # up to this many words the short-answer language rule applies


def _accented_latin(word: str) -> bool:
    """A Latin-script word with diacritics ("más", "für"); Greek letters in formulas (τ, β) are not."""
    return word.isalpha() and any(not c.isascii() and "LATIN" in unicodedata.name(c, "") for c in word)


def _mostly_foreign(words: list[str]) -> bool:
    """A short answer in another language ("No lo sé", "Je ne sais pas"): at most one English function
    word, at least one foreign one that English does not use, and with accented words they outnumber it."""
    if len(words) > SHORT_WORDS:
        return False
    english = sum(w in STOPWORDS for w in words)
    foreign = sum(w in FOREIGN_STOPWORDS and w not in ALSO_ENGLISH for w in words)
    accented = sum(_accented_latin(w) for w in words)  # not "n²", not "τ"
    return english <= 1 and foreign >= 1 and foreign + accented >= 2 and foreign + accented > english


# "I don't know" in the languages people most often fall back to: too short for the word counts above
_FOREIGN_DONT_KNOW = re.compile(
    r"^(?:no (?:lo )?s[eé]|ni idea|(?:je )?(?:ne )?sais pas|aucune id[eé]e|keine ahnung|(?:ich )?wei(?:ß|ss) "
    r"(?:es )?nicht|non (?:lo )?so|n[aã]o sei|nie wiem|geen idee|ik weet het niet|jag vet inte|"
    r"(?:я )?не знаю|我?不知道|わかりません|分かりません|知りません|모르겠(?:어요|습니다))$")


def _other_script(c: str) -> bool:
    """A letter of a script other than Latin or Greek (Greek letters are formula symbols here)."""
    return c.isalpha() and not c.isascii() and not any(s in unicodedata.name(c, "") for s in ("LATIN", "GREEK"))


def looks_english(text: str) -> bool:
    """A cheap guess: mostly ASCII letters, and English function words outnumber common foreign ones."""
    letters = [c for c in text if c.isalpha()]
    few = _WORDS.findall(text.lower())
    if len(few) >= 2 and _mostly_foreign(few):  # "No lo sé", "Je ne sais pas": short, and not English
        return False
    if _FOREIGN_DONT_KNOW.match(" ".join(few)):
        return False
    if len(letters) >= 2 and sum(map(_other_script, letters)) * 2 > len(letters):  # "Не знаю", "不知道"
        return False
    if len(letters) < 20:
        return True
    if sum(c.isascii() for c in letters) / len(letters) < 0.7:
        return False
    words = _WORDS.findall(text.lower())  # whole words, accents kept: "más", not "m" + "s"
    if len(words) < 6:
        return True
    english = sum(w in STOPWORDS for w in words)
    foreign = sum(w in FOREIGN_STOPWORDS and w not in ALSO_ENGLISH for w in words)
    # English prose rarely has accented words (a "naïve" or a "Jürgen"); Spanish or French has many
    accented = sum(_accented_latin(w) for w in words)
    only_english = sum(w in STOPWORDS and w not in ALSO_FOREIGN for w in words)
    return not ((foreign >= 3 and foreign > english) or accented >= max(2.0, 0.2 * len(words))
                or (english == 0 and foreign + accented >= 3)  # "La perplexité est l'exponentielle de la ..."
                # "Usaría TF-IDF cuando hay pocos datos": a "the", "is" or "with" is in all but the tersest
                # English, and a list of bare terms ("TF-IDF, BM25, RRF") has no foreign or accented words
                or (only_english == 0 and foreign + accented >= 2))
