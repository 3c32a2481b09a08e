"""The Typer app and the single error boundary that maps exceptions to exit codes."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any

import typer
import typer.main
from typer._click import formatting
from typer._click.core import Context
from typer._click.exceptions import NoArgsIsHelpError
from typer.core import TyperGroup
from typer.models import CommandInfo

from clusterctl import __version__
from clusterctl.catalog.loader import ENV_VAR, CatalogSelection
from clusterctl.cli.context import Settings
from clusterctl.cli.options import Color
from clusterctl.errors import (
    ClusterctlError,
    ExitCode,
    OutputClosed,
    Terminated,
    UsageError,
    did_you_mean,
)


def _stderr(message: str, hints: tuple[str, ...] = ()) -> None:
    from clusterctl.render.safe import visible

    # Messages quote paths, catalog text and user input: an escape byte in a file name must
    # print as \x1b, not restyle the terminal, and a line break must not fake a second line.
    lines = [f"clusterctl: error: {visible(message)}"]
    lines.extend(f"  hint: {visible(hint)}" for hint in hints if hint)
    text = "\n".join(lines) + "\n"
    stream = sys.stderr
    if stream is None:  # started with stderr closed: the exit code is all that can speak
        return
    try:
        # Messages quote catalog text and user input; on an ASCII stderr that must not turn
        # an error into a second one, so what it cannot show becomes \uXXXX escapes.
        encoding = stream.encoding or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except OSError:  # stderr is full or gone too
        _silence(stream)
    except (ValueError, LookupError, AttributeError):
        pass


def _silence(stream: Any) -> None:
    """After a write to ``stream`` failed, point it at /dev/null so the interpreter's flush
    at exit is quiet: otherwise the bytes still buffered fail again, a second message and
    exit 120."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def guard(call: Callable[[], object], debug: bool) -> int:
    """The one boundary: run ``call`` and turn every outcome into an exit code."""
    try:
        try:
            result = call()
        except NoArgsIsHelpError as exc:  # a bare `clusterctl` asks what it can do
            from clusterctl.render.formats import write_stdout

            write_stdout(exc.format_message() + "\n")
            return ExitCode.OK
        except (OSError, ValueError, AttributeError) as exc:
            # Help and export write to stdout or a file without going through the renderer,
            # so their failed writes arrive raw; anything else raw is a bug.
            from clusterctl.render.formats import output_failure

            failure = output_failure(exc)
            if failure is None:
                raise
            raise failure from exc
        return int(result) if isinstance(result, int) else ExitCode.OK
    except OutputClosed:
        _silence(sys.stdout)
        return ExitCode.OK
    except SystemExit as exc:
        # Typer answers a broken pipe while printing help with exit 1 and a pacified stdout;
        # for us a closed pipe is not an error.
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _silence(sys.stdout)
            return ExitCode.OK
        raise
    except (ClusterctlError, Terminated) as exc:
        if exc.exit_code == ExitCode.OUTPUT:
            _silence(sys.stdout)
        _stderr(exc.message, exc.hints)
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.TyperException as exc:  # Click's usage errors, vendored by Typer
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        _stderr(message, ("see 'clusterctl --help' or 'clusterctl COMMAND --help'",))
        return int(getattr(exc, "exit_code", ExitCode.USAGE))
    except (KeyboardInterrupt, typer.Abort):
        _stderr("interrupted")
        return ExitCode.INTERRUPTED
    except Exception as exc:
        if debug:
            # Python's own report, never Typer's hook: that one can print local variables.
            sys.excepthook = sys.__excepthook__
            raise
        # The exception's message is left out: it can quote data or paths from the run.
        _stderr(
            f"internal error ({type(exc).__name__}): this is a bug in clusterctl",
            ("please report it with the command you ran; add --debug for the traceback",),
        )
        return ExitCode.INTERNAL


