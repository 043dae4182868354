"""Bytes to text: the encodings and line ends real article files come in, and what is not text."""

from __future__ import annotations

import codecs

import pytest

from reader.decoding import NotText, decode


def test_utf8_is_read_without_a_warning() -> None:
    decoded = decode("Émilie à Zürich – “quoted”".encode())
    assert decoded.text == "Émilie à Zürich – “quoted”"
    assert decoded.warning is None


def test_utf8_byte_order_mark_is_dropped() -> None:
    decoded = decode(codecs.BOM_UTF8 + "Titel\n\nTekst".encode())
    assert decoded.text == "Titel\n\nTekst"
    assert decoded.warning is None


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_windows_and_old_mac_line_ends_become_newlines(newline: bytes) -> None:
    decoded = decode(newline.join([b"one", b"", b"two"]))
    assert decoded.text == "one\n\ntwo"


def test_cp1252_is_read_with_a_warning_and_the_right_characters() -> None:
    decoded = decode("l’ASML – 5 € – œuvre – café".encode("cp1252"))
    assert decoded.text == "l’ASML – 5 € – œuvre – café"
    assert decoded.warning == "not UTF-8; read as cp1252"


def test_bytes_cp1252_leaves_undefined_fall_back_to_latin1() -> None:
    decoded = decode(b"caf\xe9 \x81 ok")
    assert decoded.text.startswith("café")
    assert decoded.warning == "not UTF-8; read as latin-1"


def test_utf16_with_a_byte_order_mark_is_decoded() -> None:
    decoded = decode("Fei-Fei Li\r\n\r\nTekst".encode("utf-16"))
    assert decoded.text == "Fei-Fei Li\n\nTekst"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)"),
        (b"text\x00more text", "binary file (NUL bytes)"),
        (bytes(range(1, 32)) * 20, "binary file (control bytes)"),
    ],
)
def test_binary_data_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(NotText, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(data)


def test_text_with_a_stray_bell_is_still_text() -> None:
    # One odd control byte in an article is not a binary file; later steps strip it.
    assert decode(b"An article with a bell \x07 in it, and more words after it.").text.startswith("An article")


def test_byte_order_mark_before_legacy_bytes_does_not_show() -> None:
    decoded = decode(codecs.BOM_UTF8 + "café".encode("cp1252"))
    assert decoded.text == "café"
    assert decoded.warning == "not UTF-8; read as cp1252"
