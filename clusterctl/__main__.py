"""Run clusterctl as ``python -m clusterctl``; also the console script's entry point."""

from __future__ import annotations

import contextlib
import os
import sys


def run() -> None:
    """Start the CLI; a Ctrl-C before its error boundary is in place still exits 130 quietly."""
    try:
        from clusterctl.cli.app import main

        main()
    except KeyboardInterrupt:  # while importing, before ``guard`` runs
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write("clusterctl: error: interrupted\n")
        sys.exit(130)
    except SystemExit as done:
        leave(done.code)
        raise


def leave(code: object) -> None:
    """End the process at once with ``code`` once stdout and stderr are flushed.

    Tearing the interpreter down (freeing every module and record one by one) is about a
    fifth of a lookup's time and does nothing a finished command needs: its output is written
    and its files are closed. Only the console script does this, never an in-process caller.
    When a stream can not be flushed, or the code is not a number, this returns and the
    interpreter ends the usual way (which reports what it must).
    """
    if code is None:
        code = 0
    if not isinstance(code, int):
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


if __name__ == "__main__":
    run()
