"""Fuzzing the refresh: real workbooks (tests/corpus, with an action table added, and a
plan made and refreshed by ragbook) damaged in seeded random ways, each refreshed once.

Whatever the damage, the outcome must be one of two:
- exit 0, with every part ragbook does not own byte-identical to the damaged input; or
- exit 2, with one line on stderr (never "unexpected error"), and the file and its
  folder exactly as they were;
never a traceback or a hang.

The damage: bits flipped in an XML part; the file cut short; a part duplicated; the
parts reordered; wrong sizes and CRCs in the zip's directory; an XML part re-encoded
as UTF-16; a huge attribute value; a part removed; bytes overwritten anywhere.

A second test collects damaged lead workbooks before a good one, which must still be
applied.

The suite runs FUZZ_CASES refreshes and a sixth as many collects (seconds; under a
minute on a slow machine). Before a release, run more:

    RAGBOOK_FUZZ_CASES=5000 RAGBOOK_FUZZ_SEED=7 python3 -m pytest tests/test_fuzz.py

A failing case prints its seed, file and mutation, which replay it exactly.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import struct
import sys
import warnings
import zipfile
from datetime import date
from pathlib import Path

import pytest
from builders import action, lead_edit, write_loop_plan, write_plan
from click.testing import CliRunner
from conftest import CORPUS
from corpus_helpers import add_actions_sheet

import ragbook
from ragbook.cli import main
from ragbook.split import split_plan
from ragbook.xlsx import backups, filelock
from ragbook.xlsx.drawingxml import drawn_on
from ragbook.xlsx.owned import owned_sheets
from ragbook.xlsx.package import REL_CALC_CHAIN, REL_STYLES, open_package, rels_part_for

FUZZ_CASES = int(os.environ.get("RAGBOOK_FUZZ_CASES", "600"))
FUZZ_SEED = int(os.environ.get("RAGBOOK_FUZZ_SEED", "20190131"))
HANG_SECONDS = 60  # one refresh of these small files takes well under a second
AS_OF = "2019-01-31"
MAX_INPUT = 40_000  # corpus files up to this size: small enough to refresh many times


# -- the inputs ---------------------------------------------------------------------------


def inputs(folder: Path) -> dict[str, bytes]:
    """Name -> bytes of every workbook to damage."""
    out: dict[str, bytes] = {}
    folder.mkdir()
    for path in sorted(CORPUS.iterdir()):
        if path.suffix.lower() not in (".xlsx", ".xlsm") or path.stat().st_size > MAX_INPUT:
            continue
        target = folder / path.name
        out[path.name] = (
            target.read_bytes() if add_actions_sheet(path, target) else path.read_bytes()
        )
    plan = write_plan(
        folder / "ragbook-plan.xlsx",
        [
            action(
                f"{p}.{i}",
                lead=("AF", "AMD", "SG")[i % 3],
                due=date(2019, 1, i * 2),
                rating=("Red", "Amber", "Green", "Completed", "")[i % 5],
                priority=f"Priority {p}",
                progress=f"Update on {p}.{i}",
            )
            for p in (1, 2)
            for i in range(1, 9)
        ],
    )
    result = CliRunner().invoke(main, ["refresh", str(plan), "--as-of", AS_OF, "--no-backup"])
    assert result.exit_code == 0, result.output
    out["ragbook-plan.xlsx"] = plan.read_bytes()
    return out


# -- the damage ---------------------------------------------------------------------------


def _entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i, z.read(i)) for i in z.infolist()]


def _zip(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        for info, content in entries:
            z.writestr(info, content)
    return out.getvalue()


def _xml_entry(rng: random.Random, entries) -> int:
    xml = [
        i
        for i, (info, _) in enumerate(entries)
        if info.filename.lower().endswith((".xml", ".rels"))
    ]
    return rng.choice(xml)


def flip_bits(rng, data):
    entries = _entries(data)
    i = _xml_entry(rng, entries)
    content = bytearray(entries[i][1])
    for _ in range(rng.randint(1, 8)):
        if content:
            at = rng.randrange(len(content))
            content[at] ^= 1 << rng.randrange(8)
    entries[i] = (entries[i][0], bytes(content))
    return _zip(entries)


def truncate(rng, data):
    return data[: rng.randrange(len(data))]


def duplicate(rng, data):
    entries = _entries(data)
    entries.insert(rng.randrange(len(entries) + 1), entries[rng.randrange(len(entries))])
    return _zip(entries)


def reorder(rng, data):
    entries = _entries(data)
    rng.shuffle(entries)
    return _zip(entries)


def _directory_field(rng, data, offset: int, size: int) -> bytes:
    """Change one field of one central directory record (CRC 16, sizes 20 and 24)."""
    records = [i for i in range(len(data)) if data.startswith(b"PK\x01\x02", i)]
    if not records:
        return data[::-1]
    at = rng.choice(records) + offset
    value = struct.unpack("<I", data[at : at + size])[0]
    new = rng.choice(
        [0, 1, value + 1, max(value - 1, 0), value * 2, 0xFFFFFFFE, rng.getrandbits(32)]
    )
    return data[:at] + struct.pack("<I", new & 0xFFFFFFFF) + data[at + size :]


def wrong_size(rng, data):
    return _directory_field(rng, data, rng.choice([20, 24]), 4)


def wrong_crc(rng, data):
    return _directory_field(rng, data, 16, 4)


def utf16(rng, data):
    entries = _entries(data)
    i = _xml_entry(rng, entries)
    text = entries[i][1].decode("utf-8", "replace")
    if text.startswith("<?xml"):
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    entries[i] = (entries[i][0], text.encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be"])))
    return _zip(entries)


def huge_attribute(rng, data):
    entries = _entries(data)
    i = _xml_entry(rng, entries)
    content = entries[i][1]
    starts = [
        n for n in range(len(content) - 1) if content[n] == 60 and chr(content[n + 1]).isalpha()
    ]
    if not starts:
        return data
    at = rng.choice(starts)
    end = content.find(b">", at)
    value = b"x" * rng.choice([1000, 70_000, 2_000_000])
    name = rng.choice([b"r", b"name", b"s", b"t", b"ragbookfuzz"])
    content = content[:end] + b" " + name + b'="' + value + b'"' + content[end:]
    entries[i] = (entries[i][0], content)
    return _zip(entries)


def remove_part(rng, data):
    entries = _entries(data)
    del entries[rng.randrange(len(entries))]
    return _zip(entries)


def overwrite_bytes(rng, data):
    data = bytearray(data)
    at = rng.randrange(len(data))
    data[at : at + rng.randint(1, 16)] = rng.randbytes(rng.randint(1, 16))
    return bytes(data)


MUTATIONS = [
    flip_bits,
    flip_bits,
    truncate,
    duplicate,
    reorder,
    wrong_size,
    wrong_crc,
    utf16,
    huge_attribute,
    remove_part,
    overwrite_bytes,
]


# -- what must hold -----------------------------------------------------------------------


def parts(data: bytes) -> dict[str, bytes | None]:
    """Each part's bytes; None for a part that does not read (its CRC is wrong, say)."""
    out: dict[str, bytes | None] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            try:
                out[info.filename] = z.read(info)
            except Exception:
                out[info.filename] = None
    return out


