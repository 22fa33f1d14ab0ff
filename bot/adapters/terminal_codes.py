"""What a terminal sends for keys that are not text: escape sequences (arrows, Home, F-keys, a paste's
brackets, a title string) and control characters. Without line editing, a terminal passes them into the
line as typed (`status^[[D`); they are never part of what a person meant to say."""
from __future__ import annotations

import re

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"              # CSI: arrows, Home/End, F-keys, Ctrl-arrows, paste brackets
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|\Z)"  # OSC, DCS, SOS, PM, APC strings, up to their terminator
    r"|\x1bO[ -~]?"                         # SS3: arrows and F1-F4 in application mode
    r"|\x1b[ -~]?"                          # any other escape (Alt+key), or Escape alone
    r"|\x9b[0-?]*[ -/]*[@-~]"               # CSI as one C1 character
    , re.S)
# Control characters but line breaks and tabs: NUL, bell, backspace and delete, C1 controls
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_terminal_codes(text: str) -> str:
    """`text` without terminal escape sequences and control characters; \\r\\n becomes \\n."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))
