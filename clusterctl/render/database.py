"""The catalog as a normalised SQLite database (``export -o sqlite``) and its Datasette metadata.

The layout is derived from the catalog's field spec (``catalog/spec.py``), so every field lands
somewhere and a new field or entity type needs no change here:

- ``entities``: every record's ``id``, ``type`` and ``label`` (its name or title), the table
  that the lists several types share (``aliases``, ``figures``) point at;
- one table per section (``sources``, ``regions``, ``industries``, ``actors``, ``policies``,
  ``clusters``, ``milestones``), keyed by ``id``. A date field is three columns: the
  partial-date text as the catalog writes it (``date``: ``2023-06``) and the first and last
  day it covers as ISO dates declared ``DATE`` (``date_start``, ``date_end``), so sorting by
  the start gives the CLI's own order. A location is ``lat`` and ``lon``; a reference
  (``region``) is a column that references its table;
- one junction table per list of references, named ``TYPE_FIELD`` (``milestone_clusters``,
  ``cluster_related``): the owner's id, an ``ordinal`` (the place in the catalog's list, from
  1) and the target's id (``cluster_id``; ``related_id`` where both are of one type);
- ``aliases``, ``figures`` and ``rankings`` (with ``ranking_sources``): the owner's id and an
  ordinal, then the item's fields;
- ``entities_fts``: an FTS5 index over names, Korean names, aliases and summaries (where this
  Python's SQLite has FTS5), its rowids those of ``entities``;
- ``metadata``: the catalog version, when and by what the file was generated, the licence.

Every foreign key is declared (``REFERENCES``) and every key column indexed. The file is built
with the standard library's ``sqlite3`` in a temporary file that ``render/files.py`` renames
into place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from datetime import datetime
from pathlib import Path
from typing import Any

from clusterctl import __version__, model
from clusterctl.catalog import spec
from clusterctl.catalog.index import Catalog
from clusterctl.dates import DateRange, PartialDate
from clusterctl.errors import OutputError
from clusterctl.lazyclass import dataclass

LAYOUT_VERSION = 1  # PRAGMA user_version: bumped when a table or column changes meaning
LICENCE = "MIT"
LICENCE_URL = "https://spdx.org/licenses/MIT.html"
LICENCE_NOTE = (
    "The catalog ships with clusterctl under the MIT licence; the documents it cites belong "
    "to their publishers."
)
TITLE = "Korean innovation clusters"
DESCRIPTION = (
    "Korean innovation clusters, the policies and milestones that shaped them, and the "
    "foreign clusters Korea benchmarks against: a hand-curated catalog in which every "
    "cluster, milestone and policy cites its sources. Exported by clusterctl."
)
FTS_TABLE = "entities_fts"
# Korean writes compounds without spaces (대덕연구개발특구), which a word tokenizer keeps as
# one token: every run of this many Hangul syllables or more inside a word is indexed too.
_SYLLABLES = re.compile("[\uac00-\ud7a3]{2,}")
_LONGEST_RUN = 16  # a longer run is indexed by its substrings up to this length

Row = tuple[Any, ...]
Rows = Callable[[Catalog], Iterable[Row]]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql_type: str  # TEXT, DATE, INTEGER, REAL or NUMERIC
    description: str
    required: bool = False
    references: str | None = None  # the table whose id this column holds


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its columns, key, what Datasette labels its rows with, and its rows."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Rows = field(compare=False, repr=False)
    label: str | None = None
    composite: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()  # (cols, table, cols)
    indexed: tuple[str, ...] = ()  # more columns worth an index (date bounds)


# --- layout -----------------------------------------------------------------------------------

_PLURAL = {entity_type: section for section, entity_type in model.SECTIONS.items()}
_TEXT_KINDS = frozenset({"id", "text", "choice", "country", "language", "url"})
_NUMBER_TYPES = {"integer": "INTEGER", "number": "NUMERIC"}


def table_of(entity_type: str) -> str:
    """The table holding records of ``entity_type`` (``cluster`` → ``clusters``)."""
    return _PLURAL.get(entity_type, f"{entity_type}s")


def _id_column(entity_type: str) -> str:
    return f"{entity_type}_id"


def _partial(when: Any) -> tuple[str | None, str | None, str | None]:
    if not isinstance(when, (PartialDate, DateRange)):
        return None, None, None
    return str(when), when.earliest.isoformat(), when.latest.isoformat()


def _date_columns(name: str, description: str, required: bool) -> list[Column]:
    return [
        Column(
            name,
            "TEXT",
            f"{description} (a partial date: YYYY, YYYY-MM, YYYY-MM-DD or a range START/END)",
            required,
        ),
        Column(f"{name}_start", "DATE", f"the first day {name} covers (ISO date)", required),
        Column(f"{name}_end", "DATE", f"the last day {name} covers (ISO date)", required),
    ]


def _scalar_columns(entity_type: str) -> list[tuple[Column, Callable[[Any], Any]]]:
    """The columns of an entity type's own table, each with how to read it from a record."""
    fields = spec.FIELDS[entity_type]
    out: list[tuple[Column, Callable[[Any], Any]]] = []
    for name in model.field_names(model.ENTITY_TYPES[entity_type]):
        if name == "mark":
            continue
        fs = fields[name]
        if name == "id":
            out.append((Column("id", "TEXT", fs.description, True), lambda e: e.id))
        elif fs.kind in _TEXT_KINDS:
            out.append((Column(name, "TEXT", fs.description, fs.required), _getter(name)))
        elif fs.kind == "ref":
            target = table_of(fs.target or "")
            column = Column(name, "TEXT", fs.description, fs.required, references=target)
            out.append((column, _getter(name)))
        elif fs.kind == "date":
            for index, column in enumerate(_date_columns(name, fs.description, fs.required)):
                out.append((column, _date_part(name, index)))
        elif fs.kind == "location":
            for part, part_spec in spec.LOCATION_FIELDS.items():
                column = Column(part, "REAL", part_spec.description)
                out.append((column, _location_part(name, part)))
        elif fs.kind in _NUMBER_TYPES:
            out.append((Column(name, _NUMBER_TYPES[fs.kind], fs.description), _getter(name)))
        # refs, texts, figures and rankings are lists: tables of their own
    return out


