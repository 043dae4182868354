"""Decoded text to documents: every format of the corpus, the title, paragraphs and headings."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import frontmatter
from reader.language import detect_language
from reader.model import Document, Link
from reader.normalise import Rejected, normalise
from reader.paths import default_corpus

SEEDS = default_corpus()


def doc(text: str, path: str = "article.txt") -> Document:
    return normalise(text, path.rsplit(".", 1)[0], path)


def seed(name: str) -> Document:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return normalise(path.read_text(encoding="utf-8"), path.stem, path.name)


def assert_blocks_consistent(document: Document) -> None:
    assert document.text == "\n\n".join(block.text for block in document.blocks)
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text


# Format A: a date header glued to the first line ----------------------------------------------


def test_date_header_is_removed_and_kept_as_the_date() -> None:
    document = seed("000")
    assert document.date == "2023-11"
    assert document.text.startswith("Het videogesprek is nog niet afgelopen")
    assert "date 2023" not in document.text


def test_date_header_with_a_day() -> None:
    document = doc(" date 2024-10-03 Microsoft investirà circa 4,3 miliardi di euro in Italia.\n\nAltro.")
    assert document.date == "2024-10-03"
    assert document.text.startswith("Microsoft investirà")


@pytest.mark.parametrize(("header", "shown"), [("2023-13", "2023-13"), ("2023-02-30", "2023-02-30"), ("2023-00-10", "2023-00-10")])
def test_impossible_date_gives_no_date_and_a_warning(header: str, shown: str) -> None:
    document = doc(f" date {header} The board met on a day that does not exist.")
    assert document.date is None
    assert document.warnings == (f"impossible date {shown}",)
    assert document.text == "The board met on a day that does not exist."


def test_derived_title_is_the_first_sentence() -> None:
    document = seed("000")
    assert document.title_derived
    assert document.title == "Het videogesprek is nog niet afgelopen, of Sam Altman kan z'n computer niet meer in"


def test_long_first_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    document = seed("001")
    assert document.title_derived
    assert len(document.title) <= 100
    assert document.title.endswith("…")
    cut = document.title.removesuffix("…")
    assert document.text.startswith(cut)
    assert document.text[len(cut)] == " ", "cut in the middle of a word"


def test_first_sentence_without_spaces_is_still_at_most_100_characters() -> None:
    document = doc("x" * 500)
    assert len(document.title) <= 100


@pytest.mark.parametrize("text", [".", ".\n\nMore text.", "—" * 300, "…"], ids=["dot", "dot-then-text", "dashes", "ellipsis"])
def test_derived_title_is_never_empty(text: str) -> None:
    assert doc(text).title.strip()


# Format B: a title line, a subtitle, Markdown links --------------------------------------------


def test_title_line_becomes_the_title_and_not_part_of_the_text() -> None:
    document = seed("002")
    assert not document.title_derived
    assert document.title == "Sam Altman reprend les rennes d'OpenAI (ChatGPT) : le come-back tant attendu!"
    assert not document.text.startswith("Sam Altman reprend")
    assert document.blocks[0].text == "Retour de Sam Altman chez OpenAI"
    assert not document.blocks[0].heading


def test_markdown_links_become_their_text() -> None:
    document = seed("002")
    assert "[" not in document.text and "](#)" not in document.text
    assert "a été licencié par le conseil d'administration de sa propre entreprise." in document.text
    assert "Source : X / Twitter" in [block.text for block in document.blocks]
    assert document.links == ()


def test_closing_source_line_is_the_source() -> None:
    document = doc("\n\nTitle\n\nSubtitle.\n\nText of the article.\n\nSource : [NOS](#)\n")
    assert document.source == "NOS"
    assert document.blocks[-1].text == "Source : NOS"
    assert seed("002").source is None  # its Source lines are picture credits, not the last line


def test_markdown_link_with_a_real_url_is_kept_as_metadata() -> None:
    document = doc("\n\nTitle\n\nRead [the filing](https://example.com/filing.pdf) and [this](#) or [that](javascript:alert(1)).")
    assert document.text == "Read the filing and this or that."
    assert document.links == (Link(title="the filing", url="https://example.com/filing.pdf"),)


def test_headings_are_short_lines_standing_alone() -> None:
    assert seed("000").headings == ["Vrijdag", "Zaterdag", "Zondag"]
    assert "Het dilemma van Sam Altman" in seed("001").headings
    assert "Microsoft réagit" in seed("002").headings


def test_heading_broken_by_a_blank_line_is_rejoined() -> None:
    headings = seed("002").headings
    assert "La révolte interne et les négociations" in headings
    assert "négociations" not in headings
    text = "\n\nTitle\n\nSubtitle here.\n\nUne stratégie\n\nde long terme\n\nLa société a grandi.\n\nConcurrentie uit\n\nEuropa en Azië\n\nTekst."
    assert doc(text).headings == ["Une stratégie de long terme", "Concurrentie uit Europa en Azië"]


def test_consecutive_headings_that_are_complete_stay_apart() -> None:
    text = "Lead paragraph of the story.\n\nMicrosoft réagit\n\nVendredi\n\nLe texte continue ici."
    assert doc(text).headings == ["Microsoft réagit", "Vendredi"]


def test_paragraph_whitespace_is_collapsed_and_blocks_have_offsets() -> None:
    document = doc("First  line\nwraps   here.\n\n\n\n  Second\tparagraph.  \n")
    assert [block.text for block in document.blocks] == ["First line wraps here.", "Second paragraph."]
    assert document.text == "First line wraps here.\n\nSecond paragraph."
    for name in ("000", "001", "002", "003", "004"):
        assert_blocks_consistent(seed(name))


# Format C: YAML front matter ---------------------------------------------------------------------


def test_front_matter_fields() -> None:
    document = seed("004")
    assert document.title == "Inside OpenAI’s Crisis Over the Future of Artificial Intelligence"
    assert not document.title_derived
    assert document.date == "2023-12-09"
    assert document.source == "The New York Times"
    assert document.topics == ("AI", "Meta AI")
    assert document.text.startswith("Split over the leadership of Sam Altman")
    assert document.excerpt == document.text
    assert document.links[0].url == "https://www.nytimes.com/2023/12/09/technology/openai-altman-inside-crisis.html"
    assert len(document.related) == 4
    first = document.related[0]
    assert first.title.startswith("Microsoft is distancing itself")
    assert first.source == "Business Insider"
    assert first.date == "2023-12-07"
    assert first.url and first.url.startswith("https://www.businessinsider.com/")
    assert first.excerpt and first.excerpt.startswith("Recent chaos at OpenAI")


def test_front_matter_with_a_body_keeps_the_body_as_text() -> None:
    document = doc("---\ntitle: A title\nexcerpt: Short.\n---\nThe body paragraph.\n\nAnother one.\n", "a.md")
    assert document.title == "A title"
    assert document.text == "The body paragraph.\n\nAnother one."
    assert document.excerpt == "Short."


def test_wrong_field_types_are_warnings_and_ignored() -> None:
    document = doc("---\ntitle: [a, b]\npublishedDateTime: 12\nprovider: Somebody\ntopics: 3\nrelated: nope\n---\nBody text here.\n", "a.md")
    assert document.title_derived and document.title == "Body text here"
    assert document.date is None and document.source is None
    assert document.topics == () and document.related == ()
    assert set(document.warnings) == {
        "field 'title' is not text; ignored",
        "field 'publishedDateTime' is not a date; ignored",
        "field 'provider' is not a set of fields; ignored",
        "field 'topics' is not a list of strings; ignored",
        "field 'related' is not a list; ignored",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: fine\nexcerpt: also fine\n", "front matter not closed (opened at line 1)"),
        ('---\ntitle: fine\nexcerpt: "unterminated\n---\nBody.', "YAML error at line"),
        ("---\ntitle: fine\ntopics: [a, b\n---\nBody.", "YAML error at line"),
        ("---\n- a\n- b\n---\nBody.", "front matter is a list, not a set of fields"),
    ],
)
def test_broken_front_matter_is_rejected_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(Rejected, match=re.escape(message)):
        doc(text, "a.md")


def test_yaml_error_names_the_line_in_the_file() -> None:
    with pytest.raises(Rejected) as caught:
        doc("---\ntitle: fine\nexcerpt: fine\ntopics: [a, b\nother: x\n---\nBody.", "a.md")
    line = int(str(caught.value).split("line ")[1].split(":")[0])
    assert line in (4, 5, 6), str(caught.value)  # the unclosed list opens on line 4 of the file


def test_python_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\nBody.\n"
    with pytest.raises(Rejected, match="YAML error"):
        doc(text, "a.md")
    assert not marker.exists()


def test_alias_bomb_stays_cheap() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    text = "---\n" + "\n".join(lines) + "\ntitle: *a9\ntopics: *a9\n---\nThe bomb did not go off.\n"
    started = time.perf_counter()
    try:
        document = doc(text, "a.md")
    except Rejected as error:
        assert "alias" in str(error)
    else:
        assert document.text == "The bomb did not go off."
    assert time.perf_counter() - started < 1


def test_impossible_front_matter_date_is_a_warning() -> None:
    document = doc("---\ntitle: Still here\npublishedDateTime: 2023-13-45T10:00:00Z\n---\nBody.\n", "a.md")
    assert document.title == "Still here"
    assert document.date is None
    assert document.warnings == ("impossible date 2023-13-45 in 'publishedDateTime'",)


def test_empty_front_matter_reads_the_body() -> None:
    assert doc("---\n---\nJust a body.\n", "a.md").text == "Just a body."


def test_front_matter_without_text_is_rejected() -> None:
    with pytest.raises(Rejected, match="no text"):
        doc("---\ntitle: Only a title\n---\n", "a.md")


FRONT_MATTERS = [
    "title: plain\nquality: 84\npublished: true\nheat: -3.5\nnothing: ~\nwhen: 2023-12-09T12:51:00Z\n",
    "provider:\n  name: The New York Times\n  images:\n    - url: \"https://x/y.jpg\"\n      width: 50\n",
    "topics:\n- AI\n- 'it''s'\n-\n  - nested\nrelated:\n  - title: \"A\"\n    provider:\n      name: B\n",
    "title: yes\nother: no\nempty:\nlast: \"\"\n# a comment\n",
    "title: a: b\n",
    "title: text # comment\n",
    "title: \"escaped \\\" quote\"\n",
    "title: >\n  folded\n  text\n",
    "title: [flow, list]\n",
    "anchor: &a x\ncopy: *a\n",
    "title: first\n  continued\n",
    "a:\n  b: 1\n c: 2\n",
    "12: number key\n",
]


def pyyaml(source: str) -> object:
    try:
        return yaml.load(source, Loader=frontmatter._Loader)
    except yaml.YAMLError:
        return "error"


@pytest.mark.parametrize("source", FRONT_MATTERS)
def test_fast_front_matter_reader_agrees_with_pyyaml(source: str) -> None:
    fast = frontmatter._parse_simple(source)
    if fast is not frontmatter._UNSUPPORTED:
        assert fast == pyyaml(source)


SCALARS = [
    "plain text", "The New York Times", "yes", "No", "null", "~", "12", "-3.5", "0x1F", "2023-12-09",
    "2023-12-09T12:51:00Z", "2023-13-45", "'single ''quoted'''", '"double"', r'"with \n escape"', "a: b",
    "a #b", "[x, y]", "{a: 1}", "&anchor x", "*alias", "!!str 5", "|", ">", "- x", "-", "x:", "'open",
    '"open', "@at", "%pct", "café – “quoted”", "http://example.com/a?b=c&d=e", "-x", "1:30", ".inf",
]
KEYS = ["title", "excerpt", "name", "url", "true", "12", "a b", "n"]
LINE = st.tuples(
    st.sampled_from([0, 0, 2, 2, 4, 6, 1, 3]),
    st.sampled_from(["{k}: {v}", "{k}:", "- {v}", "- {k}: {v}", "- {k}:", "-", "# note", "{v}", ""]),
    st.sampled_from(KEYS),
    st.sampled_from(SCALARS),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=12))
def test_fast_front_matter_reader_never_disagrees_with_pyyaml(lines: list[tuple[int, str, str, str]]) -> None:
    source = "".join(" " * indent + shape.format(k=key, v=value) + "\n" for indent, shape, key, value in lines)
    fast = frontmatter._parse_simple(source)
    if fast is not frontmatter._UNSUPPORTED:
        assert fast == pyyaml(source), source


def emit(value: object, indent: int, aligned_lists: bool) -> list[str]:
    """Block-style YAML lines for nested dicts and lists of scalar source texts."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                lines.append(f"{pad}{key}: {item}")
            else:
                lines.append(f"{pad}{key}:")
                inner = indent if isinstance(item, list) and aligned_lists else indent + 2
                lines.extend(emit(item, inner, aligned_lists))
    else:
        assert isinstance(value, list)
        for item in value:
            if isinstance(item, str):
                lines.append(f"{pad}- {item}")
            else:
                nested = emit(item, indent + 2, aligned_lists)
                lines.append(f"{pad}- {nested[0].lstrip()}")
                lines.extend(nested[1:])
    return lines


