"""Raw bytes to text: UTF-8 (with or without a BOM), UTF-16 with a BOM, legacy 8-bit files.

Line ends come out as `\\n`. Binary files are refused rather than shown as garbage.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "NotText", "decode"]

# Bytes that never appear in text files: C0 controls other than tab, newline, vertical tab,
# form feed, carriage return and escape (escape shows up in text pasted from terminals).
_BINARY_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# Deleting every other byte leaves the binary ones to count: one pass in C.
_TEXT_BYTES = bytes(byte for byte in range(256) if byte not in _BINARY_BYTES)
_SNIFF_SIZE = 8192
_MAX_BINARY_SHARE = 0.05
_CRLF = re.compile(r"\r\n?")


class NotText(ValueError):
    """The bytes are not a text file; the message says why, for a problem report."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    """`utf-8`, `utf-8-sig`, `utf-16`, `cp1252` or `latin-1`."""
    warning: str | None = None


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes, normalising line ends. Raises `NotText` for binary data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data)
    if b"\x00" in data:
        raise NotText("binary file (NUL bytes)")
    sample = data[:_SNIFF_SIZE]
    if sample and len(sample.translate(None, _TEXT_BYTES)) > _MAX_BINARY_SHARE * len(sample):
        raise NotText("binary file (control bytes)")
    has_bom = data.startswith(codecs.BOM_UTF8)
    if has_bom:
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return Decoded(_newlines(data.decode("utf-8")), "utf-8-sig" if has_bom else "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        text, encoding = data.decode("latin-1"), "latin-1"
    return Decoded(_newlines(text), encoding, f"not UTF-8; read as {encoding}")


def _decode_utf16(data: bytes) -> Decoded:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise NotText("not valid UTF-16 despite its byte order mark") from error
    return Decoded(_newlines(text.lstrip("\ufeff")), "utf-16")


def _newlines(text: str) -> str:
    return _CRLF.sub("\n", text) if "\r" in text else text
