"""The phrases that tell which part of a behavioural story a sentence is, and whether it is a story.

Cue phrases per STAR part ("I was responsible for", "Since then I"), in the past and the present;
labels ("Situation: ..."); and sentence-level signs used by story.py: a story happened (a verb in the
past, a time, a number), it is told in the first person, only as "we", as a plan ("I would ..."),
or as winning an argument rather than hearing the other side out.
"""
from __future__ import annotations

import re

PLAN_SENTENCES = 1  # a sentence in the conditional makes a plan for the situation (NO_STORY_NOTE invites one), not a
# self-portrait; "I would say I am a team player" is no plan

ROLES = ("situation", "task", "action", "result", "reflection")

_ADVERBS = r"(then |first |also |quickly |immediately |next |finally |personally |myself )?"


def _action_cue(subject: str) -> re.Pattern:
    """A sentence that tells what `subject` did: a verb in the past, or in the present for a story told so."""
    return re.compile(
        rf"\b({subject}) {_ADVERBS}"
        r"(?!(?:worked|joined|needed|wanted|used|started|realised|realized|learned|owned|ended)\b)((?:\w+-)?\w+ed|took|wrote|built|ran|made|set|led|met|brought|kept|went|spoke|sent|gave|drew|chose|began|"
        r"found|did|put|sat|split|cut|told|got|held|laid|pulled|dug|rewrote|paired|shared|sought|bought|"
        r"read|tried|broke|drove|stood|hid|fought|threw|won't|decided|agreed|proposed)\b|"
        # the same told in the present ("So I take 300 listings at random and label them myself.")
        rf"\b({subject}) {_ADVERBS}(take|make|write|bring|ask|run|check|pull|label|"
        r"relabel|gather|talk|walk|propose|suggest|split|show|build|send|sit|try|test|measure|compare|collect|"
        r"review|meet|fix|add|move|drop|cut|keep|share|explain|train|retrain|sample|listen|plan|draft|present|"
        r"rank|score|agree|decide|escalate|flag|raise|push|tell|give|pair|rewrite|calculate|track|interview|"
        r"shadow|invite|prototype)\b", re.I)


_CUES = {
    "situation": re.compile(
        r"\b(last (year|spring|summer|autumn|fall|winter|quarter|month)|(a few |two |three )?(years|months|weeks) ago|"
        r"at my (last|previous|current|first|old) (job|company|role|team|employer)|"
        r"in my (first|last|previous|current|old) (role|job|team|year|months?|internship|company)|"
        r"when i (was|joined|worked)|i was (working|leading|building|running|improving|maintaining) |"
        r"we (were|had) (a|an|to|only|just|six|five|four|three|two|one|\d)|"
        r"our (team|product|model|classifier|system|service|company|startup|project|client|partner)\b.{0,40}\b(was|had|needed)|"
        r"there was|back in|earlier this year|during my|(weeks|days|months) (before|into|after)|"
        r"i joined|i was (the|a|an|one of|part of|on) |i work (on|at|in|for)\b|i'm (training|building|working|running)|"
        r"it's (a|my) )", re.I),
    "task": re.compile(
        r"\b(i was (responsible|asked|tasked|accountable|in charge|expected|meant to|the one)|"
        r"i was (the |a |an )?([\w-]+ ){0,2}(lead|manager|owner|mentor|reviewer|on call)\b|"
        r"my (first |actual |specific |own )?(goal|task|job|role|responsibility|call|decision|remit)\b|"
        r"it was (my|up to me)|(was|fell) on me|i'd be the one|"
        r"as (the )?([\w-]+ ){0,2}(lead|owner|manager|mentor|reviewer)\b|"
        r"i (owned|had to|needed to|was on the hook)|(the|our|my) (goal|brief|mandate)( (we|i) (agreed|set))?[^.]{0,40} was|"
        r"(ask|asks|asked|tell|tells|told|want|wants|wanted) me to|i volunteered|i took (on|ownership)|i own\b|"
        r"my (real |actual )?(work|job) is|i am (responsible|in charge)|i'm (responsible|in charge))", re.I),
    "action": _action_cue(r"i|we"),
    "result": re.compile(
        r"\b(resulted|reduced|improved|increased|"
        r"decreased|(rose|fell|grew|shrank|dropped|climbed|doubled|halved|went up|went down|came back|was back)\b|"
        r"shipped|launched|(hit|made|met) the ([\w']+ )?(date|deadline)|on time|reached|"
        # a figure the work came to ("The fine-tuned one got 0.86 F1"), with no outcome verb of its own
        r"(up|down) from \d|before it was (only )?\d|"
        r"(got|scored|achieved|came in at)\s+[^.]{0,15}?\d[\d.,]*\s*(%|percent|f1|macro|accuracy|recall|precision)|"
        r"rolled out|went live|saved|adopted|signed off|merged|it worked|worked out|paid off|"
        r"(goes|go|comes|come) (up|down|from|out at|back)|saves|now uses|"
        r"\d+(\.\d+)?\s*(%|percent|points?)|from \d[\d.]*\s*(%|percent)? to \d)", re.I),
    "reflection": re.compile(
        r"\b(since then|ever since|i (have )?learn(ed|t)|i've learn(ed|t)|taught me|lesson|next time|in hindsight|"
        r"looking back|if i (did|were to do|had to do) it again|i would (now|have)|i('d| would) (do|start|push|ask)|"
        r"now i|i now|we now\b|^\W*now,? (we|our)\b|these days|i always|i've started|i started (to |\w+ing)|going forward|from then on|"
        r"changed (how|the way) i|i try to|made me (realise|realize|more)|stuck with me|takeaway|"
        r"what i (took|learned|learnt|changed|do now)|for good|i learn\b|now,? (when|whenever|before)|\bi'd\b.*\b(sooner|earlier|differently))", re.I),
}
# "Situation: ...", "What I learned: ..." name the part outright, and outweigh any other cue in the sentence.
_LABELS = {
    "situation": re.compile(r"^\W*(situation|context|background)\s*[:\-]", re.I),
    "task": re.compile(r"^\W*(task|my role|role|goal)\s*[:\-]", re.I),
    "action": re.compile(r"^\W*(actions?|what i did)\s*[:\-]", re.I),
    "result": re.compile(r"^\W*(results?|outcome|impact)\s*[:\-]", re.I),
    "reflection": re.compile(r"^\W*(reflection|lessons?( learned| learnt)?|what i learn(ed|t)|learnings?|takeaway)\s*[:\-]",
                             re.I),
}
# A story happened: a verb in the past, a time ("after that", "at the end of the quarter") or a number.
# "I always communicate well and prioritise" has none.
_NARRATIVE = re.compile(r"\b(was|were|had|did|went|took|made|got|gave|ran|wrote|built|found|told|\w+ed|after that|"
                        r"at the end|in the end|one day|ago|previous|last (year|month|week|quarter|job|company)|"
                        r"back then|that time)\b|\d", re.I)
