"""Buttons and the answer modal.

The views are stateless: a press is handed to the bot (`interaction.client`),
which knows the coach. One instance of each is registered in setup_hook with
no timeout, so buttons on old messages keep working after a restart; the
copies sent with messages time out and drop out of memory, and presses after
that fall through to the registered one (discord.py looks up by custom_id).

A question's buttons also carry the question they were shown with
(`coach:hint:<question id>`, a `DynamicItem`, parsed from the custom_id on every
press), so the engine can ignore a press on an earlier question's button or a
double click on Skip. Their view holds nothing but dynamic items, so discord.py
keeps no per-message state for it and the class registered in setup_hook
handles every press, before and after a restart. Buttons sent before this
existed (`coach:hint`) still reach the persistent view.
"""
from __future__ import annotations

import re
import secrets

import discord

SENT_VIEW_TIMEOUT = 15 * 60
LABELS = {"hint": ("Hint", discord.ButtonStyle.secondary, "💡"),
          "skip": ("Skip", discord.ButtonStyle.secondary, "⏭️"),
          "end": ("End", discord.ButtonStyle.danger, "⏹️"),
          "answer": ("Answer", discord.ButtonStyle.primary, "✍️"),
          "daily-answer": ("Answer", discord.ButtonStyle.primary, "✍️")}
ANSWER_MAX = 4000  # a paragraph TextInput allows at most 4,000 characters


QUESTION_ID = r"[\w.\-]{1,80}"  # what fits in a custom_id (at most 100 characters)


def custom_id(name: str) -> str:
    return f"coach:{name}"


class CoachButton(discord.ui.Button):
    def __init__(self, name: str):
        label, style, emoji = LABELS[name]
        super().__init__(label=label, style=style, emoji=emoji, custom_id=custom_id(name))
        self.name = name

    async def callback(self, interaction: discord.Interaction) -> None:
        if self.name in ("answer", "daily-answer"):
            await interaction.response.send_modal(AnswerModal(daily=self.name == "daily-answer"))
            return
        await interaction.client.on_coach_button(interaction, self.name)


class QuestionButton(discord.ui.DynamicItem[discord.ui.Button],
                     template=rf"coach:(?P<name>hint|skip|end|answer):(?P<question_id>{QUESTION_ID})"):
    """A question's button that names the question: `coach:<name>:<question id>`."""

    def __init__(self, name: str, question_id: str):
        label, style, emoji = LABELS[name]
        super().__init__(discord.ui.Button(label=label, style=style, emoji=emoji,
                                           custom_id=f"coach:{name}:{question_id}"))
        self.name, self.question_id = name, question_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> "QuestionButton":
        return cls(match["name"], match["question_id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if self.name == "answer":
            await interaction.response.send_modal(AnswerModal(question_id=self.question_id))
            return
        await interaction.client.on_coach_button(interaction, self.name, question_id=self.question_id)


class CoachView(discord.ui.View):
    def __init__(self, names: tuple[str, ...], timeout: float | None = SENT_VIEW_TIMEOUT, question_id: str = ""):
        super().__init__(timeout=timeout)
        dynamic = bool(re.fullmatch(QUESTION_ID, question_id))
        for name in names:
            self.add_item(QuestionButton(name, question_id) if dynamic else CoachButton(name))


def persistent_views() -> list[CoachView]:
    return [CoachView(tuple(LABELS), timeout=None)]


class AnswerModal(discord.ui.Modal):
    """Where the message content intent is not granted, answers come through this form."""

    answer = discord.ui.TextInput(label="Your answer", style=discord.TextStyle.paragraph, max_length=ANSWER_MAX,
                                  custom_id="coach:answer-text",
                                  placeholder="Explain it as you would in the interview.")

    def __init__(self, daily: bool = False, question_id: str = ""):
        # discord.py keeps open modals by custom_id, and forgets one when it is submitted: a shared id
        # would hand one person's form to another's and drop the second submission, so each is unique.
        form = "coach:daily-answer-form" if daily else "coach:answer-form"
        super().__init__(title="Daily question answer" if daily else "Your answer", timeout=SENT_VIEW_TIMEOUT,
                         custom_id=f"{form}:{secrets.token_hex(8)}")
        self.daily = daily
        self.question_id = question_id  # the interview question it was opened under, if known

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.client.on_coach_answer(interaction, self.answer.value or "", daily=self.daily,
                                                 question_id=self.question_id)
