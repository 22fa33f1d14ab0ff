"""Every Redis key name the bot uses, built in one place.

All keys of a person live under one prefix, ``<ns>:user:{<user id>}:``, so
"forget me" is one SCAN over that prefix. The braces make the user id a Redis
Cluster hash tag: all of a user's keys land in one slot, so a turn's
transaction (session + history + mastery + schedule) stays valid on a cluster.

Id parts are percent-encoded: a console user may be called anything, and a
``*``, ``[`` or ``}`` in a name must not turn into a glob or end the hash tag;
``:`` is encoded too, so ("a:b", "c") and ("a", "b:c") cannot collide.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from bot.engine.events import ConversationKey, UserRef

# what each key suffix holds, in the words the bot uses when it forgets a user
KINDS: dict[str, str] = {
    "session": "interview session",
    "lock": "interview session",
    "journal": "answers waiting to be graded",
    "history": "answer history",
    "mastery": "topic scores",
    "cards": "review schedule",
    "due": "review schedule",
    "prefs": "preferences",
}


def _part(text: str) -> str:
    return quote(text, safe="")


@dataclass(frozen=True)
class Keys:
    """Key names under one namespace; tests use a random namespace each."""

    namespace: str = "coach"

    def user_root(self, user: UserRef) -> str:
        tag = ":".join(_part(p) for p in (user.platform, user.workspace, user.user))
        return f"{self.namespace}:user:{{{tag}}}"

    def user_pattern(self, user: UserRef) -> str:
        # the root holds no glob characters (see _part), so it needs no escaping
        return f"{self.user_root(user)}:*"

    def _conv(self, key: ConversationKey, what: str) -> str:
        return f"{self.user_root(key.user)}:conv:{_part(key.channel)}:{what}"

    def session(self, key: ConversationKey) -> str:
        return self._conv(key, "session")

    def turn_lock(self, key: ConversationKey) -> str:
        return self._conv(key, "lock")

    def journal(self, user: UserRef) -> str:
        return f"{self.user_root(user)}:journal"

    def history(self, user: UserRef) -> str:
        return f"{self.user_root(user)}:history"

    def mastery(self, user: UserRef) -> str:
        return f"{self.user_root(user)}:mastery"

    def cards(self, user: UserRef) -> str:
        return f"{self.user_root(user)}:cards"

    def due(self, user: UserRef) -> str:
        return f"{self.user_root(user)}:due"

    def prefs(self, user: UserRef) -> str:
        return f"{self.user_root(user)}:prefs"

    def claim(self, platform: str, message_id: str) -> str:
        # a claim holds only a platform message id and expires; it is not the user's data
        return f"{self.namespace}:claim:{_part(platform)}:{_part(message_id)}"

    def all_pattern(self) -> str:
        return f"{self.namespace}:*"


def kind_of(key: str) -> str:
    """The friendly name of what a key holds (its last segment decides)."""
    return KINDS.get(key.rsplit(":", 1)[-1], "other data")
