"""Hostile input for the catalog loader: every hazard ends in a clear error, never a crash.

Each case is one file, written from the tables below, and goes through the real CLI twice: as
``validate`` and as a listing (``clusters -o json``). Both must exit 3 (or 2 for a bad
command-line argument), name the file with the line and column of the first problem, and the
listing must print nothing: a catalog with errors never yields a partial list of records.
Files that are fine in spite of looking hostile (a BOM, CRLF, ``NO`` as a country code) must
load with exactly the records they hold.

OS-level cases (FIFOs, devices, directories, huge or unreadable files) run the CLI as a real
subprocess with a timeout, and those that could eat memory also under an address-space limit,
so a regression fails the test instead of hanging or swapping the machine.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from typer.testing import Result

from clusterctl.catalog import loader, yamlio
from tests.conftest import FIXTURES, MINI, ROOT, invoke, subprocess_env

# --- running the CLI ------------------------------------------------------------------------


def cli(path: Path | str, *args: str, env: dict[str, str] | None = None) -> Result:
    return invoke("--no-builtin", "--catalog", str(path), *args, env=env)


def location_pattern(path: Path | str, where: str | None) -> str:
    """``path:line:col`` as a regex; ``*`` in ``where`` stands for any number."""
    if where is None:
        return re.escape(str(path))
    return re.escape(f"{path}:{where}").replace(r"\*", r"\d+")


def assert_rejected(
    path: Path | str,
    where: str | None,
    code: str,
    fragment: str,
    also: tuple[str, ...] = (),
) -> None:
    """validate and a listing both exit 3, and both lead with the same located problem."""
    at = location_pattern(path, where)
    checked = cli(path, "validate")
    assert checked.exit_code == 3, checked.stdout + checked.stderr
    first = checked.stdout.splitlines()[0]
    assert re.match(rf"{at}: error\[{re.escape(code)}\]: ", first), checked.stdout
    assert fragment in first, checked.stdout
    for words in also:  # every problem is reported, not only the first
        assert words in checked.stdout, checked.stdout
    listed = cli(path, "clusters", "-o", "json")
    assert (listed.exit_code, listed.stdout) == (3, ""), listed.stdout + listed.stderr
    assert re.match(rf"clusterctl: error: {at}: ", listed.stderr), listed.stderr
    assert fragment in listed.stderr.splitlines()[0]
    for result in (checked, listed):
        assert "Traceback" not in result.stdout + result.stderr


def assert_located_error(path: Path, result: Result) -> None:
    """A failed command: exit 3, no output, and an error that names path:line:col."""
    assert result.exit_code == 3, result.stdout + result.stderr
    assert result.stdout == ""
    assert re.match(rf"clusterctl: error: {re.escape(str(path))}:\d+:\d+: ", result.stderr), (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def export(path: Path | str) -> Any:
    result = cli(path, "export", "-o", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@cache
def full_mini() -> Any:
    return export(MINI)


# --- building catalog text ------------------------------------------------------------------

SOURCE = "sources:\n  - {id: src, title: T, publisher: P, kind: news, language: en}\n"


def cluster(*extra: str, **fields: str) -> str:
    """A valid one-cluster catalog; ``fields`` replace values in place, ``extra`` lines follow.

    Line 4 is ``  - id: c`` (the id at column 9), then name, kind, country and sources on
    lines 5-8 (values at columns 11, 11, 14 and 14); extra lines start on line 9, column 5.
    """
    values = {"id": "c", "name": "C", "kind": "bio-cluster", "country": "KR", "sources": "[src]"}
    values.update(fields)
    body = "".join(f"    {key}: {value}\n" for key, value in values.items())
    return SOURCE + "clusters:\n  - " + body[4:] + "".join(f"    {line}\n" for line in extra)


def ranked(rank: str) -> str:
    """A cluster with one ranking; its rank value is at 10:16."""
    return cluster("rankings:", f"  - {{rank: {rank}, ranking: R, publisher: P, as_of: 2020}}")


def sourced(url: str) -> str:
    """A source with this url (its value at 2:70) beside a valid cluster."""
    return cluster().replace("language: en}", f"language: en, url: {url}}}", 1)


def figured(value: str) -> str:
    """A cluster with one figure; its value is at 10:17."""
    return cluster("figures:", f"  - {{value: {value}, unit: u, label: l}}")


def nested(depth: int, open_: str, close: str, inner: str = "") -> str:
    return open_ * depth + inner + close * depth + "\n"


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def random_bytes(seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(2000))


def first_bad_utf8(data: bytes) -> str:
    """line:col of the first byte that is not UTF-8, as an editor would show it."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        return f"{good.count(chr(10)) + 1}:{len(good) - good.rfind(chr(10))}"
    raise AssertionError("the data is valid UTF-8")


# --- the corpus -----------------------------------------------------------------------------


class Case(NamedTuple):
    id: str
    content: str | bytes
    where: str | None  # line:col of the first problem ('*' for any number)
    code: str
    fragment: str
    also: tuple[str, ...] = ()


MINI_TEXT = MINI.read_text(encoding="utf-8")
BAD_BYTES = [random_bytes(seed) for seed in range(6)]

