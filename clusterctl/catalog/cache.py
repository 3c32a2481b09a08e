"""The parse cache: a validated catalog kept as JSON, keyed on the exact bytes it came from.

A cache hit must be as trustworthy as parsing afresh, so:

- the key is a SHA-256 over the cache format, the code that reads catalogs, and every
  selected file's path and full contents — never size or modification time, so an edit of the
  same length within the same second is a different key;
- reading and hashing a big catalog costs more than the rest of a warm run, so once a key is
  known, the files' stamps (path, device, inode, size, modification and change times to the
  nanosecond) are remembered beside it, as git's index remembers a file it has hashed, and a
  later run whose files have the very same stamps takes that key without reading them. Any
  write to a file gives it a new change time, which no one can set back, so an edit can't
  keep a stamp, however quick, long or short it is; stamps are remembered only for files
  unchanged for a few seconds (an edit in the same clock tick as the reading can't be told
  from it), and only with the stamps of the code that made the key (so such a run hashes
  neither the catalog nor the code);
- entries are JSON (never pickle: a cache file must not be able to run code) with a header
  that repeats the key and a trailer holding a CRC-32 of everything else, checked before
  anything is decoded. The check is against damage (a disk error, a bug), as gzip's and
  PNG's are: no one else can write the directory or an entry (see below), so a hash that
  resists forgery would only be slower (three times, on a 28 MB entry);
- an entry is mapped into memory rather than copied (a warm run of a big catalog would spend
  more time copying it than answering); entries are only ever replaced whole, by rename, so
  a mapped entry never changes under the run;
- a hit decodes only the records a command touches: one JSON line per record, found through a
  directory of ids and offsets, with the reverse links and the name index stored beside
  them, so a lookup in 100,000 milestones does not decode 100,000 records;
- entries are written to a temporary file in the cache directory and renamed into place, so a
  reader sees a whole entry or none, whatever other runs are doing at the same time;
- only catalogs that validated without a single issue are stored;
- only what this user wrote is trusted: the directory must be this user's own and writable by
  no one else (it is created 0700), and an entry is read only if it is a regular file this
  user owns that no one else can write, opened without following a link and without waiting
  (a FIFO planted there must not hang the run), checked on the opened descriptor, and read no
  further than the size the cache keeps at most (a link to /dev/zero must not fill memory);
- the directory is ``$XDG_CACHE_HOME/clusterctl`` when that variable is an absolute path (the
  XDG spec says to ignore a relative one), else ``$HOME/.cache/clusterctl``; HOME is never
  created, and without a usable one there is no cache;
- any problem with the cache (missing, unreadable, corrupt, from another version, planted,
  a directory that can not be written or can not be trusted) means "no cache": it is never
  a reason for a command to fail.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import stat
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from clusterctl import __version__, model
from clusterctl.catalog import spec
from clusterctl.dates import parse_when
from clusterctl.errors import CatalogError

if TYPE_CHECKING:
    from clusterctl.catalog.index import Catalog

FORMAT = 3
NO_CACHE_ENV = "CLUSTERCTL_NO_CACHE"
_PREFIX = "catalog-"
_TEMPORARY = ".tmp-"
# After a write, older entries beyond the newest eight, or beyond 256 MiB in all, are pruned.
_KEEP = 8
_KEEP_BYTES = 256 * 1024 * 1024
# Group or others able to write: such a directory or entry could hold anyone's data.
_SHARED = stat.S_IWGRP | stat.S_IWOTH
# Descriptors relative to the checked directory (openat and friends) need all of these; a
# platform without them runs without a cache rather than trusting paths.
_SUPPORTED = (
    hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "geteuid")
    and {os.open, os.stat, os.unlink, os.rename} <= os.supports_dir_fd
    and os.scandir in os.supports_fd
)
# The modules whose behaviour decides what a catalog loads as: editing any of them (even
# without a version bump, as in a development checkout) must miss the cache.
_CODE = (
    "catalog/build.py",
    "catalog/cache.py",
    "catalog/loader.py",
    "catalog/report.py",
    "catalog/spec.py",
    "catalog/urls.py",
    "catalog/yamlio.py",
    "dates.py",
    "model.py",
)


_TYPES = tuple(model.ENTITY_TYPES)
# An entry's bytes, mapped (sliced, never searched: mmap has no index() or count()).
Entry = bytes | mmap.mmap


def _checksum(data: bytes | memoryview | mmap.mmap, start: int = 0) -> int:
    return zlib.crc32(data, start)


class _LinkLines(Mapping[str, Sequence[tuple[int, str]]]):
    """The stored reverse links: each id's referrers parsed from its own line when asked."""

    def __init__(self, data: Entry, base: int, table: dict[str, list[int]]) -> None:
        self._data = data
        self._base = base
        self._table = table

    def __getitem__(self, target: str) -> Sequence[tuple[int, str]]:
        start, end = self._table[target]
        found: list[tuple[int, str]] = json.loads(self._data[self._base + start : self._base + end])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


