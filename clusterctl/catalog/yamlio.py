"""Read YAML into plain, marked nodes, refusing anything that is not plain data.

PyYAML's own loaders type scalars by YAML 1.1 rules (``NO`` becomes False, ``010`` becomes 8)
and silently keep the last of two duplicate keys. We take libyaml's event stream instead and
build light nodes that keep every scalar's text, style and position, so the validator can type
each value by the field it belongs to and report problems with their line and column.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import field
from typing import Any, cast

from clusterctl.catalog.report import Issue
from clusterctl.lazyclass import dataclass

MAX_DEPTH = 64
# The shipped catalog has about 20,000 nodes and the largest one benchmarks/scale.py builds
# (100,000 milestones) about 2.5 million. Reading costs ~110 bytes a node, so a file that is
# nothing but nodes (`[a,a,a,...]`) is stopped after ~600 MiB instead of many GiB.
MAX_NODES = 5_000_000

# Characters YAML 1.2 allows in a stream (tab, LF, CR, printable ranges).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are line breaks to libyaml (YAML 1.1) but
# ordinary characters in YAML 1.2: they change a value's text and shift every later position.
_ODD_BREAKS = "\x85\u2028\u2029"
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_STR_TAG = "tag:yaml.org,2002:str"
# A collection may only carry the tag of its own kind: '!!map []' is a contradiction.
_ALLOWED_TAGS = {
    "MappingStartEvent": {None, "!", "tag:yaml.org,2002:map"},
    "SequenceStartEvent": {None, "!", "tag:yaml.org,2002:seq"},
}
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass(slots=True)
class Node:
    """A parsed YAML node and where it starts (1-based)."""

    line: int
    column: int


@dataclass(slots=True)
class Scalar(Node):
    text: str = ""
    plain: bool = True

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in _NULLS


@dataclass(slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Mapping(Node):
    # Keys are kept in order with their nodes; duplicates were reported and dropped.
    items: list[tuple[Scalar, Node]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.text == key:
                return v
        return None


class YamlProblem(Exception):
    """Raised inside the reader when a file cannot become nodes; carries the issue."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (a BOM is allowed); report the first bad byte's line and column."""
    # Strip the BOM ourselves: with the "utf-8-sig" codec, error offsets skip it.
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = body[: exc.start].decode("utf-8")
        line, column = _position(good, len(good))
        raise YamlProblem(
            Issue(
                "encoding",
                f"invalid UTF-8 byte 0x{body[exc.start]:02x}",
                path,
                line,
                column,
                hint="save the catalog as UTF-8",
            )
        ) from None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of text[index], counting CR, LF and CRLF as libyaml does."""
    crlf = text.count("\r\n", 0, index)
    line = text.count("\n", 0, index) + text.count("\r", 0, index) - crlf + 1
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return line, index - start + 1


def prescan(text: str, path: str) -> list[Issue]:
    """Problems libyaml reports poorly: forbidden characters and tab indentation."""
    issues = []
    bad = _FORBIDDEN.search(text)
    if bad:
        line, column = _position(text, bad.start())
        issues.append(
            Issue(
                "control-character",
                f"character U+{ord(bad.group()):04X} is not allowed in YAML",
                path,
                line,
                column,
                hint="remove it, or write it as an escape inside a double-quoted string",
            )
        )
    # str.find is a fast scan; a regex character class is 100 times slower on this text.
    odd = min((i for i in map(text.find, _ODD_BREAKS) if i >= 0), default=-1)
    if odd >= 0:
        line, column = _position(text, odd)
        issues.append(
            Issue(
                "control-character",
                f"character U+{ord(text[odd]):04X} is a line break to some YAML readers and "
                "not to others",
                path,
                line,
                column,
                hint="use a plain line break, or write it as an escape inside a double-quoted "
                "string",
            )
        )
    tab = _TAB_INDENT.search(text)
    if tab:
        line, column = _position(text, tab.end() - 1)
        issues.append(
            Issue(
                "tab",
                "tab used for indentation",
                path,
                line,
                column,
                hint="YAML indentation must use spaces",
            )
        )
    return issues


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(
    data: bytes | str, path: str, on_item: Callable[[str, Node], None] | None = None
) -> Node | None:
    """Parse one YAML document into nodes; None for an empty document.

    With ``on_item``, each entry of a top-level list (``milestones: [...]``) is handed to it as
    soon as it is complete and then dropped, so memory holds one entry's nodes rather than
    the whole file's; the returned tree has those lists empty. Raises YamlProblem for the
    first structural problem (syntax, tags, anchors, depth); duplicate keys are collected
    and raised together as DuplicateKeys, which carries the tree (first keys kept).
    """
    import yaml

    parser = _loader()(data)
    stack: list[Node] = []
    root: Node | None = None
    documents = 0
    nodes = 0
    pending_key: list[Scalar | None] = []
    duplicates: list[Issue] = []
    seen_keys: list[dict[str, Scalar]] = []
    streamed: Sequence | None = None  # the top-level list whose entries go to on_item
    streamed_key = ""

    def attach(node: Node) -> None:
        nonlocal root, streamed, streamed_key
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, Sequence):
            if parent is streamed:
                if isinstance(node, Scalar):
                    assert on_item is not None
                    on_item(streamed_key, node)
                return  # a collection goes to on_item when it ends
            parent.items.append(node)
            return
        assert isinstance(parent, Mapping)
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                raise YamlProblem(
                    Issue(
                        "yaml-complex-key",
                        "a mapping key must be a plain string",
                        path,
                        node.line,
                        node.column,
                    )
                )
            pending_key[-1] = node
            return
        pending_key[-1] = None
        first = seen_keys[-1].get(key.text)
        if first is not None:
            duplicates.append(
                Issue(
                    "duplicate-key",
                    f"duplicate key {key.text!r}; first written at line {first.line}, "
                    f"column {first.column}",
                    path,
                    key.line,
                    key.column,
                    hint="YAML would silently keep only the last one; merge or rename them",
                )
            )
            return
        seen_keys[-1][key.text] = key
        parent.items.append((key, node))
        if on_item is not None and len(stack) == 1 and isinstance(node, Sequence):
            streamed, streamed_key = node, key.text

    try:
        while True:
            event = cast(Any, parser.get_event())  # PyYAML's stubs type events loosely
            kind = type(event).__name__
            if kind in ("StreamStartEvent", "DocumentEndEvent"):
                continue
            if kind == "StreamEndEvent":
                break
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            if kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        Issue(
                            "documents",
                            "more than one YAML document in the file",
                            path,
                            line,
                            column,
                            hint="a catalog is one document; remove the '---' separator",
                        )
                    )
                continue
            if kind == "AliasEvent" or getattr(event, "anchor", None) is not None:
                raise YamlProblem(
                    Issue(
                        "yaml-anchor",
                        "anchors and aliases (&name, *name) are not supported in catalogs",
                        path,
                        line,
                        column,
                        hint="write the value out in full",
                    )
                )
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlProblem(
                    Issue("too-large", "the file has too many YAML nodes", path, line, column)
                )
            if kind == "ScalarEvent":
                tag = event.tag
                if tag not in (None, "!", _STR_TAG):
                    raise _tag_problem(tag, path, line, column)
                plain = not event.style and tag is None
                attach(Scalar(line, column, text=event.value, plain=plain))
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                if event.tag not in _ALLOWED_TAGS[kind]:
                    raise _tag_problem(event.tag, path, line, column)
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(
                        Issue(
                            "too-deep",
                            f"nesting deeper than {MAX_DEPTH} levels",
                            path,
                            line,
                            column,
                        )
                    )
                node: Node = (
                    Mapping(line, column) if kind == "MappingStartEvent" else Sequence(line, column)
                )
                attach(node)
                stack.append(node)
                if isinstance(node, Mapping):
                    pending_key.append(None)
                    seen_keys.append({})
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                finished = stack.pop()
                if isinstance(finished, Mapping):
                    pending_key.pop()
                    seen_keys.pop()
                if streamed is not None and stack and stack[-1] is streamed:
                    assert on_item is not None
                    on_item(streamed_key, finished)
                elif finished is streamed:
                    streamed = None
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_syntax_issue(exc, data, path)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Issue("yaml-syntax", _one_line(str(exc)), path)) from None
    finally:
        parser.dispose()
    if duplicates:
        raise DuplicateKeys(root, duplicates)
    return root


class DuplicateKeys(Exception):
    """Raised when parsing succeeded but keys repeated; carries the tree (first keys kept)."""

    def __init__(self, root: Node | None, issues: list[Issue]) -> None:
        super().__init__(f"{len(issues)} duplicate keys")
        self.root = root
        self.issues = issues


def _tag_problem(tag: str, path: str, line: int, column: int) -> YamlProblem:
    return YamlProblem(
        Issue(
            "yaml-tag",
            f"YAML tag {tag!r} is not allowed: catalogs hold plain data only",
            path,
            line,
            column,
            hint="remove the tag; quote the value if it must stay text",
        )
    )


def _character_at(data: bytes | str, line: int, column: int) -> str:
    """The character at a 0-based line and column (as libyaml counts them), or ''."""
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    lines = text.splitlines()
    if not 0 <= line < len(lines) or not 0 <= column < len(lines[line]):
        return ""
    return lines[line][column]


def _bom_before(data: bytes | str, line: int, column: int) -> int:
    """The 0-based column of the last U+FEFF on ``line`` up to ``column``, or -1.

    libyaml stops at a byte order mark inside a file with a message that does not name it.
    """
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    if "\ufeff" not in text[1:]:
        return -1
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return -1
    return lines[line].rfind("\ufeff", 1 if line == 0 else 0, column + 1)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _syntax_issue(exc: Any, data: bytes | str, path: str) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problem = _one_line(exc.problem or "invalid YAML")
    if exc.context:
        context = _one_line(exc.context)
        start = exc.context_mark
        if exc.problem_mark is not None and start is not None and start.line != mark.line:
            # An unclosed quote or bracket is found where the file ends: say where it opened.
            context = f"{context} that started at line {start.line + 1}, column {start.column + 1}"
        problem = f"{problem} ({context})"
    hint = "check the indentation and quoting near this place"
    bom = _bom_before(data, mark.line, mark.column) if mark is not None else -1
    if bom >= 0:
        return Issue(
            "control-character",
            "character U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte order mark) in the middle of "
            "the file",
            path,
            line,
            bom + 1,
            hint="delete it: a byte order mark may only start a file",
        )
    if mark is not None and _character_at(data, mark.line, mark.column) == "\t":
        return Issue("tab", "tab where YAML needs spaces", path, line, column, hint=hint)
    if "found character '\\t'" in problem:
        return Issue("tab", "tab where YAML needs spaces", path, line, column, hint=hint)
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours in flow
        return Issue("too-deep", problem, path, line, column)
    return Issue("yaml-syntax", problem, path, line, column, hint=hint)
