"""Plain-word commands: what a message means when it is not an answer.

A message counts as a command only when the whole of it parses as one
("hint", "start llm senior 5"); "Start with BM25 ..." stays an answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

TRACK_WORDS = {
    "nlp": "nlp-engineer", "nlp-engineer": "nlp-engineer",
    "llm": "llm-engineer", "llm-engineer": "llm-engineer",
    "ai": "ai-engineer", "ai-engineer": "ai-engineer",
    "system-design": "system-design", "design": "system-design", "system": "system-design",
    "behavioral": "behavioral", "behavioural": "behavioral",
    "mixed": "mixed", "any": "mixed", "all": "mixed",
}
LEVEL_WORDS = {"junior": "junior", "mid": "mid", "middle": "mid", "mid-level": "mid", "senior": "senior"}
LENGTHS = (3, 5, 8)
MAX_LENGTH = 10
START_WORDS = {"start", "interview", "begin", "new"}

SIMPLE = {
    "hint": "hint", "skip": "skip", "pass": "skip", "next": "skip", "repeat": "repeat", "again": "repeat",
    "end": "end", "stop": "end", "quit": "end", "finish": "end", "status": "status", "history": "history",
    "progress": "progress", "help": "help", "commands": "help", "?": "help", "answer": "answer",
    "model answer": "answer", "show answer": "answer", "leaderboard": "leaderboard", "streak": "streak",
    "forget me": "forget", "forget-me": "forget", "groups": "groups",
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
THANKS = {"thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "thank you so much", "great thanks",
          "ok thanks", "ok thank you", "thanks!", "many thanks"}
_TRAILING = re.compile(r"[\s.!?,;:\u2026]+$")
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
# "quit interview", "finish the interview", "stop this session"
_WHOLE_INTERVIEW = re.compile(r"^(?:end|stop|quit|finish|close)(?: (?:the|this|my|our))? (?:interview|session)$")
_ABOUT_ME = {"my history": "history", "my status": "status", "my progress": "progress", "my streak": "streak",
             "my score": "status", "my stats": "status", "the question": "repeat", "any hints": "hint",
             "any hint": "hint", "hints": "hint", "some hints": "hint", "a little hint": "hint",
             "my answers": "history", "my scores": "history"}
MODEL_ANSWER_WORDS = {"the answer", "the model answer", "model answer", "an answer", "a model answer"}
GROUP_ACTIONS = {"create", "join", "leave"}
DAILY_WORDS = {"set", "on", "off", "add", "help", "?"}


def _polite(text: str) -> str:
    """A command said in words people use: "skip please", "Hint, please 🙏", "can you give me a hint?",
    "show me the answer". Only short messages get here (80 characters), so answers are not rewritten
    into commands: what is left must still be a whole command."""
    text = _TRAILING.sub("", _NOT_WORDS.sub(" ", text.replace("\u2019", "'"))).strip()
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


_SETTING = re.compile(r"^[a-z]+=\S")
_TEAM_QUESTION = re.compile(r"^add\s+[\w.-]+\s*\|[^|]*\S[^|]*\|[^|]*\S[^|]*$", re.I | re.S)


def _daily_words(rest: str, long: bool = False) -> bool:
    """`daily`, `daily on|off|help`, `daily set key=value ...`, `daily add id | question | reference`; not
    "Daily set of golden prompts...", an answer. A long message (`long`) is a command only in the whole
    of that form: every word after `set` a key=value, or `add` with an id and two parts after bars."""
    words = rest.split()
    if not words:
        return True
    sub = words[0].lower()
    if sub == "set":
        settings = words[1:]
        return bool(settings) and all(_SETTING.match(w.lower()) for w in settings) if long else "=" in rest
    if sub == "add":
        return bool(_TEAM_QUESTION.match(rest)) if long else "|" in rest
    return sub in DAILY_WORDS and len(words) == 1


def _is_zone(name: str) -> bool:
    from bot.community.clock import zone_name  # the tz database's names, read in any case

    return zone_name(name) is not None
COMMAND_WORD = re.compile(r"^[/!]?([a-z?][a-z-]*(?: me| answer)?)\b\s*(.*)$", re.S)


@dataclass(frozen=True)
class Command:
    name: str
    args: dict[str, str] = field(default_factory=dict)
    rest: str = ""


def _track_names_joined(words: list[str]) -> list[str]:
    """"system design" and "nlp engineer" as the one track word each names."""
    text = re.sub(r"\bsystem\s+design\b", "system-design", " ".join(words), flags=re.I)
    return re.sub(r"\b(nlp|llm|ai)\s+engineer\b", r"\1-engineer", text, flags=re.I).split()


def parse_start_args(words: list[str]) -> dict[str, str] | None:
    """track / level / length from words in any order; None if a word is not one of them."""
    args: dict[str, str] = {}
    for word in _track_names_joined(words):
        w = word.lower().strip(",.!?;:")
        if not w:
            continue
        if w in TRACK_WORDS and "track" not in args:
            args["track"] = TRACK_WORDS[w]
        elif w in LEVEL_WORDS and "level" not in args:
            args["level"] = LEVEL_WORDS[w]
        elif w.isdigit() and "length" not in args and 1 <= int(w) <= MAX_LENGTH:
            args["length"] = w
        elif w in {"interview", "questions", "question", "please", "a", "an", "mock"}:
            continue
        elif (w in TRACK_WORDS and args["track"] == TRACK_WORDS[w]) or (
                w in LEVEL_WORDS and args["level"] == LEVEL_WORDS[w]):
            continue  # said twice
        else:
            return None
    return args


SHORT = 80  # longer messages are answers, but for the commands below whose whole form they have


# command words a one-word message may be a slip of the keyboard for ("hnit", "skpi", "stauts")
TYPO_TARGETS = ("hint", "skip", "pass", "next", "repeat", "again", "stop", "quit", "finish", "status", "history",
                "progress", "help", "answer", "leaderboard", "streak", "groups", "start", "settings")


# real words a slip rule would take for a command ("stoop" is "stop" with a letter doubled)
REAL_WORDS = {"stoop", "finnish", "strat"}
LONG_TARGET = 9  # from this length ("leaderboard") no real word sits one letter away


def _one_slip(typed: str, word: str) -> bool:
    """Two neighbouring letters swapped or one letter doubled; for long words ("leaderboard") also one letter
    missing, extra or wrong. A letter wrong, missing or extra in a shorter word is often a real word, the
    candidate's answer: "stream" and "steak" for "streak", "States" for "status", "Answers", "Repeal"."""
    if typed == word or typed in REAL_WORDS:
        return False
    long = len(word) >= LONG_TARGET
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word)) if a != b]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == word[diff[1]] \
            and typed[diff[1]] == word[diff[0]]
        return swapped or (long and len(diff) == 1)
    if len(typed) == len(word) + 1:
        return any(typed[:i] + typed[i + 1:] == word and (long or (i > 0 and typed[i] == typed[i - 1]))
                   for i in range(len(typed)))
    if len(typed) + 1 == len(word) and long:
        return any(word[:i] + word[i + 1:] == typed for i in range(len(word)))
    return False


