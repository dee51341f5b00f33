"""Writing a zip whose unchanged entries are copied as stored, not recompressed.

Copying a part's compressed bytes keeps it byte-for-byte as it was and is
much faster than inflating and deflating a large sheet again.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from typing import BinaryIO

from ..errors import UnsafeToWrite

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFFFFFF


def _dos(date_time: tuple) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time
    y = max(y, 1980)
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def _damaged(info: zipfile.ZipInfo) -> UnsafeToWrite:
    return UnsafeToWrite(
        f"the part {info.filename} is damaged in the zip (its bytes do not match "
        "its checksum, or the file changed while ragbook read it); nothing was "
        "saved. Open the file in Excel, save a copy, and try again"
    )


class _Inflated:
    """The size and CRC of an entry's data, worked out from its stored bytes."""

    STEP = 64 << 20  # at most this much inflated data at once

    def __init__(self, info: zipfile.ZipInfo):
        self.info = info
        self.inflate = (
            zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        )
        self.crc = 0
        self.size = 0

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.info.file_size:
            raise _damaged(self.info)
        self.crc = zlib.crc32(data, self.crc)

    def feed(self, chunk: bytes) -> None:
        if self.inflate is None:
            self._add(chunk)
            return
        try:
            data = self.inflate.decompress(chunk, self.STEP)
            self._add(data)
            while self.inflate.unconsumed_tail:
                self._add(self.inflate.decompress(self.inflate.unconsumed_tail, self.STEP))
        except zlib.error:
            raise _damaged(self.info) from None

    def finish(self) -> None:
        if self.inflate is not None:
            try:
                self._add(self.inflate.flush())
            except zlib.error:
                raise _damaged(self.info) from None
        if self.size != self.info.file_size or self.crc != self.info.CRC:
            raise _damaged(self.info)


class ZipCopier:
    """Builds a zip from raw copies of another zip's entries and new entries."""

    def __init__(self, out: BinaryIO, source: BinaryIO | None = None):
        self.out = out
        self.source = source
        self.central: list[bytes] = []
        self.offset = 0
        self.names: set[str] = set()

    def _entry(
        self,
        name_bytes: bytes,
        flags: int,
        method: int,
        date_time: tuple,
        crc: int,
        csize: int,
        usize: int,
        data_chunks,
    ) -> None:
        if csize >= _LIMIT or usize >= _LIMIT or self.offset >= _LIMIT:
            raise UnsafeToWrite(
                "the workbook would be larger than 4 GB; ragbook does not write files that large"
            )
        dtime, ddate = _dos(date_time)
        flags &= 0x0800  # keep only "name is UTF-8"; sizes are known, so no data descriptor
        header = _LOCAL.pack(
            b"PK\x03\x04", 20, flags, method, dtime, ddate, crc, csize, usize, len(name_bytes), 0
        )
        self.out.write(header)
        self.out.write(name_bytes)
        for chunk in data_chunks:
            self.out.write(chunk)
        self.central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                20,
                20,
                flags,
                method,
                dtime,
                ddate,
                crc,
                csize,
                usize,
                len(name_bytes),
                0,
                0,
                0,
                0,
                0,
                self.offset,
            )
            + name_bytes
        )
        self.offset += len(header) + len(name_bytes) + csize

    def copy(self, info: zipfile.ZipInfo) -> None:
        """Copy an entry of the source zip exactly as it is stored.

        The bytes copied are checked as they go: they must inflate to the size
        and CRC the zip's directory gives, so a part damaged in the file, or
        changed under ragbook since it was read, is refused rather than saved.
        """
        if self.source is None:
            raise ValueError("no source zip")
        if info.flag_bits & 0x1:
            raise UnsafeToWrite(f"the part {info.filename} is encrypted; ragbook will not copy it")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeToWrite(
                f"the part {info.filename} is compressed in a way Excel does not "
                f"read (method {info.compress_type}); open the file in the program "
                "that made it and save it as an Excel workbook again"
            )
        self.source.seek(info.header_offset)
        local = self.source.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise _damaged(info)
        name_len, extra_len = struct.unpack("<2H", local[26:30])
        utf8 = bool(info.flag_bits & 0x800)
        name_bytes = info.orig_filename.encode("utf-8" if utf8 else "cp437")
        if self.source.read(name_len) != name_bytes:  # the directory points at another part
            raise _damaged(info)
        self.source.seek(info.header_offset + 30 + name_len + extra_len)
        remaining = info.compress_size
        check = _Inflated(info)
        source = self.source

        def chunks():
            nonlocal remaining
            while remaining > 0:
                chunk = source.read(min(remaining, 1 << 20))
                if not chunk:
                    raise _damaged(info)
                remaining -= len(chunk)
                check.feed(chunk)
                yield chunk
            check.finish()

        self._add_name(info.filename)
        self._entry(
            name_bytes,
            info.flag_bits,
            info.compress_type,
            info.date_time,
            info.CRC,
            info.compress_size,
            info.file_size,
            chunks(),
        )

    def write(
        self,
        name: str,
        data: bytes | Iterable[bytes],
        date_time: tuple = FIXED_TIME,
        level: int | None = None,
    ) -> None:
        """Add an entry with new content, deflated: bytes, or pieces of bytes
        compressed as they come (a big sheet is never whole in memory)."""
        self._add_name(name)
        pieces = [data] if isinstance(data, bytes) else data
        compressor = None
        crc, size, packed = 0, 0, []
        for piece in pieces:
            if compressor is None:
                if level is None:
                    level = 6 if isinstance(data, bytes) and len(data) < (1 << 20) else 1
                compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
            crc = zlib.crc32(piece, crc)
            size += len(piece)
            packed.append(compressor.compress(piece))
        if compressor is None:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed.append(compressor.flush())
        flags = 0 if name.isascii() else 0x800
        self._entry(
            name.encode("utf-8"),
            flags,
            zipfile.ZIP_DEFLATED,
            date_time,
            crc,
            sum(len(p) for p in packed),
            size,
            packed,
        )

    def _add_name(self, name: str) -> None:
        key = name.lower()
        if key in self.names:
            raise UnsafeToWrite(
                f"the part {name} would be in the workbook twice; ragbook has not "
                "saved it. Open the file in Excel, save a copy, and try again"
            )
        self.names.add(key)

    def close(self) -> None:
        start = self.offset
        for record in self.central:
            self.out.write(record)
        size = sum(len(r) for r in self.central)
        count = len(self.central)
        if count >= 0xFFFF:
            raise UnsafeToWrite("the workbook has too many parts for ragbook to write")
        self.out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))
