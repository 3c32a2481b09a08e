"""Property test: catalogs whose text holds arbitrary Unicode, every control, format, separator
and bidirectional character among it, either are refused at ``file:line:col`` or give outputs
that hold none of those characters raw, Markdown that renders as the text itself, and exports
that are valid catalogs holding the same records.

25 catalogs a run by default, each through a sample of the outputs; set
``CLUSTERCTL_FUZZ_EXAMPLES`` (e.g. 2000) for a longer run through every output.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from clusterctl.catalog.loader import CatalogSelection, validate
from tests.conftest import invoke
from tests.inert import (
    elements,
    is_unsafe,
    render_markdown,
    texts,
    unsafe_characters,
    unstyled,
)

_LONG = os.environ.get("CLUSTERCTL_FUZZ_EXAMPLES")
EXAMPLES = int(_LONG) if _LONG else 25

# Characters the generator leans on, beside arbitrary ones: every kind that acts on a terminal
# or hides, and Markdown's own punctuation.
_NAMED = (
    "\x00\x07\x08\x0b\x0c\r\x1b\x7f\x80\x85\x9b\x9c\x9d\xad\u061c\u180e\u200b\u200c\u200d"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2028\u2029\u2060\u2066\u2067\u2068\u2069"
    "\u115f\u1160\u3164\uffa0\ufeff\ufff9\ufdd0\ufffe\uffff\U000e0001\U000e0041\U000e007f"
    "\U0001d173\ud800\udfff"
)
_MARKUP = "-+*#>_`[]<>|~&;:/.!()=\\\"' \t\n1w@"
_PIECES = [
    "- ", "1. ", "# ", "> ", "---", "www.", "https://", "&lt;", "&#x41;", "~~", "**", "[x](y)",
    "<b>", "\x1b[31m", "\x1b]0;t\x07", "\u202eevil", "대덕", "😀", "\ue000", "e\u0301",
]  # fmt: skip

_chars = st.one_of(
    st.characters(),  # any code point but surrogates
    st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn", "Zs", "Mn"]),
    st.sampled_from(_NAMED),
    st.sampled_from(_MARKUP),
)
_text = st.lists(st.one_of(_chars, st.sampled_from(_PIECES)), max_size=12).map("".join)
# Clean text: nothing the validator refuses, so that the outputs of accepted catalogs get looked
# at often too.
_safe_chars = st.characters(
    exclude_categories=["Cc", "Cf", "Zl", "Zp", "Cs", "Cn"],
    exclude_characters="\u115f\u1160\u3164\uffa0",
)
_clean = st.lists(st.one_of(_safe_chars, st.sampled_from(_MARKUP)), max_size=12).map("".join)

PROSE = {"summary", "notes", "note"}
# Addresses whose fate the rule for urls decides: the last three are refused.
URLS = [
    "https://example.org/a?b=1&amp;c='d'", "https://한국.kr/대덕", "http://e.org/(x)_*y*_",
    "https://e.org/a b", 'https://e.org/a"b', "https://e.org/<b>",
]  # fmt: skip
_BAD_URLS = URLS[3:]


@st.composite
def catalogs(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A catalog document, and every text in it with its field name.

    Required text starts with a letter and aliases and figure labels with their index, so that
    nothing but the characters themselves (or a url) can make the catalog invalid.
    """
    clean = draw(st.booleans())
    text = _clean if clean else _text
    found: list[tuple[str, str]] = []

    def field(name: str, prefix: str = "") -> str:
        value = prefix + draw(text)
        if clean and name not in PROSE:
            value = value.replace("\t", " ").replace("\n", " ")
        found.append((name, value))
        return value

    def optional(record: dict[str, Any], name: str) -> None:
        if draw(st.booleans()):
            record[name] = field(name)

    source: dict[str, Any] = {"id": "s", "title": field("title", "T"),
                              "publisher": field("publisher", "P"), "kind": "news",
                              "language": "en"}  # fmt: skip
    if draw(st.booleans()):
        source["url"] = draw(st.sampled_from(URLS[:3] if clean else URLS))
    optional(source, "summary")
    clusters = []
    for index in range(2):
        cluster: dict[str, Any] = {
            "id": f"c{index}",
            "name": field("name", "N"),
            "kind": "bio-cluster",
            "country": "KR",
            "sources": ["s"],
        }
        for name in ("name_ko", "summary", "notes"):
            optional(cluster, name)
        if draw(st.booleans()):
            cluster["aliases"] = [field("aliases", f"a{i} ") for i in range(2)]
        if draw(st.booleans()):
            cluster["figures"] = [
                {"value": i, "unit": field("unit", "u"), "label": field("label", f"l{i}"),
                 "note": field("note", "n")}
                for i in range(2)
            ]  # fmt: skip
        clusters.append(cluster)
    milestone: dict[str, Any] = {
        "id": "m", "date": "2020-06", "title": field("title", "M"), "kind": "event",
        "clusters": ["c0", "c1"], "sources": ["s"],
    }  # fmt: skip
    for name in ("venue", "summary"):
        optional(milestone, name)
    actor = {"id": "a", "name": field("name", "A"), "kind": "agency", "country": "KR"}
    document = {"sources": [source], "actors": [actor], "clusters": clusters,
                "milestones": [milestone]}  # fmt: skip
    return document, found


