"""Building the LLM from settings: timeouts reach the provider, a missing key or a failing constructor
is one warning and offline grading, and the LLM settings refuse values that cannot work.

The provider packages are optional and not installed for tests: a stand-in module whose chat class
records its arguments (and returns langchain-core's fake chat model) takes the package's place."""
from __future__ import annotations

import logging
import sys
from types import SimpleNamespace

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from pydantic import ValidationError

from bot.bootstrap import Services
from bot.grading.llm import JudgeUnavailable, build_chat_model
from bot.settings import Settings, settings_problem


@pytest.fixture
def provider_packages(monkeypatch):
    made: list[dict] = []

    def chat_class(**kwargs):
        if kwargs.get("model") == "broken":
            raise ValueError("unknown model\nbroken")
        made.append(kwargs)
        return FakeListChatModel(responses=["{}"])

    for module, name in (("langchain_openai", "ChatOpenAI"), ("langchain_anthropic", "ChatAnthropic"),
                         ("langchain_ollama", "ChatOllama")):
        monkeypatch.setitem(sys.modules, module, SimpleNamespace(**{name: chat_class}))
    return made


def llm_settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def test_every_provider_gets_the_timeout(provider_packages):
    build_chat_model(llm_settings(llm_provider="ollama", llm_timeout_seconds=0.5))
    build_chat_model(llm_settings(llm_provider="openai", openai_api_key="sk-test", llm_timeout_seconds=0.5))
    ollama, openai = provider_packages
    assert ollama["client_kwargs"] == {"timeout": 0.5} and openai["timeout"] == 0.5


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_a_provider_without_its_key_is_one_line_and_offline(provider_packages, provider, caplog):
    settings = llm_settings(llm_provider=provider)
    with pytest.raises(JudgeUnavailable) as refused:
        build_chat_model(settings)
    assert str(refused.value) == f"LLM_PROVIDER={provider} needs {provider.upper()}_API_KEY; grading offline"
    assert provider_packages == []  # no model built, so no call per answer that can only fail
    with caplog.at_level(logging.WARNING, logger="bot.bootstrap"):
        assert Services(settings).llm is None
    assert [r.getMessage() for r in caplog.records] == [str(refused.value)]


def test_any_error_building_the_model_is_one_line_and_offline(provider_packages, caplog):
    settings = llm_settings(llm_provider="openai", openai_api_key="sk-test", llm_model="broken")
    with caplog.at_level(logging.WARNING, logger="bot.bootstrap"):
        assert Services(settings).llm is None
    (record,) = caplog.records
    assert record.getMessage() == "LLM_PROVIDER=openai could not be set up (unknown model broken); grading offline"


def test_llm_settings_refuse_values_that_cannot_work():
    for values, says in (({"llm_retries": -1}, "LLM_RETRIES"), ({"llm_timeout_seconds": 0}, "LLM_TIMEOUT_SECONDS"),
                         ({"llm_timeout_seconds": -1}, "LLM_TIMEOUT_SECONDS")):
        with pytest.raises(ValidationError) as refused:
            llm_settings(**values)
        assert says in settings_problem(refused.value)
    assert llm_settings(llm_provider="").llm_provider == "none"
    assert llm_settings(llm_retries=0).llm_retries == 0
