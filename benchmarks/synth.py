"""Synthetic catalogs for scale benchmarks: the shipped catalog with its milestones repeated.

Usage: python benchmarks/synth.py FACTOR OUT.yaml [--source catalog.yaml]

The output keeps every section of the source catalog (sources, regions, industries, actors,
policies, clusters) once and repeats its milestones FACTOR times, the growth axis. Copy 0 is
the original text; copy k >= 1 of milestone ID is ``ID-xK``, with the same references and
text, and its date moved back by ``k mod 60`` years (at the same precision; both ends of a
range move together, and a 29 February only ever moves by whole leap cycles), so the copies
spread over time like a long-lived catalog would. With the 160 shipped milestones,
:data:`LADDER`'s top step gives about 100,000.

Generation works on the YAML text: each milestone's block is copied verbatim with its ``id``
and ``date`` lines rewritten, so comments, folded scalars and quoting stay exactly as curated
and a 100,000-milestone file takes well under a second. The result is a valid catalog on its own:
``clusterctl --no-builtin --catalog OUT.yaml validate`` exits 0.

The first line of the output records the factor and the source's SHA-256, so callers can
reuse a file generated earlier (:func:`ensure`).
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "catalog.yaml"
TARGET_MILESTONES = 100_000
YEAR_SPREAD = 60
HEADER = "# clusterctl synthetic catalog: factor={factor} source-sha256={digest}\n"

_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*:", re.MULTILINE)
_BLOCK_START = re.compile(r"^  - id: ", re.MULTILINE)
_ID_LINE = re.compile(r"\A  - id: (?P<q>['\"]?)(?P<id>[a-z0-9-]+)(?P=q)[ \t]*$", re.MULTILINE)
_DATE_LINE = re.compile(r"^    date: (?P<q>['\"]?)(?P<date>[0-9/-]+)(?P=q)[ \t]*$", re.MULTILINE)
_DATE = re.compile(r"\A(?P<year>\d{4})(?P<rest>(?:-\d{2}(?:-\d{2})?)?)\Z")


@dataclass(frozen=True)
class _Block:
    """One milestone's YAML text, cut around its id and date values."""

    before_id: str
    ident: str
    id_to_date: str
    date: str
    after_date: str

    def render(self, copy: int) -> str:
        if copy == 0:
            return f"{self.before_id}{self.ident}{self.id_to_date}{self.date}{self.after_date}"
        return (
            f"{self.before_id}{self.ident}-x{copy}{self.id_to_date}"
            f"{shift_date(self.date, copy % YEAR_SPREAD)}{self.after_date}"
        )


def _shift_one(date: str, years: int) -> str:
    match = _DATE.match(date)
    if match is None:
        raise ValueError(f"unsupported milestone date {date!r}")
    year = int(match["year"]) - years
    if not 1 <= year <= 9999:
        raise ValueError(f"date {date!r} moved {years} years is out of range")
    return f"{year:04d}{match['rest']}"


def shift_date(date: str, years: int) -> str:
    """``date`` (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a ``/`` range) moved back ``years``.

    A 29 February moves by whole leap cycles only (``years`` rounded down to a multiple of 4),
    so it stays a real day and a range keeps its length and order.
    """
    if "-02-29" in date:
        years -= years % 4
    shifted = "/".join(_shift_one(part, years) for part in date.split("/"))
    for part in shifted.split("/"):
        if part.endswith("-02-29") and not calendar.isleap(int(part[:4])):
            raise ValueError(f"date {date!r} moved {years} years is not a real day")
    return shifted


def _split(text: str) -> tuple[str, list[_Block], str]:
    """The text before the milestone blocks, the blocks, and the text after them."""
    section = re.search(r"^milestones:[ \t]*\n", text, re.MULTILINE)
    if section is None:
        raise ValueError("the catalog has no top-level 'milestones:' section")
    body_start = section.end()
    following = _TOP_KEY.search(text, body_start)
    body_end = following.start() if following else len(text)
    body = text[body_start:body_end]
    starts = [m.start() for m in _BLOCK_START.finditer(body)]
    if not starts:
        raise ValueError("the milestones section has no '  - id:' entries")
    head = text[: body_start + starts[0]]
    blocks = []
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        chunk = body[start:end]
        id_match = _ID_LINE.search(chunk)
        date_matches = list(_DATE_LINE.finditer(chunk))
        if id_match is None or len(date_matches) != 1:
            first_line = chunk.splitlines()[0]
            raise ValueError(f"milestone block {first_line!r} needs one id and one date line")
        date_match = date_matches[0]
        blocks.append(
            _Block(
                before_id=chunk[: id_match.start("id")],
                ident=id_match["id"],
                id_to_date=chunk[id_match.end("id") : date_match.start("date")],
                date=date_match["date"],
                after_date=chunk[date_match.end("date") :],
            )
        )
    if not blocks[-1].after_date.endswith("\n"):
        blocks[-1] = _Block(
            blocks[-1].before_id,
            blocks[-1].ident,
            blocks[-1].id_to_date,
            blocks[-1].date,
            blocks[-1].after_date + "\n",
        )
    return head, blocks, text[body_end:]


def milestone_count(source: Path = SHIPPED) -> int:
    """How many milestones the catalog at ``source`` holds."""
    return len(_split(source.read_text(encoding="utf-8"))[1])


def ladder(source: Path = SHIPPED, target: int = TARGET_MILESTONES) -> tuple[int, ...]:
    """The growth factors 1, 10, 100 and the one that lands nearest ``target`` milestones."""
    top = max(1, round(target / milestone_count(source)))
    return tuple(sorted({1, 10, 100, top}))


def _digest(source: Path) -> str:
    return hashlib.sha256(source.read_bytes()).hexdigest()


def generate(factor: int, out: Path, source: Path = SHIPPED) -> int:
    """Write the synthetic catalog with ``factor`` copies of each milestone to ``out``.

    Returns the number of milestones written. The file is written next to ``out`` and then
    renamed over it, so a reader never sees half a catalog.
    """
    if factor < 1:
        raise ValueError("factor must be at least 1")
    text = source.read_text(encoding="utf-8")
    head, blocks, tail = _split(text)
    if text.startswith(HEADER.split("{", 1)[0]):
        head = head.split("\n", 1)[1]
    parts = [HEADER.format(factor=factor, digest=_digest(source)), head]
    for copy in range(factor):
        parts.extend(block.render(copy) for block in blocks)
    parts.append(tail)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_text("".join(parts), encoding="utf-8")
    partial.replace(out)
    return factor * len(blocks)


def ensure(factor: int, out: Path, source: Path = SHIPPED) -> int:
    """Like :func:`generate`, but reuse ``out`` if it was generated from the same source."""
    wanted = HEADER.format(factor=factor, digest=_digest(source))
    if out.is_file():
        with out.open(encoding="utf-8") as handle:
            if handle.readline() == wanted:
                return factor * milestone_count(source)
    return generate(factor, out, source)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("factor", type=int, help="copies of each milestone (1 = the source)")
    parser.add_argument("out", type=Path, help="where to write the catalog")
    parser.add_argument("--source", type=Path, default=SHIPPED, help="catalog to derive from")
    args = parser.parse_args(argv)
    count = generate(args.factor, args.out, args.source)
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {count:,} milestones, {size:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