# The table is laid out by hand, one case to a line or two: the formatter would spread each
# over seven lines and hide the pattern.
# fmt: off
CASES = [
    # -- bytes that are not UTF-8 text ---------------------------------------------------------
    *(Case(f"random-bytes-{seed}", data, first_bad_utf8(data), "encoding", "invalid UTF-8 byte")
      for seed, data in enumerate(BAD_BYTES)),
    Case("utf8-lone-continuation", SOURCE.encode() + b"x: \x80\n", "3:4", "encoding", "0x80"),
    Case("utf8-overlong-slash", SOURCE.encode() + b"x: \xc0\xaf\n", "3:4", "encoding", "0xc0"),
    Case("utf8-encoded-surrogate", SOURCE.encode() + b"x: \xed\xa0\x80\n", "3:4", "encoding",
         "0xed"),
    Case("utf8-beyond-u10ffff", SOURCE.encode() + b"x: \xf4\x90\x80\x80\n", "3:4", "encoding",
         "0xf4"),
    Case("utf8-cut-at-end-of-file", SOURCE.encode() + "x: 대".encode()[:-1], "3:4", "encoding",
         "0xeb"),
    Case("latin-1-text", "sources: [Café]\n".encode("latin-1"), "1:14", "encoding", "byte 0xe9"),
    Case("utf-16-with-bom", "sources: []\n".encode("utf-16"), "1:1", "encoding", "byte 0xff"),
    # after a BOM: the column counts characters from the line start, the byte is the bad one
    Case("bom-then-bad-byte", b"\xef\xbb\xbfsources: [ab\xff]\n", "1:13", "encoding", "0xff"),
    Case("bad-byte-after-korean", "# 대덕\n".encode() + b"x: \xff\n", "2:4", "encoding", "0xff"),
    # -- characters YAML does not allow, or that YAML readers disagree on ----------------------
    Case("nul-byte", cluster(name="C\x00D"), "5:12", "control-character", "U+0000"),
    Case("escape-character", cluster(name="C\x1b[31mD"), "5:12", "control-character", "U+001B"),
    Case("bell-in-a-comment", "# ding\x07\n" + SOURCE, "1:7", "control-character", "U+0007"),
    Case("delete-character", cluster(name="C\x7fD"), "5:12", "control-character", "U+007F"),
    Case("c1-control", cluster(name="C\x9bD"), "5:12", "control-character", "U+009B"),
    Case("noncharacter-fffe", cluster(name="C\ufffeD"), "5:12", "control-character", "U+FFFE"),
    Case("utf-16-without-bom", "sources: []\n".encode("utf-16-le"), "1:2", "control-character",
         "U+0000"),
    # libyaml (YAML 1.1) takes NEL, LS and PS for line breaks, YAML 1.2 does not: in a comment,
    # LS would turn the rest of the line into data
    Case("next-line-nel", cluster(name="C\x85D"), "5:12", "control-character", "U+0085"),
    Case("line-separator", cluster(name="C\u2028D"), "5:12", "control-character", "U+2028"),
    Case("paragraph-separator", cluster(name="C\u2029D"), "5:12", "control-character", "U+2029"),
    Case("line-separator-in-a-comment", SOURCE + "# harmless\u2028clusters: oops\n", "3:11",
         "control-character", "a line break to some YAML readers"),
    Case("cr-only-line-ends", SOURCE.replace("\n", "\r") + "x: \x07\r", "3:4",
         "control-character", "U+0007"),
    Case("tab-indentation", SOURCE.replace("  - {", "\t- {"), "2:1", "tab", "tab used for indent"),
    Case("tab-after-spaces", cluster().replace("    name", "  \tname"), "5:3", "tab", "tab used"),
    # -- nothing, or more than one thing -------------------------------------------------------
    Case("empty-file", "", "1:1", "empty", "the catalog is empty"),
    Case("blank-lines-only", "\n  \n\n", "1:1", "empty", "the catalog is empty"),
    Case("comments-only", "# a catalog\n# to be\n", "1:1", "empty", "the catalog is empty"),
    Case("document-marker-only", "---\n", "1:1", "empty", "the catalog is empty"),
    Case("two-documents", SOURCE + "---\n" + SOURCE, "3:1", "documents", "more than one YAML"),
    Case("document-after-end-marker", SOURCE + "...\n---\nx: 1\n", "4:1", "documents",
         "more than one YAML document"),
    Case("yaml-2-directive", "%YAML 2.0\n---\nsources: []\n", "1:1", "yaml-syntax",
         "incompatible YAML document"),
    Case("unknown-directive", "%FOO bar\n---\nsources: []\n", "1:5", "yaml-syntax",
         "unknown directive"),
    # -- the wrong shape at the top ------------------------------------------------------------
    Case("top-level-list", "- sources\n- clusters\n", "1:1", "top-level", "top level is a list"),
    Case("top-level-flow-list", "[]\n", "1:1", "top-level", "the top level is a list"),
    Case("top-level-scalar", "hello\n", "1:1", "top-level", "the top level is a single value"),
    Case("top-level-number", "42\n", "1:1", "top-level", "the top level is a single value"),
    Case("top-level-quoted-null", "'null'\n", "1:1", "top-level", "is a single value"),
    Case("top-level-null", "null\n", "1:1", "empty", "the catalog is empty"),
    Case("top-level-tilde", "~\n", "1:1", "empty", "the catalog is empty"),
    Case("section-is-a-mapping", "sources: {id: src}\n", "1:10", "top-level", "section 'sources'"),
    Case("entry-is-null", SOURCE + "clusters:\n  -\n", "4:4", "wrong-type", "a cluster entry is"),
    # -- keys that repeat, or only look different ----------------------------------------------
    Case("duplicate-section", SOURCE + "sources: []\n", "3:1", "duplicate-key",
         "duplicate key 'sources'; first written at line 1, column 1"),
    Case("duplicate-quoted", SOURCE + "'sources': []\n", "3:1", "duplicate-key", "'sources'"),
    Case("duplicate-escaped", SOURCE + '"sour\\x63es": []\n', "3:1", "duplicate-key", "'sources'"),
    Case("duplicate-tagged", SOURCE + "!!str sources: []\n", "3:1", "duplicate-key", "'sources'"),
    Case("duplicate-id", cluster("id: d"), "9:5", "duplicate-key", "duplicate key 'id'"),
    Case("duplicate-in-flow", cluster("location: {lat: 1, lat: 2, lon: 3}"), "9:24",
         "duplicate-key", "duplicate key 'lat'"),
    # YAML 1.1 reads yes/true/on as one boolean and 1/01 as one number. We keep the key's text,
    # so these are two different keys; no catalog field is called so, and both are reported.
    Case("keys-yes-and-true", "yes: 1\ntrue: 2\n", "1:1", "unknown-field", "section 'yes'",
         ("section 'true'",)),
    Case("keys-on-and-true", "on: 1\ntrue: 2\n", "1:1", "unknown-field", "section 'on'",
         ("section 'true'",)),
    Case("keys-1-and-01", "1: a\n01: b\n", "1:1", "unknown-field", "section '1'",
         ("section '01'",)),
    Case("keys-null-and-tilde", "~: a\nnull: b\n", "1:1", "unknown-field", "section '~'",
         ("section 'null'",)),
    Case("field-keys-yes-and-true", cluster("yes: 1", "true: 2"), "9:5", "unknown-field",
         "cluster field 'yes'", ("cluster field 'true'",)),
    Case("merge-key", cluster("<<: {status: active}"), "9:5", "unknown-field", "field '<<'"),
    Case("near-miss-key-case", cluster("Status: active"), "9:5", "unknown-field",
         "unknown cluster field 'Status'"),
    # -- YAML 1.1 typing traps as values -------------------------------------------------------
    Case("country-no-lowercase", cluster(country="no"), "7:14", "bad-value", "country 'no'"),
    Case("country-yes", cluster(country="Yes"), "7:14", "bad-value", "country 'Yes' is not valid"),
    Case("version-1.10", "schema_version: 1.10\n", "1:17", "wrong-type",
         "'1.10' is not a whole number"),
    Case("version-010", "schema_version: 010\n", "1:17", "ambiguous-number",
         "'010' has a leading zero"),
    Case("version-0o10", "schema_version: 0o10\n", "1:17", "wrong-type", "'0o10' is not a number"),
    Case("version-sexagesimal", "schema_version: 1:20\n", "1:17", "wrong-type",
         "'1:20' is not a number"),
    Case("version-hex", "schema_version: 0x1F\n", "1:17", "wrong-type", "'0x1F' is not a number"),
    Case("version-inf", "schema_version: .inf\n", "1:17", "wrong-type", "'.inf' is not a number"),
    Case("version-nan", "schema_version: .nan\n", "1:17", "wrong-type", "'.nan' is not a number"),
    Case("version-1e3", "schema_version: 1e3\n", "1:17", "wrong-type",
         "'1e3' is not a whole number"),
    Case("version-true", "schema_version: true\n", "1:17", "wrong-type", "'true' is not a number"),
    Case("version-quoted", "schema_version: '1'\n", "1:17", "wrong-type", "quoted text"),
    Case("version-2", "schema_version: 2\n", "1:17", "bad-value", "schema_version 2 is not"),
    Case("version-5000-digits", f"schema_version: {'9' * 5000}\n", "1:17", "bad-value",
         "(5000 characters)' is too large"),
    Case("rank-1e3", ranked("1e3"), "10:16", "wrong-type", "rank '1e3' is not a whole number"),
    Case("rank-1.0", ranked("1.0"), "10:16", "wrong-type", "rank '1.0' is not a whole number"),
    Case("rank-sexagesimal", ranked("1:20"), "10:16", "wrong-type", "'1:20' is not a number"),
    Case("latitude-1e999", cluster("location: {lat: 1e999, lon: 3}"), "9:21", "bad-value",
         "lat '1e999' is too large"),
    Case("latitude-nan", cluster("location: {lat: nan, lon: 3}"), "9:21", "wrong-type",
         "lat 'nan' is not a number"),
    Case("figure-400-digits", figured(f"{'9' * 400}.5"), "10:17", "bad-value", "is too large"),
    # -- impossible dates ----------------------------------------------------------------------
    Case("date-feb-30", cluster("established: 2023-02-30"), "9:18", "bad-date",
         "Feb 2023 has no day 30"),
    Case("date-feb-29-not-leap", cluster("established: 2023-02-29"), "9:18", "bad-date",
         "Feb 2023 has no day 29"),
    Case("date-month-13", cluster("established: 2023-13"), "9:18", "bad-date",
         "month 13 does not exist"),
    Case("date-month-00", cluster("established: 2023-00"), "9:18", "bad-date",
         "month 0 does not exist"),
    Case("date-year-0000", cluster("established: 0000"), "9:18", "bad-date",
         "year 0 is out of range"),
    Case("date-backwards", cluster("established: 2023-05/2022-01"), "9:18", "bad-date",
         "range ends (2022-01) before it starts (2023-05)"),
    Case("date-with-time", cluster("established: 2023-01-01T10:00:00Z"), "9:18", "bad-date",
         "is not a date"),
    Case("date-one-digit-month", cluster("established: 2023-1"), "9:18", "bad-date",
         "'2023-1' is not a date"),
    Case("date-three-parts", cluster("established: 2020/2021/2022"), "9:18", "bad-date",
         "is not a date"),
    # -- explicit tags -------------------------------------------------------------------------
    Case("tag-python-apply", cluster("summary: !!python/object/apply:os.system ['true']"),
         "9:14", "yaml-tag", "python/object/apply:os.system' is not allowed"),
    Case("tag-python-name", cluster("summary: !!python/name:os.system"), "9:14", "yaml-tag",
         "python/name:os.system"),
    Case("tag-binary", cluster("summary: !!binary aGVsbG8="), "9:14", "yaml-tag", "2002:binary"),
    Case("tag-set", "sources: !!set {a, b}\n", "1:10", "yaml-tag", "2002:set"),
    Case("tag-omap", "sources: !!omap [a: 1]\n", "1:10", "yaml-tag", "2002:omap"),
    Case("tag-timestamp-bad-value", cluster("established: !!timestamp 2023-02-30"), "9:18",
         "yaml-tag", "2002:timestamp"),
    Case("tag-int", cluster("established: !!int 1973"), "9:18", "yaml-tag", "2002:int"),
    Case("tag-float", "schema_version: !!float 1\n", "1:17", "yaml-tag", "2002:float"),
    Case("tag-null", "sources: !!null\n", "1:10", "yaml-tag", "2002:null"),
    Case("tag-custom", cluster("summary: !foo bar"), "9:14", "yaml-tag", "tag '!foo'"),
    Case("tag-custom-on-a-list", "sources: !foo []\n", "1:10", "yaml-tag", "tag '!foo'"),
    Case("tag-via-directive", "%TAG !e! tag:example.com,2000:\n---\nsources: !e!x []\n", "3:10",
         "yaml-tag", "tag:example.com,2000:x"),
    Case("tag-undefined-handle", "sources: !e!x []\n", "1:10", "yaml-syntax", "undefined tag"),
    Case("tag-map-on-a-list", "sources: !!map []\n", "1:10", "yaml-tag", "2002:map"),
    Case("tag-seq-on-a-mapping", "sources: !!seq {}\n", "1:10", "yaml-tag", "2002:seq"),
    # -- aliases, nesting and keys that are not strings ----------------------------------------
    Case("billion-laughs", LAUGHS, "1:4", "yaml-anchor", "anchors and aliases"),
    Case("recursive-alias", "a: &a [*a]\n", "1:4", "yaml-anchor", "anchors and aliases"),
    Case("undefined-alias", "sources: *nowhere\n", "1:10", "yaml-anchor", "anchors and aliases"),
    Case("merge-from-alias", "base: &b {kind: news}\nsources: [{<<: *b}]\n", "1:7",
         "yaml-anchor", "anchors and aliases"),
    # libyaml's own limit on flow nesting (1000 levels) is met before ours (64)
    Case("10000-open-brackets", "[" * 10_000 + "\n", "1:*", "too-deep", "nesting depth"),
    Case("10000-nested-lists", nested(10_000, "[", "]"), "1:*", "too-deep", "nesting depth"),
    Case("10000-nested-maps", nested(10_000, "{a: ", "}", "1"), "1:257", "too-deep",
         "nesting deeper than 64 levels"),
    Case("2000-nested-blocks", "".join("  " * i + "a:\n" for i in range(2000)), "65:129",
         "too-deep", "nesting deeper than 64 levels"),
    Case("complex-key-list", "? [a, b]\n: 1\n", "1:3", "yaml-complex-key", "a plain string"),
    Case("complex-key-map", "? {a: 1}\n: 1\n", "1:3", "yaml-complex-key", "a plain string"),
    Case("complex-key-flow", "{[a]: 1}\n", "1:2", "yaml-complex-key", "a plain string"),
    Case("complex-key-in-entry", cluster("? [status]", ": active"), "9:7", "yaml-complex-key",
         "a mapping key must be a plain string"),
    # -- escapes and invisible characters ------------------------------------------------------
    Case("lone-surrogate-escape", cluster(name='"\\ud800"'), "5:*", "yaml-syntax",
         "invalid Unicode character escape"),
    Case("lone-low-surrogate", cluster(name='"C\\udfff"'), "5:*", "yaml-syntax",
         "invalid Unicode character escape"),
    Case("surrogate-long-escape", cluster(name='"\\U0000d800"'), "5:*", "yaml-syntax",
         "invalid Unicode character escape"),
    Case("surrogate-pair-escape", cluster(name='"\\ud83d\\ude00"'), "5:*", "yaml-syntax",
         "invalid Unicode character escape"),
    Case("escape-beyond-unicode", cluster(name='"\\U00110000"'), "5:*", "yaml-syntax",
         "invalid Unicode character escape"),
    Case("zero-width-in-id", cluster(id="c\u200b"), "4:9", "bad-id", "id 'c\\u200b' is not"),
    Case("bidi-in-id", cluster(id="c\u202e"), "4:9", "bad-id", "id 'c\\u202e' is not valid"),
    Case("escaped-bidi-in-id", cluster(id='"c\\u202e"'), "4:9", "bad-id", "id 'c\\u202e' is"),
    Case("fullwidth-letter-id", cluster(id="\uff43"), "4:9", "bad-id", "is not valid"),
    Case("zero-width-in-reference", cluster(sources="[src\u200b]"), "8:15", "unsafe-character",
         "sources: character U+200B ZERO WIDTH SPACE"),
    Case("bidi-in-a-field-key", cluster("name\u202e: D"), "9:5", "unknown-field",
         "unknown cluster field 'name\\u202e'"),
    Case("zero-width-in-a-section", "sources\u200b: []\n", "1:1", "unknown-field",
         "unknown top-level section 'sources\\u200b'"),
    # -- values that are there but say nothing -------------------------------------------------
    Case("empty-required-name", cluster(name='""'), "4:5", "missing-field",
         "cluster 'c' is missing required field 'name'"),
    Case("blank-required-name", cluster(name="'   '"), "4:5", "missing-field",
         "cluster 'c' is missing required field 'name'"),
    # -- characters that act on a terminal, reorder a line, hide, or break a line ------------
    # YAML escapes reach the text whatever the file's bytes are; each is refused where it stands.
    Case("escape-sequence-in-url", sourced('"https://example.org/\\e]0;pwned\\a"'), "2:70",
         "unsafe-character", "url: character U+001B ESCAPE is not allowed"),
    Case("clipboard-write-in-url", sourced('"https://e.org/\\e]52;c;cHduZWQ=\\x07"'), "2:70",
         "unsafe-character", "url: character U+001B ESCAPE"),
    Case("newline-in-url", sourced('"https://example.org/a\\nb"'), "2:70", "unsafe-character",
         "url: character U+000A LINE FEED is not allowed in one line of text"),
    Case("c1-csi-in-name", cluster(name='"C\\x9b31mD"'), "5:11", "unsafe-character",
         "name: character U+009B CONTROL SEQUENCE INTRODUCER is not allowed"),
    Case("c1-osc-in-name", cluster(name='"C\\x9d0;x\\x9c"'), "5:11", "unsafe-character",
         "U+009D OPERATING SYSTEM COMMAND"),
    Case("next-line-escape", cluster(name='"C\\ND"'), "5:11", "unsafe-character",
         "U+0085 NEXT LINE"),
    Case("line-separator-escape", cluster(name='"C\\LD"'), "5:11", "unsafe-character",
         "U+2028 LINE SEPARATOR"),
    Case("paragraph-separator-escape", cluster(name='"C\\PD"'), "5:11", "unsafe-character",
         "U+2029 PARAGRAPH SEPARATOR"),
    Case("delete-escape", cluster(name='"C\\x7fD"'), "5:11", "unsafe-character",
         "U+007F DELETE"),
    Case("newline-in-name", cluster(name='"C\\nD"'), "5:11", "unsafe-character",
         "name: character U+000A LINE FEED is not allowed in one line of text"),
    Case("tab-in-name", cluster(name='"C\\tD"'), "5:11", "unsafe-character",
         "U+0009 CHARACTER TABULATION"),
    Case("bidi-override-escape", cluster(name='"C\\u202eD"'), "5:11", "unsafe-character",
         "U+202E RIGHT-TO-LEFT OVERRIDE"),
    Case("bidi-override-raw", cluster(name="C\u202eD"), "5:11", "unsafe-character",
         "U+202E RIGHT-TO-LEFT OVERRIDE"),
    Case("bidi-isolate", cluster(name="C\u2066D\u2069"), "5:11", "unsafe-character",
         "U+2066 LEFT-TO-RIGHT ISOLATE"),
    Case("bidi-embedding", cluster(name="C\u202bD"), "5:11", "unsafe-character",
         "U+202B RIGHT-TO-LEFT EMBEDDING"),
    Case("zero-width-space", cluster(name="C\u200bD"), "5:11", "unsafe-character",
         "U+200B ZERO WIDTH SPACE"),
    Case("zero-width-joiner", cluster(name="C\u200dD"), "5:11", "unsafe-character",
         "U+200D ZERO WIDTH JOINER"),
    Case("word-joiner", cluster(name="C\u2060D"), "5:11", "unsafe-character",
         "U+2060 WORD JOINER"),
    Case("byte-order-mark-in-text", cluster(name='"C\\ufeffD"'), "5:11", "unsafe-character",
         "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    Case("soft-hyphen", cluster(name="C\u00adD"), "5:11", "unsafe-character",
         "U+00AD SOFT HYPHEN"),
    Case("hangul-filler", cluster(name="C\u3164D"), "5:11", "unsafe-character",
         "U+3164 HANGUL FILLER"),
    Case("halfwidth-hangul-filler", cluster(name="C\uffa0D"), "5:11", "unsafe-character",
         "U+FFA0 HALFWIDTH HANGUL FILLER"),
    Case("tag-characters", cluster(name='"C\\U000E0041\\U000E007F"'), "5:11",
         "unsafe-character", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    Case("noncharacter", cluster(name='"C\\ufdd0"'), "5:11", "unsafe-character",
         "U+FDD0 NONCHARACTER"),
    Case("escape-in-a-summary", cluster('summary: "a \\e[2J b"'), "9:14", "unsafe-character",
         "summary: character U+001B ESCAPE"),
    Case("control-in-a-summary", cluster('summary: "a \\x01 b"'), "9:14", "unsafe-character",
         "U+0001 START OF HEADING"),
    Case("carriage-return-in-a-summary", cluster('summary: "a\\rb"'), "9:14",
         "unsafe-character", "U+000D CARRIAGE RETURN"),
    Case("escape-in-an-alias", cluster('aliases: [ok, "a\\e[31m"]'), "9:19", "unsafe-character",
         "aliases: character U+001B ESCAPE"),
    Case("bidi-in-a-figure-label", cluster("figures:", "  - {value: 1, unit: u, label: a\u202eb}"),
         "10:36", "unsafe-character", "label: character U+202E"),
    Case("escape-in-catalog-version", 'catalog_version: "1\\e[0m"\n', "1:18",
         "unsafe-character", "catalog_version: character U+001B ESCAPE"),
    # -- urls that would end early, or vanish, in Markdown and HTML ---------------------------
    Case("quote-in-url", sourced('\'https://example.org/a"b\''), "2:70", "bad-value",
         "is not valid; expected an http:// or https:// address"),
    Case("angle-bracket-in-url", sourced("https://example.org/<b>"), "2:70", "bad-value",
         "url 'https://example.org/<b>' is not valid"),
    Case("space-in-url", sourced('"https://example.org/a b"'), "2:70", "bad-value",
         "url 'https://example.org/a b' is not valid"),
    Case("backslash-in-url", sourced('"https://example.org/a\\\\b"'), "2:70", "bad-value",
         "is not valid"),
    Case("javascript-url", sourced("javascript:alert(1)"), "2:70", "bad-value", "is not valid"),
    # -- validation gaps ------------------------------------------------------------------------
    Case("related-to-itself", cluster("related: [c]"), "9:15", "self-reference",
         "related: cluster 'c' lists itself"),
    Case("empty-alias", cluster("aliases: ['']"), "9:15", "bad-alias", "an alias is empty"),
    Case("blank-alias", cluster("aliases: [a, '   ']"), "9:18", "bad-alias", "an alias is empty"),
    Case("repeated-alias", cluster("aliases: [Daedeok, Daedeok]"), "9:24", "bad-alias",
         "'Daedeok' repeats the alias at line 9, column 15"),
    Case("repeated-alias-in-another-case", cluster("aliases: [InnoTown, Innotown]"), "9:25",
         "bad-alias", "'Innotown' repeats the alias"),
    Case("repeated-alias-after-case-folding", cluster("aliases: [Straße, STRASSE]"), "9:23",
         "bad-alias", "'STRASSE' repeats the alias"),
    Case("rank-0", ranked("0"), "10:16", "bad-ranking", "rank 0 is out of range (1 or more)"),
    Case("rank-negative", ranked("-3"), "10:16", "bad-ranking", "rank -3 is out of range"),
    Case("rank-above-out-of",
         cluster("rankings:", "  - {rank: 11, out_of: 10, ranking: R, publisher: P, as_of: 2020}"),
         "10:16", "bad-ranking", "rank 11 is out of range (1 to 10)"),
    Case("out-of-0",
         cluster("rankings:", "  - {rank: 1, out_of: 0, ranking: R, publisher: P, as_of: 2020}"),
         "10:27", "bad-ranking", "out_of 0 is not a number of entries"),
    Case("repeated-figure",
         cluster("figures:", "  - {value: 1, unit: u, label: l, as_of: 2020}",
                 "  - {value: 1.0, unit: u, label: l, as_of: 2020, note: again}"),
         "11:9", "duplicate-figure",
         "figure 'l' repeats the one at line 10, column 9 (same label, value, unit and as_of)"),
]
# fmt: on


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_file_is_a_located_error(tmp_path: Path, case: Case) -> None:
    path = tmp_path / "catalog.yaml"
    data = case.content if isinstance(case.content, bytes) else case.content.encode()
    path.write_bytes(data)
    assert_rejected(path, case.where, case.code, case.fragment, also=case.also)


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


# --- generated syntax errors: one hazard inserted before every line of a valid catalog -----

MINI_LINES = MINI_TEXT.splitlines(keepends=True)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]


