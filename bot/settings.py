"""The one place that reads the environment.

Every setting has a default that works on a laptop with no tokens: the
embedded Valkey server, an in-process Chroma, the packaged embedding model
and the offline grader. Environment variables override them (names are the
field names in upper case, e.g. REDIS_URL, CHROMA_HOST, LLM_PROVIDER).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    # the repository's .env, then the working directory's (which wins): `.venv/bin/coach` run from
    # another folder still finds the tokens a new user put next to README.md
    model_config = SettingsConfigDict(env_file=(ROOT / ".env", ".env"), env_file_encoding="utf-8", extra="ignore")

    # content
    pack_dir: Path = Field(ROOT / "knowledge", description="our knowledge pack (guides/ and questions/)")
    extra_pack_dirs: list[Path] = Field(default_factory=list, description="a team's own packs, loaded beside ours")
    prompts_dir: Path = Field(ROOT / "prompts", description="LLM prompt templates")
    data_dir: Path = Field(ROOT / "data", description="local state: Chroma index, embedded Valkey, charts")

    # retrieval
    embedding_model: str = Field("", description="a local model folder or a hub id; empty = the packaged all-MiniLM-L6-v2")
    chroma_host: str = Field("", description="use a Chroma server at this host instead of the embedded one")
    chroma_port: int = 8000
    chroma_collection: str = "guides"

    # state
    redis_url: str = Field("", description="Redis to use; empty = an embedded Valkey server in data_dir")
    session_ttl_seconds: int = Field(24 * 3600, description="how long an abandoned interview can be resumed")

    # grading
    llm_provider: Literal["none", "openai", "anthropic", "ollama"] = Field("none", description="empty = none")
    llm_model: str = ""
    llm_timeout_seconds: float = Field(20.0, gt=0, description="each LLM call's deadline; a grade's tries "
                                       "all end within 1.25 times it")
    llm_retries: int = Field(1, ge=0, description="further tries after an error or an invalid LLM reply "
                             "(a timeout is not tried again)")
    openai_api_key: SecretStr | None = None
    anthropic_api_key: SecretStr | None = None
    ollama_base_url: str = "http://127.0.0.1:11434"
    max_answer_words: int = Field(400, description="longer answers are graded on their first N words")
    llm_weight: float = Field(0.7, ge=0, le=1, description="share of the LLM judge in the combined score "
                              "(the offline grade has the rest; 1 = the judge alone)")
    bank_match_threshold: float = Field(0.8, description="cosine between question texts above which a "
                                        "free-form question is graded with the bank question's rubric")

    # chat platforms
    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = Field(None, description="set for Socket Mode")
    slack_signing_secret: SecretStr | None = None
    slack_mode: Literal["socket", "http"] = "socket"
    slack_port: int = 3000
    slack_api_url: str = Field("", description="Web API base URL override (tests point it at a fake server)")
    daily_feedback: Literal["ephemeral", "dm"] = "ephemeral"
    discord_token: SecretStr | None = None
    discord_dev_guild: int | None = Field(None, description="sync slash commands to this guild only (development)")
    discord_message_content: bool = Field(True, description="ask for the message content intent")

    # operations
    log_level: str = "INFO"
    log_debug_answers: bool = Field(False, description="log answer text (off: answers never reach the logs)")
    ops_port: int = Field(0, description="serve /healthz, /readyz and /metrics on this port (0 = off)")

    @field_validator("llm_provider", mode="before")
    @classmethod
    def _llm_provider(cls, provider: object) -> object:
        return "none" if isinstance(provider, str) and not provider.strip() else provider

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, url: str) -> str:
        if url and not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis://, rediss:// or unix:// URL (empty = the embedded Valkey server)")
        return url

    @property
    def pack_dirs(self) -> list[Path]:
        return [self.pack_dir, *self.extra_pack_dirs]


def settings_problem(exc: Exception) -> str | None:
    """What is wrong with the environment, in one line naming the variable; None for other errors."""
    if isinstance(exc, SettingsError):  # a list or dict setting whose value is not JSON
        found = re.search(r'field "(\w+)"', str(exc))
        if not found:
            return str(exc)
        name = found.group(1).upper()
        return f"{name} must be a JSON list, e.g. {name}='[\"/path/one\", \"/path/two\"]'."
    if not isinstance(exc, ValidationError) or exc.title != Settings.__name__:
        return None
    problems = []
    for error in exc.errors():
        name = "_".join(str(part) for part in error["loc"]).upper()
        message = error["msg"].removeprefix("Value error, ")
        # a token, or a URL with a password in it, is not echoed
        secret = SecretStr in _annotation_types(name.lower()) or name.endswith("_URL")
        got = "" if secret or "input" not in error else f" (got {error['input']!r})"
        problems.append(f"{name}: {message}{got}")
    return "; ".join(problems) + "."


def _annotation_types(field: str) -> tuple:
    info = Settings.model_fields.get(field)
    return getattr(info.annotation, "__args__", (info.annotation,)) if info else ()


@lru_cache
def get_settings() -> Settings:
    return Settings()
