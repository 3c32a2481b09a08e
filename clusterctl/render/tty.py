"""Is stdout a terminal, and may it get colour? Asked before anything imports Rich."""

from __future__ import annotations

import os
from typing import TextIO


def is_terminal(stream: TextIO) -> bool:
    """A real terminal, or one the environment vouches for (TTY_COMPATIBLE=1, as Rich reads)."""
    if os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def color_enabled(mode: str, stream: TextIO) -> bool:
    """``--color always|never|auto``; auto follows NO_COLOR, FORCE_COLOR, TERM=dumb and the tty."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_terminal(stream) and os.environ.get("TERM") != "dumb"
