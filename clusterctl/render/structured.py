"""Machine formats (JSON, JSONL), written without Rich: byte-for-byte deterministic."""

from __future__ import annotations

import json
from typing import IO, Any

from clusterctl.render import records
from clusterctl.render.results import (
    DocumentResult,
    ListResult,
    Result,
    ShowResult,
    ValidateResult,
)


def _data(result: Result) -> Any:
    if isinstance(result, ListResult):
        return records.list_records(result)
    if isinstance(result, ShowResult):
        return records.show_record(result)
    if isinstance(result, ValidateResult):
        return records.report_records(result)
    return result.document


def write_json(result: Result, out: IO[str]) -> None:
    json.dump(_data(result), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(result: Result, out: IO[str]) -> None:
    data = _data(result)
    if isinstance(result, ValidateResult):
        data = data["issues"]
    items = data if isinstance(data, list) else [data]
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


def write_document(result: DocumentResult, out: IO[str]) -> None:
    json.dump(result.document, out, ensure_ascii=False, indent=2)
    out.write("\n")