# Scalars the fast reader takes on (typed ones included), so that most generated documents reach it.
SIMPLE_SCALARS = [
    "plain text", "The New York Times", "yes", "No", "null", "~", "12", "017", "0", "-3.5", "0x1F", ".inf",
    "2023-12-09", "2023-12-09T12:51:00Z", "2024-02-30T10:00:00Z", "0000-01-01T00:00:00Z", "2023-13-45",
    "'single ''quoted'''", '"double"', "-x", "1:30",
    "café – “quoted”", "http://example.com/a?b=c&d=e",
]
SIMPLE_KEYS = ["title", "excerpt", "name", "url", "n", "y", "on"]
block_values = st.recursive(
    st.sampled_from(SIMPLE_SCALARS),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=4),
        st.dictionaries(st.sampled_from(SIMPLE_KEYS), children, min_size=1, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(SIMPLE_KEYS), block_values, min_size=1, max_size=5), st.booleans())
def test_fast_front_matter_reader_reads_nested_blocks_like_pyyaml(data: dict[str, object], aligned: bool) -> None:
    source = "\n".join(emit(data, 0, aligned)) + "\n"
    fast = frontmatter._parse_simple(source)
    if fast is not frontmatter._UNSUPPORTED:
        assert fast == pyyaml(source), source