# Every command, in the order help lists them, and the module under clusterctl.cli.commands
# that defines it as a function of the same name.
COMMANDS: dict[str, str] = {
    "clusters": "listing",
    "milestones": "listing",
    "policies": "listing",
    "actors": "listing",
    "sources": "listing",
    "regions": "listing",
    "industries": "listing",
    "eras": "listing",
    "timeline": "views",
    "compare": "views",
    "search": "views",
    "stats": "views",
    "show": "show",
    "validate": "validate",
    "diff": "diff",
    "schema": "schema",
    "export": "export",
}


# Global options the root takes, accepted after the command too (kubectl does the same).
GLOBAL_WITH_VALUE = ("--catalog", "--color")
GLOBAL_FLAGS = ("--no-builtin", "--no-cache", "--debug")


class Interrupted(ClusterctlError):
    """Raised when Ctrl-C (SIGINT) stops a command; Typer would exit 130 without a word."""

    exit_code = ExitCode.INTERRUPTED


def summary(callback: Callable[..., Any]) -> str:
    """A command's first docstring paragraph, whole: its line in ``clusterctl --help``.

    Click would cut it to fit (``...``) at its own estimate of the width; given whole, it
    wraps instead.
    """
    doc = (callback.__doc__ or "").strip()
    return " ".join(doc.split("\n\n", 1)[0].split())


@contextlib.contextmanager
def _whole_words() -> Iterator[None]:
    # Imported here: only help text is wrapped (textwrap is a cost every run would pay).
    from typer._click import _textwrap

    class _Unhyphenated(_textwrap.TextWrapper):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("break_on_hyphens", False)
            super().__init__(*args, **kwargs)

    original = _textwrap.TextWrapper
    _textwrap.TextWrapper = _Unhyphenated  # type: ignore[misc]  # Click looks it up per call
    try:
        yield
    finally:
        _textwrap.TextWrapper = original  # type: ignore[misc]


class HelpFormatter(formatting.HelpFormatter):
    """Click's help layout, wrapping only at spaces: a kind code (``special-rd-zone``), an id
    or an option name never breaks at its hyphens."""

    def write_text(self, text: str) -> None:
        with _whole_words():
            super().write_text(text)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:  # fmt: skip
        with _whole_words():
            super().write_dl(rows, col_max, col_spacing)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        with _whole_words():
            super().write_usage(prog, args, prefix)


class HelpContext(Context):
    formatter_class = HelpFormatter