def mistyped_command(text: str) -> str:
    """The command word a one-word message looks like a slip for ("hnit" -> "hint"); "" if none."""
    word = _TRAILING.sub("", text.strip().lower().lstrip("/!"))
    if not re.fullmatch(r"[a-z]{4,12}", word):
        return ""
    return next((target for target in TYPO_TARGETS if _one_slip(word, target)), "")


def parse_command(text: str) -> Command | None:
    """The command a whole message spells, or None when it reads as an answer.

    A long message is read only as a `daily set ...` or `daily add ... | ... | ...` in full
    (the README's examples run past 80 characters); any other long text is an answer."""
    original = " ".join(text.strip().split())
    clean = original.lower()
    if not clean:
        return None
    if len(clean) > SHORT:
        return _long_command(original, clean)
    command = _short_command(original, clean)
    if command is None and mistyped_command(clean):  # spends no try: ask instead
        return Command("did-you-mean", {"word": mistyped_command(clean)})
    return command


def _short_command(original: str, clean: str) -> Command | None:
    bare = clean.lstrip("/!")
    if _TRAILING.sub("", _NOT_WORDS.sub(" ", bare)).strip() in THANKS:  # a pleasantry, not an answer
        return Command("thanks")
    if bare != "?":
        bare = _polite(bare)  # "Hint?", "skip please", "can you give me a hint?" mean the command
    if bare in SIMPLE:
        return Command(SIMPLE[bare])
    if bare in PHRASES:
        return Command(PHRASES[bare])
    if bare == "forget":  # deletes everything: asks first, `forget me` goes ahead
        return Command("forget", {"ask": "yes"})
    match = COMMAND_WORD.match(clean)
    if not match:
        return None
    word, rest = match.group(1), match.group(2).strip()
    if len(original) == len(clean):  # keep the user's case in arguments (time zones, group names)
        rest = original[match.start(2):].strip()
    if word in START_WORDS:
        args = parse_start_args(rest.split())
        return Command("start", args) if args is not None else None
    if word == "settings":
        if not rest:
            return Command("settings")
        args = parse_start_args(rest.replace("=", " ").replace("track", "").replace("level", "")
                                .replace("length", "").split())
        return Command("settings", args) if args is not None else None
    if word == "leaderboard":
        return _leaderboard(rest)
    if word == "group" and (not rest or rest.split()[0].lower() in GROUP_ACTIONS):
        return Command(word, rest=rest)
    if word == "daily" and _daily_words(rest):
        return Command(word, rest=rest)
    if word == "timezone" and (not rest or _is_zone(rest)):
        return Command(word, rest=rest)
    if word in SIMPLE and SIMPLE[word] == "forget" and rest.lower() in {"", "me"}:
        return Command("forget")
    return None  # "Group similar words...", "Daily retraining..." and the like are answers


