"""Bytes of a plain-text report into text: byte-order marks, UTF-8, then Windows-1252.

Reports saved by Word or Notepad come as UTF-8 (with or without a byte-order
mark), as UTF-16 with a byte-order mark, or as Windows-1252. A byte-order mark
says the encoding for certain and wins over the one asked for. Without one, the
encoding asked for is used; when that is the default UTF-8 and the bytes are not
UTF-8, they are read as Windows-1252 (every byte has a meaning there, so the
text always decodes) and the returned note says so. Bytes with NULs and no
byte-order mark are a binary file, not text.

>>> decode_text("a.txt", "Care’s".encode("utf-16"), "utf-8")
('Care’s', None)
>>> decode_text("a.txt", "Care’s".encode("cp1252"), "utf-8")
('Care’s', 'a.txt is not UTF-8; read it as Windows-1252')
>>> decode_text("a.txt", b"\\xef\\xbb\\xbfCare", "utf-8")
('Care', None)
"""

from __future__ import annotations

import codecs

from carekg.graph.errors import CarekgError, EncodingError

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS: list[tuple[bytes, str, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
]
# Encodings whose text holds NUL bytes: asked for by name, they are not binary.
WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# Windows-1252 leaves five bytes undefined; like a browser, read them as the
# Latin-1 control characters they would be (which the reader turns into spaces).
_CP1252_TABLE = {
    b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)
}
# Bytes that text (in any single-byte encoding or UTF-8) hardly ever holds.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
# More control bytes than this share of the file: binary, even with no NUL.
BINARY_SHARE = 0.02


def _codec(name: str, encoding: str) -> str:
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        info = None
    # "rot13" and "base64" are codecs, but not of text: bytes.decode refuses them.
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise CarekgError(f"{name}: unknown text encoding {encoding[:40]!r}")
    return info.name


def _strict(name: str, data: bytes, encoding: str, label: str, skip: int = 0) -> str:
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        raise EncodingError(
            f"{name} is not valid {label} text (byte 0x{data[at]:02x} at offset {at})",
            suggestion=None if label.upper().startswith("UTF-") else "cp1252",
        ) from None


def cp1252(data: bytes) -> str:
    """Windows-1252 text, its five undefined bytes read as Latin-1 controls."""
    return data.decode("latin-1").translate(_CP1252_TABLE)


def _binary(name: str) -> CarekgError:
    return CarekgError(f"{name} looks like a binary file, not a text report")


def decode_text(name: str, data: bytes, encoding: str = "utf-8") -> tuple[str, str | None]:
    """The text of a plain-text file and a note when it was read other than as asked.

    Raises ``CarekgError`` for a binary file or an unknown encoding, and
    ``EncodingError`` for bytes invalid in the encoding a mark or the caller named.
    """
    codec = _codec(name, encoding)
    for mark, bom_codec, label in BOMS:
        if data.startswith(mark):
            return _strict(name, data, bom_codec, label, len(mark)), None
    if codec in WIDE:
        return _strict(name, data, codec, encoding), None
    if b"\x00" in data:
        raise _binary(name)
    if codec != "utf-8":
        return _strict(name, data, codec, encoding), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if len(data.translate(None, _OTHER_BYTES)) > BINARY_SHARE * len(data):
        raise _binary(name)
    return cp1252(data), f"{name} is not UTF-8; read it as Windows-1252"