def _getter(name: str) -> Callable[[Any], Any]:
    return lambda entity: getattr(entity, name, None)


def _date_part(name: str, index: int) -> Callable[[Any], Any]:
    return lambda entity: _partial(getattr(entity, name, None))[index]


def _location_part(name: str, part: str) -> Callable[[Any], Any]:
    def get(entity: Any) -> Any:
        location = getattr(entity, name, None)
        return getattr(location, part) if location is not None else None

    return get


def _entity_table(section: str, entity_type: str) -> Table:
    plan = _scalar_columns(entity_type)
    columns = tuple(column for column, _ in plan)
    getters = [get for _, get in plan]

    def rows(catalog: Catalog) -> Iterator[Row]:
        for entity in catalog.of_type(entity_type):
            yield tuple(get(entity) for get in getters)

    names = {c.name for c in columns}
    label = "name" if "name" in names else "title" if "title" in names else None
    starts = tuple(c.name for c in columns if c.sql_type == "DATE" and c.name.endswith("_start"))
    return Table(section, f"{section.capitalize()}: one row per {entity_type}.", columns, ("id",),
                 rows, label, indexed=starts)  # fmt: skip


def _owners(kind: str, name: str) -> list[str]:
    """The entity types that have a list field ``name`` of ``kind``."""
    return [t for t, fields in spec.FIELDS.items() if (f := fields.get(name)) and f.kind == kind]


def _owner(kind: str, name: str) -> tuple[str, str, list[str]]:
    """Owner column and table of a list field's own table: the entity type's when only one
    type has the field, ``entities`` when several do."""
    owners = _owners(kind, name)
    if len(owners) == 1:
        return _id_column(owners[0]), table_of(owners[0]), owners
    return "entity_id", "entities", owners


def _junction(entity_type: str, name: str, fs: spec.FieldSpec) -> Table:
    owner = _id_column(entity_type)
    target_type = fs.target or ""
    target = _id_column(target_type) if target_type != entity_type else f"{name}_id"
    columns = (
        Column(owner, "TEXT", f"the {entity_type}", True, table_of(entity_type)),
        Column("ordinal", "INTEGER", f"place in the {entity_type}'s {name} list, from 1", True),
        Column(target, "TEXT", fs.description, True, table_of(target_type)),
    )

    def rows(catalog: Catalog) -> Iterator[Row]:
        for entity in catalog.of_type(entity_type):
            for ordinal, item in enumerate(getattr(entity, name, ()), 1):
                yield entity.id, ordinal, item

    title = f"{entity_type.capitalize()} {name.replace('_', ' ')}: {fs.description}."
    return Table(f"{entity_type}_{name}", title, columns, (owner, "ordinal"), rows)