def _long_command(original: str, clean: str) -> Command | None:
    match = COMMAND_WORD.match(clean)
    if not match or match.group(1) != "daily":
        return None
    rest = (original[match.start(2):] if len(original) == len(clean) else match.group(2)).strip()
    return Command("daily", rest=rest) if _daily_words(rest, long=True) else None


PERIOD_WORDS = {"week": "week", "weekly": "week", "this-week": "week", "all": "all", "all-time": "all",
                "alltime": "all", "ever": "all", "improved": "improved", "most-improved": "improved"}


_PERIOD_PHRASES = ((r"\ball[ -]time\b", "all"), (r"\bthis week\b", "week"), (r"\bmost improved\b", "improved"))
_BOARD_FILLERS = {"for", "the", "of", "board", "please", "show"}


def _leaderboard(rest: str) -> Command | None:
    """`leaderboard [week|all|improved] [group] [NAME]`, in either order ("leaderboard rag-club all").
    One word that is no board is read as a group's name; the community says when there is none."""
    rest = " " + re.sub(r"[:,]", " ", rest) + " "
    for phrase, word in _PERIOD_PHRASES:
        rest = re.sub(phrase, f" {word} ", rest, flags=re.I)
    periods, others = [], []
    words = [w for w in rest.split() if w.lower() not in _BOARD_FILLERS]
    for i, w in enumerate(words):
        if others == ["group"] and i + 1 < len(words):
            others.append(w)  # "leaderboard group all week": `group` and more words name the group
        elif w.lower() in PERIOD_WORDS and PERIOD_WORDS[w.lower()] not in periods:
            periods.append(PERIOD_WORDS[w.lower()])
        elif w.lower() in PERIOD_WORDS:
            continue  # said twice
        else:
            others.append(w)
    named = bool(others) and others[0].lower() == "group"
    if named:
        others = others[1:]
    if len(others) > 2 or (len(others) == 2 and not named):  # "Leaderboard scores on MTEB": an answer
        return None
    args = {"period": periods[0] if periods else "week"}
    if len(periods) > 1:  # "leaderboard week all": one board at a time, and the coach asks which
        args["periods"] = " ".join(periods)
    if others:
        args["group"] = " ".join(others)
    return Command("leaderboard", args)


def unreadable_start(text: str) -> list[str]:
    """The words a short `start` or `settings` message could not read ("start nlp wizard 99" ->
    ["wizard", "99"]); [] when the message is not one. Only asked when no interview is running:
    during one, "start with BM25" is an answer."""
    words = _track_names_joined(text.lower().split())
    if not words or words[0].lstrip("/!") not in START_WORDS | {"settings"} or len(words) > 6:
        return []
    read: dict[str, str] = {}
    unread = []
    for w in words[1:]:
        if w in {"track", "level", "length"}:
            continue
        one = parse_start_args([w.replace("=", " ")])
        if one is None or any(read.get(slot, value) != value for slot, value in one.items()):
            unread.append(w)  # not a track, level or length; or a second one ("start nlp llm")
        else:
            read.update(one)
    return unread


USAGE = {
    "group": "Use `group create NAME`, `group join NAME` or `group leave NAME`; `groups` lists yours.",
    "daily": "`daily` shows this channel's daily question; admins set it up with `daily set ...` (`daily help`).",
    "timezone": "Use `timezone Europe/Berlin` (a zone name like that one), or `timezone` to see yours.",
    "leaderboard": "Use `leaderboard week|all|improved`, or a study group's with `leaderboard group NAME week`.",
}


def usage_for(text: str) -> str:
    """How to say a command whose first word the message starts with but whose rest did not read
    ("group explode"); "" when it starts with no such word. Only asked when no interview is running:
    during one, "Group similar words..." is an answer."""
    words = text.strip().lower().split()
    return USAGE.get(words[0].lstrip("/!"), "") if words else ""


def start_help(unread: list[str]) -> str:
    """Kind words for a start command with words that are not a track, level or length."""
    shown = ", ".join("`" + w.replace("`", "'")[:30] + "`" for w in unread)
    return (f"I couldn't read {shown} there. Tracks: nlp, llm, ai, system-design, behavioral, mixed; "
            f"levels: junior, mid, senior; length: 3, 5 or 8 questions (up to {MAX_LENGTH}). "
            "For example `start llm senior 5`.")
