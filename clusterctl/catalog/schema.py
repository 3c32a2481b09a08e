"""The catalog's JSON Schema, generated from the field spec so the two never disagree.

One rule ties it to ``clusterctl validate``: the schema accepts every catalog the validator
accepts (as JSON, or as the data a YAML reader makes of it, text that YAML reads as a number
or a date aside: quote it), and rejects what the validator rejects wherever JSON Schema can
say so: impossible
dates (month 13, 30 February, 29 February outside leap years), malformed ids, codes and
addresses, unknown kinds, missing required fields, blank names, unsafe characters in text.
An optional field may be ``null`` or left out (both mean "no value", to both); a required one
may be neither. What needs the whole catalog (references that resolve, unique ids) or
arithmetic (a range that ends before it starts, a rank beyond ``out_of``) is the validator's
alone.

Patterns are written for both regex dialects a schema meets: ECMA-262 (editors) and Python's
``re`` (the ``jsonschema`` package): ASCII classes, ``\\u`` escapes, no flags.
"""

from __future__ import annotations

import itertools
from typing import Any

from clusterctl import model
from clusterctl.catalog import spec

SCHEMA_ID = "https://clusterctl.invalid/schema/catalog-v1.json"

# --- dates: only real calendar days -----------------------------------------------------------

_YEAR = "(?!0000)[0-9]{4}"
_MONTH = "(?:0[1-9]|1[0-2])"
_DAY_OF_ANY_YEAR = (
    "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"  # days 1-28 of every month
    "|(?:0[13-9]|1[0-2])-(?:29|30)"  # 29 and 30 of every month but February
    "|(?:0[13578]|1[02])-31)"  # 31 of the long months
)
# Gregorian leap years: divisible by 4, and centuries only when divisible by 400.
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_PARTIAL = f"(?:{_LEAP_YEAR}-02-29|{_YEAR}(?:-{_DAY_OF_ANY_YEAR}|-{_MONTH})?)"
DATE_PATTERN = f"^{_PARTIAL}(?:/{_PARTIAL})?$"


# --- text: what the validator lets a catalog hold ---------------------------------------------


def _class_body(characters: str) -> str:
    """A regex class body with every character as a ``\\uXXXX`` escape (ranges kept)."""
    return "".join(c if c == "-" else f"\\u{ord(c):04x}" for c in characters)


# The unsafe characters of the Basic Multilingual Plane, less the lone surrogates: in
# ECMA-262 without the u flag a class of them would match half of every character beyond the
# BMP. Those (a few format characters beyond the BMP, and lone surrogates) are the validator's
# alone to refuse.
_UNSAFE_BMP = "".join(
    itertools.takewhile(
        lambda c: ord(c) <= 0xFFFF, spec.UNSAFE_CHARACTERS.replace("\ud800-\udfff", "")
    )
)
# Prose (summary, notes, note) may hold tabs and line breaks; every other text is one line.
PROSE_PATTERN = f"^[^{_class_body(_UNSAFE_BMP)}]*$"
# (The validator strips text, so a tab or line break at either end is no part of it.)
LINE_PATTERN = f"^[\\t\\n ]*[^\\t\\n{_class_body(_UNSAFE_BMP)}]*[\\t\\n ]*$"
# Not blank: the validator strips text, and a required field left blank is missing.
_NOT_BLANK = "(?=[\\s\\S]*\\S)"

_TEXT_DEFS = {
    "line": {"type": "string", "pattern": LINE_PATTERN},
    "prose": {"type": "string", "pattern": PROSE_PATTERN},
    "name": {
        "type": "string",
        "pattern": LINE_PATTERN.replace("^", "^" + _NOT_BLANK, 1),
    },
    "prose-required": {
        "type": "string",
        "pattern": PROSE_PATTERN.replace("^", "^" + _NOT_BLANK, 1),
    },
}


def _text(name: str, required: bool) -> dict[str, Any]:
    prose = name in spec.PROSE_FIELDS
    kind = (
        ("prose-required" if required else "prose") if prose else ("name" if required else "line")
    )
    return {"$ref": f"#/$defs/{kind}"}


