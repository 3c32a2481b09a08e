"""Whole-catalog exports for other tools: JSON, YAML, CSV, GeoJSON, iCalendar and SQLite.

JSON and YAML exports are catalogs themselves (they pass ``clusterctl validate``). Files are
whole or absent (``render/files.py``): written to temporaries, renamed into place only when
every one is complete.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

from clusterctl import model
from clusterctl.catalog import spec
from clusterctl.catalog.index import Catalog
from clusterctl.dates import DateRange, PartialDate, Precision
from clusterctl.errors import OutputError, UsageError, suggestion_hint
from clusterctl.render import files
from clusterctl.render.records import catalog_record, put
from clusterctl.render.results import ListResult
from clusterctl.render.safe import visible
from clusterctl.render.structured import dump_yaml, dumps_json
from clusterctl.render.tabular import write_csv

EXPORT_FORMATS = ("json", "yaml", "csv", "geojson", "ics", "sqlite")


def catalog_document(catalog: Catalog) -> dict[str, Any]:
    """The whole catalog in its own file shape, as a curator writes it: sections of records
    without ``type``, absent values left out (``records.catalog_record``)."""
    document: dict[str, Any] = {"schema_version": spec.SCHEMA_VERSION}
    if catalog.catalog_version is not None:
        document["catalog_version"] = catalog.catalog_version
    for section, entity_type in model.SECTIONS.items():
        document[section] = [catalog_record(entity) for entity in catalog.of_type(entity_type)]
    return document


def write_json(catalog: Catalog, out: IO[str]) -> None:
    out.write(dumps_json(catalog_document(catalog)))
    out.write("\n")


def write_yaml(catalog: Catalog, out: IO[str]) -> None:
    out.write("# Exported by clusterctl; a catalog in its own right (clusterctl validate).\n")
    dump_yaml(catalog_document(catalog), out)


def geojson(catalog: Catalog) -> dict[str, Any]:
    """RFC 7946: clusters with a location as Points, ``[longitude, latitude]``."""
    features = []
    for cluster in catalog.clusters():
        if cluster.location is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": cluster.id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [cluster.location.lon, cluster.location.lat],
                },
                "properties": {
                    "id": cluster.id,
                    "name": cluster.name,
                    "name_ko": cluster.name_ko,
                    "kind": cluster.kind,
                    "country": cluster.country,
                    "region": cluster.region,
                    "industries": list(cluster.industries),
                    **_dated("established", cluster.established),
                    "status": cluster.status,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _dated(name: str, when: PartialDate | DateRange | None) -> dict[str, Any]:
    """A partial date and its bounds, as every record carries them (``records.put``)."""
    record: dict[str, Any] = {}
    put(record, name, when)
    return record


def write_geojson(catalog: Catalog, out: IO[str]) -> None:
    out.write(dumps_json(geojson(catalog)))
    out.write("\n")


# --- iCalendar (RFC 5545) --------------------------------------------------------------------


def _ics_text(text: str) -> str:
    """Escape TEXT values: backslash, semicolon, comma, and line breaks; control and invisible
    characters are shown as escapes (``visible``), as in every text format."""
    cleaned = visible(text, keep_newlines=True).replace("\t", " ")
    return (
        cleaned.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _span(milestone: model.Milestone) -> tuple[date, date, str | None]:
    """All-day bounds (end exclusive) and, when the day is not known, a note saying so."""
    when = milestone.date
    start = when.earliest
    try:
        end = when.latest + timedelta(days=1)
    except OverflowError:  # the day after 31 Dec 9999
        raise OutputError(
            f"cannot export milestone {milestone.id!r} to iCalendar: it runs to the end of "
            f"year 9999, and iCalendar has no date for the day after (its DTEND)"
        ) from None
    precision = when.precision
    if isinstance(when, DateRange):
        note = None
        if precision is not Precision.DAY:
            note = f"Known only as {when.display()}; the event spans that whole period."
        return start, end, note
    if isinstance(when, PartialDate) and precision is Precision.MONTH:
        return (
            start,
            end,
            f"Date known to the month only ({when.display()}); the event spans the whole month.",
        )
    if precision is Precision.YEAR:
        return (
            start,
            end,
            f"Date known to the year only ({when.display()}); the event spans the whole year.",
        )
    return start, end, None


def _ics_date(day: date) -> str:
    """RFC 5545 DATE: YYYYMMDD, the year zero-padded (``%Y`` gives ``999`` for 999)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# The moments a stamp can hold: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z (iCalendar's
