"""Machine formats (JSON, JSONL, YAML), written without Rich: byte-for-byte deterministic.

Text is carried exactly, and inertly: characters that would act on whatever shows the file
(controls, bidirectional and invisible format characters, line separators) are written as the
format's own escapes, so a reader gets the same strings back and no terminal meets them raw.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from json.encoder import encode_basestring
from typing import IO, Any

from clusterctl.render import records
from clusterctl.render.results import Result, ValidateResult
from clusterctl.render.safe import has_unsafe, json_text


def dumps_json(data: Any, indent: int | None = 2) -> str:
    """JSON as UTF-8 text (Hangul unescaped), with unsafe characters escaped."""
    if indent == 2:
        try:
            return json_text(_indented(data, "\n"))
        except _Unsupported:
            pass
    separators = (",", ":") if indent is None else None
    return json_text(json.dumps(data, ensure_ascii=False, indent=indent, separators=separators))


class _Unsupported(Exception):
    """Raised by ``_indented`` for a value it leaves to ``json.dumps``."""


def _indented(value: Any, indent: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, character for character.

    The standard library indents in pure Python, a generator per level; this is the same
    layout about twice as fast, which a listing of many records feels. Anything but plain
    JSON data (a key that is not text, an object json.dumps would reject or convert) raises
    ``_Unsupported`` and is left to json.dumps.
    """
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + "  "
        parts = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            parts.append(f"{_text(key)}: {_scalar(item) or _indented(item, inner)}")
        return "{" + inner + ("," + inner).join(parts) + indent + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        parts = [_scalar(item) or _indented(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(parts) + indent + "]"
    found = _scalar(value)
    if not found:
        raise _Unsupported
    return found


_text = encode_basestring


def _scalar(value: Any) -> str:
    """A JSON scalar as json.dumps writes it, or "" for a list, a mapping or anything else."""
    kind = type(value)
    if kind is str:
        return _text(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if not math.isfinite(value):
            raise _Unsupported  # NaN and infinities: json.dumps's own spelling
        return float.__repr__(value)
    return ""


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


# Beyond the Basic Multilingual Plane (emoji, rare Hanja), libyaml escapes what PyYAML writes.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _libyaml_writes_it_alike(value: Any) -> bool:
    """Would libyaml's emitter write ``value`` exactly as PyYAML's escaping one does? Not when
    any text in it (keys included) holds an unsafe or an astral character."""
    if isinstance(value, str):
        return not has_unsafe(value) and _ASTRAL.search(value) is None
    if isinstance(value, dict):
        return all(
            _libyaml_writes_it_alike(k) and _libyaml_writes_it_alike(v) for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        return all(_libyaml_writes_it_alike(item) for item in value)
    return True


def dump_yaml(data: Any, out: IO[str]) -> None:
    """YAML that quotes text that would read back as another type, and escapes unsafe text.

    libyaml's emitter writes the same document as PyYAML's own, four to five times faster, but
    cannot be taught to escape unsafe characters: it is used when the data holds none (and no
    character beyond the Basic Multilingual Plane, which it escapes)."""
    import yaml

    fast = getattr(yaml, "CSafeDumper", None)
    yaml.dump(
        data,
        out,
        Dumper=fast if fast is not None and _libyaml_writes_it_alike(data) else _dumper(),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )


def write_yaml(result: Result, out: IO[str]) -> None:
    dump_yaml(records.data(result), out)