_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def _astral(match: re.Match[str]) -> str:
    high, low = int(match.group(2), 16), int(match.group(3), 16)
    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return f"{match.group(1)}\\U{code:08X}"


def write(path: Path, document: dict[str, Any], raw: bool) -> None:
    """As YAML (JSON is YAML): with the characters written raw, or every one beyond ASCII as a
    YAML escape (``\\U0001F600`` for those beyond the BMP, which libyaml takes; a lone
    surrogate stays ``\\ud800``, which no UTF-8 file can hold raw)."""
    text = json.dumps(document, ensure_ascii=not raw)
    if raw:
        try:
            path.write_text(text, encoding="utf-8")
            return
        except UnicodeEncodeError:  # a lone surrogate: write it escaped
            text = json.dumps(document)
    path.write_text(_PAIR.sub(_astral, text), encoding="ascii")


def acceptable(name: str, value: str) -> bool:
    """What the catalog rules allow: no unsafe character, and one line outside prose."""
    if any(is_unsafe(c) for c in value):
        return False
    return name in PROSE or not re.search("[\t\n]", value.strip())


def outputs(sample: bool, data: st.DataObject) -> list[tuple[list[str], dict[str, str]]]:
    """Every output format (from the Format enum) of the views, the terminal, every export."""
    from clusterctl import model
    from clusterctl.render.formats import BRIEFING_FORMATS, TIMELINE_FORMATS, Format

    runs: list[tuple[list[str], dict[str, str]]] = []
    for fmt in Format:
        commands = [["timeline", "--cite"], ["show", "c0", "--cite"], ["show", "s"]]
        if fmt in TIMELINE_FORMATS:
            commands = [["timeline", "--cite"], ["timeline", "--group-by", "cluster"]]
        elif fmt not in BRIEFING_FORMATS or fmt is Format.MD:
            commands += [["clusters", "--cite"], ["milestones"], ["sources"], ["actors"]]
            commands += [["compare", "c0", "c1"], ["search", "n"]]
        runs += [([*command, "-o", fmt.value], {}) for command in commands]
    terminal = {"TTY_COMPATIBLE": "1"}
    for command in (["clusters"], ["show", "c0", "--cite"], ["timeline", "--cite"]):
        runs.append((["--color", "always", *command], terminal))
    runs += [(["export", "-o", fmt], {}) for fmt in ("json", "yaml", "geojson", "ics")]
    runs += [(["export", "-o", "csv", "--type", kind], {}) for kind in model.SECTIONS.values()]
    if sample:
        runs = data.draw(st.lists(st.sampled_from(runs), min_size=8, max_size=8))
    return runs


