"""Calling a chat model with a deadline that a hung provider cannot outlast.

`future.result(timeout)` on a thread pool stops waiting but not the call: the worker
stays busy, later calls queue behind it, and Python joins pool workers at exit, so
one hung call could block every later grade and keep `coach grade` from exiting.
Here each call runs on its own daemon thread (never joined at exit), and at most
`limit` calls are in flight: when every slot is held by a slow call, a new call
fails at once (`ModelBusy`) and the caller falls back, instead of waiting behind it.
Providers get the same timeout too (bot/grading/llm.py), so a slot is freed when
the provider gives up.
"""
from __future__ import annotations

import threading


class ModelBusy(RuntimeError):
    """Every call slot is held by a call that has not returned yet."""


class ModelCalls:
    def __init__(self, limit: int = 8, name: str = "llm-call"):
        self._slots = threading.BoundedSemaphore(limit)
        self._name = name

    def invoke(self, model, prompt: str, timeout: float):
        """`model.invoke(prompt)`, or TimeoutError after `timeout` seconds (the call itself runs on)."""
        if not self._slots.acquire(blocking=False):
            raise ModelBusy("every LLM call slot is busy")
        done = threading.Event()
        result: dict = {}

        def run() -> None:
            try:
                result["reply"] = model.invoke(prompt)
            except BaseException as exc:  # handed to the caller, who decides
                result["error"] = exc
            finally:
                self._slots.release()
                done.set()

        try:
            threading.Thread(target=run, name=self._name, daemon=True).start()
        except BaseException:
            self._slots.release()
            raise
        if not done.wait(timeout):
            raise TimeoutError(f"no reply within {timeout}s")
        if "error" in result:
            raise result["error"]
        return result["reply"]


def reply_text(reply) -> str:
    """A chat model's reply as text (some providers return a list of content blocks)."""
    content = getattr(reply, "content", reply)
    if isinstance(content, list):
        content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content)
