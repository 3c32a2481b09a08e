"""Machine formats (JSON, JSONL), written without Rich: byte-for-byte deterministic."""

from __future__ import annotations

import json
from typing import IO

from clusterctl.render import records
from clusterctl.render.results import Result, ValidateResult


def write_json(result: Result, out: IO[str]) -> None:
    json.dump(records.data(result), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(result: Result, out: IO[str]) -> None:
    data = records.data(result)
    if isinstance(result, ValidateResult):
        data = data["issues"]
    items = data if isinstance(data, list) else [data]
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


def write_yaml(result: Result, out: IO[str]) -> None:
    """YAML via PyYAML's safe dumper, which quotes text that would read back as another type."""
    import yaml

    yaml.safe_dump(
        records.data(result),
        out,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )
