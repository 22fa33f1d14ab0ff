"""Buttons, the answer modal and the team-question form.

The views are stateless: a press is handed to the bot (`interaction.client`),
which knows the coach. One instance of each is registered in setup_hook with
no timeout, so buttons on old messages keep working after a restart; the
copies sent with messages time out and drop out of memory, and presses after
that fall through to the registered one (discord.py looks up by custom_id).

A question's buttons also carry the question they were shown with and its part
(`coach:hint:<question id>:<part>`, see bot/engine/question_ref.py; a `DynamicItem`,
parsed from the custom_id on every press), so the engine can ignore a press on an
earlier question's button, on the main question's once its follow-up is asked, or a
double click on Skip. Buttons sent before the part was carried (`coach:hint:<question
id>`) still parse, and act on any part of their question as they did. Their view holds nothing but dynamic items, so discord.py
keeps no per-message state for it and the class registered in setup_hook
handles every press, before and after a restart. Buttons sent before this
existed (`coach:hint`) still reach the persistent view.
"""
from __future__ import annotations

import re

import discord

from bot.community.pool import MAX_QUESTION_CHARS, MAX_REFERENCE_CHARS, TEAM_PREFIX

SENT_VIEW_TIMEOUT = 15 * 60
LABELS = {"hint": ("Hint", discord.ButtonStyle.secondary, "💡"),
          "skip": ("Skip", discord.ButtonStyle.secondary, "⏭️"),
          "end": ("End", discord.ButtonStyle.danger, "⏹️"),
          "answer": ("Answer", discord.ButtonStyle.primary, "✍️"),
          "daily-answer": ("Answer", discord.ButtonStyle.primary, "✍️")}
ANSWER_MAX = 4000  # a paragraph TextInput allows at most 4,000 characters
ANSWER_TEXT = "coach:answer-text"
INTERVIEW_FORM, DAILY_FORM = "coach:answer-form", "coach:daily-answer-form"
TEAM_FORM = "coach:team-form"
TEAM_FIELDS = {"id": "coach:team-id", "question": "coach:team-question", "reference": "coach:team-reference"}
NO_REFERENCE_HINT = "Left empty, answers are graded against the study guides."


