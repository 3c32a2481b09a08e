"""One exception root for clusterctl; each leaf carries the exit code the CLI boundary uses."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clusterctl.catalog.report import ValidationReport


class ExitCode(IntEnum):
    """Process exit codes; a public contract documented in the README."""

    OK = 0
    INTERNAL = 1
    # `diff --exit-code` only, as `git diff --exit-code`: 1 says the catalogs differ. Every
    # other command keeps 1 for internal errors (which diff reports with 1 too, and a message).
    CHANGED = 1
    USAGE = 2
    CATALOG = 3
    NOT_FOUND = 4
    OUTPUT = 5
    HANGUP = 129
    INTERRUPTED = 130
    TERMINATED = 143


class ClusterctlError(Exception):
    """Root of every error clusterctl raises on purpose."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, hints: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.hints = tuple(hints)


class UsageError(ClusterctlError):
    """Raised when a flag or argument value is not one the command accepts."""

    exit_code = ExitCode.USAGE


class CatalogError(ClusterctlError):
    """Raised when a catalog cannot be read, parsed or validated."""

    exit_code = ExitCode.CATALOG

    def __init__(
        self, message: str, hints: Sequence[str] = (), report: ValidationReport | None = None
    ) -> None:
        super().__init__(message, hints)
        self.report = report


class NotFoundError(ClusterctlError):
    """Raised when an explicit lookup (an id or a name) matches nothing."""

    exit_code = ExitCode.NOT_FOUND


class OutputClosed(ClusterctlError):
    """Raised when the reader of stdout went away (``| head``): not an error, so exit 0."""

    exit_code = ExitCode.OK


class OutputError(ClusterctlError):
    """Raised when output cannot be written: a full disk, a closed stdout, an unfit encoding.

    The environment is at fault, neither clusterctl (exit 1) nor a flag (exit 2).
    """

    exit_code = ExitCode.OUTPUT


class Terminated(BaseException):
    """Raised when SIGINT, SIGTERM or SIGHUP arrives while files are being written, so that
    the temporaries are removed on the way out; the exit code is 128 plus the signal's number.

    A signal can arrive in the middle of anything, so, like KeyboardInterrupt, this is no
    ``Exception``: an ``except Exception`` on its way out (around a cache record that fails
    to decode, say, or in a library) can't take it for a failure of its own and carry on. The
    CLI boundary reports it as it reports a ClusterctlError.
    """

    def __init__(self, signum: int, complete: bool = False) -> None:
        import signal

        self.hints: tuple[str, ...] = ()
        if signum == signal.SIGINT:
            self.message = "interrupted"
            self.exit_code = ExitCode.INTERRUPTED
        else:
            hangup = signum == getattr(signal, "SIGHUP", None)
            name = "SIGHUP" if hangup else "SIGTERM"
            done = "after every file was written" if complete else "before any file was replaced"
            self.message = f"terminated by {name} {done}"
            self.exit_code = ExitCode.HANGUP if hangup else ExitCode.TERMINATED
        super().__init__(self.message)


class DateError(ValueError):
    """Raised when text is not a valid partial date or date range."""


def did_you_mean(word: str, candidates: Sequence[str], limit: int = 3) -> list[str]:
    """Return the candidates closest to ``word``, best first (case-insensitive)."""
    from difflib import get_close_matches

    folded = {c.casefold(): c for c in candidates}
    close = get_close_matches(word.casefold(), list(folded), n=limit, cutoff=0.6)
    if not close:
        prefix = [c for k, c in folded.items() if k.startswith(word.casefold())]
        return sorted(prefix)[:limit]
    return [folded[c] for c in close]


def suggestion_hint(word: str, candidates: Sequence[str]) -> list[str]:
    """A one-element "did you mean" hint list, or nothing when no candidate is close."""
    close = did_you_mean(word, candidates)
    if not close:
        return []
    return ["did you mean " + ", ".join(repr(c) for c in close) + "?"]