# name -> (the line to insert, given the line it goes before; is the error on that line?)
INSERTIONS: dict[str, tuple[Callable[[str], str], bool]] = {
    "stray-bracket": (lambda before: _indent(before) + "]\n", True),
    "colon-colon": (lambda before: _indent(before) + ": :\n", True),
    # an unclosed quote or bracket is noticed later; the message says where it opened
    "open-quote": (lambda before: _indent(before) + 'x: "oops\n', False),
    "open-bracket": (lambda before: _indent(before) + "x: [a, b\n", False),
}
SYNTAX = [
    pytest.param(name, index, id=f"{name}-at-line-{index + 1}")
    for name in INSERTIONS
    for index in range(len(MINI_LINES) + 1)
]


@pytest.mark.parametrize(("hazard", "index"), SYNTAX)
def test_syntax_error_at_every_line_is_located(tmp_path: Path, hazard: str, index: int) -> None:
    make, on_that_line = INSERTIONS[hazard]
    before = MINI_LINES[min(index, len(MINI_LINES) - 1)]
    inserted = make(before)
    line = index + 1
    path = tmp_path / "catalog.yaml"
    path.write_text("".join(MINI_LINES[:index]) + inserted + "".join(MINI_LINES[index:]))
    if on_that_line:
        assert_rejected(path, f"{line}:{len(_indent(before)) + 1}", "yaml-syntax", "")
        return
    assert_rejected(path, "*:*", "yaml-syntax", "")
    first = cli(path, "validate").stdout.splitlines()[0]
    assert first.startswith(f"{path}:{line}:") or f"started at line {line}," in first, first