class Store:
    """A verified cache entry whose records are decoded one by one, when first asked for."""

    def __init__(
        self,
        path: Path,
        data: Entry,
        paths: list[str],
        directory: dict[str, Any],
        sections: list[int],
        trailer: dict[str, Any],
    ) -> None:
        self.path = path
        self.data = data
        self.paths = paths
        self.ids: list[str] = directory["ids"]
        self.types: list[str] = list(map(_TYPES.__getitem__, directory["types"]))
        self.offsets: list[int] = directory["offsets"]
        self.counts: dict[str, int] = trailer["counts"]
        self.catalog_version: str | None = trailer["catalog_version"]
        self._sections = sections
        self._records: list[model.Entity | None] = [None] * len(self.ids)
        self._decode = json.JSONDecoder().raw_decode

    def __len__(self) -> int:
        return len(self.ids)

    def record(self, index: int) -> model.Entity:
        entity = self._records[index]
        if entity is None:
            line = self.data[self.offsets[index] : self.offsets[index + 1] - 1]
            try:
                entity = _decode_record(self._decode(line.decode())[0], self.paths)
            except Exception:  # the checksum held, so only a bug can have written this
                self._damaged()
            if entity.id != self.ids[index]:
                self._damaged()
            self._records[index] = entity
        return entity

    def links(self) -> Mapping[str, Sequence[tuple[int, str]]]:
        """Id → (index of a record that refers to it, field), in catalog order.

        One line per id, found through a small table, so a lookup parses only its own.
        """
        lines, table = self._sections[1], self._sections[2]
        return _LinkLines(self.data, lines, json.loads(self.data[table : self._sections[3]]))

    def names(self) -> dict[str, list[int]]:
        """Folded name → indices of the records that bear it."""
        names: dict[str, list[int]] = json.loads(self.data[self._sections[3] : self._sections[4]])
        return names

    def _damaged(self) -> NoReturn:
        with contextlib.suppress(OSError):
            self.path.unlink()
        raise CatalogError(
            f"the parse cache entry {self.path} was damaged and has been removed",
            ["run the command again; --no-cache reads the catalogs without the cache"],
        )


def directory() -> Path | None:
    """Where entries live: ``$XDG_CACHE_HOME/clusterctl``, else ``$HOME/.cache/clusterctl``.

    None when there is nowhere to keep them: an XDG_CACHE_HOME that is not absolute is ignored
    (as the XDG spec says), and a HOME that is unset, relative or not a directory means no
    cache (it is never created).
    """
    base = Path(os.environ.get("XDG_CACHE_HOME", ""))
    if not base.is_absolute():
        home = Path(os.environ.get("HOME", ""))
        if not home.is_absolute() or not home.is_dir():
            return None
        base = home / ".cache"
    return base / "clusterctl"