QUESTION_ID = r"[\w.\-]{1,80}"  # what fits in a custom_id (at most 100 characters)
QUESTION_REF = rf"{QUESTION_ID}(?::(?:m|f[1-9]\d?))?"  # and the part of it (none on older messages)
CUSTOM_ID_MAX = 100


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
                     template=rf"coach:(?P<name>hint|skip|end|answer):(?P<ref>{QUESTION_REF})"):
    """A question's button that names the question and its part: `coach:<name>:<question id>:<part>`."""

    def __init__(self, name: str, ref: str):
        label, style, emoji = LABELS[name]
        super().__init__(discord.ui.Button(label=label, style=style, emoji=emoji,
                                           custom_id=f"coach:{name}:{ref}"))
        self.name, self.ref = name, ref

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> "QuestionButton":
        return cls(match["name"], match["ref"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if self.name == "answer":
            await interaction.response.send_modal(AnswerModal(question_ref=self.ref))
            return
        await interaction.client.on_coach_button(interaction, self.name, question_ref=self.ref)


class CoachView(discord.ui.View):
    def __init__(self, names: tuple[str, ...], timeout: float | None = SENT_VIEW_TIMEOUT, question_ref: str = ""):
        super().__init__(timeout=timeout)
        dynamic = bool(re.fullmatch(QUESTION_REF, question_ref))
        for name in names:
            self.add_item(QuestionButton(name, question_ref) if dynamic else CoachButton(name))


def persistent_views() -> list[CoachView]:
    return [CoachView(tuple(LABELS), timeout=None)]


class AnswerModal(discord.ui.Modal):
    """Where the message content intent is not granted, answers come through this form.

    The form is only shown: it is stopped before it is sent, so discord.py keeps nothing for it and
    sets no timeout, and every submit is read from its custom_id and fields by `answer_form_submit`
    (called from the bot's on_interaction). An answer written for an hour, or sent after a restart,
    is read like any other. The custom_id carries what the form needs: daily or interview, and the
    interview question (and part of it) it was opened under.
    """

    answer = discord.ui.TextInput(label="Your answer", style=discord.TextStyle.paragraph, max_length=ANSWER_MAX,
                                  custom_id=ANSWER_TEXT, placeholder="Explain it as you would in the interview.")

    def __init__(self, daily: bool = False, question_ref: str = ""):
        form = DAILY_FORM if daily else _interview_form(question_ref)
        super().__init__(title="Daily question answer" if daily else "Your answer", timeout=None, custom_id=form)
        self.stop()  # see above: submits are read by custom_id, not by this object


class TeamQuestionModal(discord.ui.Modal):
    """/daily add and /daily edit: a form, because a slash command's options are one line each and a
    reference is often a bulleted list (and a question may hold a snippet). Its fields are whole, so a
    `|` in them is theirs. Like AnswerModal it is stopped before it is sent and read by its custom_id
    (`team_form_submit`), so a form filled in slowly, or across a restart, still arrives; an edit's
    form carries the question's id and opens with its current text."""

    def __init__(self, current=None):
        qid = current.id.removeprefix(TEAM_PREFIX) if current is not None else ""
        super().__init__(title=f"Edit team question {qid}"[:45] if qid else "Add a team question", timeout=None,
                         custom_id=f"{TEAM_FORM}:edit:{qid}" if qid else f"{TEAM_FORM}:add")
        if not qid:
            self.add_item(_labelled("Id", "Lower-case words with dashes, e.g. kv-cache",
                                    discord.ui.TextInput(custom_id=TEAM_FIELDS["id"], min_length=2, max_length=61)))
        for name, label, limit, hint in (
                ("question", "Question", MAX_QUESTION_CHARS, "Line breaks are kept (a code snippet)."),
                ("reference", "Reference answer", MAX_REFERENCE_CHARS,
                 "What a strong answer covers: answers are graded on it; the recap shows it.")):
            now = getattr(current, "text" if name == "question" else "reference", None)
            # a reference is optional (as typed `daily add <id> | <question> |`): a question without one, new
            # or stored, may leave it empty; a stored one stays required, as an empty field would keep it
            optional = name == "reference" and not now
            if optional:
                label, hint = "Reference answer (optional)", NO_REFERENCE_HINT
            # an older, longer text still opens; the coach then says how long it may be
            field = discord.ui.TextInput(custom_id=TEAM_FIELDS[name], style=discord.TextStyle.paragraph,
                                         default=now, required=not optional,
                                         max_length=min(ANSWER_MAX, max(limit, len(now or ""))))
            self.add_item(_labelled(label, f"Up to {limit:,} characters. {hint}", field))
        self.stop()  # see the docstring: submits are read by custom_id, not by this object


def _labelled(text: str, description: str, field: discord.ui.TextInput) -> discord.ui.Label:
    return discord.ui.Label(text=text, description=description[:100], component=field)


def team_form_submit(data: dict) -> tuple[str, dict[str, str]] | None:
    """("add" or "edit", the form's id, question and reference) of a submitted team-question form;
    None for any other modal."""
    custom = str(data.get("custom_id") or "")
    match = re.fullmatch(rf"{TEAM_FORM}:(add|edit:({QUESTION_ID}))", custom)
    if not match:
        return None
    components = data.get("components") or []
    fields = {name: _field(components, field_id) for name, field_id in TEAM_FIELDS.items()}
    if match[2]:
        fields["id"] = match[2]
    return ("edit" if match[2] else "add"), fields


def _interview_form(ref: str) -> str:
    """The form's custom_id: the question and part it was opened under, or as much of that as fits."""
    for carried in (ref, ref.partition(":")[0]):
        form = f"{INTERVIEW_FORM}:q:{carried}"
        if re.fullmatch(QUESTION_REF, carried) and len(form) <= CUSTOM_ID_MAX:
            return form
    return INTERVIEW_FORM


def answer_form_submit(data: dict) -> tuple[bool, str, str] | None:
    """(daily, question reference, text) of a submitted answer form; None for any other modal.
    Forms sent before the question id was carried end in a random token instead: no reference; forms
    sent before its part was carried hold the bare question id."""
    custom = str(data.get("custom_id") or "")
    if custom == DAILY_FORM or custom.startswith(DAILY_FORM + ":"):
        daily, ref = True, ""
    elif custom == INTERVIEW_FORM or custom.startswith(INTERVIEW_FORM + ":"):
        match = re.fullmatch(rf"{INTERVIEW_FORM}:q:({QUESTION_REF})", custom)
        daily, ref = False, match[1] if match else ""
    else:
        return None
    return daily, ref, _field(data.get("components") or [], ANSWER_TEXT)


def _field(components: list, custom_id: str) -> str:
    """A text input's value, in action rows (type 1) or labels (type 18) as Discord nests them."""
    for component in components:
        if component.get("custom_id") == custom_id and "value" in component:
            return str(component.get("value") or "")
        inner = component.get("components") or ([component["component"]] if component.get("component") else [])
        if (found := _field(inner, custom_id)):
            return found
    return ""