def test_fast_front_matter_reader_handles_the_shipped_file() -> None:
    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    source = text[4 : text.index("\n---", 4) + 1]
    fast = frontmatter._parse_simple(source)
    assert fast is not frontmatter._UNSUPPORTED
    assert fast == pyyaml(source)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="-.\n \t\r", max_size=30))
def test_front_matter_closing_line_is_found_as_the_multiline_regex_finds_it(tail: str) -> None:
    text = "---\n" + tail
    match = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE).search(text, 4)
    assert frontmatter._closing_line(text, 4) == (match.span() if match else None)


# The fast paragraph split must cut exactly where the blank-line regex cuts, and only call a
# paragraph collapsed when collapsing it would change nothing.
PARAGRAPH_PIECES = st.sampled_from(["word", "Kop", "é", " ", "  ", "\n", "\n\n", "\n\n\n", "\n \n", "\t", "\xa0", "---", "#"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PARAGRAPH_PIECES, max_size=25).map("".join))
def test_paragraph_fast_path_agrees_with_the_blank_line_regex(text: str) -> None:
    from reader.normalise import _chunks

    printable = text.replace("\n", " ").isprintable()
    chunks, collapsed = _chunks(text, printable)
    assert chunks == _chunks(text, False)[0]
    if collapsed:
        assert all(chunk == " ".join(chunk.split()) for chunk in chunks)


