"""Keys a terminal sends as escape or control codes (arrows, Home, F-keys, a paste's brackets) are never
part of a message: a lone arrow key is no answer, and `status` with a stray arrow is still a command."""
from __future__ import annotations

from bot.adapters.terminal_codes import strip_terminal_codes


def test_arrow_keys_and_other_escape_sequences_are_dropped():
    assert strip_terminal_codes("\x1b[A") == ""
    assert strip_terminal_codes("status\x1b[D\x1b[D") == "status"
    assert strip_terminal_codes("\x1bOA\x1b[1;5C\x1b[15~\x1b[H") == ""  # SS3 arrow, Ctrl-Right, F5, Home
    assert strip_terminal_codes("\x1b[200~BM25 ranks by terms\x1b[201~") == "BM25 ranks by terms"
    assert strip_terminal_codes("\x1b]0;title\x07hi") == "hi"  # an OSC string


def test_control_characters_go_but_line_breaks_tabs_and_text_stay():
    assert strip_terminal_codes("line one\r\nline\ttwo\x00\x07\x7f") == "line one\nline\ttwo"
    assert strip_terminal_codes("Café — naïve [x] `a^b` ~ 🎉") == "Café — naïve [x] `a^b` ~ 🎉"
    assert strip_terminal_codes("\x1b") == ""  # Escape alone