def _open_directory(create: bool) -> int | None:
    """A descriptor on the cache directory, or None when it is missing or can't be trusted.

    With ``create``, the directory (and the base directory it lives in, but never anything
    above that) is made, 0700. Either way the directory is opened without following a link
    and kept only if this user owns it and no one else can write in it; every later step
    works relative to this descriptor, so the directory checked is the one used.
    """
    folder = directory()
    if folder is None or not _SUPPORTED:
        return None
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        if create:
            for path in (folder.parent, folder):
                with contextlib.suppress(FileExistsError):
                    path.mkdir(mode=0o700)
        descriptor = os.open(folder, flags)
    except (OSError, ValueError):  # ValueError: a NUL byte in the variable
        return None
    try:
        st = os.fstat(descriptor)
        if st.st_uid == os.geteuid() and not st.st_mode & _SHARED:
            return descriptor
    except OSError:
        pass
    os.close(descriptor)
    return None


def _open_entry(folder: int, name: str) -> tuple[int, os.stat_result] | None:
    """A descriptor of the entry ``name`` and its status, or None unless it is a regular
    file of this user's that no one else can write, no larger than the cache ever keeps."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(name, flags, dir_fd=folder)
    except OSError:
        return None
    try:
        st = os.fstat(handle)
    except OSError:
        os.close(handle)
        return None
    if (
        not stat.S_ISREG(st.st_mode)
        or st.st_uid != os.geteuid()
        or st.st_mode & _SHARED
        or st.st_size > _KEEP_BYTES
    ):
        os.close(handle)
        return None
    return handle, st


def _map_entry(folder: int, name: str) -> mmap.mmap | None:
    """The entry ``name`` mapped read-only, on the terms of ``_open_entry``."""
    opened = _open_entry(folder, name)
    if opened is None:
        return None
    handle, st = opened
    try:
        return mmap.mmap(handle, st.st_size, access=mmap.ACCESS_READ) if st.st_size else None
    except (OSError, ValueError, OverflowError):
        return None
    finally:
        os.close(handle)


def _read_entry(folder: int, name: str) -> bytes | None:
    """The bytes of the entry ``name``, on the terms of ``_open_entry``."""
    opened = _open_entry(folder, name)
    if opened is None:
        return None
    handle, st = opened
    try:
        # One byte more than stat() gave: a file still growing is no finished entry.
        parts = []
        wanted = st.st_size + 1
        while wanted > 0:
            part = os.read(handle, wanted)
            if not part:
                break
            parts.append(part)
            wanted -= len(part)
        if wanted <= 0:
            return None
        return parts[0] if len(parts) == 1 else b"".join(parts)
    except OSError:
        return None
    finally:
        os.close(handle)


def enabled(flag_off: bool) -> bool:
    return not flag_off and os.environ.get(NO_CACHE_ENV, "") not in ("1", "true", "yes")


@cache
def _code_digest() -> bytes:
    import hashlib  # not on the path of a run whose files' stamps are remembered

    digest = hashlib.sha256(f"format {FORMAT} clusterctl {__version__}".encode())
    package = Path(__file__).resolve().parent.parent
    for name in _CODE:
        try:
            digest.update(name.encode() + b"\0" + (package / name).read_bytes())
        except OSError:
            digest.update(name.encode() + b"\0missing")
    return digest.digest()


def key(files: Iterable[tuple[str, bytes]]) -> str:
    """The cache key of these files (where they are, and their contents), in this order.

    The path is taken resolved, so ``notes.yaml`` and ``./notes.yaml`` share an entry.
    """
    import hashlib

    digest = hashlib.sha256(_code_digest())
    for path, data in files:
        where = os.path.realpath(path)
        digest.update(b"\0file\0" + where.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _entry_name(cache_key: str) -> str:
    return f"{_PREFIX}{cache_key[:40]}.json"


def read(cache_key: str) -> Store | None:
    """The entry stored under ``cache_key``, or None when there is none or it can't be trusted.

    An entry is a header line, one JSON line per record, the index sections (the directory
    of ids, types and offsets; one line of referrers per id and their table; the names) and
    a trailer holding the CRC-32 of everything before it and where each section starts.
    """
    folder = _open_directory(create=False)
    if folder is None:
        return None
    name = _entry_name(cache_key)
    try:
        data = _map_entry(folder, name)
    finally:
        os.close(folder)
    if data is None:
        return None
    path = Path(directory() or ".", name)
    framed = _unframe(data)
    if framed is None:
        return None
    trailer_start, trailer = framed
    try:
        header = json.loads(data[: data.find(b"\n")])
        if header.get("format") != FORMAT or header.get("key") != cache_key:
            return None
        sections = [*trailer["sections"], trailer_start]
        listing = json.loads(data[sections[0] : sections[1]])
        count = trailer["entities"]
        counts, version = trailer["counts"], trailer["catalog_version"]
        if (
            len(listing["ids"]) != count
            or len(listing["types"]) != count
            or len(listing["offsets"]) != count + 1
            or not isinstance(counts, dict)
            or not (version is None or isinstance(version, str))
        ):
            return None
        return Store(path, data, header["paths"], listing, sections, trailer)
    except Exception:  # a damaged entry is a miss: the catalog is parsed afresh and re-stored
        return None


def write(cache_key: str, catalog: Catalog, counts: dict[str, int]) -> int:
    """Store a validated catalog atomically; do nothing at all when the cache can't be written.

    The name and link indexes stored are the catalog's own, so a hit answers lookups exactly
    as the parsed catalog would. Returns the size of the entry, 0 when none was stored.
    """
    folder = _open_directory(create=True)
    if folder is None:
        return 0
    try:
        target = _entry_name(cache_key)
        trailer = {
            "entities": len(catalog.entities),
            "counts": counts,
            "catalog_version": catalog.catalog_version,
        }
        if not _store(folder, target, _encode(cache_key, catalog), trailer):
            return 0
        _prune(folder, target)
        try:
            return os.stat(target, dir_fd=folder, follow_symlinks=False).st_size
        except OSError:  # pruned by a concurrent run
            return 0
    finally:
        os.close(folder)


def _store(
    folder: int,
    target: str,
    chunks: Iterable[bytes | None],
    trailer: dict[str, Any],
    limit: int = _KEEP_BYTES,
) -> bool:
    """Write ``chunks`` (a None marks where a section starts) and a trailer holding
    ``trailer``, the sections and their CRC-32 to a temporary file in ``folder``, then
    rename it to ``target``. Nothing is stored when it would be larger than ``limit``."""
    temporary = _TEMPORARY + os.urandom(8).hex()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(temporary, flags, 0o600, dir_fd=folder)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            checksum = 0
            written = 0
            sections = []
            for chunk in chunks:
                if chunk is None:
                    sections.append(written)
                    continue
                checksum = _checksum(chunk, checksum)
                out.write(chunk)
                written += len(chunk)
                if written > limit:
                    raise ValueError("larger than the cache keeps")
            closing = {**trailer, "sections": sections, "crc32": checksum}
            out.write(json.dumps(closing).encode() + b"\n")
        os.replace(temporary, target, src_dir_fd=folder, dst_dir_fd=folder)
    except (OSError, ValueError):  # ValueError: text that can't be UTF-8 (lone surrogates)
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        return False
    return True


def _unframe(data: Entry) -> tuple[int, dict[str, Any]] | None:
    """Where the trailer ``_store`` wrote starts, and the trailer, when its CRC-32 holds
    (the one check of every file the cache keeps: entries, indexes, stamps)."""
    last_break = data.rfind(b"\n", 0, len(data) - 1)
    if last_break < 0:
        return None
    trailer_start = last_break + 1
    try:
        trailer = json.loads(data[trailer_start:])
    except ValueError:
        return None
    if not isinstance(trailer, dict):
        return None
    with memoryview(data) as view, view[:trailer_start] as covered:
        if trailer.get("crc32") != _checksum(covered):
            return None
    return trailer_start, trailer


# --- stamps: a known key without reading the files -------------------------------------------

_STAMPS = "stamps.json"
# Stamp sets remembered (a set per selection of files: shipped, shipped and an overlay, ...).
_STAMPS_KEPT = 16
# A file changed less than this long ago is not stamped: a second edit within the clock tick
# of the first could leave the same times.
SETTLED_SECONDS = 3.0
_STAMPS_LIMIT = 1024 * 1024
Stamps = list[list[Any]]


@cache
def _code_stamps() -> list[Any]:
    """The version, the cache format and the stamps of the code that reads catalogs: what a
    remembered key was made with (stamped, as the files are, so that a run answered from
    stamps need not hash the code either)."""
    package = Path(__file__).resolve().parent.parent
    return [FORMAT, __version__, stamps([str(package / name) for name in _CODE], _KEEP_BYTES)]


def stamps(paths: Sequence[str], largest: int) -> Stamps | None:
    """Each file's stamp, or None when one is not a regular file of at most ``largest`` bytes
    (reading it says what is wrong) or the cache is off."""
    found: Stamps = []
    for path in paths:
        try:
            st = Path(path).stat()
            where = os.path.realpath(path)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_size > largest:
            return None
        found.append([where, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns])
    return found


def _stamp_list(folder: int) -> list[list[Any]]:
    """The remembered (stamps, key) pairs, newest first; none when the file can't be trusted
    or was made by other code."""
    data = _read_entry(folder, _STAMPS)
    framed = None if data is None else _unframe(data)
    if data is None or framed is None:
        return []
    try:
        document = json.loads(data[: framed[0]])
        if document.get("format") != FORMAT or document.get("code") != _code_stamps():
            return []
        pairs = document["stamps"]
        if not all(isinstance(p, list) and len(p) == 2 and isinstance(p[1], str) for p in pairs):
            return []
        return pairs  # type: ignore[no-any-return]
    except (ValueError, KeyError, TypeError, AttributeError):
        return []


def recall(found: Stamps) -> str | None:
    """The key remembered for files with exactly these stamps, if any."""
    folder = _open_directory(create=False)
    if folder is None:
        return None
    try:
        for remembered, cache_key in _stamp_list(folder):
            if remembered == found:
                return str(cache_key)
        return None
    finally:
        os.close(folder)


def remember(found: Stamps, cache_key: str) -> None:
    """Remember ``cache_key`` for files with these stamps, if every one has settled."""
    settled = (time.time() - SETTLED_SECONDS) * 1e9
    code = _code_stamps()[2]
    if code is None or any(max(stamp[4], stamp[5]) > settled for stamp in [*found, *code]):
        return
    folder = _open_directory(create=False)
    if folder is None:
        return
    try:
        pairs = [[found, cache_key]]
        pairs += [pair for pair in _stamp_list(folder) if pair[0] != found][: _STAMPS_KEPT - 1]
        document = {"format": FORMAT, "code": _code_stamps(), "stamps": pairs}
        body = json.dumps(document, ensure_ascii=False).encode() + b"\n"
        _store(folder, _STAMPS, [body], {}, _STAMPS_LIMIT)
    finally:
        os.close(folder)


# --- indexes kept beside an entry ----------------------------------------------------------
# An index that only some commands need (search's) is a file of its own beside the entry it
# was made from, named after the same key: reading or checking the entry never pays for it.
# It is framed, checked and trusted exactly as an entry is, records the code that made it
# (another version's index is a miss, and is made again), and goes when its entry is pruned.

_BESIDE = ("search",)


def _beside_name(kind: str, cache_key: str) -> str:
    return f"{kind}-{cache_key[:40]}.json"


def read_beside(cache_key: str, kind: str, code: str) -> tuple[bytes, dict[str, Any], list[int]]:
    """The ``kind`` index kept beside the entry of ``cache_key``, made by ``code``: its bytes,
    header and section starts (the last is where the trailer starts). Empty bytes when
    there is none, or none that can be trusted."""
    missing: tuple[bytes, dict[str, Any], list[int]] = (b"", {}, [])
    folder = _open_directory(create=False)
    if folder is None:
        return missing
    try:
        data = _read_entry(folder, _beside_name(kind, cache_key))
    finally:
        os.close(folder)
    framed = None if data is None else _unframe(data)
    if data is None or framed is None:
        return missing
    trailer_start, trailer = framed
    try:
        header = json.loads(data[: data.index(b"\n")])
        if (header.get("format"), header.get("key"), header.get("kind"), header.get("code")) != (
            FORMAT,
            cache_key,
            kind,
            code,
        ):
            return missing
        sections = [int(start) for start in trailer["sections"]]
        if sections != sorted(sections) or (sections and sections[-1] > trailer_start):
            return missing
        return data, header, [*sections, trailer_start]
    except Exception:  # damaged: a miss, made again
        return missing


def write_beside(
    cache_key: str,
    kind: str,
    code: str,
    header: dict[str, Any],
    chunks: Iterable[bytes | None],
    limit: int,
) -> None:
    """Keep a ``kind`` index beside the entry of ``cache_key`` (only while that entry is
    there), or do nothing when it can't be written or would be larger than ``limit``."""
    folder = _open_directory(create=False)
    if folder is None:
        return
    try:
        os.stat(_entry_name(cache_key), dir_fd=folder, follow_symlinks=False)
        first = {**header, "format": FORMAT, "key": cache_key, "kind": kind, "code": code}
        lines = (json.dumps(first).encode() + b"\n", *chunks)
        _store(folder, _beside_name(kind, cache_key), lines, {}, min(limit, _KEEP_BYTES))
    except OSError:  # no entry to keep it beside
        pass
    finally:
        os.close(folder)


