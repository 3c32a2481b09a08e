"""Find, read and validate the catalogs in effect; layer overlays over the shipped catalog."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clusterctl import model
from clusterctl.catalog import cache, spec
from clusterctl.catalog.index import Catalog
from clusterctl.catalog.report import Issue, ValidationReport
from clusterctl.errors import CatalogError, did_you_mean
from clusterctl.lazyclass import dataclass

if TYPE_CHECKING:
    from clusterctl.catalog import yamlio
    from clusterctl.catalog.build import FileBuilder, Reference

ENV_VAR = "CLUSTERCTL_CATALOG"
# Twice the largest benchmark catalog (100,000 milestones, 58 MB); reading costs a few times
# the file's size in memory, so this also bounds memory.
MAX_BYTES = 128 * 1024 * 1024


def builtin_path() -> Path:
    """The shipped catalog: inside the installed package, or at the source tree's root."""
    packaged = Path(__file__).resolve().parent.parent / "catalog.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "catalog.yaml"


@dataclass(frozen=True, slots=True)
class CatalogSelection:
    """Which catalog files are in effect, in layering order."""

    builtin: bool = True
    overlays: tuple[str, ...] = ()
    cache: bool = True

    @classmethod
    def from_options(
        cls, paths: Sequence[str], no_builtin: bool, no_cache: bool = False
    ) -> CatalogSelection:
        env = os.environ.get(ENV_VAR, "")
        from_env = tuple(p for p in env.split(os.pathsep) if p)
        return cls(not no_builtin, (*from_env, *paths), cache.enabled(no_cache))

    def with_overlays(self, paths: Sequence[str]) -> CatalogSelection:
        return CatalogSelection(self.builtin, (*self.overlays, *paths), self.cache)

    def files(self) -> list[str]:
        files = [str(builtin_path())] if self.builtin else []
        files.extend(self.overlays)
        return files


def validate(selection: CatalogSelection) -> tuple[Catalog | None, ValidationReport]:
    """Read and check every file; return the catalog (None when there are errors) and report."""
    report = ValidationReport(paths=selection.files())
    if not report.paths:
        report.add(
            Issue(
                "unreadable",
                "no catalog selected",
                "-",
                hint="--no-builtin needs at least one --catalog PATH",
            )
        )
        return None, report
    # Files stamped as they were when their key was last known: that key, without reading.
    stamps = cache.stamps(report.paths, MAX_BYTES) if selection.cache else None
    known = cache.recall(stamps) if stamps is not None else None
    hit = cache.read(known) if known is not None else None
    if known is not None and hit is not None:
        return _answer_from(hit, known, report), report
    files: list[tuple[str, bytes | None]] = []
    seen_files: dict[tuple[int, int], str] = {}
    for path in report.paths:
        key = _identity(path)
        if key is not None and key in seen_files:
            report.add(
                Issue(
                    "duplicate-file",
                    f"the same catalog file is selected twice (first as {seen_files[key]})",
                    path,
                    hint="name each catalog once across --catalog and CLUSTERCTL_CATALOG",
                )
            )
            continue
        if key is not None:
            seen_files[key] = path
        files.append((path, _read_bytes(path, report)))
    cache_key = None
    if selection.cache and report.ok:
        cache_key = cache.key((path, data) for path, data in files if data is not None)
        hit = cache.read(cache_key)
        if hit is not None:
            if stamps is not None:
                cache.remember(stamps, cache_key)
            return _answer_from(hit, cache_key, report), report
    builders: list[FileBuilder] = []
    for index, (path, data) in enumerate(files):
        files[index] = (path, None)  # each file's bytes are freed once it is built
        builders.append(_build(path, data, report))
        del data
    _check_versions(builders, report)
    entities = _check_ids(builders, report)
    _check_references(builders, entities, report)
    _check_consistency(entities, report)
    _check_eras(entities, report)
    report.counts = _counts(entities.values())
    if not report.ok:
        return None, report
    catalog = Catalog.of(entities.values(), report.paths)
    catalog.catalog_version = builders[0].catalog_version if builders else None
    # Only a catalog without a single issue is stored: a hit reports none, so warnings must
    # come from parsing afresh.
    if cache_key is not None and not report.issues:
        catalog.cache_size = cache.write(cache_key, catalog, report.counts)
        catalog.cache_key = cache_key if catalog.cache_size else None
        if catalog.cache_size and stamps is not None:
            cache.remember(stamps, cache_key)
    return catalog, report


def _answer_from(hit: cache.Store, cache_key: str, report: ValidationReport) -> Catalog:
    report.counts = hit.counts
    catalog = Catalog.lazy(hit, report.paths)
    catalog.catalog_version = hit.catalog_version
    catalog.cache_key, catalog.cache_size = cache_key, len(hit.data)
    return catalog