def test_language_tie_at_the_top_is_refused_whatever_the_order() -> None:
    # As many English as Dutch function words: neither language wins, in either order.
    assert detect_language("the company het bedrijf " * 3) is None
    assert detect_language("het bedrijf the company " * 3) is None
    assert detect_language("het bedrijf the company het " * 3) is None  # 6 to 9: not twice as many
    assert detect_language("het bedrijf zegt wil the " * 3) == "nl"


# Cleaning and language ---------------------------------------------------------------------------


def test_control_characters_are_removed_from_text_and_metadata() -> None:
    text = '---\ntitle: "Red \\e[31mtitle\\a"\nprovider:\n  name: "Evil\\x9b2J"\ntopics: ["\\e]0;PWNED\\a"]\n---\nBody \x1b[2J with \x07 bell.\n'
    document = doc(text, "a.md")
    assert document.title == "Red title"
    assert document.source == "Evil"
    assert document.text == "Body with bell."
    assert "PWNED" not in "".join(document.topics)


def test_blank_text_is_rejected() -> None:
    with pytest.raises(Rejected, match="blank file"):
        doc(" \n\t\n  \n")
    with pytest.raises(Rejected, match="only control characters"):
        doc(" \n\x1b[2J\x1b]0;title\x07 \n")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "De topman van het bedrijf is op staande voet ontslagen door het bestuur, en hij krijgt het nieuws op zijn kamer te horen."),
        ("fr", "Dans un scénario digne d'un film, il a fait un retour spectaculaire en tant que PDG après avoir été évincé par le conseil."),
        ("en", "The board members and executives turned on one another, and their brawl exposed the cracks at the heart of the movement."),
        ("de", "Das Start-up teilte mit, dass es in einer neuen Finanzierungsrunde mehr Geld eingeworben habe als bisher, und die Politik ist sich nicht einig."),
        ("es", "El consejo de la empresa anunció que el director volverá a su puesto, y los empleados celebraron la noticia en las oficinas de la compañía."),
        ("it", "Il governo ha definito l'accordo un segnale di fiducia nel sistema produttivo del Paese, e anche le imprese sono soddisfatte per la notizia."),
    ],
)
def test_language_is_detected(language: str, text: str) -> None:
    assert detect_language(text) == language