def _prune(folder: int, kept: str) -> None:
    """Remove all but the newest entries, so edits don't fill the disk with old catalogs.

    Also removes temporary files a killed run left behind (an hour old: no live writer is
    that slow).
    """
    now = time.time()
    try:
        with os.scandir(folder) as listing:
            stats = [
                (entry.name, entry.stat(follow_symlinks=False))
                for entry in listing
                if entry.name != kept
            ]
    except OSError:
        return
    entries = sorted(
        ((name, st) for name, st in stats if name.startswith(_PREFIX)),
        key=lambda pair: pair[1].st_mtime,
        reverse=True,
    )
    stale = [n for n, st in stats if n.startswith(_TEMPORARY) and now - st.st_mtime > 3600]
    # An index kept beside an entry counts with it, and goes with it.
    sizes = {name: st.st_size for name, st in stats}
    known = {_beside_name(kind, kept[len(_PREFIX) :]) for kind in _BESIDE}
    try:
        total = os.stat(kept, dir_fd=folder, follow_symlinks=False).st_size
    except OSError:  # already replaced or pruned by a concurrent run
        total = 0
    surplus = []
    for number, (name, st) in enumerate(entries, start=2):
        indexes = [_beside_name(kind, name[len(_PREFIX) :]) for kind in _BESIDE]
        total += st.st_size + sum(sizes.get(index, 0) for index in indexes)
        if number > _KEEP or total > _KEEP_BYTES:
            surplus.append(name)
            surplus.extend(index for index in indexes if index in sizes)
        else:
            known.update(indexes)
    orphans = [
        name
        for name in sizes
        if name.startswith(tuple(f"{kind}-" for kind in _BESIDE)) and name not in known
    ]
    for old in surplus + stale + orphans:
        with contextlib.suppress(OSError):  # another run pruned it first: harmless
            os.unlink(old, dir_fd=folder)


