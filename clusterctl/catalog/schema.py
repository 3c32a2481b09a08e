"""The catalog's JSON Schema, generated from the field spec so the two never disagree."""

from __future__ import annotations

from typing import Any

from clusterctl import model
from clusterctl.catalog import spec

SCHEMA_ID = "https://clusterctl.invalid/schema/catalog-v1.json"


def _value_schema(field_spec: spec.FieldSpec) -> dict[str, Any]:
    kind = field_spec.kind
    text: dict[str, Any] = {"type": "string", "minLength": 1}
    if kind == "id":
        return {"type": "string", "pattern": spec.ID_PATTERN}
    if kind == "text":
        return text
    if kind == "texts":
        return {"type": "array", "items": text}
    if kind == "date":
        return {"type": ["string", "integer"], "pattern": spec.DATE_PATTERN}
    if kind == "ref":
        return {"type": "string"}
    if kind == "refs":
        return {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
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
        return {"type": "array", "items": _object(spec.FIGURE_FIELDS)}
    if kind == "rankings":
        return {"type": "array", "items": _object(spec.RANKING_FIELDS)}
    raise AssertionError(f"no schema for field kind {kind}")


def _object(fields: dict[str, spec.FieldSpec], entity_type: str = "") -> dict[str, Any]:
    properties = {}
    for name, field_spec in fields.items():
        schema = _value_schema(field_spec)
        if entity_type == "region" and name == "id":
            schema = {"type": "string", "pattern": spec.REGION_PATTERN}
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
    definitions = {t: _object(spec.FIELDS[t], t) for t in spec.FIELDS}
    sections = {
        section: {"type": "array", "items": {"$ref": f"#/$defs/{entity_type}"}}
        for section, entity_type in model.SECTIONS.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "clusterctl catalog",
        "description": (
            "A hand-curated catalog of innovation clusters, the milestones and policies that "
            "shaped them, and the sources behind every fact. Dates are partial: YYYY, YYYY-MM, "
            "YYYY-MM-DD or START/END."
        ),
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "schema_version": {"type": "integer", "const": spec.SCHEMA_VERSION},
            "catalog_version": {"type": "string"},
            **sections,
        },
        "$defs": definitions,
    }
