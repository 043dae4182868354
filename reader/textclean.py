"""Small text helpers shared by the loader, the name index and the filter.

Corpus text is untrusted: control characters and escape sequences are removed on ingest so that
nothing downstream can pass them to a terminal.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["strip_controls", "fold", "fold_with_offsets", "collapse_whitespace"]

# ESC-introduced sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte escapes), then their
# 8-bit C1 forms, then any remaining C0/C1 control except newline and tab.
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?               # CSI ... final byte
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC ... BEL or ST
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?  # DCS, SOS, PM, APC ... ST
    | \x1b[ -/]*[0-~]?                        # other escapes (charset selection, RIS, ...)
    | \x9b[0-?]*[ -/]*[@-~]?                  # 8-bit CSI
    | \x9d[^\x07\x9c]*(?:\x07|\x9c)?          # 8-bit OSC
    | [\x90\x98\x9e\x9f][^\x9c]*\x9c?         # 8-bit DCS, SOS, PM, APC
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufff9-\ufffb]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping newlines and tabs.

    Bidirectional embedding and override characters are removed too: they can reorder what a
    terminal shows (the "Trojan Source" trick), while plain right-to-left text still displays.
    """
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    return _BIDI_CONTROLS.sub("", text)


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (newlines included) become one space; ends are trimmed."""
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Case- and accent-insensitive key: casefold, decompose, drop combining marks.

    The result has the same length as `text` only when no character expands (e.g. `ß` folds to
    `ss`); callers that map positions back should use `fold_with_offsets`.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold `text` and return, for each folded character, the index of its source character."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char.casefold()):
            if not unicodedata.combining(part):
                folded.append(part)
                offsets.append(index)
    return "".join(folded), offsets
