"""Output files that are whole or absent: what ``export --output`` and ``--output-dir`` write.

- Every path is checked before anything is written: an empty path, a directory, a name that
  ends in ``..`` or ``/``, a link loop or a path through a file is a usage error that names it.
  A directory for the files (``--output-dir``) is made when it does not exist but its parent
  does, and removed again if the files could not all be written.
- Each regular file is written to a temporary file in its own directory, under a short name
  of its own (``.clusterctl-XXXXXXXXXXXX.tmp``), so a target name of any valid length fits.
- Only when every file of the run is complete are they renamed into place, one after the
  other. A failure before that (a full disk, an encoding error, a date the format can't hold)
  removes the temporaries and leaves every existing file as it was; so does SIGTERM, SIGHUP
  or SIGINT, which end the run with 143, 129 or 130 and one line on stderr.
- A file that replaces another keeps its mode (and its owner and group, where the user may
  set them); a new file gets 0666 less the umask, as a shell's ``>`` would make it.
- A target that exists and is no regular file (``/dev/null``, a FIFO, a terminal) is written
  to directly, after every temporary is complete: renaming over it would replace the device,
  not write to it. A file that only a path can fill (a SQLite database, ``PathWriter``) can't
  be written there: that is a usage error, raised before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from clusterctl.errors import OutputError, Terminated, UsageError
from clusterctl.lazyclass import dataclass


@dataclass(frozen=True)
class PathWriter:
    """A writer that fills a file by its path rather than a text stream (SQLite opens the
    file itself): it is given the temporary, created empty, and must leave nothing beside it
    (no journal)."""

    write: Callable[[Path], None]


Writer = Callable[[IO[str]], None] | PathWriter

_TEMPORARY_PREFIX = ".clusterctl-"
_TEMPORARY_SUFFIX = ".tmp"


@dataclass(frozen=True)
class Target:
    """A checked output path: where the bytes go, and how."""

    option: str  # the flag that named it, for messages
    shown: str  # as the user wrote it, for messages
    path: Path  # symbolic links resolved: a link is kept and the file it names replaced
    existing: os.stat_result | None  # the regular file replaced, if any
    direct: bool  # an existing non-regular file (a device, a FIFO): written in place


def check_file(text: str, option: str) -> Target:
    """The target ``text`` names, or a usage error saying why it can't be written."""
    if not text:
        raise UsageError(f"{option}: the path is empty; give a file name")
    # The text as given: pathlib would read "out/." as "out" and drop a trailing "/".
    if text.rsplit(os.sep, 1)[-1] in ("", ".", ".."):
        raise UsageError(f"{option}: {text} names a directory; give a file name")
    st = _stat(text, option)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{option}: {text} is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        return Target(option, text, Path(text), None, direct=True)
    # A dangling link names the file to create; realpath gives the file a link chain ends at.
    return Target(option, text, Path(os.path.realpath(text)), st, direct=False)


def check_directory(text: str, option: str, create: bool = False) -> Path:
    """The directory ``text`` names, or a usage error saying why it is unfit. With ``create``
    it may not exist yet, as long as its parent does (``write_files`` makes it)."""
    if not text:
        raise UsageError(f"{option}: the path is empty; give a directory")
    st = _stat(text, option)
    if st is None:
        if not create:
            raise UsageError(f"{option}: {text} does not exist")
        parent = str(Path(text).parent)
        parent_st = _stat(parent, option)
        if parent_st is None:
            raise UsageError(
                f"{option}: {text} cannot be made: {parent} does not exist",
                [f"make {parent} first: only the last directory of the path is made"],
            )
        if not stat.S_ISDIR(parent_st.st_mode):
            raise UsageError(f"{option}: {text} cannot be made: {parent} is not a directory")
        return Path(text)
    if not stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{option}: {text} is not a directory")
    return Path(text)


def _stat(text: str, option: str) -> os.stat_result | None:
    """``stat`` (following links), None when nothing is there; any other failure is a usage
    error: the path itself is wrong (a link loop, a file used as a directory, too long)."""
    try:
        return Path(text).stat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise UsageError(f"{option}: {text}: a part of the path is not a directory") from None
    except OSError as exc:
        raise UsageError(f"{option}: {text}: {exc.strerror or exc}") from None
    except ValueError:  # a NUL byte
        raise UsageError(f"{option}: the path contains a NUL byte") from None