# --- encoding ----------------------------------------------------------------------------
# Each entity is a JSON object of the fields it sets, values in their catalog spelling
# (dates as "2023-06"); decoding types them back by the same field specs the loader uses.


def _encode(cache_key: str, catalog: Catalog) -> Iterator[bytes | None]:
    """The header, one line per record (in batches), then the index sections, each after a
    None that marks where it starts: the directory; one line of referrers per id; the table
    of where each of those lines is; the names."""
    entities = catalog.entities
    paths: dict[str, int] = {}
    for entity in entities:
        if entity.mark is not None:
            paths.setdefault(entity.mark.path, len(paths))
    header = {"format": FORMAT, "key": cache_key, "paths": list(paths)}
    # ASCII escapes keep a path that is not UTF-8 (a lone surrogate in Python) intact.
    first = json.dumps(header).encode() + b"\n"
    yield first
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    offsets = [len(first)]
    batch: list[bytes] = []
    for entity in entities:
        record = _encode_fields(entity, spec.FIELDS[entity.type])
        record["type"] = entity.type
        if entity.mark is not None:
            record["mark"] = [paths[entity.mark.path], entity.mark.line, entity.mark.column]
        line = dumps(record).encode() + b"\n"
        offsets.append(offsets[-1] + len(line))
        batch.append(line)
        if len(batch) == 1024:
            yield b"".join(batch)
            batch.clear()
    yield b"".join(batch)
    type_numbers = {name: number for number, name in enumerate(_TYPES)}
    directory = {
        "ids": [entity.id for entity in entities],
        "types": [type_numbers[entity.type] for entity in entities],
        "offsets": offsets,
    }
    yield None
    yield dumps(directory).encode() + b"\n"
    yield None
    table: dict[str, tuple[int, int]] = {}
    written = 0
    for target, found in catalog.link_index().items():
        line = dumps(found).encode() + b"\n"
        table[target] = (written, written + len(line) - 1)
        written += len(line)
        yield line
    yield None
    yield dumps(table).encode() + b"\n"
    yield None
    yield dumps(catalog.name_index()).encode() + b"\n"