def test_portuguese_is_not_taken_for_spanish() -> None:
    text = "A empresa anunciou nesta segunda-feira que o diretor vai deixar o cargo. Segundo fontes, a decisão foi tomada pelo conselho, que não quis comentar."
    assert detect_language(text) == "pt"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "OpenAI",
        "Sam Altman, OpenAI, Microsoft, ChatGPT, GPT-4",
        "12345 67890",
        "Företaget meddelade på måndagen att vd:n lämnar sin post, enligt källor nära honom.",  # Swedish
        "人工知能の会社の騒動について取締役会が声明を発表した。 The board said it was the end of the matter.",
    ],
)
def test_language_is_none_when_unsure(text: str) -> None:
    assert detect_language(text) is None


def test_seed_languages() -> None:
    assert [seed(name).language for name in ("000", "001", "002", "003", "004")] == ["nl", "nl", "fr", "nl", "en"]


def test_markdown_headings_lose_their_hashes() -> None:
    document = doc("# The Title #\n\nIntro text here.\n\n## Section two\n\nBody text. #hashtag\n", "a.md")
    assert document.title == "The Title" and not document.title_derived
    assert document.headings == ["Section two"]
    assert document.blocks[-1].text == "Body text. #hashtag"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The U.S. government said A.I. rules are coming. More text.", "The U.S. government said A.I. rules are coming"),
        ("Het bedrijf (o.a. OpenAI) zegt dit. Meer tekst.", "Het bedrijf (o.a. OpenAI) zegt dit"),
        ("Dr. Sam A. Smith spoke on Monday. Then more.", "Dr. Sam A. Smith spoke on Monday"),
        ("Is it over? Nobody knows.", "Is it over?"),
    ],
)
def test_derived_title_does_not_stop_at_abbreviations(text: str, title: str) -> None:
    assert doc(text).title == title