# --- every truncated prefix of a valid catalog -----------------------------------------------

MINI_BYTES = MINI.read_bytes()
LINE_ENDS = [0] + [i + 1 for i, byte in enumerate(MINI_BYTES) if byte == ord("\n")]


def agrees(part: Any, whole: Any, cut_in_value: bool) -> bool:
    """Is ``part`` what a file cut short could say of ``whole``? Absent, equal or a prefix.
    (The export leaves absent fields out, so a record cut short has fewer keys.)"""
    if part == whole or part is None or part == []:
        return True
    if isinstance(part, dict) and isinstance(whole, dict):
        return part.keys() <= whole.keys() and all(
            agrees(value, whole[key], cut_in_value) for key, value in part.items()
        )
    if isinstance(part, list) and isinstance(whole, list):
        n = len(part)
        return (
            n <= len(whole)
            and part[:-1] == whole[: n - 1]
            and agrees(part[-1], whole[n - 1], cut_in_value)
        )
    if cut_in_value and isinstance(part, (str, int, float)) and not isinstance(part, bool):
        return str(whole).startswith(str(part))
    return False


def assert_as_far_as_it_goes(prefix: Any, cut_in_value: bool) -> None:
    """Every record of the prefix is the full record; at most one (the last) is cut short."""
    full = full_mini()
    assert prefix.keys() == full.keys()
    whole = {(s, r["id"]): r for s, v in full.items() if isinstance(v, list) for r in v}
    short = []
    for section, records in prefix.items():
        if not isinstance(records, list):
            assert records == full[section], section
            continue
        for record in records:
            key = (section, record["id"])
            assert key in whole, f"{key} is not in the full catalog"
            if record != whole[key]:
                assert agrees(record, whole[key], cut_in_value), (record, whole[key])
                short.append(key)
    assert len(short) <= 1, short


