"""Read YAML into plain, marked nodes, refusing anything that is not plain data.

PyYAML's own loaders type scalars by YAML 1.1 rules (``NO`` becomes False, ``010`` becomes 8)
and silently keep the last of two duplicate keys. We take libyaml's event stream instead and
build light nodes that keep every scalar's text, style and position, so the validator can type
each value by the field it belongs to and report problems with their line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from clusterctl.catalog.report import Issue

MAX_DEPTH = 64
MAX_NODES = 50_000_000

# Characters YAML 1.2 allows in a stream (tab, LF, CR, printable ranges).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
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
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start]
        line = good.count(b"\n") + 1
        column = len(good[good.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlProblem(
            Issue(
                "encoding",
                f"invalid UTF-8 byte 0x{data[exc.start]:02x}",
                path,
                line,
                column,
                hint="save the catalog as UTF-8",
            )
        ) from None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


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


def parse(text: str, path: str) -> Node | None:
    """Parse one YAML document into nodes; None for an empty document.

    Raises YamlProblem for the first structural problem (syntax, tags, anchors, depth);
    duplicate keys are collected into ``duplicates`` of the returned tree instead.
    """
    import yaml

    events = yaml.parse(text, Loader=_loader())
    stack: list[Node] = []
    root: Node | None = None
    documents = 0
    nodes = 0
    pending_key: list[Scalar | None] = []
    duplicates: list[Issue] = []
    seen_keys: list[dict[str, Scalar]] = []

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, Sequence):
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

    try:
        for event in events:
            event = cast(Any, event)  # PyYAML's stubs type events loosely
            kind = type(event).__name__
            if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                continue
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
                if event.tag not in _ALLOWED_COLLECTION_TAGS:
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
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_syntax_issue(exc, text, path)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Issue("yaml-syntax", _one_line(str(exc)), path)) from None
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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _syntax_issue(exc: Any, text: str, path: str) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problem = _one_line(exc.problem or "invalid YAML")
    if exc.context:
        problem = f"{problem} ({_one_line(exc.context)})"
    hint = "check the indentation and quoting near this place"
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return Issue("tab", "tab where YAML needs spaces", path, line, column, hint=hint)
    if "found character '\\t'" in problem:
        return Issue("tab", "tab where YAML needs spaces", path, line, column, hint=hint)
    return Issue("yaml-syntax", problem, path, line, column, hint=hint)
