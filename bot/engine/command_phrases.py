"""The everyday ways people say the simple commands: "hint", "skip please", "can you give me a hint?"."""
from __future__ import annotations

import re

SIMPLE = {
    "hint": "hint", "skip": "skip", "pass": "skip", "next": "skip", "repeat": "repeat", "again": "repeat",
    "end": "end", "stop": "end", "quit": "end", "exit": "end", "finish": "end", "status": "status",
    "history": "history", "progress": "progress", "help": "help", "commands": "help", "?": "help", "answer": "answer",
    "model answer": "answer", "show answer": "answer", "leaderboard": "leaderboard", "streak": "streak",
    "forget me": "forget", "forget-me": "forget", "groups": "groups",
}
# what each simple command does, told when a message put words after one that takes none ("hint quantum")
DOES = {
    "hint": "get the next hint for this question", "skip": "see a model answer and move on to the next question",
    "repeat": "see this question again", "end": "end the interview and get its summary",
    "answer": "see the model answer and move on", "status": "see where you are in the interview",
    "history": "see your past answers", "progress": "get a chart of your scores", "help": "see everything I can do",
    "streak": "see your streak", "groups": "list your study groups",
}
# a few ways people ask for the same things in words
PHRASES = {
    "hint please": "hint", "a hint": "hint", "give me a hint": "hint", "can i have a hint": "hint",
    "can i get a hint": "hint", "another hint": "hint", "next hint": "hint", "i need a hint": "hint",
    "next question": "skip", "skip this": "skip", "skip it": "skip", "skip question": "skip",
    "skip this question": "skip", "i give up": "skip",
    "help me": "help", "help please": "help", "what can you do": "help",
    "repeat the question": "repeat", "repeat question": "repeat", "say again": "repeat",
    "end interview": "end", "end the interview": "end", "stop the interview": "end",
    "move on": "skip", "next question": "skip", "next one": "skip", "give up": "skip", "skip that": "skip",
    "what's my score": "status", "what is my score": "status", "my score": "status", "how am i doing": "status",
    "where am i": "status", "what's my streak": "streak", "what is my streak": "streak", "my streak": "streak",
    "say that again": "repeat", "repeat that": "repeat", "what was the question": "repeat",
}
# asking for a new interview in words: a start with the settings' defaults (during one: "already running")
RESTARTS = {"start over", "start again", "restart", "start fresh", "restart interview", "restart the interview",
            "new interview", "start a new interview", "start a new one", "start from scratch", "start over please"}
THANKS = {"thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "thank you so much", "great thanks",
          "ok thanks", "ok thank you", "thanks!", "many thanks"}
TRAILING = re.compile(r"[\s.!?,;:\u2026]+$")
_NOT_WORDS = re.compile(r"[^\w\s?'-]+")  # emoji, "🙏", commas
_ASKING = re.compile(r"^(?:(?:can|could|would|will|may) (?:you|i|we) (?:please )?(?:have |get |see |give me |show me )?"
                     r"|(?:i(?:'d| would) like|i want|i wanna) (?:to )?(?:see |have |get )?|let me (?:see |have )?"
                     r"|(?:show|see|check|view)(?: me)? )")
POLITE = {"please", "pls", "plz", "kindly", "thanks", "thx", "now", "sorry", "ok", "okay", "just", "um", "uh"}
# "let's skip", "I'll pass", "we can move on"; "skip for now", "skip this one"
_LEAD_IN = re.compile(r"^(?:let's|lets|let us|i'll|i will|i'd rather|i think i'll|we can|maybe) ")
# what may follow a command without making it anything else: "skip this one", "a hint on this one", "stop here",
# "what was the question again", "skip, I don't know"
_AFTER = re.compile(r" (?:(?:(?:on|for|with) )?(?:this|that) (?:one|question)|here|again|then|please"
                    r"|i don't know|i dont know|no idea|dunno|i'm stuck|im stuck)$")
# "what's my status", "what is the answer", "what was the question"
_WHAT = re.compile(r"^(?:what's|whats|what is|what was|what are) ")
# "quit interview", "exit the interview", "finish the interview", "stop this session"
_WHOLE_INTERVIEW = re.compile(r"^(?:end|stop|quit|exit|finish|close)(?: (?:the|this|my|our))? (?:interview|session)$")
_ABOUT_ME = {"my history": "history", "my status": "status", "my progress": "progress", "my streak": "streak",
             "my score": "status", "my stats": "status", "the question": "repeat", "any hints": "hint",
             "any hint": "hint", "hints": "hint", "some hints": "hint", "a little hint": "hint",
             "my answers": "history", "my scores": "history"}
MODEL_ANSWER_WORDS = {"the answer", "the model answer", "model answer", "an answer", "a model answer"}


def is_thanks(text: str) -> bool:
    """A pleasantry ("Thanks!", "thank you 🙏"), not an answer."""
    return TRAILING.sub("", _NOT_WORDS.sub(" ", text)).strip() in THANKS


def polite(text: str) -> str:
    """A command said in words people use: "skip please", "Hint, please 🙏", "can you give me a hint?",
    "show me the answer". Only short messages get here (80 characters), so answers are not rewritten
    into commands: what is left must still be a whole command."""
    text = TRAILING.sub("", _NOT_WORDS.sub(" ", text.replace("\u2019", "'"))).strip()
    text = re.sub(r" for now$", "", text)  # before "now" goes as a polite word
    text = " ".join(w for w in text.replace("thank you", " ").split() if w not in POLITE)
    text = _ASKING.sub("", text).strip()
    text = _LEAD_IN.sub("", text).strip()
    text = re.sub(r"^(?:give me|give us|i need|i'd like) ", "", text).strip()
    while not _is_command(_named(text)) and _AFTER.search(text):  # "stop here", "a hint on this one"
        text = _AFTER.sub("", text).strip()
    return _named(text)


def _named(text: str) -> str:
    """The command a short remainder names: "the answer", "what's my status", "any hints", "quit interview"."""
    text = _WHAT.sub("", text) if text not in PHRASES else text
    if _WHOLE_INTERVIEW.match(text):
        return "end"
    if text in MODEL_ANSWER_WORDS:
        return "answer"
    text = _ABOUT_ME.get(text, text)
    return {"a hint": "hint", "another hint": "hint", "the next question": "next question"}.get(text, text)


def _is_command(text: str) -> bool:
    return text in SIMPLE or text in PHRASES or text in MODEL_ANSWER_WORDS