def write_files(files: Sequence[tuple[Target, Writer]], directory: Path | None = None) -> None:
    """Write every file whole, or none: see the module's docstring. A ``directory`` that does
    not exist yet (``check_directory(..., create=True)``) is made first, and removed again
    when the files could not all be written."""
    for target, write in files:
        if target.direct and isinstance(write, PathWriter):
            raise UsageError(
                f"{target.option}: {target.shown} is not a regular file; give a file name"
            )
    with _signals_end_the_run() as signals:
        temporaries: list[tuple[Path, Path]] = []  # (temporary, target), not yet renamed
        made: Path | None = None
        try:
            if directory is not None and not directory.is_dir():
                with signals.deferred():  # made and remembered for removal as one step
                    made = _make_directory(directory)
            for target, write in files:
                if not target.direct:
                    _write_temporary(target, write, temporaries, signals)
            for target, write in files:
                if target.direct and not isinstance(write, PathWriter):
                    with target.path.open("w", encoding="utf-8", newline="") as out:
                        write(out)
            with signals.deferred():  # once the first is renamed, the rest must follow
                while temporaries:
                    temporary, path = temporaries[0]
                    try:
                        temporary.replace(path)
                    except OSError as exc:
                        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
                    temporaries.pop(0)
                signals.complete = True
        finally:
            for temporary, _ in temporaries:
                with contextlib.suppress(OSError):
                    temporary.unlink()
            if made is not None and not signals.complete:
                with contextlib.suppress(OSError):  # left as it is if anything else is in it
                    made.rmdir()
    for folder in {target.path.parent for target, _ in files if not target.direct}:
        _sync_directory(folder)


def _make_directory(directory: Path) -> Path | None:
    """Make ``directory`` (0777 less the umask); the path when this made it, None when it
    appeared meanwhile."""
    try:
        directory.mkdir()
    except FileExistsError:
        if directory.is_dir():
            return None
        raise UsageError(f"--output-dir: {directory} is not a directory") from None
    except OSError as exc:
        raise UsageError(f"--output-dir: cannot make {directory}: {exc.strerror}") from None
    return directory


def _write_temporary(
    target: Target, write: Writer, temporaries: list[tuple[Path, Path]], signals: _Signals
) -> None:
    folder = target.path.parent
    with signals.deferred():  # created and listed for removal as one step
        handle, temporary = _create_temporary(target.option, folder)
        temporaries.append((temporary, target.path))
    if isinstance(write, PathWriter):
        try:
            if target.existing is not None:
                _keep_mode(handle, target.existing)
        finally:
            os.close(handle)
        write.write(temporary)
        handle = os.open(temporary, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
        return
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        if target.existing is not None:
            _keep_mode(out.fileno(), target.existing)
        write(out)
        out.flush()
        os.fsync(out.fileno())


def _create_temporary(option: str, folder: Path) -> tuple[int, Path]:
    """A new file, 0666 less the umask (the kernel applies it, and any default ACL)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temporary = folder / f"{_TEMPORARY_PREFIX}{os.urandom(6).hex()}{_TEMPORARY_SUFFIX}"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
        except OSError as exc:
            raise UsageError(f"{option}: cannot write in {folder}: {exc.strerror}") from None
    raise UsageError(f"{option}: cannot make a temporary file in {folder}")


def _keep_mode(handle: int, existing: os.stat_result) -> None:
    """Give the new file the replaced one's owner and group (where allowed), then its mode
    (after: a change of owner clears the set-id bits)."""
    own = os.fstat(handle)
    if (own.st_uid, own.st_gid) != (existing.st_uid, existing.st_gid):
        with contextlib.suppress(OSError, AttributeError):  # not ours to give away
            os.fchown(handle, existing.st_uid, existing.st_gid)
    os.fchmod(handle, stat.S_IMODE(existing.st_mode))


def _sync_directory(folder: Path) -> None:
    """Make the renames durable; a directory that can't be opened or synced is left as is."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


# --- signals -----------------------------------------------------------------------------


class _Signals:
    """While files are written, SIGINT, SIGTERM and SIGHUP raise Terminated, so the path that
    cleans up after a failure cleans up after them too (a KeyboardInterrupt would be turned
    into a silent exit 130 by Typer). Inside ``deferred()`` a signal is held until the block
    ends."""

    def __init__(self) -> None:
        self._holding = 0
        self._pending: int | None = None
        self.complete = False  # every file is in place: a signal now changes nothing

    def handle(self, signum: int, frame: object) -> None:
        if self._holding:
            self._pending = self._pending or signum
            return
        self._raise(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding and self._pending is not None:
            self._raise(self._pending)

    def _raise(self, signum: int) -> None:
        raise Terminated(signum, self.complete)


@contextlib.contextmanager
def _signals_end_the_run() -> Iterator[_Signals]:
    """Install the handlers for the block, only where they would otherwise end the process
    untidily: a signal someone chose to ignore (``nohup``, a background job) stays ignored,
    another handler (a library caller's) stays in place, and outside the main thread Python
    allows no handlers at all."""
    import signal
    import threading

    signals = _Signals()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP", "SIGINT"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            current = signal.getsignal(number)
            if current in (signal.SIG_DFL, signal.default_int_handler):
                previous[number] = current
                signal.signal(number, signals.handle)
    try:
        yield signals
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
