"""Turn one file's YAML nodes into records, typing each value by the field it belongs to.

Every problem becomes an Issue in the report; building goes on so that all problems in a file
are reported at once. References between entities are collected here and resolved by the
loader, which sees every file.
"""

from __future__ import annotations

import math
import re
from typing import Any, cast

from clusterctl import model
from clusterctl.catalog import spec, urls
from clusterctl.catalog.report import Issue, Severity, ValidationReport
from clusterctl.catalog.yamlio import Mapping, Node, Scalar, Sequence
from clusterctl.dates import DateRange, parse_when
from clusterctl.errors import DateError, did_you_mean
from clusterctl.lazyclass import dataclass

SCHEMA_VERSION = spec.SCHEMA_VERSION
# A file this broken is not a catalog: say so once rather than keep a million problems.
MAX_PROBLEMS = 1000
TOP_LEVEL_FIELDS = ("schema_version", "catalog_version", *model.SECTIONS)

_INT_RE = re.compile(r"[-+]?(0|[1-9][0-9]*(_[0-9]{3})*)")
_FLOAT_RE = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9]+([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_LEADING_ZERO_RE = re.compile(r"[-+]?0[0-9_]+(\.[0-9]*)?")
_PATTERNS = {
    "country": (re.compile(spec.COUNTRY_PATTERN), "an ISO 3166-1 alpha-2 code such as KR or US"),
    "language": (re.compile(spec.LANGUAGE_PATTERN), "a BCP 47 language tag such as en or ko"),
    "url": (re.compile(spec.URL_PATTERN), "an http:// or https:// address"),
}
_ID_RE = re.compile(spec.ID_PATTERN)
_LINE_RE = re.compile("[\t\n]")
_REGION_RE = re.compile(spec.REGION_PATTERN)
_KIND_NAMES = {Mapping: "a mapping", Sequence: "a list", Scalar: "a single value"}


@dataclass(frozen=True, slots=True)
class Reference:
    """One id written in one place, to be checked once every file is read."""

    source_type: str
    source_id: str
    field: str
    target: str
    value: str
    path: str
    line: int
    column: int


class _Skip(Exception):
    """Raised by a converter after it reported a problem with the value."""


class FileBuilder:
    """Builds the records of one catalog file, reporting into a shared report."""

    def __init__(self, path: str, report: ValidationReport) -> None:
        self.path = path
        self.report = report
        self.entities: list[model.Entity] = []
        self.catalog_version: str | None = None
        self.catalog_version_node: Node | None = None
        self.references: list[Reference] = []
        # ids seen, even on entities too broken to build: they still exist for references.
        self.declared: list[tuple[str, str, Scalar]] = []
        self.problems = 0

    def issue(
        self,
        code: str,
        message: str,
        node: Node,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems += 1
        if self.problems > MAX_PROBLEMS:
            return
        if self.problems == MAX_PROBLEMS:
            message = f"{message} (problem {MAX_PROBLEMS}: the rest of this file is not checked)"
        self.report.add(
            Issue(code, message, self.path, node.line, node.column, hint=hint, severity=severity)
        )

    # --- top level ----------------------------------------------------------------------

    def build(self, root: Node | None) -> None:
        if root is None or (isinstance(root, Scalar) and root.is_null):
            self.report.add(
                Issue(
                    "empty",
                    "the catalog is empty",
                    self.path,
                    1,
                    1,
                    hint="a catalog is a mapping of sections such as 'clusters:' and 'sources:'",
                )
            )
            return
        if not isinstance(root, Mapping):
            self.issue(
                "top-level",
                f"the top level is {_KIND_NAMES[type(root)]}; expected a mapping of sections",
                root,
                hint="start with section keys: " + ", ".join(model.SECTIONS),
            )
            return
        for key, value in root.items:
            if key.text == "schema_version":
                self._schema_version(value)
            elif key.text == "catalog_version":
                try:
                    version = self._convert(spec.FieldSpec("text", "version"), value, key.text)
                except _Skip:
                    continue
                self.catalog_version = version
                self.catalog_version_node = value
            elif key.text in model.SECTIONS:
                self._section(model.SECTIONS[key.text], key.text, value)
            else:
                self._unknown(key, TOP_LEVEL_FIELDS, "top-level section")

    def item(self, section: str, node: Node) -> None:
        """One entry of a top-level list, handed over while the file is still being read.

        Entries of an unknown section are dropped here; ``build`` reports the section.
        """
        entity_type = model.SECTIONS.get(section)
        if entity_type is not None and self.problems < MAX_PROBLEMS:
            self._entity(entity_type, node)

    def _schema_version(self, node: Node) -> None:
        try:
            version = self._integer(node, "schema_version")
        except _Skip:
            return
        if version != SCHEMA_VERSION:
            self.issue(
                "bad-value",
                f"schema_version {version} is not supported (this clusterctl reads "
                f"{SCHEMA_VERSION})",
                node,
                hint="upgrade clusterctl, or check the catalog's schema_version",
            )

    def _section(self, entity_type: str, section: str, node: Node) -> None:
        if isinstance(node, Scalar) and node.is_null:
            return
        if not isinstance(node, Sequence):
            self.issue(
                "top-level",
                f"section {section!r} is {_KIND_NAMES[type(node)]}; expected a list of entries",
                node,
                hint=f"write each entry as a list item: '{section}:' then '  - id: ...'",
            )
            return
        for item in node.items:
            self.item(section, item)

    def _unknown(self, key: Scalar, allowed: Any, what: str) -> None:
        close = did_you_mean(key.text, list(allowed))
        hint = f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(allowed)
        self.issue("unknown-field", f"unknown {what} {key.text!r}", key, hint=hint)

    # --- entities -----------------------------------------------------------------------

    def _entity(self, entity_type: str, node: Node) -> None:
        if not isinstance(node, Mapping):
            self.issue(
                "wrong-type",
                f"a {entity_type} entry is {_KIND_NAMES[type(node)]}; expected a mapping",
                node,
            )
            return
        fields = spec.FIELDS[entity_type]
        id_node = node.get("id")
        entity_id = self._entity_id(entity_type, id_node, node)
        values = self._mapping(node, fields, entity_type, entity_type, entity_id)
        if entity_id is None or values is None:
            return
        if entity_type == "era" and not self._era_dates(node, values):
            return
        cls = model.ENTITY_TYPES[entity_type]
        mark = model.Mark(self.path, node.line, node.column)
        self.entities.append(cls(**values, mark=mark))

    def _era_dates(self, node: Mapping, values: dict[str, Any]) -> bool:
        """An era starts and ends on one partial date each, and does not end before it
        starts (a handover on one day may end one era and start the next). Reports when not."""
        ok = True
        for name in ("start", "end"):
            when = values.get(name)
            if isinstance(when, DateRange):
                self.issue(
                    "bad-date",
                    f"{name}: an era's {name} is one date, not a range ({when})",
                    node.get(name) or node,
                    hint="write YYYY, YYYY-MM or YYYY-MM-DD, at the precision a source gives",
                )
                ok = False
        start, end = values.get("start"), values.get("end")
        if ok and start is not None and end is not None and end.latest < start.earliest:
            self.issue(
                "bad-date",
                f"end {end} is before start {start}",
                node.get("end") or node,
                hint="an era ends on or after the day it starts; check the two dates",
            )
            ok = False
        return ok

    def _entity_id(self, entity_type: str, id_node: Node | None, parent: Node) -> str | None:
        if id_node is None:
            self.issue("missing-field", f"{entity_type} entry has no 'id'", parent)
            return None
        if not isinstance(id_node, Scalar) or id_node.is_null:
            self.issue("wrong-type", "an id is a single value", id_node)
            return None
        text = id_node.text
        pattern, expected = (
            (_REGION_RE, "an ISO 3166-2 code such as KR-30 or a country code such as KR")
            if entity_type == "region"
            else (_ID_RE, "lowercase letters and digits joined by single hyphens")
        )
        if not pattern.fullmatch(text):
            self.issue("bad-id", f"id {text!r} is not valid; expected {expected}", id_node)
            return None
        self.declared.append((entity_type, text, id_node))
        return text

    def _mapping(
        self,
        node: Mapping,
        fields: dict[str, spec.FieldSpec],
        what: str,
        entity_type: str,
        entity_id: str | None,
        missing_code: str = "missing-field",
    ) -> dict[str, Any] | None:
        """Convert a mapping field by field; None when a required field is unusable."""
        values: dict[str, Any] = {}
        broken = False
        skipped: set[str] = set()
        for key, value in node.items:
            field_spec = fields.get(key.text)
            if field_spec is None:
                self._unknown(key, fields, f"{what} field")
                continue
            if key.text == "id":
                continue
            try:
                converted = self._convert(field_spec, value, key.text, entity_type, entity_id)
            except _Skip:
                broken = broken or field_spec.required
                skipped.add(key.text)
                continue
            # Empty text is no value, like null: a required field left "" is missing.
            if converted is not None and converted not in ((), ""):
                values[key.text] = converted
        for name, field_spec in fields.items():
            if name == "id" and "id" in fields:
                if entity_id is None and what == entity_type:
                    broken = True
                continue
            if field_spec.required and name not in values:
                if name == "sources" and entity_type in spec.SOURCED_TYPES and what == entity_type:
                    if name in skipped:  # its own problem is reported
                        broken = True
                        continue
                    self.issue(
                        "no-source",
                        f"{entity_type} {entity_id!r} cites no source",
                        node,
                        hint="add 'sources: [source-id]' naming where its facts come from",
                    )
                elif node.get(name) is None or not broken:
                    subject = f"{what} {entity_id!r}" if entity_id and what == entity_type else what
                    self.issue(
                        missing_code,
                        f"{subject} is missing required field {name!r}",
                        node,
                        hint=f"{name}: {field_spec.description}",
                    )
                broken = True
        if "id" in fields and entity_id is not None:
            values["id"] = entity_id
        return None if broken else values

    # --- values -------------------------------------------------------------------------

    def _convert(
        self,
        field_spec: spec.FieldSpec,
        node: Node,
        name: str,
        entity_type: str = "",
        entity_id: str | None = None,
    ) -> Any:
        kind = field_spec.kind
        if isinstance(node, Scalar) and node.is_null:
            return None
        if kind == "text":
            return self._text(node, name)
        if kind == "texts":
            return self._texts(node, name)
        if kind == "date":
            text = self._text(node, name)
            try:
                return parse_when(text)
            except DateError as exc:
                self.issue("bad-date", f"{name}: {exc}", node)
                raise _Skip from None
        if kind == "choice":
            text = self._text(node, name)
            if text not in field_spec.choices:
                close = did_you_mean(text, field_spec.choices)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else "allowed: " + ", ".join(field_spec.choices)
                )
                self.issue("bad-value", f"{name} {text!r} is not one of the allowed", node, hint)
                raise _Skip
            return text
        if kind in _PATTERNS:
            text = self._text(node, name)
            pattern, expected = _PATTERNS[kind]
            if not pattern.fullmatch(text):
                self.issue("bad-value", f"{name} {text!r} is not valid; expected {expected}", node)
                raise _Skip
            if kind == "url" and entity_type == "source":
                self._source_url(text, node)
            return text
        if kind == "ref":
            return self._ref(field_spec, node, name, entity_type, entity_id)
        if kind == "refs":
            refs = []
            for item in self._list(node, name):
                ref = self._ref(field_spec, item, name, entity_type, entity_id)
                if ref == entity_id and field_spec.target == entity_type:
                    self.issue(
                        "self-reference",
                        f"{name}: {entity_type} {entity_id!r} lists itself",
                        item,
                        hint=f"remove {entity_id!r} from its own {name}",
                    )
                    raise _Skip
                refs.append(ref)
            return tuple(dict.fromkeys(refs))
        if kind == "number":
            return self._number(node, name)
        if kind == "integer":
            return self._integer(node, name)
        if kind == "location":
            return self._location(node, name, entity_type, entity_id)
        if kind == "figures":
            return self._records(node, name, spec.FIGURE_FIELDS, model.Figure, entity_type)
        if kind == "rankings":
            return self._records(node, name, spec.RANKING_FIELDS, model.Ranking, entity_type)
        raise AssertionError(f"unhandled field kind {kind}")

    def _source_url(self, url: str, node: Node) -> None:
        """A warning (an error under ``validate --strict``) for an address unlikely to be the
        page that states the fact: a search, tag, list or home page, a mirror or a code host."""
        found = urls.problem(url)
        if found is None:
            return
        code, reason = found
        hint = (
            "cite the article or official page itself, or an encyclopaedia in its own "
            "language edition (en.wikipedia.org, ko.wikipedia.org)"
        )
        self.issue(code, f"url: not a source of record: {reason}", node, hint, Severity.WARNING)

    def _text(self, node: Node, name: str) -> str:
        if not isinstance(node, Scalar):
            self.issue("wrong-type", f"{name} is {_KIND_NAMES[type(node)]}; expected text", node)
            raise _Skip
        text = node.text.strip()
        char = spec.find_unsafe(node.text)
        if char is None and name not in spec.PROSE_FIELDS:
            line = _LINE_RE.search(text)
            char = line.group() if line else None
        if char is not None:
            if char in "\t\n":
                what = "one line of text"
                hint = f"write {name} on one line; only summary, notes and note hold tabs and "
                hint += "line breaks"
            else:
                what = "catalog text"
                hint = "remove it: it is invisible, reorders or breaks the line, or acts on a "
                hint += "terminal"
            self.issue(
                "unsafe-character",
                f"{name}: character {spec.describe(char)} is not allowed in {what}",
                node,
                hint=hint,
            )
            raise _Skip
        return text

    def _texts(self, node: Node, name: str) -> tuple[str, ...]:
        """A list of text; for aliases, each one said once (case aside) and none empty."""
        items = self._list(node, name)
        texts = tuple(self._text(item, name) for item in items)
        if name != "aliases":
            return texts
        seen: dict[str, Node] = {}
        failed = False
        for item, text in zip(items, texts, strict=True):
            if not text:
                self.issue("bad-alias", f"{name}: an alias is empty", item, hint="remove it")
                failed = True
                continue
            first = seen.setdefault(text.casefold(), item)
            if first is not item:
                self.issue(
                    "bad-alias",
                    f"{name}: {text!r} repeats the alias at line {first.line}, column "
                    f"{first.column}",
                    item,
                    hint="say each alias once (case does not make two aliases different)",
                )
                failed = True
        if failed:
            raise _Skip
        return texts

    def _list(self, node: Node, name: str) -> list[Node]:
        if not isinstance(node, Sequence):
            self.issue(
                "wrong-type",
                f"{name} is {_KIND_NAMES[type(node)]}; expected a list",
                node,
                hint=f"write {name}: [a, b] or one '- item' per line",
            )
            raise _Skip
        return node.items

    def _ref(
        self,
        field_spec: spec.FieldSpec,
        node: Node,
        name: str,
        entity_type: str,
        entity_id: str | None,
    ) -> str:
        text = self._text(node, name)
        assert field_spec.target is not None
        self.references.append(
            Reference(
                entity_type,
                entity_id or "?",
                name,
                field_spec.target,
                text,
                self.path,
                node.line,
                node.column,
            )
        )
        return text

    def _number(self, node: Node, name: str) -> int | float:
        if not isinstance(node, Scalar) or not node.plain:
            got = "quoted text" if isinstance(node, Scalar) else _KIND_NAMES[type(node)]
            self.issue("wrong-type", f"{name} is {got}; expected a number", node)
            raise _Skip
        text = node.text
        if _LEADING_ZERO_RE.fullmatch(text) and not re.fullmatch(r"[-+]?0\.[0-9]*", text):
            self.issue(
                "ambiguous-number",
                f"{name} {text!r} has a leading zero, which YAML versions read differently",
                node,
                hint="write the number without leading zeros",
            )
            raise _Skip
        is_int = _INT_RE.fullmatch(text) is not None
        if not is_int and not _FLOAT_RE.fullmatch(text):
            self.issue("wrong-type", f"{name} {text!r} is not a number", node)
            raise _Skip
        digits = text.replace("_", "")
        # 1e999 reads as infinity, which JSON cannot carry; checking the float first also keeps
        # int() away from its limit on digits (a ValueError beyond 4300 of them).
        if not math.isfinite(float(digits)):
            shown = text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"
            self.issue("bad-value", f"{name} {shown!r} is too large", node)
            raise _Skip
        return int(digits) if is_int else float(digits)

    def _integer(self, node: Node, name: str) -> int:
        number = self._number(node, name)
        if isinstance(number, float):
            # The text as written: 1.10 and 1e3 would show as 1.1 and 1000.0.
            text = cast(Scalar, node).text
            self.issue("wrong-type", f"{name} {text!r} is not a whole number", node)
            raise _Skip
        return number

    def _location(
        self, node: Node, name: str, entity_type: str, entity_id: str | None
    ) -> model.Location:
        if not isinstance(node, Mapping):
            self.issue(
                "wrong-type",
                f"{name} is {_KIND_NAMES[type(node)]}; expected {{lat: ..., lon: ...}}",
                node,
            )
            raise _Skip
        values = self._mapping(node, spec.LOCATION_FIELDS, name, entity_type, None)
        if values is None:
            raise _Skip
        lat, lon = values["lat"], values["lon"]
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.issue(
                "bad-location",
                f"{name} ({lat}, {lon}) is out of range",
                node,
                hint="lat is -90..90 and lon is -180..180, in decimal degrees",
            )
            raise _Skip
        return model.Location(float(lat), float(lon))

    def _records(
        self,
        node: Node,
        name: str,
        fields: dict[str, spec.FieldSpec],
        cls: type[Any],
        entity_type: str,
    ) -> tuple[Any, ...]:
        records: list[Any] = []
        nodes: list[Mapping] = []
        singular = name.rstrip("s")
        failed = False
        for item in self._list(node, name):
            if not isinstance(item, Mapping):
                self.issue(
                    "wrong-type",
                    f"a {singular} is {_KIND_NAMES[type(item)]}; expected a mapping",
                    item,
                )
                failed = True
                continue
            code = "bad-figure" if name == "figures" else "missing-field"
            values = self._mapping(item, fields, singular, entity_type, None, missing_code=code)
            if values is None:
                failed = True
                continue
            if not self._plausible(cls, item, values, records, nodes):
                failed = True
                continue
            records.append(cls(**values))
            nodes.append(item)
        if failed:
            raise _Skip
        return tuple(records)

    def _plausible(
        self,
        cls: type[Any],
        node: Mapping,
        values: dict[str, Any],
        earlier: list[Any],
        earlier_nodes: list[Mapping],
    ) -> bool:
        """A ranking within its range; a figure that is not said twice. Reports when not."""
        if cls is model.Ranking:
            rank, out_of = values["rank"], values.get("out_of")
            if out_of is not None and out_of < 1:
                self.issue(
                    "bad-ranking",
                    f"out_of {out_of} is not a number of entries",
                    node.get("out_of") or node,
                    hint="out_of counts the ranking's entries: 1 or more",
                )
                return False
            if rank < 1 or (out_of is not None and rank > out_of):
                within = f"1 to {out_of}" if out_of is not None else "1 or more"
                self.issue(
                    "bad-ranking",
                    f"rank {rank} is out of range ({within})",
                    node.get("rank") or node,
                    hint="rank 1 is first; a rank is at most the ranking's out_of",
                )
                return False
            return True
        if cls is model.Figure:
            figure = cls(**values)
            key = (figure.label, figure.value, figure.unit, figure.as_of)
            for other, other_node in zip(earlier, earlier_nodes, strict=True):
                if (other.label, other.value, other.unit, other.as_of) == key:
                    self.issue(
                        "duplicate-figure",
                        f"figure {figure.label!r} repeats the one at line {other_node.line}, "
                        f"column {other_node.column} (same label, value, unit and as_of)",
                        node,
                        hint="remove the repeat, or give it the as_of date it refers to",
                    )
                    return False
        return True