def check_prefix(path: Path, cut: int, cut_in_value: bool) -> bool:
    """Export the first ``cut`` bytes: what it holds, or a located error. True if it loaded."""
    path.write_bytes(MINI_BYTES[:cut])
    listed = cli(path, "export", "-o", "json")
    if listed.exit_code == 0:
        assert_as_far_as_it_goes(json.loads(listed.stdout), cut_in_value)
        return True
    assert_located_error(path, listed)
    return False


@pytest.mark.parametrize("cut", LINE_ENDS, ids=[f"first-{n}-lines" for n in range(len(LINE_ENDS))])
def test_every_line_prefix_loads_what_it_holds_or_is_a_located_error(
    tmp_path: Path, cut: int
) -> None:
    path = tmp_path / "catalog.yaml"
    loaded = check_prefix(path, cut, cut_in_value=False)
    checked = cli(path, "validate")
    assert checked.exit_code == (0 if loaded else 3), checked.stdout
    if not loaded:
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: error\[", checked.stdout)


@pytest.mark.parametrize(
    "line", range(1, len(LINE_ENDS)), ids=[f"inside-line-{n}" for n in range(1, len(LINE_ENDS))]
)
def test_byte_prefixes_within_a_line_are_consistent(tmp_path: Path, line: int) -> None:
    # Every third byte, and the line without its line break: ~1,000 cuts in a few seconds.
    path = tmp_path / "catalog.yaml"
    start, end = LINE_ENDS[line - 1] + 1, LINE_ENDS[line]
    for cut in range(start, end):
        if cut % 3 == 0 or cut == end - 1:
            check_prefix(path, cut, cut_in_value=True)


def test_the_whole_file_is_the_last_prefix() -> None:
    assert LINE_ENDS[-1] == len(MINI_BYTES)


# --- soup: random printable YAML punctuation -------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_random_yaml_punctuation_is_a_located_error(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = tmp_path / "catalog.yaml"
    path.write_text("".join(rng.choice("ab: -\n[]{}'\"#&*!|>%@`,?") for _ in range(500)))
    assert_located_error(path, cli(path, "clusters", "-o", "json"))


# --- hostile-looking files that are fine -----------------------------------------------------


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="utf-8-bom"),
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: b.replace(b"\n", b"\r"), id="cr-only"),
        pytest.param(lambda b: b"---\n" + b + b"...\n", id="document-markers"),
        pytest.param(lambda b: b"%YAML 1.2\n---\n" + b, id="yaml-1.2-directive"),
        pytest.param(lambda b: b"%YAML 1.1\n---\n" + b, id="yaml-1.1-directive"),
        pytest.param(lambda b: b.replace(b": ", b":\t"), id="tab-after-colons"),
    ],
)
def test_a_harmless_variant_loads_the_same_records(
    tmp_path: Path, transform: Callable[[bytes], bytes]
) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_bytes(transform(MINI_BYTES))
    assert export(path) == full_mini()
    assert cli(path, "validate").exit_code == 0


def test_yaml_11_traps_keep_the_text_as_written(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "catalog_version: 1.10\n"
        "sources:\n"
        "  - {id: s, title: 010, publisher: yes, kind: news, language: en, summary: 1:20}\n"
        "actors:\n"
        "  - {id: a, name: on, kind: agency, country: NO, aliases: [0x1F, .inf, ~x, 'null']}\n"
    )
    catalog = export(path)
    assert catalog["catalog_version"] == "1.10"
    [source] = catalog["sources"]
    assert (source["title"], source["publisher"], source["summary"]) == ("010", "yes", "1:20")
    [actor] = catalog["actors"]
    assert (actor["name"], actor["country"]) == ("on", "NO")
    assert actor["aliases"] == ["0x1F", ".inf", "~x", "null"]


def test_an_empty_mapping_is_an_empty_catalog(tmp_path: Path) -> None:
    # Unlike an empty file (which looks like a failed write), '{}' says "no entries" on purpose.
    path = tmp_path / "catalog.yaml"
    path.write_text("{}\n")
    assert cli(path, "clusters", "-o", "json").stdout.strip() == "[]"


def test_a_leap_day_is_a_date(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(cluster("established: 2024-02-29"))
    [record] = export(path)["clusters"]
    assert record["established"] == "2024-02-29"


# --- the same file twice, and several files ----------------------------------------------------


def duplicate_args(tmp_path: Path, how: str) -> tuple[list[str], dict[str, str] | None, str]:
    """(arguments, environment, the path named second) for one way of naming MINI twice."""
    copy = tmp_path / "mini.yaml"
    copy.write_bytes(MINI_BYTES)
    if how == "twice":
        return ["--catalog", str(copy), "--catalog", str(copy)], None, str(copy)
    if how == "symlink":
        link = tmp_path / "link.yaml"
        link.symlink_to(copy)
        return ["--catalog", str(copy), "--catalog", str(link)], None, str(link)
    if how == "hard-link":
        hard = tmp_path / "hard.yaml"
        os.link(copy, hard)
        return ["--catalog", str(copy), "--catalog", str(hard)], None, str(hard)
    if how == "dot-slash":
        other = f"{tmp_path}/./mini.yaml"
        return ["--catalog", str(copy), "--catalog", other], None, other
    assert how == "environment-and-flag"
    return ["--catalog", str(copy)], {"CLUSTERCTL_CATALOG": str(copy)}, str(copy)


@pytest.mark.parametrize(
    "how", ["twice", "symlink", "hard-link", "dot-slash", "environment-and-flag"]
)
def test_the_same_overlay_twice_is_refused(tmp_path: Path, how: str) -> None:
    args, env, second = duplicate_args(tmp_path, how)
    for command in (["validate"], ["clusters", "-o", "json"]):
        result = invoke("--no-builtin", *args, *command, env=env)
        assert result.exit_code == 3, result.stdout + result.stderr
        out = result.stdout + result.stderr
        assert f"{second}: " in out
        assert f"the same catalog file is selected twice (first as {tmp_path}/mini.yaml)" in out
        assert "Traceback" not in out
        if command[0] == "clusters":
            assert result.stdout == ""


def test_the_shipped_catalog_named_again_is_refused() -> None:
    result = invoke("--catalog", str(ROOT / "catalog.yaml"), "clusters", "-o", "json")
    assert (result.exit_code, result.stdout) == (3, "")
    assert "the same catalog file is selected twice" in result.stderr


def test_a_good_file_beside_a_broken_one_lists_nothing(tmp_path: Path) -> None:
    broken = FIXTURES / "broken" / "unknown-reference.yaml"
    result = invoke("--no-builtin", "--catalog", str(MINI), "--catalog", str(broken), "clusters")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith(f"clusterctl: error: {broken}:12:15: ")


# --- paths that are not files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "path", "fragment"),
    [
        ("empty-path", "", "empty path"),
        ("through-a-file", str(MINI / "x.yaml"), "cannot read: Not a directory"),
        ("missing", "/nonexistent/catalog.yaml", "no such file"),
    ],
)
def test_a_path_that_cannot_be_a_catalog_is_unreadable(name: str, path: str, fragment: str) -> None:
    assert_rejected(path, None, "unreadable", fragment)


def test_a_nul_byte_in_a_path_is_unreadable() -> None:
    # Only reachable in-process (an argv or environment string cannot hold NUL); the path
    # shows escaped in validate's report.
    for command in (["validate"], ["clusters", "-o", "json"]):
        result = cli("mini\x00.yaml", *command)
        assert (result.exit_code, result.stderr.count("Traceback")) == (3, 0)
        assert "cannot read: embedded null byte" in result.stdout + result.stderr