def _value_schema(name: str, field_spec: spec.FieldSpec, entity_type: str) -> dict[str, Any]:
    kind = field_spec.kind
    if kind == "id":
        pattern = spec.REGION_PATTERN if entity_type == "region" else spec.ID_PATTERN
        return {"type": "string", "pattern": pattern}
    if kind == "text":
        return _text(name, field_spec.required)
    if kind == "texts":  # aliases: none blank, none said twice
        return {"type": "array", "items": _text(name, True), "uniqueItems": True}
    if kind == "date":
        # A year may be written unquoted, which YAML reads as a number.
        return {
            "type": ["string", "integer"],
            "pattern": DATE_PATTERN,
            "minimum": 1000,
            "maximum": 9999,
        }
    if kind == "ref":
        return _ref(field_spec)
    if kind == "refs":
        return {"type": "array", "items": _ref(field_spec)}
    if kind == "choice":
        return {"type": "string", "enum": list(field_spec.choices)}
    if kind == "country":
        return {"type": "string", "pattern": spec.COUNTRY_PATTERN}
    if kind == "language":
        return {"type": "string", "pattern": spec.LANGUAGE_PATTERN}
    if kind == "url":
        return {"type": "string", "pattern": spec.URL_PATTERN}
    if kind == "number":
        return {"type": "number"}
    if kind == "integer":
        return {"type": "integer"}
    if kind == "location":
        return _object(spec.LOCATION_FIELDS) | {
            "properties": {
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
            }
        }
    if kind == "figures":
        return {"type": "array", "items": {"$ref": "#/$defs/figure"}}
    if kind == "rankings":
        return {"type": "array", "items": {"$ref": "#/$defs/ranking"}}
    raise AssertionError(f"no schema for field kind {kind}")


def _ref(field_spec: spec.FieldSpec) -> dict[str, Any]:
    """An id of another entity: the pattern of that type's ids (whether it exists is the
    validator's to check)."""
    pattern = spec.REGION_PATTERN if field_spec.target == "region" else spec.ID_PATTERN
    return {"type": "string", "pattern": pattern}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null: the validator reads an optional field written ``null`` as absent."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    types = schema["type"]
    schema = dict(schema)
    schema["type"] = [*types, "null"] if isinstance(types, list) else [types, "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _object(fields: dict[str, spec.FieldSpec], entity_type: str = "") -> dict[str, Any]:
    properties = {}
    for name, field_spec in fields.items():
        schema = _value_schema(name, field_spec, entity_type)
        if not field_spec.required:
            schema = _nullable(schema)
        properties[name] = {"description": field_spec.description, **schema}
    required = [name for name, f in fields.items() if f.required]
    result: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        result["required"] = required
    return result


def catalog_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a catalog file."""
    definitions: dict[str, Any] = {t: _object(spec.FIELDS[t], t) for t in spec.FIELDS}
    figure = _object(spec.FIGURE_FIELDS)
    ranking = _object(spec.RANKING_FIELDS)
    ranking["properties"]["rank"]["minimum"] = 1
    ranking["properties"]["out_of"]["minimum"] = 1
    definitions |= {"figure": figure, "ranking": ranking, **_TEXT_DEFS}
    sections = {
        section: _nullable({"type": "array", "items": {"$ref": f"#/$defs/{entity_type}"}})
        for section, entity_type in model.SECTIONS.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "clusterctl catalog",
        "description": (
            "A hand-curated catalog of innovation clusters, the milestones and policies that "
            "shaped them, and the sources behind every fact. Dates are partial: YYYY, YYYY-MM, "
            "YYYY-MM-DD or START/END, each a real calendar date. An optional field may be null "
            "or left out; both mean no value."
        ),
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "schema_version": {"type": "integer", "const": spec.SCHEMA_VERSION},
            "catalog_version": _nullable(_TEXT_DEFS["line"]),
            **sections,
        },
        "$defs": definitions,
    }
