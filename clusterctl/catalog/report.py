"""A validation report: every problem found, each with a stable code and a place."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import field
from enum import Enum

from clusterctl.lazyclass import dataclass


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


# Stable issue codes; part of the JSON contract of ``validate -o json``.
CODES: dict[str, str] = {
    "unreadable": "the file cannot be opened or read",
    "too-large": "the file is larger than any catalog should be",
    "encoding": "the file is not valid UTF-8",
    "control-character": "the file contains a character YAML does not allow",
    "tab": "a tab is used where YAML needs spaces",
    "yaml-syntax": "the file is not valid YAML",
    "yaml-tag": "a YAML tag asks for something other than plain data",
    "yaml-anchor": "an anchor or alias is used",
    "yaml-complex-key": "a mapping key is not a plain string",
    "too-deep": "nesting is deeper than a catalog needs",
    "empty": "the file holds no data",
    "documents": "the file holds more than one YAML document",
    "top-level": "the top level is not the catalog's mapping of sections",
    "duplicate-key": "a mapping repeats a key",
    "duplicate-id": "two entities share an id",
    "duplicate-file": "the same catalog file is selected twice",
    "unknown-field": "a field the catalog does not define",
    "missing-field": "a required field is absent or empty",
    "wrong-type": "a value has the wrong type",
    "bad-value": "a value is not one of those allowed",
    "bad-id": "an id is not lowercase and hyphenated (or, for regions, an ISO 3166-2 code)",
    "bad-date": "a date is malformed or impossible",
    "ambiguous-number": "a number YAML versions read differently",
    "bad-figure": "a figure lacks its value, unit or label",
    "bad-location": "coordinates are out of range",
    "unknown-reference": "a reference to an id that is not defined",
    "inconsistent": "two fields contradict each other",
    "no-source": "a cluster, milestone, policy or era cites no source",
    "listing-url": "a source's URL is a search, tag, list or home page (a warning; an error "
    "under validate --strict)",
    "not-of-record": "a source's URL is on a mirror, copy or code host, or a user sandbox (a "
    "warning; an error under validate --strict)",
    "unsafe-character": "text holds a control, format, invisible or line-separating character",
    "self-reference": "an entity lists itself among the entities it relates to",
    "bad-alias": "an alias is empty, or repeats another alias of the same entry",
    "bad-ranking": "a rank is below 1 or above the ranking's number of entries",
    "duplicate-figure": "a figure repeats another with the same label, value, unit and date",
    "overlay-version": "an overlay declares catalog_version, which only the base catalog sets",
    "overlap": "two eras of the same kind overlap",
}


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in one place."""

    code: str
    message: str
    path: str
    line: int = 0
    column: int = 0
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def location(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(slots=True)
class ValidationReport:
    """All issues found in the catalogs in effect, in file and line order."""

    paths: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, issue: Issue) -> None:
        assert issue.code in CODES, issue.code
        self.issues.append(issue)

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    def make_strict(self) -> None:
        """Count every warning as an error (``validate --strict``)."""
        self.issues = [
            dataclasses.replace(i, severity=Severity.ERROR) if i.severity is Severity.WARNING else i
            for i in self.issues
        ]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Issue]:
        return sorted(self.issues, key=Issue.sort_key)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.sorted())