# range, and Python's).
_EPOCH_RANGE = (-62_135_596_800, 253_402_300_799)


def generated_at(writer: str = "this output") -> datetime:
    """When a file is generated: now, or SOURCE_DATE_EPOCH for reproducible builds.

    The reproducible-builds spec asks for an error when the value is malformed, rather than
    a silent fall back to the clock; an empty value counts as unset. ``writer`` names what
    cannot write a moment outside the years 0001 to 9999, for that error.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch:
        return datetime.now(tz=timezone.utc).replace(microsecond=0)
    if re.fullmatch(r"-?[0-9]+", epoch, re.ASCII) is None:
        raise UsageError(
            f"SOURCE_DATE_EPOCH: {epoch!r} is not a whole number of seconds since 1970"
        )
    low, high = _EPOCH_RANGE
    if len(epoch.lstrip("-").lstrip("0")) > 12 or not low <= int(epoch) <= high:
        raise UsageError(
            f"SOURCE_DATE_EPOCH: {epoch} is out of range: {writer} can only write "
            "moments in the years 0001 to 9999"
        )
    return _EPOCH + timedelta(seconds=int(epoch))


def _stamp() -> str:
    """DTSTAMP: see ``generated_at``."""
    moment = generated_at("iCalendar")
    return f"{_ics_date(moment.date())}T{moment:%H%M%S}Z"


def write_ics(catalog: Catalog, out: IO[str]) -> None:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//clusterctl//Korean innovation cluster milestones//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:clusterctl milestones",
    ]
    stamp = _stamp()
    for milestone in sorted(catalog.milestones(), key=lambda m: (m.date.earliest, m.id)):
        start, end, note = _span(milestone)
        description = []
        if note:
            description.append(note)
        if milestone.summary:
            description.append(milestone.summary)
        sources = [catalog.get(s, model.Source) for s in milestone.sources]
        cited = [
            f"{s.publisher}: {s.title}" + (f" <{s.url}>" if s.url else "") for s in sources if s
        ]
        if cited:
            description.append("Sources: " + "; ".join(cited))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{milestone.id}@clusterctl",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_ics_date(start)}",
            f"DTEND;VALUE=DATE:{_ics_date(end)}",
            f"SUMMARY:{_ics_text(milestone.title)}",
            f"CATEGORIES:{_ics_text(milestone.kind)}",
        ]
        if description:
            lines.append("DESCRIPTION:" + _ics_text("\n\n".join(description)))
        if milestone.venue:
            lines.append("LOCATION:" + _ics_text(milestone.venue))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    out.write("".join(_fold(line) + "\r\n" for line in lines))


# --- output ----------------------------------------------------------------------------------


WRITERS: dict[str, Callable[[Catalog, IO[str]], None]] = {
    "json": write_json,
    "yaml": write_yaml,
    "geojson": write_geojson,
    "ics": write_ics,
}


def _csv_of(
    catalog: Catalog, entity_type: str, lists: str = "join"
) -> Callable[[Catalog, IO[str]], None]:
    def write(cat: Catalog, out: IO[str]) -> None:
        entities = tuple(cat.of_type(entity_type))
        write_csv(ListResult(entity_type, entities, cat, csv_lists=lists), out)

    return write


def _sqlite(catalog: Catalog, output: str | Path | None, datasette: bool) -> list[Path]:
    """The database at ``output`` and, with ``datasette``, Datasette's metadata beside it
    (``NAME.metadata.json`` for ``NAME.db``): both, or neither."""
    from clusterctl.render import database
    from clusterctl.render.formats import note

    if output is None:
        raise UsageError(
            "-o sqlite writes a database file: give it with --output FILE",
            ["for example: clusterctl export -o sqlite --output catalog.db"],
        )
    target = files.check_file(str(output), "--output")
    moment = generated_at("SQLite export")
    full_text = database.fts_available()

    def write_db(path: Path) -> None:
        database.write_database(catalog, path, moment)

    planned: list[tuple[files.Target, files.Writer]] = [(target, files.PathWriter(write_db))]
    shown = Path(target.shown)
    stem = shown.stem  # the name Datasette gives the database
    if datasette:
        beside = shown.with_name(f"{stem}.metadata.json")
        meta_target = files.check_file(str(beside), "--datasette")
        metadata = database.datasette_metadata(catalog, stem, full_text)

        def write_metadata(out: IO[str]) -> None:
            out.write(dumps_json(metadata))
            out.write("\n")

        planned.append((meta_target, write_metadata))
    files.write_files(planned)
    if not full_text:
        note("this Python's SQLite has no FTS5: the database has no full-text index")
    return [Path(t.shown) for t, _ in planned]


def entity_type_named(text: str) -> str:
    """The entity type ``--type`` names, singular or plural (``cluster``, ``clusters``), in
    any case: the plural is what ``--output-dir`` names its files after."""
    wanted = text.strip().lower()
    found = model.SECTIONS.get(wanted, wanted)
    if found not in model.ENTITY_TYPES:
        names = [name for pair in model.SECTIONS.items() for name in pair[::-1]]
        raise UsageError(
            f"--type: {text!r} is not an entity type",
            [*suggestion_hint(wanted, names), "types: " + ", ".join(model.ENTITY_TYPES)],
        )
    return found


def export(
    catalog: Catalog,
    fmt: str,
    output: str | Path | None,
    output_dir: str | Path | None,
    entity_type: str | None,
    csv_lists: str = "join",
    datasette: bool = False,
) -> list[Path]:
    """Write the export; return the files written (none when writing to stdout).

    Every path is checked before anything is written, and files are whole or absent; a
    directory for ``output_dir`` is made if its parent exists.
    """
    if datasette and fmt != "sqlite":
        raise UsageError("--datasette is for -o sqlite: it describes the database for Datasette")
    if fmt == "sqlite":
        if output_dir is not None or entity_type is not None:
            raise UsageError("--output-dir and --type are for CSV exports")
        return _sqlite(catalog, output, datasette)
    if fmt == "csv":
        if (output_dir is None) == (entity_type is None):
            raise UsageError(
                "CSV export needs either --type TYPE (one kind, to stdout or --output) or "
                "--output-dir DIR (one file per kind)"
            )
        if output_dir is not None:
            if output is not None:
                raise UsageError("--output and --output-dir can't be used together")
            folder = files.check_directory(str(output_dir), "--output-dir", create=True)
            planned = [
                (
                    files.check_file(str(folder / f"{section}.csv"), "--output-dir"),
                    _bound(_csv_of(catalog, kind, csv_lists), catalog),
                )
                for section, kind in model.SECTIONS.items()
            ]
            files.write_files(planned, folder)
            return [Path(target.shown) for target, _ in planned]
        writer = _csv_of(catalog, entity_type_named(entity_type or "cluster"), csv_lists)
    else:
        if output_dir is not None or entity_type is not None:
            raise UsageError("--output-dir and --type are for CSV exports")
        writer = WRITERS[fmt]
    if output is not None:
        target = files.check_file(str(output), "--output")
        files.write_files([(target, _bound(writer, catalog))])
        return [Path(target.shown)]
    from clusterctl.render.formats import write_stdout

    # Whole, then written once: an encoding stdout cannot show, or a full disk, then leaves
    # nothing half-written behind the error.
    buffer = io.StringIO(newline="")
    writer(catalog, buffer)
    if fmt == "ics" and sys.stdout is not None:
        sys.stdout.reconfigure(newline="")  # type: ignore[union-attr]  # stdout is a TextIOWrapper
    write_stdout(buffer.getvalue())
    return []


def _bound(
    writer: Callable[[Catalog, IO[str]], None], catalog: Catalog
) -> Callable[[IO[str]], None]:
    return lambda out: writer(catalog, out)
