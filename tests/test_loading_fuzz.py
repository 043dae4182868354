"""Loading arbitrary bytes never raises, never hangs, and never lets a control character through."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.loading import load_corpus

# Newlines are allowed only in `Document.text` (paragraph breaks); tabs never survive collapsing.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
CONTROL_OR_NEWLINE = re.compile(CONTROL.pattern[:-1] + "\n]")

# Bytes that exercise every branch: front matter, date headers, links, escapes, encodings.
FRAGMENTS = [
    b"---\n", b"title: ", b"excerpt: ", b"publishedDateTime: 2023-12-09T12:51:00Z\n", b"provider:\n  name: ",
    b"topics:\n  - ", b"related:\n  - title: ", b"&a ", b"*a ", b"!!python/object:os.system ", b"[a, b",
    b'"\\e[31m', b" date 2023-11 ", b" date 2023-13-45 ", b"\n\n", b"\r\n", b"\r", b"[link](#)",
    b"[x](https://e.com/)", b"\x1b[2J", b"\x1b]0;t\x07", b"\xc2\x9b", b"\x9b", b"\x00", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\xe2\x80\xae", b"\"\\ud800\\x85\\u2028\\e\"", b"# ", b"Vrijdag", b"Het bedrijf is de ", b"caf\xe9 ", "Émilie ".encode(),
]
raw_files = st.one_of(
    st.binary(max_size=600),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=12)), max_size=40).map(b"".join),
)


def assert_clean(value: object, pattern: re.Pattern[str], where: str) -> None:
    if isinstance(value, str):
        assert not pattern.search(value), f"{where}: {value!r}"
    elif isinstance(value, tuple):
        for item in value:
            assert_clean(item, pattern, where)
    elif value is not None and hasattr(value, "__slots__"):
        for name in value.__slots__:
            assert_clean(getattr(value, name), CONTROL_OR_NEWLINE, f"{where}.{name}")


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=raw_files, suffix=st.sampled_from([".txt", ".md", ".TXT"]))
def test_arbitrary_bytes_load_without_raising_or_control_characters(tmp_path: Path, data: bytes, suffix: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for old in corpus.iterdir():
        old.unlink()
    (corpus / f"file{suffix}").write_bytes(data)
    result = load_corpus(corpus)
    assert len(result.documents) + sum(problem.severity == "error" for problem in result.problems) == 1
    for document in result.documents:
        assert document.text.strip() and document.title.strip()
        for name in document.__slots__:
            pattern = CONTROL if name == "text" else CONTROL_OR_NEWLINE
            assert_clean(getattr(document, name), pattern, name)
        for block in document.blocks:
            assert_clean(block.text, CONTROL_OR_NEWLINE, "block")
            assert document.text[block.start : block.end] == block.text
    for problem in result.problems:
        assert_clean(problem.message, CONTROL_OR_NEWLINE, "problem")
        assert not problem.message.startswith("internal error"), problem.message