_FIRST_PERSON = re.compile(r"\b(i|my|me|we|our)\b", re.I)
# A sentence that tells something happened, for `general_answer`: a verb in the past after its subject ("we
# shipped", not "keep everyone informed" or "I'm detail-oriented"), a common irregular past, a time or a number.
_EVENT = re.compile(r"\b(was|were|had|did|went|took|made|got|gave|ran|wrote|built|found|told|said|asked|ago|one day|"
                    r"back then|that time|previous|last (year|month|week|quarter|job|company))\b|\d|"
                    r"\b(i|we|they|he|she|it|who)\s+(\w+ly\s+)?\w+ed\b", re.I)
_PLAN = re.compile(r"\b(i would|i'd|i will|i'll|i'm going to|i am going to|my first step would)\b(?! say\b)", re.I)
# Winning over listening, which a story of a disagreement or of criticism must not show ("in the end they had
# to admit I was right", "I merged it anyway"). Narrow on purpose: none of the bench's stories says any of it.
_DISMISSIVE = re.compile(r"\b((had to|finally|eventually) admit(ted)? (that )?i was right|i was right all along|"
                         r"proved? (them|him|her|everyone) wrong|won the argument|"
                         r"(merged|shipped|pushed|deployed) it anyway|"
                         r"ignored (the|their|his|her) (feedback|comments|review|concerns|advice)|nitpick\w*|"
                         r"to prove my point)\b", re.I)
# The speaker acting anywhere in the story, told in the past or the present ("I started with a prompt").
_I_ACTION = re.compile(_action_cue("i").pattern + rf"|\bi {_ADVERBS}(started|used|worked)\b", re.I)
_WE_ACTION = _action_cue("we")


def general_answer(sentences: list[str]) -> bool:
    """How the speaker works in general, not one time it happened ("I am a team player and always
    communicate clearly; I believe in prioritising"): in the first person, no sentence narrates (a verb
    in the past, a time, a number), and it is no plan for the situation in the conditional ("I would
    first ask ..."). An outline of what a story should say is left to the embeddings."""
    return (any(_FIRST_PERSON.search(s) for s in sentences) and not any(_EVENT.search(s) for s in sentences)
            and sum(bool(_PLAN.search(s)) for s in sentences) < PLAN_SENTENCES)


def told_as_we(actions: list[str], story: list[str]) -> bool:
    """The actions are told as the team's ("we decided", "we shipped") and the story never has the
    speaker act (`story`: its sentences but the lesson's, which is often in the present: "Since then
    I add a buffer")."""
    return any(_WE_ACTION.search(s) for s in actions) and not any(_I_ACTION.search(s) for s in story)


# "In the end", "eventually" say the story is closing, not what came of it: "In the end we sat down with our
# manager and agreed on a plan" tells an action, and was shown as the outcome (QA). So such a phrase cues
# the result only in a sentence that is not about agreeing what to do next.
_CLOSING = re.compile(r"\b(as a result|in the end|eventually|the outcome|the result)\b", re.I)
_AGREED_NEXT = re.compile(r"\b(agreed|agree|settled|decided)\b(?:\s+(?:on|to|that|with))?[^.;]{0,40}?\b(plan|approach|"
                          r"next steps?|way forward|try|test|run|trial|experiment|pilot|meet|revisit)\b", re.I)


def closes_with_an_outcome(sentence: str) -> bool:
    """A closing phrase ("in the end") that leads to an outcome, not to a plan agreed for later."""
    return bool(_CLOSING.search(sentence)) and not _AGREED_NEXT.search(sentence)


def cues(sentence: str) -> list[bool]:
    return [bool(_CUES[r].search(sentence)) or (r == "result" and closes_with_an_outcome(sentence)) for r in ROLES]


def labels(sentence: str) -> list[bool]:
    return [bool(_LABELS[r].search(sentence)) for r in ROLES]


def first_person(sentence: str) -> bool:
    return bool(_FIRST_PERSON.search(sentence))


def narrates(sentence: str) -> bool:
    """A verb in the past, a time or a number: something happened."""
    return bool(_NARRATIVE.search(sentence))


def dismissive(sentence: str) -> bool:
    return bool(_DISMISSIVE.search(sentence))
