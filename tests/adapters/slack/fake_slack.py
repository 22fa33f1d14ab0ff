"""A fake Slack Web API on 127.0.0.1: answers like Slack and records every call.

The bot's AsyncWebClient is pointed here (settings.slack_api_url), so the real
slack_sdk request code runs; only Slack's servers are replaced.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Call:
    method: str  # "chat.postMessage", ... or "response_url"
    args: dict
    response: dict = field(default_factory=dict)

    @property
    def blocks(self) -> list[dict]:
        blocks = self.args.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks

    @property
    def all_text(self) -> str:
        """The fallback text plus every text inside the blocks, as the user could see it."""
        parts = [str(self.args.get("text") or self.args.get("initial_comment") or "")]

        def walk(node):
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "text" and isinstance(value, str):
                        parts.append(value)
                    else:
                        walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(self.blocks)
        return "\n".join(parts)


DISCONNECT = "<disconnect>"


@dataclass
class FakeSlack:
    admins: set[str] = field(default_factory=set)
    outside: set[str] = field(default_factory=set)  # channels the bot is not a member of
    group_dms: set[str] = field(default_factory=set)  # conversations that are group DMs (mpim), not channels
    mpim_read: bool = True  # the app has mpim:read, which conversations.info on a group DM needs
    calls: list[Call] = field(default_factory=list)
    uploads: list[bytes] = field(default_factory=list)
    base_url: str = ""
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _failures: dict[str, list[int | str]] = field(default_factory=dict)

    def fail_next(self, method: str, *failures: int | str) -> None:
        """The next calls of `method` fail, as Slack answers them: 429 is `ratelimited` with
        Retry-After: 1, 5xx a bare server error, a string that error with HTTP 200 (e.g.
        "channel_not_found"), and DISCONNECT a connection closed with no answer at all.
        Failed calls are recorded too."""
        self._failures.setdefault(method, []).extend(failures)

    def of(self, method: str, **match) -> list[Call]:
        return [c for c in self.calls if c.method == method and all(c.args.get(k) == v for k, v in match.items())]

    def since(self, mark: int) -> list[Call]:
        return self.calls[mark:]

    async def start(self) -> "FakeSlack":
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{token}", self._response_url)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.root = f"http://127.0.0.1:{port}"
        self.base_url = f"{self.root}/api/"
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _args(self, request: web.Request) -> dict:
        args = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            args.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        if self._failures.get(method):
            failure = self._failures[method].pop(0)
            if failure == DISCONNECT:
                self.calls.append(Call(method, args, {"ok": False, "error": DISCONNECT}))
                request.transport.close()  # the client sees the server hang up mid-request
                return web.Response(status=500)
            status = 200 if isinstance(failure, str) else failure
            error = {"ok": False, "error": failure if isinstance(failure, str)
                     else "ratelimited" if status == 429 else "fatal_error"}
            self.calls.append(Call(method, args, error))
            return web.json_response(error, status=status, headers={"Retry-After": "1"} if status == 429 else {})
        answer = self._answer(method, args)
        self.calls.append(Call(method, args, answer))
        return web.json_response(answer)

    def _answer(self, method: str, args: dict) -> dict:
        ts = f"1763283600.{next(self._ts):06d}"
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "team": "Test", "user": "coach"}
        if method == "chat.postMessage":
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": {"ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "conversations.info":
            channel = args.get("channel", "")
            if channel in self.group_dms and not self.mpim_read:
                return {"ok": False, "error": "missing_scope", "needed": "mpim:read", "provided": "channels:read"}
            return {"ok": True, "channel": {"id": channel, "is_member": channel not in self.outside,
                                            "is_mpim": channel in self.group_dms}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", ""))}}
        if method == "users.info":
            user = args.get("user", "")
            admin = user in self.admins
            return {"ok": True, "user": {"id": user, "name": user.lower(), "is_admin": admin, "is_owner": False,
                                         "profile": {"display_name": f"{user.title()} <!here>"}}}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.root}/upload/F1", "file_id": "F1"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F1", "title": "Progress"}]}
        if method == "files.info":
            return {"ok": True, "file": {"id": "F1"}}
        return {"ok": True}

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads.append(await request.read())
        return web.Response(text="OK - 1")

    async def _response_url(self, request: web.Request) -> web.Response:
        self.calls.append(Call("response_url", await request.json()))
        return web.json_response({"ok": True})