def _aliases() -> Table:
    owner, references, owners = _owner("texts", "aliases")
    columns = (
        Column(owner, "TEXT", "whose alias it is", True, references),
        Column("ordinal", "INTEGER", "place in the record's aliases, from 1", True),
        Column("alias", "TEXT", spec.FIELDS[owners[0]]["aliases"].description, True),
    )

    def rows(catalog: Catalog) -> Iterator[Row]:
        for entity_type in owners:
            for entity in catalog.of_type(entity_type):
                for ordinal, alias in enumerate(getattr(entity, "aliases", ()), 1):
                    yield entity.id, ordinal, alias

    return Table("aliases", "Other names people use for a record.", columns,
                 (owner, "ordinal"), rows, "alias")  # fmt: skip


def _item_columns(fields: dict[str, spec.FieldSpec]) -> list[tuple[Column, Callable[[Any], Any]]]:
    """Columns of a figure or a ranking (its refs aside), with how to read each."""
    out: list[tuple[Column, Callable[[Any], Any]]] = []
    for name, fs in fields.items():
        if fs.kind == "date":
            for index, column in enumerate(_date_columns(name, fs.description, fs.required)):
                out.append((column, _date_part(name, index)))
        elif fs.kind in _NUMBER_TYPES:
            column = Column(name, _NUMBER_TYPES[fs.kind], fs.description, fs.required)
            out.append((column, _getter(name)))
        elif fs.kind != "refs":
            out.append((Column(name, "TEXT", fs.description, fs.required), _getter(name)))
    return out


def _items(name: str, kind: str, fields: dict[str, spec.FieldSpec], label: str) -> Table:
    owner, references, owners = _owner(kind, name)
    plan = _item_columns(fields)
    columns = (
        Column(owner, "TEXT", "whose it is", True, references),
        Column("ordinal", "INTEGER", f"place in the record's {name}, from 1", True),
        *(column for column, _ in plan),
    )

    def rows(catalog: Catalog) -> Iterator[Row]:
        for entity_type in owners:
            for entity in catalog.of_type(entity_type):
                for ordinal, item in enumerate(getattr(entity, name, ()), 1):
                    yield (entity.id, ordinal, *(get(item) for _, get in plan))

    description = spec.FIELDS[owners[0]][name].description
    return Table(name, f"{name.capitalize()}: {description}.", columns, (owner, "ordinal"),
                 rows, label)  # fmt: skip


def _ranking_sources() -> Table:
    owner, _, owners = _owner("rankings", "rankings")
    columns = (
        Column(owner, "TEXT", "whose ranking it is", True),
        Column("ranking_ordinal", "INTEGER", "which of its rankings (rankings.ordinal)", True),
        Column("ordinal", "INTEGER", "place in the ranking's sources, from 1", True),
        Column("source_id", "TEXT", spec.RANKING_FIELDS["sources"].description, True, "sources"),
    )

    def rows(catalog: Catalog) -> Iterator[Row]:
        for entity_type in owners:
            for entity in catalog.of_type(entity_type):
                for number, ranking in enumerate(getattr(entity, "rankings", ()), 1):
                    for ordinal, source in enumerate(ranking.sources, 1):
                        yield entity.id, number, ordinal, source

    composite = (((owner, "ranking_ordinal"), "rankings", (owner, "ordinal")),)
    return Table("ranking_sources", "Sources for each ranking.", columns,
                 (owner, "ranking_ordinal", "ordinal"), rows, composite=composite)  # fmt: skip


def _entities() -> Table:
    columns = (
        Column("id", "TEXT", "the record's id, unique across the catalog", True),
        Column("type", "TEXT", "its type: the table it is in, in the singular", True),
        Column("label", "TEXT", "its name or title", True),
    )

    def rows(catalog: Catalog) -> Iterator[Row]:
        for entity_type in model.SECTIONS.values():
            for entity in catalog.of_type(entity_type):
                yield entity.id, entity.type, entity.label

    return Table("entities", "Every record of the catalog: its id, type and label.", columns,
                 ("id",), rows, "label")  # fmt: skip