class ClusterctlGroup(TyperGroup):
    """Typer's command group wrapped in clusterctl's error boundary, with lazy commands.

    Both the console script and Typer's test runner call ``main``, so both see the same exit
    codes and the same one-line errors. A command's module is imported and its Click command
    built only when that command runs (or help lists it): building all sixteen costs more
    than the rest of a lookup.
    """

    context_class = HelpContext

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module = importlib.import_module(f"clusterctl.cli.commands.{COMMANDS[cmd_name]}")
            callback = getattr(module, cmd_name)
            info = CommandInfo(callback=callback, short_help=summary(callback))
            command = typer.main.get_command_from_info(
                info, pretty_exceptions_short=False, rich_markup_mode=None
            )
            command.context_class = HelpContext
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            close = did_you_mean(name, list(COMMANDS), limit=2)
            hints = ["did you mean " + " or ".join(repr(c) for c in close) + "?"] if close else []
            raise UsageError(
                f"no such command {name!r}", [*hints, "see 'clusterctl --help' for the commands"]
            )
        return super().resolve_command(ctx, args)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None

    def hoist_globals(self, argv: list[str]) -> list[str]:
        """Move global options given after the command to before it.

        ``clusterctl milestones --catalog notes.yaml`` then means what
        ``clusterctl --catalog notes.yaml milestones`` does. The command's own options are
        read with their values (``--title --debug`` keeps ``--debug`` as a title), and
        nothing after ``--`` moves.
        """
        position = 0
        while position < len(argv) and argv[position].startswith("-"):
            if argv[position] == "--":
                return argv
            takes_value = argv[position] in GLOBAL_WITH_VALUE
            position += 2 if takes_value else 1
        if position >= len(argv) or argv[position] not in COMMANDS:
            return argv
        command = self.get_command(None, argv[position])
        with_value = {
            name
            for param in command.params
            if param.param_type_name == "option" and not getattr(param, "is_flag", False)
            for name in (*param.opts, *param.secondary_opts)
        }
        moved: list[str] = []
        kept: list[str] = []
        rest = iter(argv[position + 1 :])
        for token in rest:
            name, equals, _ = token.partition("=")
            if token == "--":
                kept.extend([token, *rest])
            elif name in GLOBAL_WITH_VALUE and name not in with_value:
                value = [] if equals else [next(rest, None)]
                moved.extend(t for t in (token, *value) if t is not None)
            elif token in GLOBAL_FLAGS and token not in with_value:
                moved.append(token)
            else:
                kept.append(token)
                if token in with_value:
                    kept.extend(t for t in (next(rest, None),) if t is not None)
        return [*argv[:position], *moved, argv[position], *kept]

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv or os.environ.get("CLUSTERCTL_DEBUG") == "1"

        def call() -> object:
            return TyperGroup.main(
                self,
                self.hoist_globals(argv),
                prog_name or "clusterctl",
                complete_var,
                False,
                windows_expand_args,
                **extra,
            )

        code = guard(call, debug)
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name="clusterctl",
    help=(
        "Explore a sourced catalog of Korean innovation clusters, the policies and "
        "milestones that shaped them, and the foreign clusters Korea benchmarks against.\n\n"
        "Anything is named by its id, name, alias or Hangul name, or by a unique part of one. "
        "Global options may come before or after the command, and each command's --help "
        "lists its options with the values they take.\n\n"
        "\b\n"
        "Examples:\n"
        "  clusterctl clusters --region Daejeon --industry bio\n"
        "  clusterctl show 대덕연구개발특구\n"
        "  clusterctl compare Songdo Osong Daegu-Gyeongbuk\n"
        "  clusterctl milestones --since 2023 --sort -date --limit 10\n"
        "  clusterctl timeline daedeok-innopolis -o md > daedeok.md\n"
        "  clusterctl clusters --fields name,location.lat,location.lon -o csv\n"
        "  clusterctl milestones --catalog my-notes.yaml"
    ),
    cls=ClusterctlGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from clusterctl.render.formats import emit_text

        emit_text(f"clusterctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    catalog: Annotated[
        list[str] | None,
        typer.Option(
            "--catalog",
            metavar="PATH",
            help=f"Layer another catalog file over the shipped one (repeatable; also "
            f"{ENV_VAR}, paths joined with ':').",
        ),
    ] = None,
    no_builtin: Annotated[
        bool, typer.Option("--no-builtin", help="Leave the shipped catalog out.")
    ] = False,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            help="Colour: auto (on a terminal, unless NO_COLOR is set), always or never.",
            case_sensitive=False,
        ),
    ] = Color.AUTO,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Parse the catalogs afresh instead of using the parse cache (also "
            "CLUSTERCTL_NO_CACHE=1).",
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Global options, accepted before or after the command."""
    ctx.obj = Settings(
        selection=CatalogSelection.from_options(catalog or (), no_builtin, no_cache),
        color=color.value,
        debug=debug,
    )


def run(argv: list[str]) -> int:
    """Run the CLI in-process on ``argv`` and return the exit code."""
    command = typer.main.get_command(app)
    return int(command.main(argv, "clusterctl", standalone_mode=False))


def main() -> None:
    """Console-script entry point.

    A command is a short-lived process that allocates a catalog's records and frees almost
    none of them, so the cyclic collector is switched off: it would walk them all again and
    again (a quarter of the time of a 100,000-milestone load) and once more at exit.
    Reference counting still frees memory; in-process callers (``run``, tests) keep it on.
    """
    gc.disable()
    app()