def test_a_missing_option_value_is_a_usage_error() -> None:
    result = invoke("--no-builtin", "--catalog")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("clusterctl: error: Option '--catalog' requires an argument")


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_a_file_larger_than_stat_says_is_still_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files in /proc report a size of 0; the limit must hold for what is actually read.
    monkeypatch.setattr(loader, "MAX_BYTES", 100)
    assert_rejected("/proc/self/status", None, "too-large", "file is over")


def test_too_many_nodes_stops_the_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_NODES", 1000)
    path = tmp_path / "wide.yaml"
    path.write_text("sources: [" + "a, " * 1000 + "a]\n")
    assert_rejected(path, "1:*", "too-large", "too many YAML nodes")


# --- OS-level cases in a real process: bounded in time, and where it matters in memory --------

MEMORY_LIMIT = 1024 * 1024 * 1024


def run_bounded(*args: str, memory: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m clusterctl`` with a hang guard and, optionally, a 1 GiB address space."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "clusterctl", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=subprocess_env(),
        cwd=ROOT,
        timeout=600,  # a hang guard only: a loaded machine may take many times longer
        check=False,
        preexec_fn=limit if memory else None,
    )


def assert_process_rejects(
    path: str, where: str | None, code: str, fragment: str, memory: bool
) -> None:
    at = location_pattern(path, where)
    checked = run_bounded("--no-builtin", "--catalog", path, "validate", memory=memory)
    assert checked.returncode == 3, checked.stdout + checked.stderr
    assert re.match(
        rf"{at}: error\[{re.escape(code)}\]: .*{re.escape(fragment)}", checked.stdout
    ), checked.stdout
    listed = run_bounded("--no-builtin", "--catalog", path, "clusters", "-o", "json", memory=memory)
    assert (listed.returncode, listed.stdout) == (3, ""), listed.stderr
    assert re.match(rf"clusterctl: error: {at}: .*{re.escape(fragment)}", listed.stderr)
    for result in (checked, listed):
        assert "Traceback" not in result.stdout + result.stderr


def make_fifo(tmp_path: Path) -> str:
    path = tmp_path / "catalog.fifo"
    os.mkfifo(path)
    return str(path)  # nobody ever writes: opening it for reading would block forever


def make_sparse(tmp_path: Path) -> str:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # a hole: no disk is used
    return str(path)


def make_file(content: str) -> Callable[[Path], str]:
    def make(tmp_path: Path) -> str:
        path = tmp_path / "catalog.yaml"
        path.write_text(content)
        return str(path)

    return make


def make_symlink_loop(tmp_path: Path) -> str:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    return str(tmp_path / "a.yaml")


# id -> (make the path, line:col, code, message fragment, under the memory limit?)
OS_CASES: dict[str, tuple[Callable[[Path], str], str | None, str, str, bool]] = {
    "fifo": (make_fifo, None, "unreadable", "is not a regular file", False),
    "dev-zero": (lambda _: "/dev/zero", None, "unreadable", "is not a regular file", True),
    "dev-null": (lambda _: "/dev/null", None, "unreadable", "is not a regular file", False),
    "directory": (str, None, "unreadable", "is a directory", False),
    "missing": (lambda t: str(t / "nope.yaml"), None, "unreadable", "no such file", False),
    "symlink-loop": (make_symlink_loop, None, "unreadable", "cannot read", False),
    "sparse-300-mib": (make_sparse, None, "too-large", "file is 300 MiB", True),
    "billion-laughs": (make_file(LAUGHS), "1:4", "yaml-anchor", "anchors and aliases", True),
    "deep-nesting": (make_file("[" * 100_000), "1:*", "too-deep", "nesting depth", True),
}


@pytest.mark.parametrize("name", list(OS_CASES))
def test_os_level_hazard_in_a_real_process(tmp_path: Path, name: str) -> None:
    make, where, code, fragment, memory = OS_CASES[name]
    assert_process_rejects(make(tmp_path), where, code, fragment, memory)


def test_a_file_of_nothing_but_nodes_stops_within_the_memory_limit(tmp_path: Path) -> None:
    # One node more than the reader takes, two bytes each (10 MB): the slowest case here
    # (several seconds), so only validate runs; the listing shares the reader.
    path = tmp_path / "wide.yaml"
    path.write_text("sources: [" + "a," * yamlio.MAX_NODES + "a]\n")
    result = run_bounded("--no-builtin", "--catalog", str(path), "validate", memory=True)
    assert result.returncode == 3, result.stdout + result.stderr
    at = re.escape(str(path))
    assert re.match(rf"{at}:1:\d+: error\[too-large\]: the file has too many", result.stdout)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_fails_to_read_is_unreadable() -> None:
    # /proc/self/mem is a regular file whose first page cannot be read (EIO), even by root.
    assert_process_rejects("/proc/self/mem", None, "unreadable", "cannot read: Input/output", False)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_bytes(MINI_BYTES)
    path.chmod(0)
    assert_process_rejects(str(path), None, "unreadable", "Permission denied", memory=False)


def test_a_catalog_at_a_path_that_is_not_utf8_loads(tmp_path: Path) -> None:
    path = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.yaml")
    Path(path).write_bytes(MINI_BYTES)
    for _ in range(2):  # parsed, then answered from the parse cache
        result = run_bounded("--no-builtin", "--catalog", path, "clusters", "-o", "json")
        assert result.returncode == 0, result.stderr
        assert [r["id"] for r in json.loads(result.stdout)] == ["boston", "daedeok"]


def test_an_escape_byte_in_a_path_prints_as_text(tmp_path: Path) -> None:
    path = tmp_path / "a\x1b[31mred\nfake.yaml"
    path.write_text("[]\n", encoding="utf-8")
    result = run_bounded("--no-builtin", "--catalog", str(path), "clusters")
    assert result.returncode == 3
    assert "\x1b" not in result.stderr
    assert "a\\x1b[31mred fake.yaml:1:1: the top level is a list" in result.stderr
    assert result.stderr.count("\n") == 3  # the error and its two hints, no faked line


# --- text stays text in every output -----------------------------------------------------------
# Control, format and invisible characters are refused where a catalog holds them, and escaped by
# every output whatever the text comes from; Markdown renders as the text it was given; the
# validator's checks of related entities, aliases, rankings, figures and overlays.

CONTROLS = FIXTURES / "controls.yaml"
HOSTILE = FIXTURES / "hostile.yaml"


def every_output(show: str, pair: tuple[str, str]) -> list[tuple[list[str], dict[str, str]]]:
    """Every output format of the views that show catalog text, and every export.

    The formats come from the Format enum, so a new one is covered as soon as it exists; the
    table is taken both as a pipe gets it and as a terminal does (in colour).
    """
    from clusterctl import model
    from clusterctl.render.formats import BRIEFING_FORMATS, TIMELINE_FORMATS, Format

    runs: list[tuple[list[str], dict[str, str]]] = []
    for fmt in Format:
        commands = [["timeline", "--cite"], ["show", show, "--cite"]]
        if fmt in TIMELINE_FORMATS:
            commands = [["timeline", "--cite"], ["timeline", "--group-by", "cluster"]]
        elif fmt not in BRIEFING_FORMATS or fmt is Format.MD:
            commands += [["clusters", "--cite"], ["milestones"], ["sources"], ["compare", *pair]]
            commands += [["search", "e"], ["actors"]]
        runs += [([*command, "-o", fmt.value], {}) for command in commands]
    terminal = {"TTY_COMPATIBLE": "1", "COLUMNS": "100"}
    for command in (["clusters", "--cite"], ["show", show], ["timeline", "--cite"], ["sources"],
                    ["compare", *pair]):  # fmt: skip
        runs.append((["--color", "always", *command], terminal))
    runs += [(["export", "-o", fmt], {}) for fmt in ("json", "yaml", "geojson", "ics")]
    runs += [(["export", "-o", "csv", "--type", kind], {}) for kind in model.SECTIONS.values()]
    return runs


def run_everything(path: Path, show: str, pair: tuple[str, str]) -> list[tuple[list[str], Result]]:
    return [
        (args, invoke("--no-builtin", "--no-cache", "--catalog", str(path), *args, env=env))
        for args, env in every_output(show, pair)
    ]


