"""Copying zip entries as they are stored: every copied entry is checked against the size
and CRC the zip's directory gives, so a damaged part is refused, never saved on."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date
from pathlib import Path

import pytest
from builders import action, write_plan
from click.testing import CliRunner

from ragbook.cli import main
from ragbook.errors import UnsafeToWrite
from ragbook.xlsx.zipwrite import ZipCopier

NOTE = b"<note>" + b"a part ragbook does not read, only copies " * 50 + b"</note>"


def zip_with(entries: list[tuple[str, bytes, int]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data, method in entries:
            z.writestr(zipfile.ZipInfo(name, (2019, 1, 31, 12, 0, 0)), data, method)
    return out.getvalue()


def copy_all(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
    copier = ZipCopier(out, io.BytesIO(data))
    for info in infos:
        copier.copy(info)
    copier.close()
    return out.getvalue()


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_good_entry_is_copied_byte_for_byte(method):
    data = zip_with([("a.xml", NOTE, method), ("b.xml", b"", method)])
    copied = copy_all(data)
    with zipfile.ZipFile(io.BytesIO(copied)) as z:
        assert z.read("a.xml") == NOTE and z.read("b.xml") == b""
        assert z.getinfo("a.xml").compress_type == method


def flip_stored_byte(data: bytes, name: bytes) -> bytes:
    at = data.index(NOTE[:40])
    return data[: at + 20] + bytes([data[at + 20] ^ 0x20]) + data[at + 21 :]


@pytest.mark.parametrize("damage", ["crc", "size", "deflate"])
def test_an_entry_whose_bytes_do_not_match_its_directory_is_refused(damage):
    if damage == "deflate":
        data = bytearray(zip_with([("a.xml", NOTE, zipfile.ZIP_DEFLATED)]))
        data[40:48] = b"\xff" * 8  # garbage in the deflated stream
        data = bytes(data)
    else:
        data = zip_with([("a.xml", NOTE, zipfile.ZIP_STORED)])
        if damage == "crc":
            data = flip_stored_byte(data, b"a.xml")
        else:  # the directory says one byte less than is stored
            central = data.index(b"PK\x01\x02")
            size_at = central + 24
            size = struct.unpack("<I", data[size_at : size_at + 4])[0]
            data = data[:size_at] + struct.pack("<I", size - 1) + data[size_at + 4 :]
    with pytest.raises(UnsafeToWrite, match=r"^the part a.xml is damaged in the zip"):
        copy_all(data)


def test_a_directory_entry_pointing_at_another_part_is_refused():
    data = zip_with([("a.xml", NOTE, zipfile.ZIP_STORED)])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("a.xml")
    info.filename = info.orig_filename = "b.xml"
    copier = ZipCopier(io.BytesIO(), io.BytesIO(data))
    with pytest.raises(UnsafeToWrite, match=r"the part b.xml is damaged in the zip"):
        copier.copy(info)


def test_a_damaged_part_ragbook_only_copies_stops_the_refresh(tmp_path):
    """Before, the damaged bytes were copied on and the refresh said it was done."""
    plan = write_plan(tmp_path / "plan.xlsx", [action("1.1", due=date(2019, 1, 1))])
    source = plan.read_bytes()
    with zipfile.ZipFile(plan) as z:
        parts = [(i.filename, z.read(i), i.compress_type) for i in z.infolist()]
    data = zip_with([*parts, ("customXml/item1.xml", NOTE, zipfile.ZIP_STORED)])
    damaged = flip_stored_byte(data, b"customXml/item1.xml")
    plan.write_bytes(damaged)
    result = CliRunner().invoke(main, ["refresh", str(plan), "--as-of", "2019-01-31"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: plan.xlsx: the part customXml/item1.xml is damaged in the zip"
    )
    assert result.stderr.count("\n") == 1
    assert plan.read_bytes() == damaged and source != damaged
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["plan.xlsx"]
