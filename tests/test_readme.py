"""The README's key table is generated from the key bindings, like the `?` help, and kept in step.

Run `UPDATE_README=1 python -m pytest tests/test_readme.py` after changing a binding.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from textual.app import App

from reader.ui.keys import help_sections
from reader.ui.help_screen import help_rows

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- keys:start -->\n)(.*?)(<!-- keys:end -->)", re.DOTALL)


def keys_table() -> str:
    display = App()  # only for its key formatting: the same one the footer and help use
    lines = []
    for title, bindings in help_sections():
        lines += [f"**{title}**", "", "| keys | what they do |", "| --- | --- |"]
        for keys, description in help_rows(bindings):
            shown = ", ".join(dict.fromkeys(f"`{display.get_key_display(binding)}`" for binding in keys))
            lines.append(f"| {shown.replace('|', chr(92) + '|')} | {description} |")
        lines.append("")
    return "\n".join(lines)


def test_readme_lists_every_key_as_the_bindings_say() -> None:
    text = README.read_text(encoding="utf-8")
    match = BLOCK.search(text)
    assert match, "README.md lost its <!-- keys:start --> ... <!-- keys:end --> markers"
    expected = keys_table()
    if os.environ.get("UPDATE_README") == "1" and match.group(2) != expected:
        README.write_text(text[: match.start(2)] + expected + text[match.end(2) :], encoding="utf-8")
        text = README.read_text(encoding="utf-8")
        match = BLOCK.search(text)
    assert match.group(2) == expected, "README keys are out of date: UPDATE_README=1 python -m pytest tests/test_readme.py"