def ragbooks_parts(path: Path) -> set[str]:
    """The parts a refresh may write or remove in this file (lower-case zip names)."""
    pkg = open_package(path)
    try:
        names = {pkg.workbook_part, rels_part_for(pkg.workbook_part), "[Content_Types].xml"}
        for rel_type in (REL_STYLES, REL_CALC_CHAIN):
            part = pkg.part_of_type(rel_type)
            if part:
                names.add(part)
        for index in owned_sheets(pkg):
            part = pkg.sheets[index].part
            if part:
                names |= {part, rels_part_for(part)} | set(drawn_on(pkg, [part]))
        return {n.lower() for n in names}
    finally:
        pkg.close()


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def check_case(path: Path, damaged: bytes) -> str:
    """Refresh the damaged file and check the outcome; returns "written" or "refused"."""
    path.write_bytes(damaged)
    before = folder_state(path.parent)
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", AS_OF, "--no-backup"])
    assert isinstance(result.exception, SystemExit) or result.exception is None, (
        f"traceback: {result.exception!r}"
    )
    assert "unexpected error" not in result.stderr, result.stderr
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
        assert folder_state(path.parent) == before, "a refusal changed the folder"
        return "refused"
    assert result.exit_code == 0, (result.exit_code, result.output)
    written = path.read_bytes()
    allowed = ragbooks_parts(path)
    with contextlib.suppress(Exception):
        allowed |= ragbooks_parts_of(damaged, path.parent)
    new = parts(written)
    for name, content in parts(damaged).items():
        if name.lower() in allowed:
            continue
        assert name in new, f"{name} was dropped"
        assert content is not None, f"{name} does not read, yet it was copied"
        assert new[name] == content, f"{name} changed"
    leftovers = [
        p.name
        for p in path.parent.iterdir()
        if ".ragbook-tmp" in p.name
        or p.name.endswith(filelock.LOCK_SUFFIX)
        or p.name.endswith(backups.PARTIAL_SUFFIX)
    ]
    assert leftovers == []
    return "written"


