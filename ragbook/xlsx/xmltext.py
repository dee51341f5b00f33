"""XML parts as text ragbook can read: any encoding Excel reads, and no DTDs.

Excel reads parts saved in UTF-16 (PhpSpreadsheet writes them) or in an 8-bit
encoding they declare; ragbook's readers work on UTF-8 bytes, so such a part
is re-encoded as UTF-8 (its declaration saying so) when it is read. Parts
ragbook only copies are never touched.

A DTD, which no Office file uses, is how 'XML bomb' and XXE files attack
readers: it is found with the XML parser itself, which alone knows where the
prolog ends (a comment holding '<a' fooled a text search).
"""

from __future__ import annotations

import codecs
import re
from xml.parsers import expat

from ..errors import NotAWorkbook, UnsafeToWrite

_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?\bencoding\s*=\s*[\"'])([^\"']*)([\"'])")
_UTF8_NAMES = {"utf-8", "utf8"}


def utf8_xml(data: bytes, filename: str, part: str) -> bytes:
    """The part's XML as UTF-8 bytes (unchanged when it is UTF-8 already)."""
    codec = _encoding(data)
    if codec is None:
        return data
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        shown = "".join(ch if ch.isprintable() else "?" for ch in codec)[:40]
        raise NotAWorkbook(
            f"{filename}: the part {part} is not readable text in the encoding it "
            f"declares ({shown}); open the file in Excel and save a copy."
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    out = text.encode("utf-8", "surrogatepass")
    return _DECLARATION.sub(lambda m: m.group(1) + b"UTF-8" + m.group(3), out, count=1)


def _encoding(data: bytes) -> str | None:
    """The codec to decode the part with, or None for UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if data.startswith(b"<\x00"):
        return "utf-16-le"
    if data.startswith(b"\x00<"):
        return "utf-16-be"
    m = _DECLARATION.match(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
    if m is None:
        return None
    declared = m.group(2).decode("ascii", "replace").strip().lower()
    if declared in _UTF8_NAMES:
        return None
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return declared  # decoding fails with a message naming it
    return None if name == "utf-8" else name


def utf8_text(data: bytes, where: str) -> str:
    """The bytes of a part ragbook rewrites, as text; `where` names it for the message."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsafeToWrite(
            f"{where} is not valid text (a damaged byte at {exc.start:,}); "
            "ragbook will not rewrite it. Open the file in Excel, save a copy, "
            "and try again."
        ) from None


class _Stop(Exception):
    pass


def has_dtd(data: bytes) -> bool:
    """Whether the XML declares a document type (or entities), by parsing its prolog.

    Parsing stops at the root element, so a big part costs no more than its
    prolog. A prolog that does not parse declares nothing an XML reader would
    act on (the reader itself fails on it).
    """
    parser = expat.ParserCreate()
    found = []

    def doctype(*_):
        found.append(True)
        raise _Stop

    def root(*_):
        raise _Stop

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        for start in range(0, len(data), 1 << 16):
            parser.Parse(data[start : start + (1 << 16)], False)
        parser.Parse(b"", True)
    except _Stop:
        pass
    except expat.ExpatError:
        pass
    return bool(found)


def refuse_dtd(data: bytes, filename: str, part: str) -> None:
    if b"<!" in data and has_dtd(data):
        raise NotAWorkbook(
            f"{filename}: the part {part} declares a DTD or XML entities, which Excel files never "
            "do (it is how 'XML bomb' files attack readers); ragbook will not read it. Open "
            "the file in Excel and save a copy, or ask whoever sent it for a fresh one."
        )


_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_x[0-9A-Fa-f]{4}_")
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_x")


def escape_text(text: str) -> str:
    """Escape for element content; control characters as Excel's _xHHHH_."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return _BAD_CHARS.sub(_escape_char, text)


def _escape_char(m: re.Match) -> str:
    s = m.group(0)
    if len(s) == 1:
        # A lone surrogate cannot be written in any encoding: the replacement character.
        return "\ufffd" if "\ud800" <= s <= "\udfff" else f"_x{ord(s):04X}_"
    # Literal text that looks like an escape: escape its underscore (_x005F_).
    return "_x005F_" + s[1:]


_NEEDS_ATTR_ESCAPE = re.compile('[&<>"\n\r\x00-\x1f\ufffe\uffff\ud800-\udfff]|_x')


def escape_attr(text: str) -> str:
    if not _NEEDS_ATTR_ESCAPE.search(text):
        return text
    return escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
