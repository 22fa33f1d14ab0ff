"""What a graded daily answer says after its points: a repeat's, the streak's, an edit's words."""
from __future__ import annotations

from bot.community.refs import safe_text
from bot.engine.render_text import plural

EDITED_GRADED = "I graded your edited answer as a new try. "
# said instead of "graded as a new try": a closed daily counts no edit, so nothing should first suggest it does
EDITED_AFTER_CLOSE = ("Your edit came after that daily question closed, so it does not count; what you posted "
                      "before it closed stands. The recap is in the thread. Try the next one!")


def after_points(result) -> str:
    """The sentences after an answer's points: a question the daily asked again pays once, and the streak
    moves only for an answer on the bar for points (the same bar: "ok" or "idk" every day keeps no streak)."""
    repeat = (f" This question earned you points on {safe_text(result.repeat_of, 30)} already, so answering it "
              "again earns no new points." if result.repeat_of else "")
    days = plural(result.streak.current, "day")
    if result.counted:
        return f"{repeat} Streak: {days}."
    if not result.streak.current:
        return (f"{repeat} Your streak did not move: only an answer that earns points starts one (and counts as "
                "answered in the recap).")
    return (f"{repeat} Your streak did not move (still {days}): only an answer that earns points adds a day "
            "(and counts as answered in the recap).")