def test_validate_names_each_control_character_where_it_stands() -> None:
    from tests.inert import unsafe_characters

    result = cli(CONTROLS, "validate")
    assert result.exit_code == 3
    found = [line for line in result.stdout.splitlines() if "error[" in line]
    assert [line.split(": ", 2)[0] for line in found] == [
        f"{CONTROLS}:{where}"
        for where in ("6:12", "7:16", "10:10", "13:11", "14:14", "15:15", "18:14", "21:11",
                      "29:12", "32:12", "33:14")
    ]  # fmt: skip
    named = [line.split("character ", 1)[1].split(" is not", 1)[0] for line in found]
    assert named == [
        "U+009B CONTROL SEQUENCE INTRODUCER",
        "U+0085 NEXT LINE",
        "U+001B ESCAPE",
        "U+202E RIGHT-TO-LEFT OVERRIDE",
        "U+200B ZERO WIDTH SPACE",
        "U+00AD SOFT HYPHEN",
        "U+001B ESCAPE",
        "U+2028 LINE SEPARATOR",
        "U+FDD0 NONCHARACTER",
        "U+0009 CHARACTER TABULATION",
        "U+061C ARABIC LETTER MARK",
    ]
    assert all("error[unsafe-character]" in line for line in found)
    assert unsafe_characters(result.stdout + result.stderr) == []


# Catalogs the validator refuses, each in a way a red team found it passing before.
REFUSED = {
    "control-characters": (CONTROLS, "6:12", "character U+009B CONTROL SEQUENCE INTRODUCER"),
    "escape-in-url": (sourced('"https://example.org/\\e]0;pwned\\a"'), "2:70", "U+001B ESCAPE"),
    "quote-in-url": (sourced("'https://example.org/a\"b'"), "2:70", "is not valid"),
    "related-to-itself": (cluster("related: [c]"), "9:15", "lists itself"),
    "repeated-alias": (cluster("aliases: [InnoTown, Innotown]"), "9:25", "repeats the alias"),
    "rank-above-out-of": (
        cluster("rankings:", "  - {rank: 11, out_of: 10, ranking: R, publisher: P, as_of: 2020}"),
        "10:16",
        "rank 11 is out of range",
    ),
    "repeated-figure": (
        cluster("figures:", *["  - {value: 1, unit: u, label: l, as_of: 2020}"] * 2),
        "11:9",
        "repeats the one at line 10",
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_refused_catalog_gives_every_output_one_located_error(tmp_path: Path, name: str) -> None:
    from tests.inert import unsafe_characters

    content, where, fragment = REFUSED[name]
    if isinstance(content, Path):
        path = content
    else:
        path = tmp_path / "catalog.yaml"
        path.write_text(content, encoding="utf-8")
    show, pair = ("c", ("c", "d")) if path == CONTROLS else ("c", ("c", "c"))
    for args, result in run_everything(path, show, pair):
        assert (result.exit_code, result.stdout) == (3, ""), (args, result.stdout)
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"clusterctl: error: {path}:{where}: "), (args, first)
        assert fragment in first, (args, first)
        assert unsafe_characters(result.stderr) == [], args


@pytest.fixture
def unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator with its character and url checks off: what if text got through anyway?"""
    from clusterctl.catalog import build, spec

    monkeypatch.setattr(spec, "find_unsafe", lambda text: None, raising=False)
    monkeypatch.setattr(build, "_LINE_RE", re.compile("(?!)"), raising=False)
    monkeypatch.setitem(build._PATTERNS, "url", (re.compile(".*", re.DOTALL), "anything"))


def test_every_output_escapes_what_the_validator_refuses(unchecked: None) -> None:
    from tests.inert import unsafe_characters, unstyled

    assert cli(CONTROLS, "validate").exit_code == 0  # the checks really are off
    for args, result in run_everything(CONTROLS, "c", ("c", "d")):
        assert result.exit_code == 0, (args, result.stderr)
        notes = result.stderr.splitlines()
        assert all(line.startswith("clusterctl: note: ") for line in notes), args
        assert unsafe_characters(unstyled(result.stdout)) == [], (args, result.stdout)
        assert "\x1b]" not in result.stdout, args  # no OSC: window titles, clipboard writes


def test_machine_formats_carry_refused_text_exactly_and_inertly(unchecked: None) -> None:
    import yaml

    original = yaml.safe_load(CONTROLS.read_text(encoding="utf-8"))
    names = {c["id"]: c["name"] for c in original["clusters"]}
    as_json = json.loads(cli(CONTROLS, "--no-cache", "clusters", "-o", "json").stdout)
    assert {c["id"]: c["name"] for c in as_json} == names
    lines = cli(CONTROLS, "--no-cache", "clusters", "-o", "jsonl").stdout.splitlines()
    assert {json.loads(line)["id"]: json.loads(line)["name"] for line in lines} == names
    as_yaml = yaml.safe_load(cli(CONTROLS, "--no-cache", "clusters", "-o", "yaml").stdout)
    assert {c["id"]: c["name"] for c in as_yaml} == names
    exported = json.loads(cli(CONTROLS, "--no-cache", "export", "-o", "json").stdout)
    assert exported["sources"][0]["url"] == original["sources"][0]["url"]


EVERY_UNSAFE_KIND = (
    "esc \x1b]0;pwned\x07 bell \x07 del \x7f csi \x9b31m nel \x85 osc \x9d "
    "bidi \u202eevil\u202c \u2066isolate\u2069 \u200e\u200f\u061c "
    "zero \u200b\u200c\u200d\u2060\ufeff soft\u00adhyphen filler\u3164\u115f\u1160\uffa0 "
    "tag\U000e0041\U000e007f separators \u2028\u2029 noncharacter \ufdd0\uffff end"
)


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "-o", "md"], ["timeline", "-o", "html"], ["timeline", "-o", "svg"],
        ["show", "daedeok", "-o", "md"], ["show", "daedeok", "-o", "html"],
        ["show", "daedeok", "-o", "svg"], ["--color", "always", "timeline"],
    ],
)  # fmt: skip
def test_a_title_from_the_command_line_is_inert(args: list[str]) -> None:
    from tests.inert import unsafe_characters, unstyled

    result = invoke("--no-builtin", "--catalog", str(MINI), *args, "--title", EVERY_UNSAFE_KIND,
                    env={"TTY_COMPATIBLE": "1"} if "--color" in args else None)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert unsafe_characters(unstyled(result.stdout)) == [], result.stdout
    assert "x1b" in result.stdout and "pwned" in result.stdout  # shown, escaped


def run_on_a_terminal(code: str, columns: int = 100) -> str:
    """Run Python ``code`` with stdout and stderr on a real pseudo-terminal; what it shows."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = subprocess_env(CLUSTERCTL_NO_CACHE="1")
    env.pop("COLUMNS")
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.DEVNULL, stdout=follower,
        stderr=follower, env=env, cwd=ROOT,
    )  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 60)  # a hang guard
            if not ready:
                proc.kill()
                pytest.fail("clusterctl hung writing to a terminal")
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    proc.wait(timeout=60)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_real_terminal_meets_no_raw_control_character() -> None:
    from tests.inert import unsafe_characters, unstyled

    # Refused: the error line names the place and the character, escaped.
    views = [["clusters", "--cite"], ["show", "c"], ["timeline", "--cite"], ["sources"]]
    refused = "".join(
        f"run(['--no-builtin', '--catalog', {str(CONTROLS)!r}, *{view!r}])\n" for view in views
    )
    # And had the text got through, every view would show it escaped.
    through = (
        "import re\nfrom clusterctl.catalog import build, spec\n"
        "spec.find_unsafe = lambda text: None\nbuild._LINE_RE = re.compile('(?!)')\n"
        "build._PATTERNS['url'] = (re.compile('.*', re.DOTALL), '')\n" + refused
    )
    prelude = (
        "from clusterctl.cli.app import run as _run\n"
        "def run(args):\n"
        "    try:\n        code = _run(args)\n    except SystemExit as exit:\n"
        "        code = exit.code\n"
        "    print('exit', code)\n"
    )
    shown = run_on_a_terminal(prelude + refused)
    assert shown.count("exit 3") == len(views), shown
    assert f"{CONTROLS}:6:12: title: character U+009B CONTROL SEQUENCE" in shown
    assert unsafe_characters(unstyled(shown)) == [], shown
    shown = run_on_a_terminal(prelude + through)
    assert "\x1b[" in shown  # a terminal really was detected: it has colour
    assert shown.count("exit 0") == len(views), shown
    assert unsafe_characters(unstyled(shown)) == [], shown
    assert "\\u202eevil" in shown and "\\x9b31m" in shown