def _encode_fields(record: Any, fields: dict[str, spec.FieldSpec]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field_spec in fields.items():
        value = getattr(record, name, None)
        if value is None or value == ():
            continue
        kind = field_spec.kind
        if kind == "date":
            out[name] = str(value)
        elif kind == "location":
            out[name] = [value.lat, value.lon]
        elif kind in ("figures", "rankings"):
            sub = spec.FIGURE_FIELDS if kind == "figures" else spec.RANKING_FIELDS
            out[name] = [_encode_fields(item, sub) for item in value]
        elif isinstance(value, tuple):
            out[name] = list(value)
        else:
            out[name] = value
    return out


Decoder = Callable[[Any], Any]


def _decoder(kind: str) -> Decoder | None:
    """How to turn a field's JSON value back into the model's; None when it is used as is."""
    if kind == "date":
        return parse_when
    if kind in ("texts", "refs"):
        return tuple
    if kind == "location":
        return lambda value: model.Location(float(value[0]), float(value[1]))
    if kind == "figures":
        return _records_decoder(model.Figure, _decoders(spec.FIGURE_FIELDS))
    if kind == "rankings":
        return _records_decoder(model.Ranking, _decoders(spec.RANKING_FIELDS))
    return None


def _decoders(fields: dict[str, spec.FieldSpec]) -> tuple[tuple[str, Decoder], ...]:
    pairs = ((name, _decoder(f.kind)) for name, f in fields.items())
    return tuple((name, decode) for name, decode in pairs if decode is not None)


def _records_decoder(cls: type[Any], decoders: tuple[tuple[str, Decoder], ...]) -> Decoder:
    def decode(items: Sequence[dict[str, Any]]) -> tuple[Any, ...]:
        return tuple(cls(**_convert(dict(item), decoders)) for item in items)

    return decode


def _convert(record: dict[str, Any], decoders: tuple[tuple[str, Decoder], ...]) -> dict[str, Any]:
    for name, decode in decoders:
        if name in record:
            record[name] = decode(record[name])
    return record


@cache
def _type_decoders() -> dict[str, tuple[type[model.Entity], tuple[tuple[str, Decoder], ...]]]:
    return {
        entity_type: (cls, _decoders(spec.FIELDS[entity_type]))
        for entity_type, cls in model.ENTITY_TYPES.items()
    }


def _decode_record(record: dict[str, Any], paths: list[str]) -> model.Entity:
    cls, decoders = _type_decoders()[record.pop("type")]
    mark = record.pop("mark", None)
    if mark is not None:
        record["mark"] = model.Mark(paths[mark[0]], mark[1], mark[2])
    return cls(**_convert(record, decoders))
