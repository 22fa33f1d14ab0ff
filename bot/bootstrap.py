"""The composition root: builds every part of the coach from settings.

The CLI, the chat adapters and the tests all start here, so there is one
place that decides which store, index, grader and engine are used. Parts are
built on first use: `coach validate` never loads the embedding model.
"""
from __future__ import annotations

import logging
from functools import cached_property

from bot.pack.loader import Pack, load_pack
from bot.settings import ROOT, Settings, get_settings

log = logging.getLogger(__name__)


class Services:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()

    @cached_property
    def pack(self) -> Pack:
        return load_pack(*self.settings.pack_dirs)

    @cached_property
    def embedder(self):
        from bot.retrieval.embedding import get_embedder

        return get_embedder(self.settings.embedding_model)

    def _open_index(self, wait: float = 0.0):
        """`wait`: seconds to keep trying a Chroma server that does not answer yet."""
        from bot.retrieval.chroma_store import open_client, open_collection
        from bot.retrieval.index import KnowledgeIndex

        s = self.settings
        client = open_client(s.data_dir, s.chroma_host, s.chroma_port, wait=wait)  # before the model: fail fast
        self.embedder  # noqa: B018 - load the model once, before Chroma asks for it
        return KnowledgeIndex(open_collection(client, s.chroma_collection, s.embedding_model))

    @cached_property
    def index(self):
        """The knowledge index, built from the pack on first use if it is empty."""
        index = self._open_index()
        if index.count() == 0:
            self.ingest(index=index)
        return index

    def section_levels(self) -> dict[str, set[str]]:
        """Which levels each guide section serves, from the bank questions that cite it."""
        levels: dict[str, set[str]] = {}
        for q in self.pack.questions:
            for source in q.sources:
                levels.setdefault(source, set()).add(q.level.value)
        return levels

    def ingest(self, extra_paths=(), on_file=None, index=None, wait: float = 0.0):
        from bot.retrieval.ingest import ingest

        index = index or self.__dict__.get("index") or self._open_index(wait)
        guides = [d / "guides" for d in self.settings.pack_dirs if (d / "guides").exists()]
        return ingest(index, [*guides, *extra_paths], ROOT, self.section_levels(), on_file)

    def retrieve(self, query: str, k: int = 5, topic: str | None = None, level: str | None = None):
        return self.index.search(query, k=k, topic=topic, level=level)

    # -- grading and the running coach ---------------------------------------------
    @cached_property
    def grader(self):
        from bot.grading.grader import build_grader

        # without a chat model the grader must not try the provider again: it runs offline
        offline = self.settings.model_copy(update={"llm_provider": "none"})
        settings = self.settings if self.llm is not None else offline
        return build_grader(settings, pack=self.pack, retrieve=self.retrieve_passages,
                            embedder=self.embedder, chat_model=self.llm)

    chat_model = None  # tests put a langchain fake chat model here before the grader is built

    @property
    def llm(self):
        """The LLM chat model for the judge and follow-ups (a test's `chat_model` first), or None."""
        return self.chat_model if self.chat_model is not None else self._provider_model

    @cached_property
    def _provider_model(self):
        """The configured provider's chat model. A provider that cannot be set up (its package not
        installed, no API key, any other error) is one warning, and the coach grades offline: the
        same fallback as for any other judge failure."""
        from bot.grading.llm import JudgeUnavailable, build_chat_model

        try:
            return build_chat_model(self.settings)
        except JudgeUnavailable as exc:
            log.warning("%s", exc)
            return None

    def retrieve_passages(self, query: str, k: int):
        return self.index.search(query, k=k)

    @cached_property
    def grading(self):
        from bot.service.grading_port import BankGrading

        return BankGrading(self.grader, self.pack.sections)

    @cached_property
    def followup_writer(self):
        """LLM-written deeper follow-ups, when an LLM is configured (or a test gave a chat model)."""
        from bot.grading.prompts import load_prompt
        from bot.service.followup_writer import FollowupWriter

        model = self.llm
        if model is None:
            return None
        return FollowupWriter(model, load_prompt(self.settings.prompts_dir, "followup"), self.retrieve_passages,
                              timeout=self.settings.llm_timeout_seconds)

    def warm_up(self) -> None:
        """Load the model and build the index before the first chat message needs them."""
        self.grading  # noqa: B018
        self.grader.offline.embedder.encode(["warm up"])


class Runtime:
    """A running coach: Redis (or the embedded Valkey) plus the engine on top."""

    def __init__(self, services: Services, handle, coach, community):
        self.services = services
        self.handle = handle
        self.coach = coach
        self.community = community
        # more readiness checks for /readyz (async, each returns a problem or None): an adapter's link
        self.checks: list = []

    async def close(self) -> None:
        await self.handle.close()

    async def __aenter__(self) -> "Runtime":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()


async def start_runtime(services: Services | None = None, clock=None, community_clock=None,
                        store_keys=None, community_prefix: str | None = None) -> Runtime:
    """Connect the store and build the coach. Tests pass a clock and key prefixes."""
    import asyncio
    import time

    from bot.community.community import Community
    from bot.service.coach import Coach, CoachDeps
    from bot.store.connection import RedisHandle
    from bot.store.repos import Store

    from pathlib import Path

    services = services or Services()
    # a DATA_DIR that cannot be made fails here, before the model loads (the CLI names it)
    Path(services.settings.data_dir).mkdir(parents=True, exist_ok=True)
    # the store before the model too: an embedded Valkey that another process holds fails at once,
    # not after the model has loaded
    handle = await asyncio.to_thread(RedisHandle.from_settings, services.settings)
    try:
        await asyncio.to_thread(services.warm_up)
    except BaseException:
        await handle.close()
        raise
    store = Store.build(handle.client, services.settings, keys=store_keys)
    kwargs = {"prefix": community_prefix} if community_prefix else {}
    community = Community(handle.client, services.pack.questions, clock=community_clock, **kwargs)
    store.forgetter.add_hook(community.forget_user)
    coach = Coach(CoachDeps(pack=services.pack, grading=services.grading, store=store, community=community,
                            followups=services.followup_writer, clock=clock or time.time))
    return Runtime(services, handle, coach, community)


async def start_service(services: Services | None = None) -> Runtime:
    """A runtime for a long-running bot: JSON logs, metrics, and /healthz /readyz /metrics on OPS_PORT."""
    from bot.ops.logging import configure_logging
    from bot.ops.metrics import MeteredCoach, instrument
    from bot.ops.server import start_ops_server

    import asyncio
    import threading

    services = services or Services()
    configure_logging(services.settings)
    instrument(services)
    runtime = await start_runtime(services)
    runtime.coach = MeteredCoach(runtime.coach)
    # encode the bank's rubrics in the background: the first answers are graded at full speed
    stop_warming = threading.Event()
    warming = asyncio.create_task(asyncio.to_thread(services.grading.warm, services.pack.questions, stop_warming))
    runner = await start_ops_server(runtime, services.settings.ops_port) if services.settings.ops_port else None
    close = runtime.close

    async def close_all() -> None:
        stop_warming.set()
        await warming
        if runner is not None:
            await runner.cleanup()
        await close()

    runtime.close = close_all
    return runtime