def ragbooks_parts_of(data: bytes, folder: Path) -> set[str]:
    copy = folder / "input-copy.xlsx"
    copy.write_bytes(data)
    try:
        return ragbooks_parts(copy)
    finally:
        copy.unlink()


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"a refresh took more than {HANG_SECONDS} seconds")


@pytest.mark.unchecked_writes  # the inputs are broken on purpose; the outcome is checked here
def test_damaged_workbooks_are_refreshed_or_refused_in_one_line(tmp_path):
    sources = inputs(tmp_path / "inputs")
    rng = random.Random(FUZZ_SEED)
    names = sorted(sources)
    outcomes = {"written": 0, "refused": 0}
    work = tmp_path / "work"
    work.mkdir()
    can_alarm = hasattr(signal, "SIGALRM") and sys.platform != "win32"
    previous = signal.signal(signal.SIGALRM, _alarm) if can_alarm else None
    try:
        for case in range(FUZZ_CASES):
            name = rng.choice(names)
            mutation = rng.choice(MUTATIONS)
            case_seed = rng.getrandbits(32)
            try:
                damaged = mutation(random.Random(case_seed), sources[name])
            except (zipfile.BadZipFile, ValueError, IndexError, NotImplementedError, EOFError):
                mutation = overwrite_bytes  # not a zip (an encrypted file, say): its bytes
                damaged = mutation(random.Random(case_seed), sources[name])
            for leftover in work.iterdir():
                leftover.unlink()
            path = work / ("plan.xlsm" if name.endswith(".xlsm") else "plan.xlsx")
            if can_alarm:
                signal.alarm(HANG_SECONDS)
            try:
                outcomes[check_case(path, damaged)] += 1
            except (AssertionError, Hang) as exc:
                raise AssertionError(
                    f"case {case} (RAGBOOK_FUZZ_SEED={FUZZ_SEED}): {name}, "
                    f"{mutation.__name__}, case seed {case_seed}: {exc}"
                ) from exc
            finally:
                if can_alarm:
                    signal.alarm(0)
    finally:
        if can_alarm:
            signal.signal(signal.SIGALRM, previous)
    print(f"fuzz: {FUZZ_CASES} cases, seed {FUZZ_SEED}: {outcomes}")
    # Both outcomes happen: the damage is neither all harmless nor all fatal.
    assert outcomes["written"] > FUZZ_CASES // 10 and outcomes["refused"] > FUZZ_CASES // 10, (
        outcomes
    )


COLLECT_CASES = max(FUZZ_CASES // 6, 20)


@pytest.mark.unchecked_writes
def test_a_damaged_returned_workbook_never_stops_a_good_one_being_collected(tmp_path):
    """Each case: a lead's workbook damaged as above, then collected before another lead's
    good one. The damaged file is applied or refused with its problems; the good one is
    applied either way; never a traceback or "unexpected error"."""
    source = write_loop_plan(tmp_path / "source.xlsx")
    with ragbook.load(source) as loaded:
        books = {f.lead: f.path for f in split_plan(loaded, tmp_path / "out").files}
    lead_edit(books["SG"], {"G17": "Audit booked"})
    good, damaged_source = books["SG"].read_bytes(), books["AF"].read_bytes()
    rng = random.Random(FUZZ_SEED)
    work = tmp_path / "work"
    work.mkdir()
    for case in range(COLLECT_CASES):
        mutation = rng.choice(MUTATIONS)
        case_seed = rng.getrandbits(32)
        try:
            damaged = mutation(random.Random(case_seed), damaged_source)
        except (zipfile.BadZipFile, ValueError, IndexError):
            mutation = overwrite_bytes
            damaged = mutation(random.Random(case_seed), damaged_source)
        where = f"case {case} (RAGBOOK_FUZZ_SEED={FUZZ_SEED}): {mutation.__name__}, {case_seed}"
        for leftover in work.iterdir():
            if leftover.is_file():
                leftover.unlink()
        plan = work / "plan.xlsx"
        plan.write_bytes(source.read_bytes())
        (work / "AF.xlsx").write_bytes(damaged)
        (work / "SG.xlsx").write_bytes(good)
        result = CliRunner().invoke(
            main,
            [
                "collect",
                str(plan),
                str(work / "AF.xlsx"),
                str(work / "SG.xlsx"),
                "--as-of",
                AS_OF,
                "--json",
                "--no-backup",
            ],
        )
        assert "unexpected error" not in result.stderr, f"{where}: {result.stderr}"
        assert isinstance(result.exception, SystemExit) or result.exception is None, (
            f"{where}: {result.exception!r}"
        )
        assert result.exit_code == 0, f"{where}: {result.output}"
        files = json.loads(result.stdout)["files"]
        assert files[1]["status"] == "applied", f"{where}: {files}"
        assert files[0]["status"] in ("applied", "unchanged", "not applied"), f"{where}: {files}"
