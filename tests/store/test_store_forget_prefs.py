from bot.engine.events import ConversationKey, UserRef
from bot.store.history import GradedAnswer
from bot.store.sessions import TurnWrites


async def _use_everything(store, user, channels):
    for channel in channels:
        conv = ConversationKey(user, channel)
        await store.journal.record_incoming(conv, "pending answer", f"{channel}-m")

        async def step(session):
            writes = TurnWrites(answers=[GradedAnswer("q1", "rag", 4)], prefs={"level": "junior"})
            return {"state": "asking"}, writes, None

        await store.sessions.run_turn(conv, step)
    await store.prefs.set(user, {"track": "llm"})


async def test_forget_user_deletes_all_their_keys_and_nothing_else(store, redis, keys):
    alice = UserRef("slack", "T1", "U1")
    lookalike = UserRef("slack", "T1", "U1*")  # a glob in a name must not widen the match
    bob = UserRef("slack", "T1", "U10")
    await _use_everything(store, alice, ["D1", "C7"])
    await _use_everything(store, lookalike, ["D1"])
    await _use_everything(store, bob, ["D1"])
    before_alice = await store.forgetter.user_keys(alice)
    before_bob = await store.forgetter.user_keys(bob)
    assert len(before_alice) > len(before_bob)  # two conversations' sessions

    # "U1*" unescaped would match U1 and U10 as well
    assert await store.forgetter.forget_user(lookalike)
    assert await store.forgetter.user_keys(lookalike) == []
    assert await store.forgetter.user_keys(alice) == before_alice
    kinds = await store.forgetter.forget_user(alice)

    assert set(kinds) == {
        "interview session", "answers waiting to be graded", "answer history",
        "topic scores", "review schedule", "preferences",
    }
    assert await store.forgetter.user_keys(alice) == []
    remaining = sorted([k async for k in redis.scan_iter(match=keys.all_pattern())])
    assert remaining == before_bob
    assert await store.sessions.get(ConversationKey(bob, "D1")) == {"state": "asking"}
    assert await store.history.mastery(alice) == {}
    assert await store.forgetter.forget_user(alice) == []  # nothing left to say it deleted


async def test_forget_hooks_report_shared_data(store, alice):
    calls = []

    async def leaderboard_hook(user):
        calls.append(user)
        return ["leaderboard points"]

    store.forgetter.add_hook(leaderboard_hook)
    await store.prefs.set(alice, {"track": "nlp"})
    assert await store.forgetter.forget_user(alice) == ["preferences", "leaderboard points"]
    assert calls == [alice]


async def test_preferences_are_set_and_cleared_per_field(store, alice):
    assert await store.prefs.get(alice) == {}
    assert await store.prefs.set(alice, {"track": "llm", "level": "senior", "length": "5"}) == {
        "track": "llm", "level": "senior", "length": "5",
    }
    assert await store.prefs.set(alice, {"level": None, "length": "10"}) == {"track": "llm", "length": "10"}
    assert await store.prefs.get(alice) == {"track": "llm", "length": "10"}
