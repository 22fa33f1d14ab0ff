"""Build the judge's chat model from settings; provider packages are optional extras.

Imported lazily so the offline grader never needs them installed.
"""
from __future__ import annotations

from bot.grading.judge import LLMJudge
from bot.grading.prompts import load_prompt
from bot.settings import Settings

DEFAULT_MODELS = {"openai": "gpt-4o-mini", "anthropic": "claude-3-5-haiku-latest", "ollama": "llama3.1"}
EXTRAS = {"openai": "langchain-openai", "anthropic": "langchain-anthropic", "ollama": "langchain-ollama"}


class JudgeUnavailable(RuntimeError):
    pass


def build_chat_model(settings: Settings):
    """A langchain chat model, or None when settings.llm_provider is "none"."""
    provider = settings.llm_provider
    if provider == "none":
        return None
    model = settings.llm_model or DEFAULT_MODELS[provider]
    common = dict(temperature=0)
    try:
        if provider == "openai":
            from langchain_openai import ChatOpenAI

            key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
            return ChatOpenAI(model=model, api_key=key, timeout=settings.llm_timeout_seconds, max_retries=0, **common)
        if provider == "anthropic":
            from langchain_anthropic import ChatAnthropic

            key = settings.anthropic_api_key.get_secret_value() if settings.anthropic_api_key else None
            return ChatAnthropic(model=model, api_key=key, timeout=settings.llm_timeout_seconds, max_retries=0,
                                 **common)
        from langchain_ollama import ChatOllama

        return ChatOllama(model=model, base_url=settings.ollama_base_url, format="json", **common)
    except ImportError as exc:
        raise JudgeUnavailable(f"LLM_PROVIDER={provider} needs the {EXTRAS[provider]} package: "
                               f"pip install 'interview-coach[{provider}]'") from exc


def build_judge(settings: Settings, model=None) -> LLMJudge | None:
    """The judge for these settings; `model` overrides the provider (tests pass a fake chat model)."""
    model = model if model is not None else build_chat_model(settings)
    if model is None:
        return None
    return LLMJudge(model, load_prompt(settings.prompts_dir, "judge"), timeout=settings.llm_timeout_seconds,
                    retries=settings.llm_retries, llm_weight=settings.llm_weight)
