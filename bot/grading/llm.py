"""Build the judge's chat model from settings; provider packages are optional extras.

Imported lazily so the offline grader never needs them installed. Every provider
gets LLM_TIMEOUT_SECONDS as its own request timeout (Ollama's HTTP client too), so
a hung call ends by itself rather than holding a call slot for good. Anything
that stops the model being built (no package, no API key, a bad setting) is one
JudgeUnavailable whose message is the one line to show: the coach grades offline.
"""
from __future__ import annotations

from bot.grading.judge import LLMJudge
from bot.grading.prompts import load_prompt
from bot.settings import Settings

DEFAULT_MODELS = {"openai": "gpt-4o-mini", "anthropic": "claude-3-5-haiku-latest", "ollama": "llama3.1"}
EXTRAS = {"openai": "langchain-openai", "anthropic": "langchain-anthropic", "ollama": "langchain-ollama"}
NAMES = {"openai": "OpenAI", "anthropic": "Anthropic", "ollama": "Ollama"}


KEYS = {"openai": "openai_api_key", "anthropic": "anthropic_api_key"}


class JudgeUnavailable(RuntimeError):
    """The configured provider cannot be used; the message is one line ending in what happens instead."""


def _chat_class(provider: str):
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI
    if provider == "anthropic":
        from langchain_anthropic import ChatAnthropic

        return ChatAnthropic
    from langchain_ollama import ChatOllama

    return ChatOllama


def build_chat_model(settings: Settings):
    """A langchain chat model, or None when settings.llm_provider is "none"."""
    provider = settings.llm_provider
    if provider == "none":
        return None
    try:
        chat_class = _chat_class(provider)
    except ImportError as exc:
        raise JudgeUnavailable(
            f"LLM_PROVIDER={provider} needs the {EXTRAS[provider]} package, which is not installed, so grading "
            f"is offline. Install it with: .venv/bin/pip install -e '.[{provider}]' (Docker: --build-arg "
            f"EXTRAS={provider})") from exc
    secret = getattr(settings, KEYS.get(provider, ""), None)
    key = secret.get_secret_value().strip() if secret is not None else ""
    if provider in KEYS and not key:  # else every answer would make a call that fails
        raise JudgeUnavailable(f"LLM_PROVIDER={provider} needs {KEYS[provider].upper()}; grading offline")
    model, timeout = settings.llm_model or DEFAULT_MODELS[provider], settings.llm_timeout_seconds
    try:
        if provider == "ollama":
            return chat_class(model=model, base_url=settings.ollama_base_url, format="json", temperature=0,
                              client_kwargs={"timeout": timeout})
        return chat_class(model=model, api_key=key, timeout=timeout, max_retries=0, temperature=0)
    except Exception as exc:  # a bad model name or URL, a provider package's own checks
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise JudgeUnavailable(f"LLM_PROVIDER={provider} could not be set up ({detail}); grading offline") from exc


def judge_label(settings: Settings) -> str:
    """How feedback names the judge: "OpenAI gpt-4o-mini"; "an LLM" for a model given directly (tests)."""
    provider = settings.llm_provider
    if provider == "none":
        return "an LLM"
    return f"{NAMES[provider]} {settings.llm_model or DEFAULT_MODELS[provider]}"


def build_judge(settings: Settings, model=None) -> LLMJudge | None:
    """The judge for these settings; `model` overrides the provider (tests pass a fake chat model)."""
    model = model if model is not None else build_chat_model(settings)
    if model is None:
        return None
    return LLMJudge(model, load_prompt(settings.prompts_dir, "judge"), timeout=settings.llm_timeout_seconds,
                    retries=settings.llm_retries, llm_weight=settings.llm_weight, label=judge_label(settings))
