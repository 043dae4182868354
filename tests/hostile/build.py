"""The hostile corpus, defined once: every file's bytes, what it tests, and what `--check` should say.

Run `python tests/hostile/build.py` to rewrite `tests/hostile/corpus/` and the table in
`tests/hostile/README.md` from `CASES`. `tests/test_hostile.py` checks that the committed files match,
so the corpus and its description cannot drift apart.

Things git cannot hold or that are too big to commit (FIFOs, symlinks, a 5 MB line, a file with an
escape sequence in its name, an unreadable file) are added at test time by `add_runtime_cases`.

Expectations (`Case.expect`):
- `loads`: listed in the documents; no error for it (warnings allowed).
- `warns`: loads, and a warning names it (in `problems` or in the document's own `warnings`).
- `rejected`: exactly one error names it; not listed in the documents.
- `flagged`: a problem names it; at most one error; if no error, it is listed in the documents.
- `either`: loaded, or rejected with exactly one error; never both.
- `absent`: neither a document nor an error (ignored, or a warning at most).
- `not_loaded`: not listed in the documents; at most one error (ignored or rejected, never hanging).
- `reported`: listed, or a problem names the file or a folder above it (never silently dropped).
- `duplicate`: exact duplicate of another case: exactly one of the pair is listed, the other warned.
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
README = HERE / "README.md"

SENTINEL = "PWNED"
"""Appears in the corpus only inside escape sequences or hostile YAML: it must never reach a terminal."""

PYTHON_TAG_MARKER = "/tmp/openai-reader-hostile-PWNED"
"""The file the `!!python/object/apply:os.system` payload would create if a YAML tag ever ran."""

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"


@dataclass(frozen=True)
class Case:
    path: str
    data: bytes
    expect: str
    tests: str
    contains: tuple[str, ...] = ()
    """Strings the normalised text (or title) must contain when the file loads: proof it was read right."""


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


PARAGRAPH = (
    "Sam Altman spoke to the board of OpenAI on Friday. The meeting lasted an hour, and nobody "
    "outside the room knew what had been said until the statement came out that evening."
)


def _binary_png() -> bytes:
    rng = random.Random(5)  # deterministic: the committed file must match this script
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2048))


def _alias_bomb() -> str:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        refs = ",".join(f"*{previous}" for _ in range(9))
        lines.append(f"{name}: &{name} [{refs}]")
        previous = name
    lines += ["title: *i", "topics: *i", "---", "", "The alias bomb above did not go off. " + PARAGRAPH, ""]
    return "\n".join(lines)


CASES: list[Case] = [
    # Markup-like brackets: must show literally, never parsed by Rich/Textual.
    Case(
        "markup/brackets.txt",
        utf8(
            "[bold]Not bold[/bold] and [@click=app.quit]not a button[/]\n\n"
            "A closing tag alone [/ and [/bold] and [link=https://evil.example]a link[/link] and "
            "[red on white]colour[/] and \\[escaped] and [b]half open.\n\n" + PARAGRAPH + "\n"
        ),
        "loads",
        "Rich/Textual markup in the title and text: `[/` crashes a markup parser, "
        "`[@click=app.quit]` would be a live action.",
        ("[@click=app.quit]", "[/", "[link=https://evil.example]"),
    ),
    Case(
        "markup/markdown-links.md",
        utf8(
            "Links that look like Markdown\n\n"
            "Read [the statement](#) and [this](javascript:alert(1)) and "
            "[a real one](https://example.com/openai) before [@click=app.quit](#) anything.\n\n"
            + PARAGRAPH + "\n"
        ),
        "loads",
        "Markdown links: `(#)` becomes its text, a `javascript:` target is not a live link, "
        "markup inside link text stays literal.",
        ("the statement",),
    ),
    Case(
        "markup/frontmatter-markup.md",
        utf8(
            "---\n"
            'title: "[bold red]Markup[/] in a [@click=app.quit]title[/"\n'
            "provider:\n"
            '  name: "[link=https://evil.example]Evil Source[/link]"\n'
            "publishedDateTime: 2024-05-01T10:00:00Z\n"
            "---\n\n" + PARAGRAPH + "\n"
        ),
        "loads",
        "Markup in front-matter title and provider name: the list and the reading pane show them as typed.",
        ("[@click=app.quit]",),
    ),
    # Escape sequences, family by family. Each hides SENTINEL inside the sequence only.
    Case(
        "escapes/csi.txt",
        utf8(
            f"{ESC}[31mRed{ESC}[0m title with {ESC}[2J{ESC}[H cursor moves\n\n"
            f"Alternate screen {ESC}[?1049h and mouse tracking {ESC}[?1000h{ESC}[?1006h and a "
            f"scroll region {ESC}[1;3r and erase {ESC}[K end {ESC}[38;2;255;0;0mtruecolour{ESC}[m.\n\n"
            + PARAGRAPH + "\n"
        ),
        "loads",
        "CSI sequences (SGR colours, clear screen, cursor home, alternate screen, mouse tracking, "
        "scroll region) in the title line and the text.",
        ("Red title", "truecolour"),
    ),
    Case(
        "escapes/osc.txt",
        utf8(
            f"Title {ESC}]0;{SENTINEL}-title{BEL}with OSC 0\n\n"
            f"Window title {ESC}]2;{SENTINEL}-two{ST} and clipboard {ESC}]52;c;UFdORUQ={BEL} and a "
            f"hyperlink {ESC}]8;;https://evil.example/{SENTINEL}{ST}click here{ESC}]8;;{ST} and a "
            f"colour query {ESC}]4;1;?{BEL} and unterminated {ESC}]0;{SENTINEL}-open\n\n" + PARAGRAPH + "\n"
        ),
        "loads",
        "OSC 0/2 window title, OSC 52 clipboard write (base64 of the sentinel), OSC 8 hyperlink, OSC 4 "
        "colour query, an OSC left unterminated.",
        ("click here",),
    ),
    Case(
        "escapes/dcs-c1.txt",
        utf8(
            f"DCS and C1 controls\n\n"
            f"A DCS {ESC}P1$r{SENTINEL}{ST} string, an APC {ESC}_{SENTINEL}{ST}, a PM {ESC}^{SENTINEL}{ST}, "
            f"a SOS {ESC}X{SENTINEL}{ST}, 8-bit CSI \u009b31m here, 8-bit OSC \u009d0;{SENTINEL}\u009c "
            f"and 8-bit DCS \u0090{SENTINEL}\u009c and NEL \u0085 and RIS {ESC}c and charset {ESC}(0 done.\n\n"
            + PARAGRAPH + "\n"
        ),
        "loads",
        "DCS/APC/PM/SOS strings, 8-bit C1 controls encoded in UTF-8 (U+009B CSI, U+009D OSC, U+0090 DCS, "
        "U+0085), RIS, charset switching.",
        ("DCS and C1 controls",),
    ),
    Case(
        "escapes/raw-c1-bytes.txt",
        b"Raw C1 bytes\n\nThis file is not UTF-8: \x9b31m and \x9d0;"
        + SENTINEL.encode()
        + b"\x07 appear as single bytes.\n\n"
        + PARAGRAPH.encode()
        + b"\n",
        "warns",
        "Invalid UTF-8 with raw 0x9B/0x9D bytes: read as a legacy 8-bit file with a warning; whatever the "
        "decoding, no C1 control gets through.",
        ("Raw C1 bytes",),
    ),
    Case(
        "escapes/bell-backspace.txt",
        utf8(
            f"Bells{BEL}{BEL} and backspaces\n\n"
            f"Visible text with a bell{BEL} and backspaces that would overwrite: hidden\b\b\b\b\b\bshown, "
            f"a vertical tab\v, a form feed\f, a DEL\x7f and a carriage return\rin the middle.\n\n"
            + PARAGRAPH + "\n"
        ),
        "loads",
        "BEL, backspace, vertical tab, form feed, DEL and a lone CR in the middle of a line.",
        ("Bells",),
    ),
    Case(
        "escapes/nul.txt",
        utf8("A NUL in the text\n\nOne NUL byte \x00 in an otherwise ordinary paragraph.\n\n" + PARAGRAPH + "\n"),
        "either",
        "A single NUL byte in a text file: loaded without it, or rejected as binary, but never shown.",
        ("ordinary paragraph",),
    ),
    Case(
        "escapes/only-escapes.txt",
        utf8(f"{ESC}[31m{ESC}]0;{SENTINEL}{BEL}{ESC}[0m\n{BEL}\n{ESC}[2J\n"),
        "either",
        "A file made only of escape sequences: nothing is left once they are removed; it must not become an "
        "empty row in the list.",
    ),
    Case(
        "escapes/yaml-escapes.md",
        utf8(
            "---\n"
            f'title: "Escapes \\e]0;{SENTINEL}\\a via YAML \\e[31mred\\e[0m"\n'
            "provider:\n"
            f'  name: "Source\\e]52;c;UFdORUQ=\\a Name"\n'
            'topics: ["AI\\e[2J", "\\u009b31mC1"]\n'
            "publishedDateTime: 2024-02-02T00:00:00Z\n"
            f'excerpt: "Excerpt\\x07 with a bell"\n'
            "---\n\n" + PARAGRAPH + "\n"
        ),
        "loads",
        "Escape sequences that only appear after YAML decodes `\\e`, `\\a`, `\\x07`, `\\u009b` in double-quoted "
        "strings: title, provider name, topics, excerpt.",
        ("via YAML",),
    ),
    Case(
        "escapes/date-header-escapes.txt",
        utf8(f" date 2024-03{ESC}[31m The date header has a colour code glued to it. {PARAGRAPH}\n"),
        "loads",
        "An escape sequence glued to a ` date YYYY-MM ` header.",
        ("date header",),
    ),
    # YAML front matter: broken, unclosed, hostile, bombs, wrong types.
    Case(
        "yaml/broken.md",
        utf8('---\ntitle: "unterminated\nprovider: [1, 2\n  bad: : indent\n---\n\n' + PARAGRAPH + "\n"),
        "flagged",
        "Broken YAML (unterminated string, unclosed flow list): a problem naming the line.",
    ),
    Case(
        "yaml/unclosed.md",
        utf8("---\ntitle: Never closed\nprovider:\n  name: Nobody\n\n" + PARAGRAPH + "\n"),
        "flagged",
        "Front matter opened with `---` and never closed.",
    ),
    Case(
        "yaml/python-tag.md",
        utf8(
            "---\n"
            f'title: !!python/object/apply:os.system ["touch {PYTHON_TAG_MARKER}"]\n'
            "provider: !!python/name:os.system\n"
            "---\n\n" + PARAGRAPH + "\n"
        ),
        "flagged",
        f"`!!python/object/apply:os.system` and `!!python/name`: a safe loader refuses them; the payload "
        f"(`touch {PYTHON_TAG_MARKER}`) never runs.",
    ),
    Case(
        "yaml/alias-bomb.md",
        utf8(_alias_bomb()),
        "either",
        "Billion laughs: nine levels of nine aliases (9^9 leaves if expanded) used as title and topics; must "
        "stay cheap (seconds at most) whatever the loader decides.",
    ),
    Case(
        "yaml/wrong-types.md",
        utf8(
            "---\n"
            "title: [1, 2]\n"
            "publishedDateTime: 42\n"
            'provider: "just a string"\n'
            "topics: 7\n"
            "related: not a list\n"
            "excerpt: {a: 1}\n"
            "---\n\nEvery field above has the wrong type. " + PARAGRAPH + "\n"
        ),
        "warns",
        "Fields of the wrong type (title a list, date a number, provider a string, topics a number, related a "
        "string, excerpt a mapping): warnings, the fields ignored, the body still read.",
        ("Sam Altman",),
    ),
    Case(
        "yaml/impossible-date.md",
        utf8(
            "---\ntitle: An impossible date in front matter\npublishedDateTime: 2023-02-30\n---\n\n"
            "The date above is unquoted, so YAML itself tries to build 30 February. " + PARAGRAPH + "\n"
        ),
        "warns",
        "An unquoted impossible date (`publishedDateTime: 2023-02-30`), which PyYAML's safe loader turns "
        "into a ValueError: no date and a warning, the article still read.",
        ("An impossible date in front matter",),
    ),
    Case(
        "yaml/explicit-tags.md",
        utf8(
            "---\ntitle: Explicit YAML tags with values they cannot take\nflag: !!bool maybe\n"
            "count: !!int twelve\nratio: !!float x\nwhen: !!timestamp never\n---\n\n"
            "Each tag above makes PyYAML's safe loader raise something other than a YAML error. " + PARAGRAPH + "\n"
        ),
        "flagged",
        "Explicit standard tags with impossible values (`!!bool maybe`, `!!int twelve`, `!!float x`, "
        "`!!timestamp never`): PyYAML raises KeyError/ValueError, not a YAML error; the file must still be "
        "one clear problem, not an internal error.",
    ),
    Case(
        "yaml/equals-value.md",
        utf8("---\ntitle: =\n---\n\nA lone `=` is YAML's obscure value key; the safe loader has no constructor for it. "
             + PARAGRAPH + "\n"),
        "flagged",
        "`title: =`: resolves to the `tag:yaml.org,2002:value` tag, which no safe constructor handles; one "
        "clear problem, not an internal error.",
    ),
    Case(
        "yaml/timestamp-tag.md",
        utf8("---\ntitle: A timestamp tag on a word\nwhen: !!timestamp never\n---\n\n"
             "PyYAML's timestamp constructor fails on this with an AttributeError. " + PARAGRAPH + "\n"),
        "flagged",
        "`when: !!timestamp never` alone (found by atheris): PyYAML raises AttributeError, which must still "
        "become one clear problem.",
    ),
    Case(
        "yaml/not-a-mapping.md",
        utf8("---\n- just\n- a list\n---\n\n" + PARAGRAPH + "\n"),
        "either",
        "Front matter that parses but is a list, not a mapping.",
    ),
    Case(
        "yaml/empty-frontmatter.md",
        utf8("---\n---\n\nEmpty front matter above\n\n" + PARAGRAPH + "\n"),
        "loads",
        "An empty front-matter block: the body is read as usual.",
        ("Sam Altman",),
    ),
    Case(
        "yaml/excerpt-only.md",
        utf8(
            "---\n"
            "title: Only an excerpt\n"
            "excerpt: The whole article is this excerpt about Sam Altman and OpenAI.\n"
            "publishedDateTime: 2023-11-20T08:00:00Z\n"
            "related:\n"
            "  - title: A related piece\n"
            "    url: https://example.com/related\n"
            "    provider: {name: Example}\n"
            "  - 17\n"
            "  - {title: [not, a, string]}\n"
            "---\n"
        ),
        "loads",
        "No body, only an excerpt; `related` holds one good entry and two malformed ones.",
        ("whole article is this excerpt",),
    ),
    # Dates.
    Case(
        "dates/impossible-date.txt",
        utf8(" date 2023-13-45 An impossible date header glued to the first line. " + PARAGRAPH + "\n"),
        "warns",
        "` date 2023-13-45 `: no date, a warning.",
        ("impossible date header",),
    ),
    # Binary and empty files.
    Case("binary/image.txt", _binary_png(), "rejected", "PNG bytes with a `.txt` name."),
    Case(
        "binary/gzip.md",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(256)) * 4,
        "rejected",
        "gzip-like bytes (every byte value) with a `.md` name.",
    ),
    Case("empty.txt", b"", "rejected", "An empty file."),
    Case("blank.txt", b"  \n\n\t \r\n   \n", "rejected", "Only whitespace."),
    Case("bom-only.txt", b"\xef\xbb\xbf\n", "rejected", "Only a UTF-8 byte-order mark."),
    # Long text.
    Case(
        "long/long-title.md",
        utf8("---\ntitle: \"" + ("Very long title " * 400).strip() + "\"\n---\n\n" + PARAGRAPH + "\n"),
        "loads",
        "A 6,400-character front-matter title.",
        ("Very long title",),
    ),
    Case(
        "long/long-first-sentence.txt",
        utf8(("OpenAI " + "and its board " * 300).strip() + " decided.\n\n" + PARAGRAPH + "\n"),
        "loads",
        "A 4,000-character first sentence: the derived title is cut at a word, at most 100 characters.",
        ("Sam Altman",),
    ),
    # Scripts.
    Case(
        "scripts/cjk.txt",
        utf8(
            "人工知能の会社OpenAIの騒動\n\n"
            "サム・アルトマン氏は取締役会によって解任された。その後、数日で復帰した。全角文字ＡＢＣ１２３と"
            "中文字符：人工智能公司的董事会。한국어 문장도 있습니다。\n\n" + PARAGRAPH + "\n"
        ),
        "loads",
        "Wide characters: Japanese, Chinese, Korean, full-width Latin.",
        ("人工知能", "한국어"),
    ),
    Case(
        "scripts/combining.txt",
        utf8(
            "Combining marks: Z\u0335\u0321\u031b\u0327a\u0336\u0334l\u0338g\u0337o\u0335 and Cafe\u0301\n\n"
            "Decomposed Emilie\u0301 and e\u0301\u0300\u0302\u0303\u0304\u0305\u0306\u0307\u0308 stacked, "
            "Devanagari \u0928\u092e\u0938\u094d\u0924\u0947 and emoji \U0001F468\u200D\U0001F469\u200D\U0001F467 "
            "with flags \U0001F1F3\U0001F1F1.\n\n" + PARAGRAPH + "\n"
        ),
        "loads",
        "Combining characters (Zalgo stacks, decomposed accents), Devanagari conjuncts, ZWJ emoji, flags.",
        ("Combining marks",),
    ),
    Case(
        "scripts/rtl.txt",
        utf8(
            "شركة OpenAI والذكاء الاصطناعي\n\n"
            "قال سام ألتمان إن الشركة ستواصل العمل. וגם עברית: החברה הודיעה על מנכ\"ל חדש. "
            "Mixed 123 עם מספרים and English.\n\n" + PARAGRAPH + "\n"
        ),
        "loads",
        "Right-to-left text: Arabic title, Arabic and Hebrew paragraphs mixed with Latin and digits.",
        ("الذكاء", "עברית"),
    ),
    Case(
        "scripts/bidi-override.txt",
        utf8(
            "Bidi \u202eelttit desrever\u202c override\n\n"
            "Trojan source: access \u2067\u2066level\u2069 \u2066admin\u2069\u2069 and \u202dLRO\u202c "
            "\u202aLRE\u202c \u202bRLE\u202c \u200fRLM\u200e LRM.\n\n" + PARAGRAPH + "\n"
        ),
        "loads",
        "Bidi override and isolate controls (U+202A-202E, U+2066-2069): removed, so they cannot reorder what "
        "the terminal shows.",
        ("Trojan source",),
    ),
    # File names.
    Case(
        "names/file with spaces.txt",
        utf8("A file name with spaces\n\n" + PARAGRAPH + "\n"),
        "loads",
        "Spaces in the file name: the id keeps them.",
    ),
    Case(
        "names/naïve café – Ünïcödé.txt",
        utf8("A non-ASCII file name\n\n" + PARAGRAPH + "\n"),
        "loads",
        "Accents and an en dash in the file name.",
    ),
    Case(
        "names/日本語の記事.md",
        utf8("A Japanese file name\n\n" + PARAGRAPH + "\n"),
        "loads",
        "A CJK file name.",
    ),
    Case(
        "names/[bold]brackets[-].txt",
        utf8("Brackets in the file name\n\n" + PARAGRAPH + "\n"),
        "loads",
        "Markup-like brackets in the file name (shown in ids and problems).",
    ),
    # Encodings and line ends.
    Case(
        "encodings/cp1252.txt",
        "Café crème – “quoted” for 5 €\n\nLe conseil d’administration a évincé Sam Altman. Déjà vu.\n\n".encode(
            "cp1252"
        )
        + PARAGRAPH.encode()
        + b"\n",
        "warns",
        "cp1252 (curly quotes, en dash, euro sign, accents): read with a warning, characters right.",
        ("Café", "€", "“quoted”", "évincé"),
    ),
    Case(
        "encodings/utf16-le-bom.txt",
        ("UTF-16 little endian\n\nThis file was saved as UTF-16 with a byte-order mark.\n\n" + PARAGRAPH + "\n").encode(
            "utf-16"
        ),
        "either",
        "UTF-16 LE with a BOM (full of NUL bytes): decoded right, or rejected with one clear problem; never "
        "shown as text with NULs between the letters.",
        ("byte-order mark",),
    ),
    Case(
        "encodings/utf8-bom.txt",
        utf8("\ufeffA UTF-8 BOM\n\n" + PARAGRAPH + "\n"),
        "loads",
        "UTF-8 with a byte-order mark: no U+FEFF in the title.",
        ("A UTF-8 BOM",),
    ),
    Case(
        "encodings/crlf.txt",
        utf8("Windows line ends\r\n\r\nFirst paragraph\r\nwrapped.\r\n\r\n" + PARAGRAPH + "\r\n"),
        "loads",
        "CRLF line ends: paragraphs still split, no CR left.",
        ("First paragraph wrapped.",),
    ),
    Case(
        "encodings/cr.txt",
        utf8("Old Mac line ends\r\rFirst paragraph\rwrapped.\r\r" + PARAGRAPH + "\r"),
        "loads",
        "CR-only line ends: paragraphs still split, no CR left.",
        ("First paragraph wrapped.",),
    ),
    # Structure.
    Case(
        "nested/a/b/c/d/deep.txt",
        utf8("Deeply nested\n\n" + PARAGRAPH + "\n"),
        "loads",
        "Five folders deep: id `nested/a/b/c/d/deep`.",
    ),
    Case(
        "folder.txt/inside.txt",
        utf8("Inside a folder named like a file\n\n" + PARAGRAPH + "\n"),
        "loads",
        "A directory named `folder.txt` (must be walked, not opened as a file) holding a good file.",
    ),
    Case(
        "ignored.html",
        utf8(f"<html><script>alert('{SENTINEL}')</script></html>\n"),
        "absent",
        "Not `.txt` or `.md`: ignored.",
    ),
    Case(
        "dup/first.txt",
        utf8("Duplicate article\n\nThe exact same text appears in two files of this corpus.\n"),
        "duplicate",
        "Exact duplicate of `dup/second.txt`: listed once, the other file a warning.",
    ),
    Case(
        "dup/second.txt",
        utf8("Duplicate article\n\nThe exact same text appears in two files of this corpus.\n"),
        "duplicate",
        "Exact duplicate of `dup/first.txt`.",
    ),
    Case(
        "good.txt",
        utf8(
            " date 2023-11 Sam Altman returns to OpenAI. Ilya Sutskever regrets his part in the board's "
            "decision, and Satya Nadella welcomes the news.\n\nLater that week Altman met the staff. "
            "Sutskever stayed on.\n"
        ),
        "loads",
        "An ordinary article, so names exist to jump to.",
        ("Sutskever",),
    ),
]


@dataclass(frozen=True)
class RuntimeCase:
    """A case made at test time: git cannot hold it, or it is too big to commit."""

    marker: str
    """Matches a document or problem whose path contains this (the exact path may be sanitised)."""
    expect: str
    tests: str


RUNTIME_CASES: list[RuntimeCase] = [
    RuntimeCase("big/five-megabytes.txt", "loads", "A 5 MB file on one line (no newline at all)."),
    RuntimeCase("fifo/x.txt", "not_loaded", "A FIFO named `x.txt`: opening it for reading would block forever."),
    RuntimeCase("links/loop/", "absent", "`links/loop -> .`: a directory symlink loop; walking it must end."),
    RuntimeCase("links/self.txt", "not_loaded", "`links/self.txt -> self.txt`: a symlink to itself (ELOOP)."),
    RuntimeCase("links/ping.txt", "not_loaded", "`ping.txt -> pong.txt -> ping.txt`: a two-link loop."),
    RuntimeCase("links/dangling.txt", "not_loaded", "A dangling symlink."),
    RuntimeCase(
        "esc-name-",
        "either",
        f"A file name holding an OSC 0 title sequence with the sentinel: the id and problems must not carry it raw.",
    ),
    RuntimeCase(
        "bad-bytes-name-",
        "either",
        "A file name that is not valid UTF-8 (bytes 0xFF 0xFE): printing it must not crash the output.",
    ),
    RuntimeCase(
        "very-deep.txt",
        "reported",
        "A file 110 folders down, its path longer than PATH_MAX (4096 bytes): opening it by its full path "
        "fails with ENAMETOOLONG. Loaded, or reported, but never silently missing.",
    ),
    RuntimeCase(
        "unreadable.txt",
        "rejected",
        "A file with mode 000 (checked as an unprivileged user: root reads anything).",
    ),
]

FIVE_MB = 5 * 1024 * 1024


def write_five_megabytes(path: Path, first_line: bytes = b"") -> None:
    """5 MB of prose on one line (after `first_line`): names in it, no newline anywhere."""
    path.parent.mkdir(parents=True, exist_ok=True)
    words = ("Sam Altman and the OpenAI board met again on a long day " * 10).encode()
    path.write_bytes(first_line + (words * (FIVE_MB // len(words) + 1))[:FIVE_MB])


def add_runtime_cases(target: Path, unreadable: bool = True, big: bool = True) -> None:
    """Add the cases git cannot hold to a copy of the corpus at `target`."""
    if big:
        write_five_megabytes(target / "big" / "five-megabytes.txt")
    (target / "fifo").mkdir(exist_ok=True)
    os.mkfifo(target / "fifo" / "x.txt")
    links = target / "links"
    links.mkdir(exist_ok=True)
    os.symlink(".", links / "loop")
    os.symlink("self.txt", links / "self.txt")
    os.symlink("pong.txt", links / "ping.txt")
    os.symlink("ping.txt", links / "pong.txt")
    os.symlink("does-not-exist.txt", links / "dangling.txt")
    names = target / "names"
    names.mkdir(exist_ok=True)
    (names / f"esc-name-{ESC}]0;{SENTINEL}{BEL}.txt").write_bytes(utf8("Escape in the file name\n\n" + PARAGRAPH + "\n"))
    with open(os.path.join(os.fsencode(names), b"bad-bytes-name-\xff\xfe.txt"), "wb") as file:
        file.write(utf8("Invalid UTF-8 in the file name\n\n" + PARAGRAPH + "\n"))
    deep = target / "deep"
    deep.mkdir(exist_ok=True)
    descriptor = os.open(deep, os.O_RDONLY)
    try:  # made relative to a folder descriptor: the full path is too long for the usual calls
        for level in range(110):
            name = f"level-{level:03d}-" + "x" * 30
            os.mkdir(name, dir_fd=descriptor)
            inner = os.open(name, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        file = os.open("very-deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
        os.write(file, utf8("A very deep article\n\nSam Altman is filed far down. " + PARAGRAPH + "\n"))
        os.close(file)
    finally:
        os.close(descriptor)
    if unreadable:
        path = target / "unreadable.txt"
        path.write_bytes(utf8("Nobody may read this\n\n" + PARAGRAPH + "\n"))
        path.chmod(0)


def build(target: Path = CORPUS) -> None:
    """Write every case under `target` (the committed corpus by default)."""
    for case in CASES:
        path = target / case.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.data)


def readme_table() -> str:
    rows = ["| File | Expect | What it tests |", "| --- | --- | --- |"]
    for case in CASES:
        rows.append(f"| `{case.path}` | {case.expect} | {case.tests.replace('|', '/')} |")
    for runtime in RUNTIME_CASES:
        rows.append(f"| `{runtime.marker}` (made at test time) | {runtime.expect} | {runtime.tests} |")
    return "\n".join(rows)


TABLE_START = "<!-- cases: generated by build.py -->"
TABLE_END = "<!-- end of cases -->"


def write_readme() -> None:
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(TABLE_START)
    _, _, tail = rest.partition(TABLE_END)
    README.write_text(f"{head}{TABLE_START}\n{readme_table()}\n{TABLE_END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    build()
    write_readme()
    print(f"wrote {len(CASES)} files under {CORPUS.relative_to(Path.cwd()) if CORPUS.is_relative_to(Path.cwd()) else CORPUS}")
    sys.exit(0)