def cli(path: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return invoke("--no-builtin", "--no-cache", "--catalog", str(path), *args, env=env)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(catalogs(), st.booleans(), st.data())
def test_arbitrary_unicode_is_refused_where_it_stands_or_inert_everywhere(
    tmp_path: Path,
    generated: tuple[dict[str, Any], list[tuple[str, str]]],
    raw: bool,
    data: st.DataObject,
) -> None:
    document, fields = generated
    path = tmp_path / "catalog.yaml"
    write(path, document, raw)
    catalog, report = validate(CatalogSelection(builtin=False, overlays=(str(path),), cache=False))
    url = document["sources"][0].get("url")
    expected = all(acceptable(name, value) for name, value in fields) and url not in _BAD_URLS
    assert (catalog is not None) == expected, report.issues
    event("accepted" if catalog is not None else "refused")

    if catalog is None:
        assert all(i.path == str(path) and i.line > 0 and i.column > 0 for i in report.issues)
        refused = cli(path, "clusters", "-o", "json")
        assert (refused.exit_code, refused.stdout) == (3, "")
        assert re.match(rf"clusterctl: error: {re.escape(str(path))}:\d+:\d+: ", refused.stderr)
        assert unsafe_characters(refused.stderr) == []
        return

    for args, env in outputs(_LONG is None, data):
        result = cli(path, *args, env=env)
        assert result.exit_code == 0, (args, result.stderr)
        assert unsafe_characters(unstyled(result.stdout)) == [], (args, result.stdout)

    # Markdown renders as the text itself (GFM may make an e-mail address a mailto link).
    first = document["clusters"][0]
    name = first["name"].strip()
    if first.get("name_ko", "").strip():
        name += f" ({first['name_ko'].strip()})"
    for renderer, html in render_markdown(cli(path, "show", "c0", "-o", "md").stdout).items():
        assert texts(html, "h1") == [name], (renderer, name, html)
        for tag, _, attrs in elements(html):
            assert (
                tag != "a"
                or str(attrs.get("href", "")).startswith(("mailto:", "xmpp:"))
                or (url is not None)
            ), (renderer, html)

    # Every export is a catalog again, holding the same records.
    records = json.loads(cli(path, "export", "-o", "json").stdout)
    for fmt in ("yaml", "json"):
        target = tmp_path / f"exported.{fmt}"
        assert cli(path, "export", "-o", fmt, "--output", str(target)).exit_code == 0
        again, checked = validate(
            CatalogSelection(builtin=False, overlays=(str(target),), cache=False)
        )
        assert again is not None, (fmt, checked.issues)
        assert json.loads(cli(target, "export", "-o", "json").stdout) == records, fmt


# --- the escaping functions on their own ----------------------------------------------------


def test_the_list_of_unsafe_characters_is_unicode_s() -> None:
    """The product's list (catalog/spec.py) holds exactly the characters the rule names, as this
    Python's Unicode data sees them; it may also hold code points this Python does not know
    yet (format characters of a later Unicode version)."""
    import unicodedata

    from clusterctl.catalog import spec

    listed = re.compile(f"[{spec.UNSAFE_CHARACTERS}]")
    wrong = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if bool(listed.match(chr(code))) != is_unsafe(chr(code))
        and not (listed.match(chr(code)) and unicodedata.category(chr(code)) == "Cn")
    ]
    assert wrong == []
    assert spec.describe("\x07") == "U+0007 ALERT"
    for code in (*range(0x20), *range(0x7F, 0xA0)):
        name = spec.describe(chr(code)).split(" ", 1)[1]
        assert unicodedata.lookup(name) == chr(code), name  # Unicode's own alias


@settings(max_examples=EXAMPLES * 8, deadline=None)
@given(st.text(_chars))
def test_every_escape_leaves_nothing_raw_and_json_and_yaml_keep_the_text(text: str) -> None:
    import io

    import yaml

    from clusterctl.render.safe import json_text, markdown_text, visible
    from clusterctl.render.structured import dump_yaml, dumps_json

    assert unsafe_characters(visible(text)) == []
    assert unsafe_characters(visible(text, keep_newlines=True)) == []
    assert unsafe_characters(markdown_text(text)) == []
    assert "\n" not in markdown_text(text, keep_newlines=True)
    shown = dumps_json({"text": text})
    assert unsafe_characters(shown) == [] and json.loads(shown) == {"text": text}
    assert json_text(json.dumps(text)) == json.dumps(text)  # ASCII JSON is left alone
    out = io.StringIO()
    dump_yaml({"text": text}, out)
    assert unsafe_characters(out.getvalue()) == []
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):  # libyaml refuses lone surrogates
        assert yaml.load(out.getvalue(), Loader=yaml.CSafeLoader) == {"text": text}
