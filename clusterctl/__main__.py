"""Run clusterctl as ``python -m clusterctl``; also the console script's entry point."""

from __future__ import annotations

import contextlib
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


if __name__ == "__main__":
    run()
