"""What tests that start real processes ask of them."""
from __future__ import annotations

from pathlib import Path


def running(pid: int) -> bool:
    """Whether a process runs (Linux): a zombie, dead but not yet reaped by its parent, does not."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