def load(selection: CatalogSelection) -> Catalog:
    """The catalog in effect, or CatalogError carrying the report."""
    catalog, report = validate(selection)
    if catalog is None:
        errors = report.errors
        first = sorted(errors, key=Issue.sort_key)[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        hints = [first.hint] if first.hint else []
        hints.append("run 'clusterctl validate' to see every problem")
        raise CatalogError(f"{first.location()}: {first.message}{more}", hints, report)
    return catalog


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = Path(path).stat()
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return None
    return (st.st_dev, st.st_ino)


def _build(path: str, data: bytes | None, report: ValidationReport) -> FileBuilder:
    """Parse one file and build its records, reporting its problems.

    A file that can not be decoded or parsed contributes no records and no other problems:
    entries read before a syntax error are discarded, so nothing is reported against half a
    file. PyYAML and the builder are imported here, because a cache hit needs neither.
    """
    from clusterctl.catalog import yamlio
    from clusterctl.catalog.build import FileBuilder

    unparsed = FileBuilder(path, report)
    if data is None:
        return unparsed
    try:
        text = yamlio.decode(data, path)
    except yamlio.YamlProblem as problem:
        report.add(problem.issue)
        return unparsed
    problems = yamlio.prescan(text, path)
    del text  # libyaml reads the bytes; keeping the decoded copy would double the memory
    if problems:
        for issue in problems:
            report.add(issue)
        return unparsed
    own = ValidationReport(paths=[path])
    builder = FileBuilder(path, own)
    try:
        root = yamlio.parse(data, path, builder.item)
    except yamlio.YamlProblem as problem:
        report.add(problem.issue)
        return unparsed
    except yamlio.DuplicateKeys as dup:
        for issue in dup.issues:
            report.add(issue)
        root = dup.root
    builder.build(root)
    for issue in own.issues:
        report.add(issue)
    builder.report = report
    return builder


def _read_bytes(path: str, report: ValidationReport) -> bytes | None:
    def fail(message: str, hint: str | None = None) -> None:
        report.add(Issue("unreadable", message, path, hint=hint))

    def too_large(size: str) -> None:
        limit = MAX_BYTES // (1024 * 1024)
        message = f"file is {size}; catalogs are limited to {limit} MiB"
        report.add(Issue("too-large", message, path))

    if not path:  # Path("") is the current directory
        fail("empty path", "check the path given to --catalog or CLUSTERCTL_CATALOG")
        return None
    try:
        st = Path(path).stat()
    except FileNotFoundError:
        fail("no such file", "check the path given to --catalog or CLUSTERCTL_CATALOG")
        return None
    except OSError as exc:
        fail(f"cannot read: {exc.strerror or exc}")
        return None
    except ValueError as exc:  # a NUL byte in the path
        fail(f"cannot read: {exc}")
        return None
    if stat.S_ISDIR(st.st_mode):
        fail("is a directory; expected a YAML file")
        return None
    if not stat.S_ISREG(st.st_mode):
        fail("is not a regular file (a pipe, socket or device?)")
        return None
    if st.st_size > MAX_BYTES:
        too_large(f"{st.st_size // (1024 * 1024)} MiB")
        return None
    # O_NONBLOCK: should the path have become a FIFO since stat(), opening must not wait for
    # a writer; fstat() then sees what was actually opened.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        with os.fdopen(os.open(path, flags), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                fail("is not a regular file (a pipe, socket or device?)")
                return None
            # As much as stat() said and a byte more, not the whole limit: a read that big
            # costs a buffer of the limit's size. More than stat() said (a file in /proc
            # says 0) reads on, to the limit.
            wanted = min(st.st_size, MAX_BYTES) + 1
            data = handle.read(wanted)
            if len(data) == wanted:
                data += handle.read(MAX_BYTES + 1 - len(data))
    except OSError as exc:
        fail(f"cannot read: {exc.strerror or exc}")
        return None
    if len(data) > MAX_BYTES:  # the size stat() gave was wrong (a file in /proc says 0)
        too_large(f"over {MAX_BYTES // (1024 * 1024)} MiB")
        return None
    return data


def _check_versions(builders: list[FileBuilder], report: ValidationReport) -> None:
    """Only the base catalog (the first in effect) names the version: an overlay's would be
    dropped without a word, so it is an error instead."""
    for builder in builders[1:]:
        node = builder.catalog_version_node
        if builder.catalog_version is None or node is None:
            continue
        report.add(
            Issue(
                "overlay-version",
                f"catalog_version {builder.catalog_version!r} is set in an overlay; only the "
                f"base catalog ({builders[0].path}) sets the catalog's version",
                builder.path,
                node.line,
                node.column,
                hint="remove catalog_version from this file, or make it the base catalog "
                "(--no-builtin, and name it first)",
            )
        )


def _check_ids(builders: list[FileBuilder], report: ValidationReport) -> dict[str, model.Entity]:
    first_seen: dict[str, tuple[str, str, yamlio.Scalar]] = {}
    for builder in builders:
        for entity_type, entity_id, node in builder.declared:
            earlier = first_seen.get(entity_id)
            if earlier is None:
                first_seen[entity_id] = (builder.path, entity_type, node)
                continue
            path, earlier_type, earlier_node = earlier
            where = f"{path}:{earlier_node.line}:{earlier_node.column}"
            report.add(
                Issue(
                    "duplicate-id",
                    f"id {entity_id!r} is already defined as a {earlier_type} at {where}",
                    builder.path,
                    node.line,
                    node.column,
                    hint="ids are unique across every catalog in effect; overlays may add "
                    "entries but not redefine them",
                )
            )
    entities: dict[str, model.Entity] = {}
    for builder in builders:
        for entity in builder.entities:
            mark = entity.mark
            owner = first_seen.get(entity.id)
            if owner is not None and mark is not None and owner[0] != mark.path:
                continue
            entities.setdefault(entity.id, entity)
    return entities


def _check_references(
    builders: list[FileBuilder], entities: dict[str, model.Entity], report: ValidationReport
) -> None:
    declared: dict[str, str] = {}
    for builder in builders:
        for entity_type, entity_id, _ in builder.declared:
            declared.setdefault(entity_id, entity_type)
    for builder in builders:
        for ref in builder.references:
            actual = declared.get(ref.value)
            if actual == ref.target:
                continue
            report.add(_reference_issue(ref, actual, declared))


def _reference_issue(ref: Reference, actual: str | None, declared: dict[str, str]) -> Issue:
    if actual is not None:
        message = f"{ref.field}: {ref.value!r} is a {actual}, not a {ref.target}"
        hint = None
    else:
        message = f"{ref.field}: unknown {ref.target} {ref.value!r}"
        same_type = [i for i, t in declared.items() if t == ref.target]
        close = did_you_mean(ref.value, same_type)
        hint = f"did you mean {close[0]!r}?" if close else f"define the {ref.target} first"
    return Issue("unknown-reference", message, ref.path, ref.line, ref.column, hint=hint)


def _check_consistency(entities: dict[str, model.Entity], report: ValidationReport) -> None:
    for entity in entities.values():
        mark = entity.mark
        if mark is None:
            continue
        if isinstance(entity, model.Region) and entity.id[:2] != entity.country:
            report.add(
                Issue(
                    "inconsistent",
                    f"region {entity.id!r} is not in country {entity.country!r}",
                    mark.path,
                    mark.line,
                    mark.column,
                )
            )
        if isinstance(entity, model.Cluster) and entity.region:
            region = entities.get(entity.region)
            if isinstance(region, model.Region) and region.country != entity.country:
                report.add(
                    Issue(
                        "inconsistent",
                        f"cluster {entity.id!r} is in country {entity.country!r} but its "
                        f"region {region.id!r} is in {region.country!r}",
                        mark.path,
                        mark.line,
                        mark.column,
                    )
                )


def _check_eras(entities: dict[str, model.Entity], report: ValidationReport) -> None:
    """Eras of one kind never overlap: no day lies surely inside two of them.

    A day is surely inside an era from the last day its start may mean to the first day its
    end may mean, so a handover on one day (one era ends the day the next starts) and a year
    shared by two eras known only to the year are not overlaps.
    """
    by_kind: dict[str, list[model.Era]] = {}
    for entity in entities.values():
        if isinstance(entity, model.Era):
            by_kind.setdefault(entity.kind, []).append(entity)
    for kind, eras in by_kind.items():
        eras.sort(key=lambda era: (era.start.latest, era.id))
        widest: model.Era | None = None
        for era in eras:
            if widest is not None:
                shared_end = min(_sure_end(widest), _sure_end(era))
                if shared_end > era.start.latest and era.mark is not None:
                    report.add(
                        Issue(
                            "overlap",
                            f"era {era.id!r} ({_span(era)}) overlaps era {widest.id!r} "
                            f"({_span(widest)}) at {widest.mark}; eras of kind {kind!r} "
                            "never overlap",
                            era.mark.path,
                            era.mark.line,
                            era.mark.column,
                            hint="end the earlier era on or before the day the later one "
                            "starts, or give them different kinds",
                        )
                    )
            if widest is None or _sure_end(era) > _sure_end(widest):
                widest = era


def _sure_end(era: model.Era) -> date:
    return era.end.earliest if era.end is not None else date.max


def _span(era: model.Era) -> str:
    return f"{era.start} to {era.end}" if era.end is not None else f"from {era.start}"


def _counts(entities: Iterable[model.Entity]) -> dict[str, int]:
    counts = dict.fromkeys(spec.FIELDS, 0)
    for entity in entities:
        counts[entity.type] += 1
    return counts
