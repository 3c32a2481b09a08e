"""Whole-catalog exports for other tools: JSON, YAML, CSV, GeoJSON and iCalendar.

JSON and YAML exports are catalogs themselves (they pass ``clusterctl validate``). Files are
written atomically: a temporary file beside the target, renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

from clusterctl import model
from clusterctl.catalog.build import SCHEMA_VERSION
from clusterctl.catalog.index import Catalog
from clusterctl.dates import DateRange, PartialDate, Precision, When
from clusterctl.errors import UsageError
from clusterctl.render.records import to_record
from clusterctl.render.results import ListResult
from clusterctl.render.safe import visible
from clusterctl.render.structured import dump_yaml, dumps_json
from clusterctl.render.tabular import write_csv

EXPORT_FORMATS = ("json", "yaml", "csv", "geojson", "ics")


def catalog_document(catalog: Catalog) -> dict[str, Any]:
    """The whole catalog in its own file shape: sections of records without ``type``."""
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "catalog_version": catalog.catalog_version,
    }
    for section, entity_type in model.SECTIONS.items():
        records = []
        for entity in catalog.of_type(entity_type):
            record = to_record(entity, catalog)
            del record["type"]
            records.append(record)
        document[section] = records
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
                    "established": str(cluster.established) if cluster.established else None,
                    "status": cluster.status,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


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


def _span(when: When) -> tuple[date, date, str | None]:
    """All-day bounds (end exclusive) and, when the day is not known, a note saying so."""
    start, end = when.earliest, when.latest + timedelta(days=1)
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


def _stamp() -> str:
    """DTSTAMP: now, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        if epoch and epoch.isdigit()
        else datetime.now(tz=timezone.utc)
    )
    return moment.strftime("%Y%m%dT%H%M%SZ")


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
        start, end, note = _span(milestone.date)
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
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
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


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path``; rename it into place only on success.

    A symbolic link is followed, so the link stays and its target is replaced. A path that
    exists but is no regular file (/dev/null, /dev/stdout on a pipe, a FIFO) is written to
    directly: renaming over a device node would replace the device, not write to it.
    """
    newline = "" if path.suffix == ".ics" else None
    if path.exists() and not path.is_file():
        with path.open("w", encoding="utf-8", newline=newline) as out:
            yield out
        return
    if path.is_symlink():
        path = path.resolve()
    directory = path.parent if str(path.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise UsageError(f"--output: cannot write in {directory}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


WRITERS: dict[str, Callable[[Catalog, IO[str]], None]] = {
    "json": write_json,
    "yaml": write_yaml,
    "geojson": write_geojson,
    "ics": write_ics,
}


def _csv_of(catalog: Catalog, entity_type: str) -> Callable[[Catalog, IO[str]], None]:
    def write(cat: Catalog, out: IO[str]) -> None:
        write_csv(ListResult(entity_type, tuple(cat.of_type(entity_type)), cat), out)

    return write


def export(
    catalog: Catalog,
    fmt: str,
    output: Path | None,
    output_dir: Path | None,
    entity_type: str | None,
) -> list[Path]:
    """Write the export; return the files written (none when writing to stdout)."""
    if fmt == "csv":
        if (output_dir is None) == (entity_type is None):
            raise UsageError(
                "CSV export needs either --type TYPE (one kind, to stdout or --output) or "
                "--output-dir DIR (one file per kind)"
            )
        if output_dir is not None:
            if not output_dir.is_dir():
                raise UsageError(f"--output-dir: {output_dir} is not a directory")
            written = []
            for section, kind in model.SECTIONS.items():
                target = output_dir / f"{section}.csv"
                with atomic_file(target) as out:
                    _csv_of(catalog, kind)(catalog, out)
                written.append(target)
            return written
        writer = _csv_of(catalog, entity_type or "cluster")
    else:
        if output_dir is not None or entity_type is not None:
            raise UsageError("--output-dir and --type are for CSV exports")
        writer = WRITERS[fmt]
    if output is not None:
        with atomic_file(output) as out:
            writer(catalog, out)
        return [output]
    from clusterctl.render.formats import write_stdout

    # Whole, then written once: an encoding stdout cannot show, or a full disk, then leaves
    # nothing half-written behind the error.
    buffer = io.StringIO(newline="")
    writer(catalog, buffer)
    if fmt == "ics" and sys.stdout is not None:
        sys.stdout.reconfigure(newline="")  # type: ignore[union-attr]  # stdout is a TextIOWrapper
    write_stdout(buffer.getvalue())
    return []