# --- Markdown renders as the text it was given -------------------------------------------------

MARKDOWN_TRAPS = [
    "- a list?", "+ a list?", "* a list?", "1. a list?", "2) a list?", "-", "---", "- - -",
    "***", "___", "# a heading?", "###### a heading?", "> a quote?", "```code```", "~~~",
    "<b>bold?</b>", "<!-- a comment -->", "<div>a block</div>", "&lt;b&gt;", "&amp;", "&#x41;",
    "&#65;", "&copy;", "www.example.com", "see www.example.com/a_b", "https://example.com",
    "<https://example.com>", "[a link](https://example.com)", "![an image](https://e.org/i.png)",
    "*em* _em_ **strong** __strong__", "~~struck~~ ~struck~", "`code`", "a | b | c",
    "a\\b\\", "[^1] [x]", "[x]: https://example.com", "\\*not em\\*", "=====", "1986. a year",
    "R&D", "snake_case_name", "a *b* c_d_e", "<script>alert(1)</script>", "100%", "(a) [b] {c}",
    "x<y>z", "ftp://example.com", "- [ ] a task?", "2023-06", "Hangul 대덕 *강조*",
]  # fmt: skip


def markdown_catalog(path: Path, text: str) -> None:
    """One cluster named ``text`` with ``text`` as its summary, and one milestone titled so."""
    document = {
        "sources": [
            {"id": "src", "title": "T", "publisher": "P", "kind": "news", "language": "en"}
        ],
        "clusters": [{"id": "c", "name": text, "kind": "bio-cluster", "country": "KR",
                      "summary": text, "sources": ["src"]}],
        "milestones": [{"id": "m", "date": "2020", "title": text, "kind": "event",
                        "clusters": ["c"], "sources": ["src"]}],
    }  # fmt: skip
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def assert_renders_as(markdown: str, text: str, where: tuple[str, ...]) -> None:
    """Both renderers show ``text`` exactly in each of ``where`` (h1, p, td) and make no link,
    emphasis, code, list, quote, rule or raw HTML of it."""
    from tests.inert import render_markdown, tags, texts

    allowed = {"h1", "h2", "p", "em", "table", "thead", "tbody", "tr", "th", "td", "br"}
    for renderer, html in render_markdown(markdown).items():
        assert tags(html) <= allowed, (renderer, markdown, html)
        for tag in where:
            assert text in texts(html, tag), (renderer, tag, markdown, html)


@pytest.mark.parametrize("text", MARKDOWN_TRAPS)
def test_markdown_renders_catalog_text_as_that_text(tmp_path: Path, text: str) -> None:
    from tests.inert import texts

    path = tmp_path / "catalog.yaml"
    markdown_catalog(path, text)
    profile = cli(path, "show", "c", "-o", "md", "--no-cite")
    assert profile.exit_code == 0, profile.stderr
    assert_renders_as(profile.stdout, text, ("h1", "p"))
    timeline = cli(path, "timeline", "-o", "md", "--no-cite").stdout
    assert_renders_as(timeline, text, ("td",))
    listing = cli(path, "clusters", "-o", "md").stdout
    assert_renders_as(listing, text, ("td",))
    html = cli(path, "show", "c", "-o", "html").stdout
    # the summary carries its footnote, the record's one source
    assert texts(html, "h1") == [text] and f"{text}[1]" in texts(html, "p")
    # and the machine formats carry it unchanged
    assert json.loads(cli(path, "clusters", "-o", "json").stdout)[0]["summary"] == text


URLS_THAT_ARE_FINE = [
    "https://example.org/a?b=1&amp;c='d'",
    "https://example.org/a?b=1&c=2",
    "https://example.org/wiki/Korea's_(cluster)_*x*_",
    "https://한국.kr/대덕?q=연구",
    "http://example.org/a%20b#frag~1",
]


@pytest.mark.parametrize("url", URLS_THAT_ARE_FINE)
def test_a_valid_url_is_a_working_link_in_markdown_and_html(tmp_path: Path, url: str) -> None:
    from urllib.parse import unquote

    from tests.inert import elements, render_markdown

    path = tmp_path / "catalog.yaml"
    path.write_text(sourced(json.dumps(url, ensure_ascii=False)), encoding="utf-8")
    md = cli(path, "show", "c", "-o", "md")
    assert md.exit_code == 0, md.stderr
    # markdown-it shows an autolink's percent escapes decoded: the same address
    shown = (url, unquote(url))
    for renderer, html in render_markdown(md.stdout).items():
        links = [text for tag, text, _ in elements(html) if tag == "a"]
        assert len(links) == 1 and links[0] in shown, (renderer, md.stdout, html)
    html = cli(path, "show", "c", "-o", "html").stdout
    links = [(text, attrs["href"]) for tag, text, attrs in elements(html) if tag == "a"]
    assert (url, url) in links, links
    listing = cli(path, "sources", "-o", "md").stdout
    for renderer, html in render_markdown(listing).items():
        links = [text for tag, text, _ in elements(html) if tag == "a"]
        assert len(links) == 1 and links[0] in shown, (renderer, listing)


# --- a valid catalog exports to files that are valid catalogs -------------------------------

ALLOWED_TEXT = (
    "대덕 Innopolis\u00a0(no-break space)\u3000(ideographic space) café cafe\u0301 "
    "🧬🇰🇷 ❤\ufe0f عربي עברית 𝔸 \ue000(private use) ½ ﬁ Ω x\u0332 ‘quotes’ “and” — «»"
)


def test_every_allowed_character_survives_export_and_validates_again(tmp_path: Path) -> None:
    source = tmp_path / "allowed.yaml"
    document = {
        "catalog_version": "2026.1 — 대덕",
        "sources": [{"id": "src", "title": ALLOWED_TEXT, "publisher": "P", "kind": "news",
                     "language": "ko", "url": "https://한국.kr/경로?q=1&r='x'(y)"}],
        "clusters": [{"id": "c", "name": ALLOWED_TEXT, "aliases": ["대덕", "Daedeok Valley"],
                      "kind": "bio-cluster", "country": "KR", "sources": ["src"],
                      "summary": f"{ALLOWED_TEXT}\n\n\tA second paragraph, tab-indented.\n",
                      "notes": "line one\nline two\twith a tab"}],
        "milestones": [{"id": "m", "date": "2020", "title": ALLOWED_TEXT, "kind": "event",
                        "venue": ALLOWED_TEXT, "sources": ["src"],
                        "figures": [{"value": 1, "unit": "명", "label": ALLOWED_TEXT,
                                     "note": "a note\nover two lines"}]}],
    }  # fmt: skip
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert cli(source, "validate").exit_code == 0, cli(source, "validate").stdout
    expected = export(source)
    for fmt in ("yaml", "json"):
        target = tmp_path / f"exported.{fmt}"
        written = cli(source, "export", "-o", fmt, "--output", str(target))
        assert written.exit_code == 0, written.stderr
        checked = cli(target, "validate")
        assert checked.exit_code == 0, (fmt, checked.stdout)
        assert export(target) == expected, fmt


# --- an overlay's catalog_version ------------------------------------------------------------


def test_an_overlay_may_not_set_the_catalog_version(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text('catalog_version: "base-1"\n' + SOURCE, encoding="utf-8")
    notes = tmp_path / "notes.yaml"
    notes.write_text(
        'catalog_version: "notes-7"\nactors:\n  - {id: a, name: A, kind: agency, country: KR}\n',
        encoding="utf-8",
    )
    both = ["--no-builtin", "--catalog", str(base), "--catalog", str(notes)]
    for command in (["validate"], ["export", "-o", "json"], ["clusters", "-o", "json"]):
        result = invoke(*both, *command)
        assert result.exit_code == 3, (command, result.stdout)
        out = result.stdout + result.stderr
        assert (
            f"{notes}:1:18: " in out
            and "catalog_version 'notes-7' is set in an overlay; only the base catalog "
            f"({base}) sets the catalog's version"
            in out
        ), out
    # over the shipped catalog too, and the base's own version is kept when the overlay has none
    assert invoke("--catalog", str(notes), "validate").exit_code == 3
    notes.write_text("actors:\n  - {id: a, name: A, kind: agency, country: KR}\n")
    assert json.loads(invoke(*both, "export", "-o", "json").stdout)["catalog_version"] == "base-1"
