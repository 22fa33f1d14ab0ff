"""A `leaderboard` command's words: which board, and which study group's."""
from __future__ import annotations

import re

PERIOD_WORDS = {"week": "week", "weekly": "week", "this-week": "week", "all": "all", "all-time": "all",
                "alltime": "all", "ever": "all", "improved": "improved", "most-improved": "improved"}


_PERIOD_PHRASES = ((r"\ball[ -]time\b", "all"), (r"\bthis week\b", "week"), (r"\bmost improved\b", "improved"))
_BOARD_FILLERS = {"for", "the", "of", "board", "please", "show"}


def leaderboard_args(rest: str) -> dict[str, str] | None:
    """`leaderboard [week|all|improved] [group] [NAME]`, in either order ("leaderboard rag-club all"); None
    when the words are an answer. One word that is no board is read as a group's name; the community says
    when there is none."""
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
    return args
