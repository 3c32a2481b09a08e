"""The search index: every text of a catalog folded once, and kept beside the parse cache.

``search TEXT`` compares the folded text with every text field of every record and, failing
that, their romanisation skeletons. Folding every text on every run made a search cost as
much as the catalog is large. This index holds each distinct folded text once, with its
skeleton and the records and fields that hold it, so a search finds its text with a few
scans of byte strings and looks only at what matched; the scoring stays in ``query.search``,
so the index changes which records are looked at, never how they rank.

An index is made the first time a catalog backed by the parse cache is searched (a search
after an edit, or the first search of a cached catalog), is kept beside the cache entry
under the same key, and goes when that entry goes; it is framed, checked and trusted like
the entry (see ``catalog/cache.py``), and another version of this code makes its own.

Layout, JSON lines after the header:

- values: one JSON string per distinct folded text, in the order first met in the catalog;
- shapes: the skeleton of each value, in the same order;
- postings: one JSON array per value: position, ordinal and field number of every text
  that folds to it (the ordinal counts the record's texts, as ``search_texts`` gives them);
- table: one JSON string, 24 hex digits per value: where its three lines start.

Size: each distinct text twice (folded and as a skeleton), three small numbers per text,
and 24 bytes per distinct text: about the size of the cache entry it belongs to. It is not
kept when it would be larger than twice that entry and a mebibyte (or than 64 MiB); a search
then makes it again each time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from clusterctl import model
from clusterctl.catalog import cache as parse_cache
from clusterctl.catalog.index import fold

if TYPE_CHECKING:
    from clusterctl.catalog.index import Catalog

KIND = "search"
_LIMIT = 64 * 1024 * 1024
_SLACK = 1024 * 1024
_WIDTH = 8  # hex digits per offset in the table

SKELETON_RULES = (("eo", "o"), ("eu", "u"), ("ae", "e"), ("k", "g"), ("t", "d"), ("p", "b"))


def skeleton_of_folded(folded: str) -> str:
    """A romanisation-insensitive key of folded text (see ``query.skeleton``)."""
    out = folded.replace("'", "").replace("’", "").replace(" ", "").replace("-", "")
    out = out.replace("ch", "j").replace("sh", "s")
    for old, new in SKELETON_RULES:
        out = out.replace(old, new)
    return out


def search_texts(entity: model.Entity) -> Iterator[tuple[str, str]]:
    """Every (field, text) of a record that search compares, in a fixed order: the id, then
    text fields and lists of text in declared order, then figures' and rankings' texts."""
    yield "id", entity.id
    for name in model.field_names(type(entity)):
        value = getattr(entity, name)
        if name in ("id", "mark"):
            continue
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, str):
                    yield name, item
                elif isinstance(item, (model.Figure, model.Ranking)):
                    for sub in model.field_names(type(item)):
                        inner = getattr(item, sub)
                        if isinstance(inner, str):
                            yield f"{name}.{sub}", inner


Match = tuple[str, str | None, list[tuple[int, int, str]]]


class TextIndex:
    """The index over one catalog: the bytes of the layout above and where its sections are."""

    def __init__(self, data: bytes, fields: Sequence[str], sections: Sequence[int]) -> None:
        self.data = data
        self.fields = list(fields)
        self.values, self.shapes, self.postings, self.table, self.end = sections[:5]
        self.offsets: str = json.loads(data[self.table : self.end])

    def __len__(self) -> int:
        return len(self.offsets) // (3 * _WIDTH)

    def matches(self, needle: str, bone: str) -> list[Match] | None:
        """Every distinct text that holds ``needle`` (folded) or whose skeleton holds ``bone``
        (when it has three letters or more): the text, its skeleton when that matched (else
        None), and the (position, ordinal, field) of each record text that folds to it.

        None when the index can not answer for this needle (one holding a quote, a
        backslash or a control character, which its lines escape): the caller then compares
        every text itself. What is returned may hold a text that does not match after all
        (the needle found inside an escape): the caller scores each one.
        """
        try:
            wanted = needle.encode()
            shape = bone.encode() if bone and len(bone) >= 3 else b""
        except UnicodeEncodeError:  # a lone surrogate from undecodable arguments
            return None
        if any(c < 0x20 or c in b'"\\' for c in wanted + shape):
            return None
        try:
            return self._matches(wanted, shape)
        except Exception:  # only a bug writes an index that passes its checksum but not this
            return None

    def _matches(self, wanted: bytes, shape: bytes) -> list[Match]:
        found: dict[int, str | None] = {}
        for number, _ in self._scan(wanted, self.values, self.shapes):
            found[number] = None
        if shape:
            for number, line in self._scan(shape, self.shapes, self.postings):
                if number not in found:
                    found[number] = json.loads(line)
        out: list[Match] = []
        for number in sorted(found):
            folded: str = json.loads(self._line(number, 0, self.values, self.shapes))
            flat: list[int] = json.loads(self._line(number, 2, self.postings, self.table))
            names = self.fields
            refs = [
                (flat[i], flat[i + 1], names[flat[i + 2]]) for i in range(0, len(flat), 3)
            ]  # fmt: skip
            out.append((folded, found[number], refs))
        return out

    def _scan(self, wanted: bytes, start: int, end: int) -> Iterator[tuple[int, bytes]]:
        """(line number, line) of each line between ``start`` and ``end`` holding ``wanted``."""
        data = self.data
        number = 0
        counted = start
        at = data.find(wanted, start, end)
        while at >= 0:
            number += data.count(b"\n", counted, at)
            counted = at
            first = data.rfind(b"\n", start, at) + 1
            last = data.find(b"\n", at, end)
            yield number, data[first:last]
            at = data.find(wanted, last, end)

    def _line(self, number: int, column: int, start: int, end: int) -> bytes:
        """Line ``number`` of the section between ``start`` and ``end`` (table ``column``)."""
        width = 3 * _WIDTH
        cell = number * width + column * _WIDTH
        first = start + int(self.offsets[cell : cell + _WIDTH], 16)
        following = cell + width
        if following < len(self.offsets):
            last = start + int(self.offsets[following : following + _WIDTH], 16) - 1
        else:
            last = end - 1
        return self.data[first:last]


def build(entities: Iterable[model.Entity]) -> tuple[list[str], list[bytes | None]]:
    """The field names and the sections (each after a None) of the index of ``entities``."""
    folded_of: dict[str, str] = {}
    numbers: dict[str, int] = {}
    postings: list[list[int]] = []
    fields: dict[str, int] = {}
    for position, entity in enumerate(entities):
        for ordinal, (field_name, text) in enumerate(search_texts(entity)):
            folded = folded_of.get(text)
            if folded is None:
                folded = folded_of[text] = fold(text)
            if not folded:  # matches no needle, and no skeleton of three letters
                continue
            number = numbers.get(folded)
            if number is None:
                number = numbers[folded] = len(postings)
                postings.append([])
            field_number = fields.get(field_name)
            if field_number is None:
                field_number = fields[field_name] = len(fields)
            postings[number].extend((position, ordinal, field_number))
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    values = [dumps(text).encode() + b"\n" for text in numbers]
    shapes = [dumps(skeleton_of_folded(text)).encode() + b"\n" for text in numbers]
    lines = [dumps(found).encode() + b"\n" for found in postings]
    table = []
    starts = [0, 0, 0]
    for row in zip(values, shapes, lines, strict=True):
        for column, line in enumerate(row):
            table.append(f"{starts[column]:0{_WIDTH}x}")
            starts[column] += len(line)
    if max(starts, default=0) >= 16**_WIDTH:
        raise ValueError("a section too large for the table")
    sections: list[bytes | None] = [None, b"".join(values), None, b"".join(shapes), None]
    sections += [b"".join(lines), None, json.dumps("".join(table)).encode() + b"\n"]
    return list(fields), sections


def in_memory(fields: list[str], sections: list[bytes | None]) -> TextIndex:
    data = bytearray()
    starts = []
    for chunk in sections:
        if chunk is None:
            starts.append(len(data))
        else:
            data += chunk
    return TextIndex(bytes(data), fields, [*starts, len(data)])


@cache
def _code() -> str:
    """What made an index: this module and the folding it relies on."""
    digest = hashlib.sha256(b"search index 1")
    here = Path(__file__).resolve().parent
    for name in ("textindex.py", "index.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def for_catalog(catalog: Catalog) -> TextIndex | None:
    """The index of a catalog backed by the parse cache: read from beside its entry, or made
    now and kept there. None for a catalog that is not cached (search then compares every
    text itself)."""
    cache_key = catalog.cache_key
    if cache_key is None:
        return None
    data, header, sections = parse_cache.read_beside(cache_key, KIND, _code())
    if data:
        try:
            fields = header["fields"]
            if isinstance(fields, list) and len(sections) >= 5:
                return TextIndex(data, fields, sections)
        except (ValueError, TypeError, KeyError):
            pass
    try:
        fields, chunks = build(catalog.entities)
    except ValueError:
        return None
    limit = min(_LIMIT, 2 * catalog.cache_size + _SLACK)
    parse_cache.write_beside(cache_key, KIND, _code(), {"fields": fields}, chunks, limit)
    return in_memory(fields, chunks)
