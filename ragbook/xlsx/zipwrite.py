"""Writing a zip whose unchanged entries are copied as stored, not recompressed.

Copying a part's compressed bytes keeps it byte-for-byte as it was and is
much faster than inflating and deflating a large sheet again.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from typing import BinaryIO, Iterable

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


class ZipCopier:
    """Builds a zip from raw copies of another zip's entries and new entries."""

    def __init__(self, out: BinaryIO, source: BinaryIO | None = None):
        self.out = out
        self.source = source
        self.central: list[bytes] = []
        self.offset = 0
        self.names: set[str] = set()

    def _entry(self, name_bytes: bytes, flags: int, method: int, date_time: tuple, crc: int,
               csize: int, usize: int, data_chunks) -> None:
        if csize >= _LIMIT or usize >= _LIMIT or self.offset >= _LIMIT:
            raise UnsafeToWrite("the workbook would be larger than 4 GB; ragbook does not write "
                                "files that large")
        dtime, ddate = _dos(date_time)
        flags &= 0x0800  # keep only "name is UTF-8"; sizes are known, so no data descriptor
        header = _LOCAL.pack(b"PK\x03\x04", 20, flags, method, dtime, ddate, crc, csize, usize,
                             len(name_bytes), 0)
        self.out.write(header)
        self.out.write(name_bytes)
        for chunk in data_chunks:
            self.out.write(chunk)
        self.central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 20, flags, method, dtime, ddate, crc,
                                          csize, usize, len(name_bytes), 0, 0, 0, 0, 0,
                                          self.offset) + name_bytes)
        self.offset += len(header) + len(name_bytes) + csize

    def copy(self, info: zipfile.ZipInfo) -> None:
        """Copy an entry of the source zip exactly as it is stored."""
        if self.source is None:
            raise ValueError("no source zip")
        if info.flag_bits & 0x1:
            raise UnsafeToWrite(f"the part {info.filename} is encrypted; ragbook will not copy it")
        self.source.seek(info.header_offset)
        local = self.source.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise UnsafeToWrite(f"the part {info.filename} is damaged in the zip; open the file "
                                "in Excel and save a copy")
        name_len, extra_len = struct.unpack("<2H", local[26:30])
        self.source.seek(info.header_offset + 30 + name_len + extra_len)
        remaining = info.compress_size

        def chunks():
            nonlocal remaining
            while remaining > 0:
                chunk = self.source.read(min(remaining, 1 << 20))
                if not chunk:
                    raise UnsafeToWrite(f"the part {info.filename} is truncated")
                remaining -= len(chunk)
                yield chunk

        utf8 = bool(info.flag_bits & 0x800)
        name_bytes = info.orig_filename.encode("utf-8" if utf8 else "cp437")
        self._add_name(info.filename)
        self._entry(name_bytes, info.flag_bits, info.compress_type, info.date_time, info.CRC,
                    info.compress_size, info.file_size, chunks())

    def write(self, name: str, data: bytes | Iterable[bytes], date_time: tuple = FIXED_TIME,
              level: int | None = None) -> None:
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
        self._entry(name.encode("utf-8"), flags, zipfile.ZIP_DEFLATED, date_time,
                    crc, sum(len(p) for p in packed), size, packed)

    def _add_name(self, name: str) -> None:
        key = name.lower()
        if key in self.names:
            raise ValueError(f"duplicate part {name}")
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
