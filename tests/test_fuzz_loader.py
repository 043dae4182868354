"""Fuzzing the loader and normaliser with structured hostile files (issue 5).

Hypothesis builds files the way an attacker or a broken exporter would: YAML front matter of every
shape (wrong types, tags, anchors, truncation), escape sequences of every family inside titles and
text, date headers right and wrong, markup brackets, mixed line ends and encodings. The properties:
nothing raises (bar the documented `NotText`/`Rejected`), nothing hangs, no control character comes
out, and a document's blocks point at its own text.

`FUZZ_EXAMPLES` scales the run (default 300 per property). The atheris run is skipped when atheris
does not import.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.decoding import NotText, decode
from reader.model import Document
from reader.normalise import Rejected, normalise

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?")

FUZZ = settings(
    max_examples=EXAMPLES,
    # Generous per example (a slow CI box), but a hang or a quadratic blow-up still fails.
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Escape sequences, family by family, with random parameters and terminators (or none at all).
terminators = st.sampled_from(["\x07", "\x1b\\", "\x9c", "", "\x1b"])
csi = st.builds(
    lambda prefix, params, final: f"{prefix}{params}{final}",
    st.sampled_from(["\x1b[", "\x9b"]),
    st.text("0123456789;:?<=>!$ ", max_size=10),
    st.sampled_from(list("mHJKABCDfhlrsuSTn@~tq") + [""]),
)
osc = st.builds(
    lambda prefix, code, payload, end: f"{prefix}{code}{payload}{end}",
    st.sampled_from(["\x1b]", "\x9d"]),
    st.sampled_from(["0;", "2;", "8;;", "52;c;", "4;1;", "1337;", ""]),
    st.text(max_size=20),
    terminators,
)
strings_sequence = st.builds(
    lambda prefix, payload, end: f"{prefix}{payload}{end}",
    st.sampled_from(["\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x90", "\x98", "\x9e", "\x9f"]),
    st.text(max_size=20),
    terminators,
)
short_escape = st.builds(lambda tail: "\x1b" + tail, st.text(" !\"#$%&'()*+,-./0123456789=>cDEHMNOZ78", max_size=3))
controls = st.characters(codec=None, max_codepoint=0x1F) | st.characters(min_codepoint=0x7F, max_codepoint=0x9F)
bidi = st.sampled_from(["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"])
escape = st.one_of(csi, osc, strings_sequence, short_escape, controls, bidi)

markup = st.sampled_from(["[bold]", "[/", "[/]", "[@click=app.quit]", "[link=https://x]", "\\[", "]", "[", "[b]x[/b]", "[#ff0000]"])
words = st.sampled_from(
    "Sam Altman OpenAI Ilya Sutskever d'OpenAI l'OpenAI Altman's Altmans Hassabis' Ursula von der Leyen "
    "Émilie Vrijdag Microsoft réagit the board de het la a . , ! ? … « » “ ” 2023 ChatGPT".split()
)
line_end = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n \n", "\n\n\n"])
link = st.builds(lambda text, url: f"[{text}]({url})", st.text(max_size=10), st.sampled_from(["#", "https://example.com/a", "javascript:x()", "", "(", " "]))
piece = st.one_of(words, words, words, escape, markup, line_end, st.just(" "), st.text(max_size=8), link)
body = st.lists(piece, max_size=60).map(" ".join)

date_header = st.one_of(
    st.builds(
        lambda y, m, d, glue: f" date {y:04d}-{m:02d}" + (f"-{d:02d}" if d is not None else "") + glue,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.none() | st.integers(0, 99),
        st.sampled_from([" ", "\n", "", "\t", "\x1b[31m "]),
    ),
    st.builds(lambda junk: f" date {junk} ", st.text(max_size=12)),
    st.just(""),
)

# Front matter: a mapping of the real field names to values of any type, dumped by PyYAML (so
# escapes in strings arrive through YAML's own `\e`, `\x07` ...), then optionally damaged.
scalar = st.one_of(
    st.text(max_size=30),
    body.map(lambda text: text[:80]),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.sampled_from(["2023-11-20T08:00:00Z", "2023-02-30", "2023-13-01T00:00:00Z", "0000-00-00", "yesterday"]),
)
value = st.recursive(
    scalar,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(["name", "title", "url", "x"]), children, max_size=3),
    max_leaves=8,
)
fields = st.fixed_dictionaries(
    {},
    optional={
        "title": value,
        "publishedDateTime": value,
        "provider": value | st.fixed_dictionaries({"name": value}),
        "topics": value,
        "excerpt": value,
        "related": st.lists(st.fixed_dictionaries({"title": value}, optional={"url": value, "provider": value}) | value, max_size=3),
        "originalUrl": value,
    },
)
damage = st.sampled_from(["none", "none", "truncate", "tag", "anchor", "tab", "unclose", "dots"])
# Plain scalars PyYAML resolves to something other than a string, some of them impossible: a dumper
# quotes these, so only hand-written front matter has them.
raw_scalar = st.sampled_from(
    [
        "2023-02-30", "2023-13-01", "2023-11-20T08:00:00Z", "2001-12-14t21:59:43.10-05:00", "2023-02-30T10:00:00Z",
        "!!timestamp 2023-99-99", "!!timestamp never", "!!int 0x", "!!int abc", "!!float x", "!!binary zz", "!!bool maybe",
        "!!set {a, b}", "!!omap [a]", "!!python/tuple [1]", "!!str", "1e999", ".nan", "-.inf", "~", "0o99",
        "0x_", "|", ">", "'unterminated", "{", "[", "&a x", "*a", "*missing", "<<: *a", "? [a]", "yes", "=",
    ]
)
raw_line = st.builds(
    lambda key, scalar: f"{key}: {scalar}",
    st.sampled_from(["title", "publishedDateTime", "provider", "topics", "excerpt", "related", "x"]),
    raw_scalar,
) | st.builds(lambda scalar: f"  name: {scalar}", raw_scalar)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return "---\n" + "".join(line + "\n" for line in draw(st.lists(raw_line, min_size=1, max_size=4))) + "---\n"
    source = yaml.safe_dump(draw(fields), allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()))
    kind = draw(damage)
    closing = "---\n"
    if kind == "truncate":
        source = source[: draw(st.integers(0, len(source)))]
    elif kind == "tag":
        source = draw(st.sampled_from(["title: !!python/object/apply:os.system ['true']\n", "x: !!python/name:os.system\n", "y: !custom 1\n"])) + source
    elif kind == "anchor":
        source = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\ntitle: *b\n" + source
    elif kind == "tab":
        source = source.replace(" ", "\t", 1)
    elif kind == "unclose":
        closing = ""
    elif kind == "dots":
        closing = "...\n"
    return f"---\n{source}{closing}"


@st.composite
def article(draw: st.DrawFn) -> bytes:
    text = draw(st.one_of(date_header, front_matter(), st.just("\n\n"))) + draw(body)
    if draw(st.booleans()):
        text = draw(body) + "\n\n" + text  # a title line of its own, maybe full of escapes
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # now and then, splice raw bytes in
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
    return data


def strings_of(document: Document) -> list[tuple[str, str]]:
    found = [("title", document.title), ("text", document.text), ("id", document.id), ("path", document.path)]
    found += [(f"optional:{name}", getattr(document, name) or "") for name in ("source", "date", "language", "excerpt")]
    found += [("topic", topic) for topic in document.topics]
    found += [("warning", warning) for warning in document.warnings]
    for kind, links in (("link", document.links), ("related", document.related)):
        for item in links:
            found += [(f"{kind}.{name}", getattr(item, name) or "") for name in ("title", "url", "source", "date", "excerpt")]
    return found


def check_document(document: Document) -> None:
    for where, text in strings_of(document):
        match = FORBIDDEN.search(text)
        assert match is None, f"{where} holds {match.group()!r}: {text[:120]!r}"
        if where != "text" and where != "optional:excerpt":
            assert "\n" not in text, f"{where} holds a newline: {text[:120]!r}"
    assert document.title.strip(), "a document with an empty title would be a blank row in the list"
    assert document.date is None or DATE.fullmatch(document.date), document.date
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text, "a block does not point at its own text"
        assert block.text.strip()


def load_bytes(data: bytes) -> Document | None:
    """The loader's pipeline for one file's bytes, with only its documented refusals allowed."""
    try:
        decoded = decode(data)
    except NotText:
        return None
    try:
        return normalise(decoded.text, "fuzz", "fuzz.txt", (decoded.warning,) if decoded.warning else ())
    except Rejected as refusal:
        assert str(refusal).strip() and "\n" not in str(refusal)
        return None


@FUZZ
@given(article())
def test_structured_articles_never_crash_or_leak_controls(data: bytes) -> None:
    document = load_bytes(data)
    if document is not None:
        check_document(document)


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_crash_or_leak_controls(data: bytes) -> None:
    document = load_bytes(data)
    if document is not None:
        check_document(document)


@settings(FUZZ, max_examples=max(EXAMPLES // 6, 20), deadline=timedelta(seconds=10))
@given(st.lists(article(), min_size=1, max_size=6), st.lists(st.text(max_size=12) | escape | markup, max_size=3))
def test_a_corpus_of_fuzzed_files_loads_indexes_and_filters(files: list[bytes], queries: list[str]) -> None:
    """Through the public API: `Store.load` never raises, every file is a document or a problem, the
    name index points inside its documents, and filtering on hostile queries never raises."""
    from reader.store import Store

    with tempfile.TemporaryDirectory() as folder:
        for number, data in enumerate(files):
            Path(folder, f"{number:02d}.txt").write_bytes(data)
        store = Store.load(folder)
    for problem in store.problems:
        assert "internal error" not in problem.message, f"the loader caught a crash: {problem}"
        assert not FORBIDDEN.search(problem.message + problem.path)
    accounted = {d.path for d in store.documents} | {p.path for p in store.problems}
    assert accounted == {f"{number:02d}.txt" for number in range(len(files))}
    for document in store.documents:
        check_document(document)
    for name in store.names:
        assert name.name.strip() and not FORBIDDEN.search(name.name)
        for mention in name.mentions:
            document = store.document(mention.document_id)
            assert document is not None
            field_text = dict(document.name_fields())[mention.field]
            assert 0 <= mention.start < mention.end <= len(field_text), mention
    for query in queries:
        for hit in store.filter(query):
            for start, end in hit.title_spans:
                assert 0 <= start < end <= len(hit.document.title)
        store.match_names(query)


ATHERIS_SCRIPT = textwrap.dedent(
    """
    import sys
    import atheris
    import yaml  # imported first so that only the reader's own modules are instrumented (fast start)

    with atheris.instrument_imports():
        from reader.decoding import NotText, decode
        from reader.normalise import Rejected, normalise
        from reader.textclean import strip_controls

    def one_input(data: bytes) -> None:
        try:
            decoded = decode(data)
        except NotText:
            return
        try:
            document = normalise(decoded.text, "fuzz", "fuzz.txt")
        except Rejected:
            return
        for text in (document.title, document.text, document.source or "", *document.warnings):
            if strip_controls(text) != text:
                raise AssertionError(f"control character left in {text[:80]!r}")

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
    """
)


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed (pip install atheris)")
def test_atheris_coverage_guided_run(tmp_path: Path) -> None:
    """libFuzzer-driven, coverage-guided; bounded by runs and by time so CI stays predictable."""
    script = tmp_path / "fuzz_loader.py"
    script.write_text(ATHERIS_SCRIPT)
    runs = int(os.environ.get("ATHERIS_RUNS", "20000"))
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in (Path(__file__).parent / "hostile" / "corpus").rglob("*"):
        if path.is_file() and path.stat().st_size < 16384:
            (seeds / f"{len(list(seeds.iterdir())):03d}").write_bytes(path.read_bytes())
    result = subprocess.run(
        [sys.executable, str(script), f"-runs={runs}", "-max_total_time=6", "-max_len=4096", "-timeout=5",
         f"-artifact_prefix={tmp_path}/", str(seeds)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120, cwd=tmp_path,
    )
    lines = [line for line in result.stdout.splitlines() if not line.startswith("INFO: Instrumenting")]
    crash = next((n for n, line in enumerate(lines) if "ERROR: libFuzzer" in line), None)
    # On a crash: the exception (the lines just above libFuzzer's report) and where the input was saved.
    tail = "\n".join(lines[crash - 6 : crash + 4] if crash else lines[-10:])
    assert result.returncode == 0, f"atheris found a failing input:\n{tail}"
    done = re.search(r"Done (\d+) runs", result.stdout)
    assert done, tail
    print(f"atheris: {done.group(1)} runs")


file_name = st.text(
    st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=24
).filter(lambda name: name not in (".", "..") and len(name.encode()) < 200)


@settings(FUZZ, max_examples=max(EXAMPLES // 6, 20), deadline=timedelta(seconds=10))
@given(st.lists(st.tuples(file_name, st.sampled_from([".txt", ".md", ".TXT", ""])), min_size=1, max_size=8, unique_by=lambda t: t[0] + t[1]))
def test_hostile_file_names_give_unique_clean_ids(names: list[tuple[str, str]]) -> None:
    """File names with escapes, controls, bidi overrides and look-alikes: every article file is listed
    or reported, ids stay unique and printable."""
    from reader.store import Store

    with tempfile.TemporaryDirectory() as folder:
        articles = 0
        for number, (stem, suffix) in enumerate(names):
            Path(folder, stem + suffix).write_text(f"Article {number}\n\nSam Altman wrote note number {number}.\n")
            real_stem, real_suffix = os.path.splitext(stem + suffix)  # `..txt` has no suffix at all
            articles += real_suffix.lower() in (".txt", ".md") and real_stem != ""
        store = Store.load(folder)
    ids = [document.id for document in store.documents]
    assert len(ids) == len(set(ids)), f"two documents share an id: {ids}"
    for document in store.documents:
        assert not FORBIDDEN.search(document.id + document.path), repr(document.id)
    for problem in store.problems:
        assert not FORBIDDEN.search(problem.path + problem.message), repr(problem)
    # Every file holds a different good article, so every article file is listed, whatever its name.
    assert len(store.documents) == articles, (ids, store.problems)


# Inputs the fuzzers found, kept as plain regression tests so they are checked on every run.
FOUND_BY_FUZZING = {
    "impossible unquoted YAML date": b"---\ntitle: Dates\npublishedDateTime: 2023-02-30\n---\nSam Altman returns.\n",
    "impossible unquoted month": b"---\ntitle: 2023-13-01\n---\nSam Altman returns.\n",
    "YAML bool tag on a non-bool": b"---\ntitle: Tags\nflag: !!bool maybe\n---\nSam Altman returns.\n",
    "YAML value key as a value": b"---\ntitle: =\n---\nSam Altman returns.\n",
    "YAML int tag on a word": b"---\ntitle: Tags\ncount: !!int twelve\n---\nSam Altman returns.\n",
    "YAML timestamp tag on a word": b"---\ntitle: Tags\nwhen: !!timestamp never\n---\nSam Altman returns.\n",
    "a lone full stop": b".",
}


@pytest.mark.parametrize("data", FOUND_BY_FUZZING.values(), ids=FOUND_BY_FUZZING.keys())
def test_inputs_found_by_fuzzing(data: bytes) -> None:
    document = load_bytes(data)
    if document is not None:
        check_document(document)