def tables() -> list[Table]:
    """Every table, parents before children, in the order they are created and filled."""
    out = [_entities()]
    out += [_entity_table(section, t) for section, t in model.SECTIONS.items()]
    for entity_type in model.SECTIONS.values():
        for name in model.field_names(model.ENTITY_TYPES[entity_type]):
            fs = spec.FIELDS[entity_type].get(name)
            if fs is not None and fs.kind == "refs":
                out.append(_junction(entity_type, name, fs))
    if _owners("texts", "aliases"):
        out.append(_aliases())
    if _owners("figures", "figures"):
        out.append(_items("figures", "figures", spec.FIGURE_FIELDS, "label"))
    if _owners("rankings", "rankings"):
        out.append(_items("rankings", "rankings", spec.RANKING_FIELDS, "ranking"))
        out.append(_ranking_sources())
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_statements(table: Table) -> list[str]:
    """``CREATE TABLE`` and its ``CREATE INDEX`` statements."""
    lines = []
    for column in table.columns:
        line = f"  {_quote(column.name)} {column.sql_type}"
        if column.required:
            line += " NOT NULL"
        if column.references:
            line += f" REFERENCES {_quote(column.references)}(id) DEFERRABLE INITIALLY DEFERRED"
        lines.append(line)
    lines.append(f"  PRIMARY KEY ({', '.join(_quote(c) for c in table.primary_key)})")
    for columns, parent, keys in table.composite:
        lines.append(
            f"  FOREIGN KEY ({', '.join(_quote(c) for c in columns)}) REFERENCES "
            f"{_quote(parent)}({', '.join(_quote(c) for c in keys)}) "
            "DEFERRABLE INITIALLY DEFERRED"
        )
    statements = [f"CREATE TABLE {_quote(table.name)} (\n" + ",\n".join(lines) + "\n)"]
    indexed = [c.name for c in table.columns if c.references and c.name != table.primary_key[0]]
    indexed += [c for c in table.indexed if c not in indexed]
    for name in indexed:
        index = _quote(f"{table.name}_{name}")
        statements.append(f"CREATE INDEX {index} ON {_quote(table.name)}({_quote(name)})")
    return statements


# --- full text --------------------------------------------------------------------------------


def hangul_runs(texts: Iterable[str]) -> str:
    """Every run of two or more Hangul syllables inside the words of ``texts`` (up to
    ``_LONGEST_RUN`` long), space-separated: what lets ``대덕`` find 대덕연구개발특구."""
    found: dict[str, None] = {}
    for text in texts:
        for word in _SYLLABLES.findall(text):
            for start in range(len(word) - 1):
                for end in range(start + 2, min(len(word), start + _LONGEST_RUN) + 1):
                    found[word[start:end]] = None
    return " ".join(found)


def _fts_rows(catalog: Catalog) -> Iterator[Row]:
    rowid = 0
    for entity_type in model.SECTIONS.values():
        for entity in catalog.of_type(entity_type):
            rowid += 1
            name_ko = getattr(entity, "name_ko", None)
            aliases = "; ".join(getattr(entity, "aliases", ()))
            summary = getattr(entity, "summary", None)
            texts = [t for t in (entity.label, name_ko, aliases, summary) if t]
            yield (
                rowid,
                entity.id,
                entity.type,
                entity.label,
                name_ko,
                aliases,
                summary,
                (hangul_runs(texts)),
            )


FTS_COLUMNS = ("id", "type", "name", "name_ko", "aliases", "summary", "hangul")
FTS_DESCRIPTIONS = {
    "id": "the record's id (entities.id; the rowid is entities' rowid)",
    "type": "its type",
    "name": "its name or title",
    "name_ko": "its Korean name",
    "aliases": "its aliases, joined with '; '",
    "summary": "its summary",
    "hangul": "every run of two or more Hangul syllables inside its Korean words, so that "
    "대덕 finds 대덕연구개발특구 (Korean compounds have no spaces)",
}


def _create_fts(connection: Any) -> bool:
    """Create and fill the FTS5 index; False when this SQLite has no FTS5."""
    import sqlite3

    columns = ", ".join(f"{c} UNINDEXED" if c in ("id", "type") else c for c in FTS_COLUMNS)
    try:
        connection.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({columns}, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc).lower():
            return False
        raise
    return True


def fts_available() -> bool:
    """Does this Python's SQLite have FTS5?"""
    import sqlite3

    connection = sqlite3.connect(":memory:")
    try:
        return _create_fts(connection)
    finally:
        connection.close()


# --- writing ----------------------------------------------------------------------------------


