"""The Python API: load a plan, refresh it, save it.

>>> import ragbook
>>> plan = ragbook.load("plan.xlsx")
>>> summary = plan.refresh(as_of=date(2019, 1, 31))
>>> plan.save()
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import FileProblem, UsageProblem
from .read.workbook import read_plan
from .rules.compute import Summary, summarise
from .rules.model import Action, PlanData, Problem
from .rules.scales import PRESETS
from .rules.schema import Role, is_lead_role
from .xlsx import fileio, filelock
from .xlsx.owned import mark_name, owned_sheets, workbook_marks
from .xlsx.package import Package, changed_elsewhere, open_package

if TYPE_CHECKING:
    from .xlsx.spec import PrintHeading, SheetSpec
    from .xlsx.writer import WriteReport

REFRESH_ROLES = (Role.TRACKER, Role.EXCEPTIONS, Role.CHECKS)
PLAN_ID = "plan"  # the mark holding the plan's id


def new_plan_id() -> str:
    """A random id for a plan that has none: 16 hex digits. The only randomness in
    ragbook, at the edge where a plan is first refreshed."""
    import secrets

    return secrets.token_hex(8)


@contextmanager
def _bulk():
    """Pause the cyclic garbage collector while millions of small objects are
    made: ragbook's objects hold no cycles, and the collector's repeated scans
    of them cost more than the work itself on a large plan. The collector is
    left as the host process had it (a notebook's, a service's or the Excel
    add-in's): enabled again only if it was, and nothing frozen."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def retired_by_refresh(role: str) -> bool:
    """Owned sheets a refresh rebuilds as a set: a lead sheet with no actions goes."""
    return role in REFRESH_ROLES or is_lead_role(role)


@dataclass
class SaveResult:
    path: Path
    backup: Path | None
    report: WriteReport


class Plan:
    """A plan workbook read into memory. Nothing is written until save()."""

    def __init__(
        self,
        path: Path,
        package: Package,
        data: PlanData,
        scale: str | None = None,
        edits: dict[str, object] | None = None,
        fills: dict[str, str] | None = None,
        lock: filelock.PlanLock | None = None,
    ):
        self.path = path
        self._package = package
        self._lock = lock  # held from load() to close(), when load() was asked to lock
        self.data = data
        self.scale_name = scale
        self.edits = dict(edits or {})  # Actions cell -> value, written by save()
        self.fills = dict(fills or {})  # Actions cell -> RRGGBB its fill becomes, by save()
        self._sheets: list[SheetSpec] | None = None
        self._heading: PrintHeading | None = None
        self._names: dict[str, str] = {}
        self._marks: dict[str, str] = {}  # workbook marks for save() to set
        self.pending_log: list = []  # Change log rows save() will add (collect): for refresh

    @property
    def package(self) -> Package:
        """The plan's package; after save() replaced the file, the file saved."""
        if self._package.zip.fp is None:  # closed by save(), which replaced the file
            self._package = open_package(self.path)
        return self._package

    # -- reading ---------------------------------------------------------
    @property
    def problems(self) -> list[Problem]:
        return list(self.data.problems)

    @property
    def actions(self) -> list[Action]:
        """The plan's actions, in the order of the Actions sheet."""
        return list(self.data.actions)

    def to_frame(self):
        """The actions as a pandas DataFrame, one row per action (pandas is
        imported only here; it is the extra ragbook[pandas])."""
        from .frames import actions_frame

        return actions_frame(self.data)

    @property
    def leads(self):
        return dict(self.data.leads)

    @property
    def scale(self):
        return self.data.settings.scale

    @property
    def marks(self) -> dict[str, str]:
        """ragbook's marks on the workbook as a whole (see xlsx.owned), with those set here."""
        return {**workbook_marks(self.package), **self._marks}

    def set_mark(self, key: str, value: str) -> None:
        """Keep `value` under `key` in the workbook when save() writes it."""
        mark_name(key)  # refuse a key that cannot be a name, now rather than at save
        self._marks[key.lower()] = value

    def as_of(self, as_of: date | None = None) -> date:
        """The date to count from: given, else Settings' as-of date, else today."""
        return as_of or self.data.settings.as_of or date.today()

    def calculated_cells(self) -> frozenset[str]:
        """The cells of the Actions sheet that hold a formula ("G12", ...)."""
        entry = self.package.sheet(self.data.actions_sheet)
        assert entry is not None and entry.part is not None, "the plan was read from it"
        from .xlsx.patch import formula_cells

        return formula_cells(self.package.read(entry.part))

    def summary(self, as_of: date | None = None) -> Summary:
        return summarise(self.data, self.as_of(as_of))

    # -- refreshing ------------------------------------------------------
    def refresh(self, as_of: date | None = None) -> Summary:
        """Compute the summary and lay out the owned sheets; save() writes them."""
        from .xlsx.writer import check_writable

        check_writable(self.package)
        with _bulk():
            return self._refresh(as_of)

    def _refresh(self, as_of: date | None) -> Summary:
        if not self.marks.get(PLAN_ID):
            # Every plan gets an identity on its first refresh, so a lead workbook split
            # from it is never collected into another plan (see collect).
            self.set_mark(PLAN_ID, new_plan_id())
        summary = self.summary(as_of)
        from .status import tracker_round  # the round table reads the plan: imported here

        summary.round = tracker_round(self, summary)
        scale = self.data.settings.scale
        if scale is not None and scale.name in PRESETS and self.marks.get("scale") != scale.name:
            # Kept in the workbook, so that a later refresh, split or collect reads the
            # same scale even when the ratings typed by then look like another one.
            self.set_mark("scale", scale.name)
        owned = owned_sheets(self.package)
        existing = {role: self.package.sheets[i].name for i, role in owned.items()}
        user_names = {s.name for i, s in enumerate(self.package.sheets) if i not in owned}
        from .layout import assign_names, build_refresh_sheets, refresh_roles
        from .layout.print_pages import heading

        names = assign_names(refresh_roles(summary), existing, user_names)
        self._sheets = build_refresh_sheets(self.data, summary, names, user_names)
        self._heading = heading(summary.title, summary.as_of, self.data.settings.marking)
        self._names = {**existing, **names}
        return summary

    def dependent_lines(self) -> list[str]:
        """The owner's cells, names, charts and pivots that read ragbook's sheets, and
        warnings for fixed cells of them, for `check --explain` (see xlsx.dependents)."""
        from .xlsx.dependents import dependent_lines

        return dependent_lines(self.package, set(owned_sheets(self.package)))

    def sheet_name(self, role: str) -> str | None:
        """The name refresh() gave the sheet for `role` ("tracker", "checks" ...)."""
        return next((sheet.name for sheet in self._sheets or () if sheet.role == role), None)

    def edit(self, cells: dict[str, object], fills: dict[str, str] | None = None) -> Plan:
        """The plan as it will be with these Actions cells changed ("F12" -> value).

        Nothing is written: the new Plan reads the Actions sheet as if edited,
        so its refresh() counts the new values, and its save() writes the
        edits together with the refreshed sheets. Only the edited cells change;
        `fills` ("F12" -> RRGGBB) gives edited cells a new fill colour, their
        format otherwise kept (a rating cell coloured by hand, say).

        Raises:
            PatchRefused: a cell holds a formula (ragbook never overwrites one).
        """
        edits = {**self.edits, **cells}
        entry = self.package.sheet(self.data.actions_sheet)
        assert entry is not None and entry.part is not None, "the plan was read from it"
        from .xlsx.patch import patch_cells

        patched = patch_cells(
            self.package.read(entry.part), edits, entry.name, self.package.date1904
        )
        data = read_plan(self.package, self.scale_name, replaced={entry.part: patched})
        edited = Plan(
            self.path, self.package, data, self.scale_name, edits, {**self.fills, **(fills or {})}
        )
        edited._marks = dict(self._marks)
        return edited

    def add_sheet(self, role: str, wanted: str, build: Callable[[str], SheetSpec]) -> SheetSpec:
        """One more owned sheet for save() to write after the refreshed ones.

        Its name is the sheet's current one when the workbook has it already,
        else `wanted` made unique; `build(name)` lays it out.
        """
        if self._sheets is None:
            raise UsageProblem("call refresh() before add_sheet()")
        taken = {s.name for s in self.package.sheets} | set(self._names.values())
        from .layout.print_pages import prepare
        from .xlsx.spec import safe_sheet_name

        name = self._names.get(role) or safe_sheet_name(wanted, taken)
        spec = build(name)
        if spec.heading is None:
            prepare(spec, self._heading)
        self._names[role] = name
        self._sheets.append(spec)
        return spec

    def save(
        self, path: str | Path | None = None, *, backup: bool = True, check_owner: bool = True
    ) -> SaveResult:
        """Write the refreshed sheets: to `path`, or over the plan (with a backup).

        Can be called again, to the same file or another. Saving over the plan
        is refused (FileProblem, nothing written) when the file is no longer the
        one read: another program or ragbook run saved it meanwhile.
        """
        if self._sheets is None:
            raise UsageProblem("nothing to save: call refresh() first")
        target = Path(path) if path else self.path
        package = self.package
        over_plan = _same_place(target, self.path)
        sheets = self._sheets
        report_box: list[WriteReport] = []

        patches = {self.data.actions_sheet: self.edits} if self.edits else None
        recolour = {self.data.actions_sheet: self.fills} if self.fills else None

        from .xlsx.writer import write_sheets

        def write(fh):
            with _bulk():
                report_box.append(
                    write_sheets(
                        package,
                        sheets,
                        fh,
                        retire=retired_by_refresh,
                        patches=patches,
                        marks=self._marks,
                        recolour=recolour,
                    )
                )

        def unchanged():
            if not package.same_file():
                raise FileProblem(changed_elsewhere(self.path.name))

        saved = fileio.save_atomically(
            target,
            write,
            make_backup=backup and target.exists(),
            check_owner=check_owner,
            verify=_verify,
            check_source=unchanged if over_plan else None,
            before_replace=package.close if over_plan else None,
        )
        return SaveResult(target, saved, report_box[0])

    def close(self) -> None:
        """Close the file, and give up the lock load(lock=True) took."""
        self._package.close()
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _same_place(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _verify(path: Path) -> None:
    """Re-open what was written before it replaces the plan."""
    open_package(path).close()


def load(path: str | Path, scale: str | None = None, *, lock: bool = False) -> Plan:
    """Read a plan workbook.

    Args:
        path: an .xlsx or .xlsm file.
        scale: a preset scale name to use instead of the one in Settings.
        lock: hold the plan's lock (see filelock) from now until close(), so no
            other ragbook run writes the plan in between; for a read-modify-save.

    Raises:
        NotAWorkbook: the file cannot be read (with the reason and the fix).
        PlanProblem: the workbook has no action table.
        WorkbookInUse: (with lock) another ragbook run is writing the plan.
    """
    if scale is not None and scale not in PRESETS:
        raise UsageProblem(f"unknown scale '{scale}': use one of {', '.join(PRESETS)}")
    path = Path(path)
    held = filelock.acquire(path) if lock and path.is_file() else None
    try:
        package = open_package(path)
        try:
            with _bulk():
                data = read_plan(package, scale)
        except BaseException:
            package.close()
            raise
    except BaseException:
        if held is not None:
            held.release()
        raise
    return Plan(path, package, data, scale, lock=held)


def refresh(
    path: str | Path, as_of: date | None = None, scale: str | None = None, backup: bool = True
) -> tuple[Summary, SaveResult]:
    """Load, refresh and save a plan in one call."""
    plan = load(path, scale, lock=True)
    try:
        summary = plan.refresh(as_of)
        result = plan.save(backup=backup)
    finally:
        plan.close()
    return summary, result
