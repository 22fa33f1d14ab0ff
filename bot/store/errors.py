"""What the store raises, in words the engine can act on.

The engine must not import redis, so every Redis failure leaves the store as
one of these: "unavailable" means try again in a moment, "busy" means the
user's previous message is still being handled.
"""
from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

P = ParamSpec("P")
T = TypeVar("T")


class StoreError(Exception):
    """Base for everything the store raises on purpose."""


class StoreUnavailable(StoreError):
    """Redis could not be reached or did not answer in time; retrying later may work."""


class TurnBusy(StoreError):
    """Another message of this conversation held the turn lock for too long."""


class TurnConflict(StoreError):
    """The session kept changing under a turn (its lock was lost); nothing was written."""


def guarded(fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Turn redis connection and timeout errors into StoreUnavailable."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await fn(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            raise StoreUnavailable(f"Redis is unreachable: {exc}") from exc

    return wrapper
