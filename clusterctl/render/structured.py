"""Machine formats (JSON, JSONL, YAML), written without Rich: byte-for-byte deterministic.

Text is carried exactly, and inertly: characters that would act on whatever shows the file
(controls, bidirectional and invisible format characters, line separators) are written as the
format's own escapes, so a reader gets the same strings back and no terminal meets them raw.
"""

from __future__ import annotations

import json
from functools import cache
from typing import IO, Any

from clusterctl.render import records
from clusterctl.render.results import Result, ValidateResult
from clusterctl.render.safe import has_unsafe, json_text


def dumps_json(data: Any, indent: int | None = 2) -> str:
    """JSON as UTF-8 text (Hangul unescaped), with unsafe characters escaped."""
    separators = (",", ":") if indent is None else None
    return json_text(json.dumps(data, ensure_ascii=False, indent=indent, separators=separators))


def write_json(result: Result, out: IO[str]) -> None:
    out.write(dumps_json(records.data(result)))
    out.write("\n")


def write_jsonl(result: Result, out: IO[str]) -> None:
    data = records.data(result)
    if isinstance(result, ValidateResult):
        data = data["issues"]
    items = data if isinstance(data, list) else [data]
    for item in items:
        out.write(dumps_json(item, indent=None))
        out.write("\n")


@cache
def _dumper() -> type[Any]:
    """PyYAML's safe dumper, except that text holding an unsafe character is double-quoted
    with every character outside printable ASCII escaped (PyYAML writes bidirectional and
    zero-width characters raw, and NEL, LS and PS as line breaks)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def analyze_scalar(self, scalar: str) -> Any:
            analysis = super().analyze_scalar(scalar)
            if has_unsafe(scalar):
                analysis.allow_flow_plain = analysis.allow_block_plain = False
                analysis.allow_single_quoted = analysis.allow_block = False
            return analysis

        def write_double_quoted(self, text: str, split: bool = True) -> None:
            if not has_unsafe(text):
                super().write_double_quoted(text, split)
                return
            allow_unicode, self.allow_unicode = self.allow_unicode, False
            try:
                super().write_double_quoted(text, split)
            finally:
                self.allow_unicode = allow_unicode

    return Dumper


def dump_yaml(data: Any, out: IO[str]) -> None:
    """YAML that quotes text that would read back as another type, and escapes unsafe text."""
    import yaml

    yaml.dump(
        data,
        out,
        Dumper=_dumper(),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )


def write_yaml(result: Result, out: IO[str]) -> None:
    dump_yaml(records.data(result), out)
