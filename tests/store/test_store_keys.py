from bot.engine.events import ConversationKey, UserRef
from bot.store.keys import Keys, kind_of

keys = Keys("coach")


def test_every_user_key_is_under_the_user_pattern():
    user = UserRef("discord", "g1", "42")
    conv = ConversationKey(user, "c9")
    root = keys.user_root(user)
    for name in [keys.session(conv), keys.turn_lock(conv), keys.journal(user), keys.history(user),
                 keys.mastery(user), keys.cards(user), keys.due(user), keys.prefs(user)]:
        assert name.startswith(root + ":")
    assert keys.session(conv) == "coach:user:{discord:g1:42}:conv:c9:session"


def test_glob_and_brace_characters_in_ids_are_encoded():
    user = UserRef("console", "local", "a*b?[c]}{")
    root = keys.user_root(user)
    tag = root.split("{", 1)[1].rsplit("}", 1)[0]
    assert not set("*?[]{}") & set(tag)


def test_colons_in_parts_cannot_make_two_users_collide():
    one = UserRef("console", "a:b", "c")
    two = UserRef("console", "a", "b:c")
    assert one.id == two.id  # the engine's id is ambiguous here ...
    assert keys.user_root(one) != keys.user_root(two)  # ... the key names are not


def test_a_user_whose_name_extends_another_is_not_matched_by_its_pattern():
    short, longer = UserRef("slack", "T1", "U1"), UserRef("slack", "T1", "U1x")
    assert not keys.history(longer).startswith(keys.user_pattern(short)[:-1])


def test_kinds_are_friendly():
    user = UserRef("slack", "T1", "U1")
    assert kind_of(keys.history(user)) == "answer history"
    assert kind_of(keys.session(ConversationKey(user, "D1"))) == "interview session"
    assert kind_of("coach:user:{x}:unknown") == "other data"