def metadata_rows(catalog: Catalog, generated_at: datetime, full_text: bool) -> list[Row]:
    from clusterctl.catalog.build import SCHEMA_VERSION

    return [
        ("catalog_version", catalog.catalog_version or ""),
        ("schema_version", str(SCHEMA_VERSION)),
        ("layout_version", str(LAYOUT_VERSION)),
        ("generated_at", generated_at.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("generator", f"clusterctl {__version__}"),
        ("licence", LICENCE),
        ("licence_note", LICENCE_NOTE),
        ("full_text", FTS_TABLE if full_text else "none: this SQLite has no FTS5"),
    ]


def write_database(catalog: Catalog, path: Path, generated_at: datetime) -> bool:
    """Build the database in the (new, empty) file at ``path``; return whether it has the
    full-text index (it does wherever this Python's SQLite has FTS5)."""
    import sqlite3

    try:
        return _build(catalog, path, generated_at)
    except sqlite3.OperationalError as exc:
        # What SQLite says when the file system refuses a write (SQLITE_FULL, SQLITE_IOERR):
        # an output error, as a full disk is for every other file.
        if str(exc).startswith(("database or disk is full", "disk I/O error")):
            raise OutputError(f"cannot write output: {exc}") from None
        raise


def _build(catalog: Catalog, path: Path, generated_at: datetime) -> bool:
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # A temporary file that is renamed into place whole: no journal is needed, and a
        # failure anywhere leaves only the temporary, which is removed.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN")
        for table in tables():
            for statement in create_statements(table):
                connection.execute(statement)
            marks = ", ".join("?" for _ in table.columns)
            connection.executemany(
                f"INSERT INTO {_quote(table.name)} VALUES ({marks})", table.rows(catalog)
            )
        full_text = _create_fts(connection)
        if full_text:
            marks = ", ".join("?" for _ in range(len(FTS_COLUMNS) + 1))
            connection.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(FTS_COLUMNS)}) VALUES ({marks})",
                _fts_rows(catalog),
            )
            connection.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        connection.execute(
            'CREATE TABLE metadata (\n  "key" TEXT NOT NULL PRIMARY KEY,\n  "value" TEXT\n)'
        )
        connection.executemany(
            "INSERT INTO metadata VALUES (?, ?)", metadata_rows(catalog, generated_at, full_text)
        )
        connection.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")
        connection.execute("COMMIT")  # deferred foreign keys are checked here
        connection.execute("VACUUM")  # the pages FTS5's optimize freed
    finally:
        connection.close()
    return full_text


# --- Datasette --------------------------------------------------------------------------------

FACETS = {
    "clusters": ["kind", "country", "region", "status"],
    "milestones": ["kind"],
    "policies": ["kind"],
    "actors": ["kind", "country"],
    "sources": ["kind", "language"],
}


def datasette_metadata(catalog: Catalog, database: str, full_text: bool) -> dict[str, Any]:
    """Datasette's ``metadata.json`` for the database named ``database`` (its file name
    without the suffix): titles, descriptions, each table's label column (so a foreign key
    shows the name it points at), sort orders, facets and the full-text table."""
    version = catalog.catalog_version
    described: dict[str, Any] = {}
    for table in tables():
        entry: dict[str, Any] = {"description": table.description}
        if table.label:
            entry["label_column"] = table.label
        entry["columns"] = {c.name: c.description for c in table.columns}
        described[table.name] = entry
    described["entities"]["facets"] = ["type"]
    for name, facets in FACETS.items():
        if name in described:
            described[name]["facets"] = facets
    if "milestones" in described:
        described["milestones"]["sort"] = "date_start"
    if full_text:
        described["entities"]["fts_table"] = FTS_TABLE
        described["entities"]["fts_pk"] = "rowid"
        described[FTS_TABLE] = {
            "description": "Full-text index (FTS5) over names, titles, aliases and summaries.",
            "columns": dict(FTS_DESCRIPTIONS),
        }
    described["metadata"] = {
        "description": "About this file: catalog version, when and by what it was generated, "
        "licence.",
        "columns": {"key": "what", "value": "its value"},
    }
    return {
        "title": TITLE,
        "description": DESCRIPTION + (f" Catalog version {version}." if version else ""),
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "source": "clusterctl catalog" + (f" {version}" if version else ""),
        "databases": {database: {"description": DESCRIPTION, "tables": described}},
    }