def test_own_url_prefers_the_publisher_and_refuses_scripts() -> None:
    document = doc("---\ntitle: T\noriginalUrl: 'javascript:alert(1)'\nwebUrl: https://reader.example/a\nexcerpt: Text.\n---\n", "a.md")
    assert [link.url for link in document.links] == ["https://reader.example/a"]
    assert document.warnings == ("field 'originalUrl' is not a web address; ignored",)


@pytest.mark.parametrize(
    "text",
    [
        "# " + "a" * 20_000 + "\nx",  # a failed Markdown-heading match must not backtrack
        "[" * 100_000 + "x",
        "[a](" * 50_000,
        "A. " * 100_000,
        "Sam Altman and the board met again " * 60_000,  # one 2 MB paragraph, no sentence end
        "\n\n".join(["de"] * 20_000),
        "---\n" + "a:\n " * 20_000 + "\n---\nBody.",
    ],
    ids=["long-heading-line", "brackets", "unclosed-links", "initials", "short-blocks", "huge-paragraph", "deep-yaml"],
)
def test_pathological_text_stays_fast(text: str) -> None:
    started = time.perf_counter()
    try:
        doc(text)
    except Rejected:
        pass
    assert time.perf_counter() - started < 2


def test_a_leading_markdown_rule_is_not_front_matter() -> None:
    document = doc("---\n\nJust prose after a rule.\n\nMore prose.\n\n* * *\n\nThe end.\n", "a.md")
    assert document.title == "Just prose after a rule"
    assert document.text == "Just prose after a rule.\n\nMore prose.\n\nThe end."


def test_a_first_line_ending_a_sentence_is_not_a_title() -> None:
    document = doc("\n\nOpenAI fired its chief executive on Friday.\n\nThe board gave no reason.\n")
    assert document.title_derived
    assert document.text.startswith("OpenAI fired its chief executive on Friday.")


def test_deeply_nested_front_matter_is_refused_without_crashing() -> None:
    # libyaml recurses in C: 50,000 levels overflow the stack and kill the process, so the check runs
    # in a child process where a crash fails this test instead of the whole run.
    script = (
        "from reader.normalise import Rejected, normalise\n"
        "for nested in ['- ' * 60000 + 'x', 'a: ' + '[' * 60000, 'a: ' + '{a: ' * 20000]:\n"
        "    try:\n"
        "        normalise('---\\n' + nested + '\\n---\\nBody.\\n', 'a', 'a.md')\n"
        "    except Rejected as error:\n"
        "        assert 'nested too deeply' in str(error), error\n"
        "    else:\n"
        "        raise AssertionError('accepted')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]


def test_many_broken_related_items_give_few_warnings() -> None:
    items = "".join(f"  - {number}\n" for number in range(1000))
    document = doc(f"---\ntitle: T\nexcerpt: Text.\nrelated:\n  - title: Good one\n{items}---\n", "a.md")
    assert [link.title for link in document.related] == ["Good one"]
    assert len(document.warnings) == 6
    assert document.warnings[-1] == "995 more problems with related items"
