"""A local stand-in for Discord's REST API: records every request and answers like Discord.

The bot under test talks to it over real HTTP (discord.http.Route.BASE points
here), so what the tests check is exactly what would have gone on the wire.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
from dataclasses import dataclass

from aiohttp import web

from . import payloads as p


@dataclass
class Request:
    method: str
    path: str  # without the /api/v10 prefix
    body: dict | list | None
    shown_privately: bool = False  # an interaction reply only its user sees, as Discord would show it
    status: int = 0  # what the fake answered

    @property
    def data(self) -> dict:
        """The message fields: an interaction callback nests them under "data"."""
        body = self.body if isinstance(self.body, dict) else {}
        return body.get("data") or {} if self.path.endswith("/callback") else body

    def embeds(self) -> list[dict]:
        return self.data.get("embeds") or []

    def titles(self) -> list[str]:
        return [e.get("title", "") for e in self.embeds()]

    def text(self) -> str:
        """Everything a person would read: content and every embed string."""
        parts = [self.data.get("content") or ""]
        for e in self.embeds():
            parts += [e.get("title", ""), e.get("description", ""), (e.get("footer") or {}).get("text", "")]
            parts += [f"{f['name']} {f['value']}" for f in e.get("fields", [])]
        return "\n".join(x for x in parts if x)

    @property
    def carries_message(self) -> bool:
        return bool(self.data.get("content") or self.data.get("embeds"))


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.guild_of: dict[int, int] = {}  # channel or thread id -> guild id
        self.closed_dms: set[int] = set()  # user ids whose DMs refuse the bot
        self.dm_owner: dict[int, int] = {}
        self.threads: dict[int, dict] = {}  # thread id -> the thread as GET /channels/{id} returns it
        # channel id -> HTTP statuses for its next posts, or (status, Discord code, message) as Discord words it
        self.failing: dict[int, list] = {}
        self.failing_dms: dict[int, list[int]] = {}  # user id -> HTTP statuses for the next messages to their DM
        self.failing_threads: dict[int, list[int]] = {}  # channel id -> HTTP statuses for its next threads
        self.failing_original_deletes: list[int] = []  # HTTP statuses for the next deletes of a "thinking" message
        self.loading: dict[str, bool] = {}  # interaction token -> its deferral was ephemeral, until resolved
        self._dm_ids = itertools.count(930000000000000001)
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> str:
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/api/v10"
        return self.base

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # -- what the tests use ------------------------------------------------------
    def since(self, index: int) -> list[Request]:
        return self.requests[index:]

    async def wait_for(self, predicate, since: int = 0, attempts: int = 1200) -> Request:
        """The first request after `since` that matches; polls up to `attempts` times (60 s)."""
        for _ in range(attempts):
            for req in self.requests[since:]:
                if predicate(req):
                    return req
            await asyncio.sleep(0.05)
        seen = "\n".join(f"{r.method} {r.path} {r.titles() or r.data.get('content', '')!r:.120}"
                         for r in self.requests[since:])
        raise AssertionError(f"no matching request; saw:\n{seen}")

    # -- the API -------------------------------------------------------------------
    async def _read(self, request: web.Request) -> dict | None:
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            raw = form.get("payload_json")
            body = json.loads(raw) if raw else {}
            body["_files"] = [k for k in form if k.startswith("files[")]
            return body
        text = await request.text()
        return json.loads(text) if text else None

    async def _handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body = await self._read(request)
        req = Request(request.method, path, body, self._shown_privately(request.method, path, body))
        self.requests.append(req)
        status, data = self._answer(request.method, path, body or {})
        req.status = 204 if data is None else status
        if data is None:
            return web.Response(status=204)
        # discord.py parses JSON only when the content type is exactly application/json (no charset)
        return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})

    def _shown_privately(self, method: str, path: str, body) -> bool:
        """Discord's rule: the first follow-up after a deferral replaces the "thinking" message and
        shows as the deferral did, whatever its own flags; later ones (or any after the thinking
        message was edited or deleted) show as their flags say."""
        body = body if isinstance(body, dict) else {}
        flags = ((body.get("data") or {}) if path.endswith("/callback") else body).get("flags", 0)
        if m := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            if body.get("type") == 5:
                self.loading[m.group(2)] = bool(flags & 64)
            return bool(flags & 64)
        if method in ("PATCH", "DELETE") and (m := re.fullmatch(r"/webhooks/(\d+)/([^/]+)/messages/@original", path)):
            if method == "DELETE" and self.failing_original_deletes:  # it stays, still loading
                return self.loading.get(m.group(2), False)
            return self.loading.pop(m.group(2), False)
        if method == "POST" and (m := re.fullmatch(r"/webhooks/(\d+)/([^/]+)", path)):
            return self.loading.pop(m.group(2)) if m.group(2) in self.loading else bool(flags & 64)
        return False

    def _answer(self, method: str, path: str, body: dict):
        if (method, path) == ("GET", "/users/@me"):
            return 200, p.BOT_USER
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return 200, p.application()
        if method == "PUT" and path.endswith("/commands"):
            return 200, []
        if (method, path) == ("POST", "/users/@me/channels"):
            uid = int(body["recipient_id"])
            dm = next(self._dm_ids)
            self.dm_owner[dm] = uid
            return 200, p.dm_channel(dm, p.user(uid))
        if m := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            flags = (body.get("data") or {}).get("flags", 0)
            return 200, {"interaction": {"id": m.group(1), "type": 2, "response_message_loading": body["type"] == 5,
                                         "response_message_ephemeral": bool(flags & 64)}}
        if method == "DELETE" and re.fullmatch(r"/webhooks/(\d+)/([^/]+)/messages/@original", path):
            if self.failing_original_deletes:
                status = self.failing_original_deletes.pop(0)
                return status, {"code": 0, "message": f"failed with {status} by the test"}
            return 204, None
        if method == "PATCH" and re.fullmatch(r"/webhooks/(\d+)/([^/]+)/messages/@original", path):
            return 200, p.message(0, p.BOT_USER, body.get("content") or "", embeds=body.get("embeds"))
        if m := re.fullmatch(r"/webhooks/(\d+)/([^/]+)", path):
            return 200, p.message(0, p.BOT_USER, body.get("content") or "", embeds=body.get("embeds"))
        if m := re.fullmatch(r"/channels/(\d+)/messages/(\d+)/threads", path):
            channel, mid = int(m.group(1)), int(m.group(2))
            if self.failing_threads.get(channel):
                status = self.failing_threads[channel].pop(0)
                return status, {"code": 0, "message": f"failed with {status} by the test"}
            self.guild_of[mid] = self.guild_of.get(channel, p.GUILD_ID)
            self.threads[mid] = p.thread(mid, channel, self.guild_of[mid], body.get("name", "Daily"))
            return 201, self.threads[mid]
        if method == "GET" and (m := re.fullmatch(r"/channels/(\d+)", path)):
            thread = self.threads.get(int(m.group(1)))
            return (200, thread) if thread else (404, {"code": 10003, "message": "Unknown Channel"})
        if m := re.fullmatch(r"/channels/(\d+)/messages", path):
            channel = int(m.group(1))
            failing = self.failing.get(channel) or self.failing_dms.get(self.dm_owner.get(channel, 0))
            if failing:
                failure = failing.pop(0)
                status, code, message = (failure if isinstance(failure, tuple) else
                                         (failure, 50001 if failure == 403 else 0, f"failed with {failure} by the test"))
                return status, {"code": code, "message": message}
            if self.dm_owner.get(channel) in self.closed_dms:
                return 403, {"code": 50007, "message": "Cannot send messages to this user"}
            return 200, p.message(channel, p.BOT_USER, body.get("content") or "", guild_id=self.guild_of.get(channel),
                                  embeds=body.get("embeds"), components=body.get("components"))
        return 404, {"code": 10003, "message": f"Unknown route in the fake: {method} {path}"}
