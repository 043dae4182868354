"""Decoded article text to a `Document`: header, front matter, title, paragraphs and headings.

The formats seen in the corpus:
  A  ` date YYYY-MM[-DD] ` glued to the first line, then paragraphs;
  B  two blank lines, a title line, a blank line, a subtitle, paragraphs, Markdown `[text](#)` links;
  C  YAML front matter, usually without a body (the excerpt is the text);
  plain text with none of these.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reader.frontmatter import FrontMatterError, split_front_matter
from reader.language import detect_language
from reader.model import Document, Link
from reader.textclean import collapse_whitespace, strip_controls

__all__ = ["Rejected", "normalise"]

_DATE_HEADER = re.compile(r"[ \t]*date[ \t]+(\d{4})-(\d{2})(?:-(\d{2}))?(?:[ \t]+|\n|$)")
_LEADING_BLANK_LINE = re.compile(r"[ \t]*\n")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
# The target may hold one level of parentheses, as in `javascript:alert(1)` or Wikipedia URLs.
# `(?:!\[|\[)` rather than `!?\[`: the same matches, but the regex engine can skip to a `!` or `[`
# instead of trying the pattern at every position (twice as fast over a linked article).
_MARKDOWN_LINK = re.compile(r"(?:!\[|\[)([^\[\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")
_REAL_URL = re.compile(r"(?:https?|ftp)://\S+|mailto:\S+", re.IGNORECASE)
# Every web address `_REAL_URL` takes holds `://` or this (with the same case folding, under which
# only `o` and `O` match `o`: a quick search for `o:` comes first, the case-blind regex is slow).
_MAILTO = re.compile("mailto:", re.IGNORECASE)
# A sentence ends at . ! ? or … followed by a space and no lower-case letter; not after an initial
# (`Sam A. Smith`), an abbreviation with inner dots (`U.S.`, `o.a.`) or a common title (`Dr.`).
_SENTENCE_END = re.compile(
    # The lookbehinds run only where a punctuation mark matched, which keeps the search quick.
    r"[.!?…](?<!\b[A-Z].)(?<!\.[A-Za-z].)(?<!\bDr.)(?<!\bMr.)(?<!\bMs.)(?<!\bSt.)(?<!\bMrs.)(?<!\bvs.)"
    r"[\"'”’»)]*(?=\s+[^\sa-zß-ÿ])"
)
# Matched against single lines only; one lazy group keeps a failed match linear.
_ATX_HEADING = re.compile(r"#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_SOURCE_LINE = re.compile(r"source\s*:", re.IGNORECASE)
# A closing `Source : [NOS](#)` line names where the article comes from.
_CLOSING_SOURCE = re.compile(r"source\s*:\s*(.{1,80})", re.IGNORECASE)
_SURROGATES = re.compile("[\ud800-\udfff]")
_RULE = re.compile(r"[ \t]*(?:[-*_=~][ \t]*){3,}")
_RULE_STARTS = frozenset(" \t-*_=~")
_LETTER = re.compile(r"[^\W\d_]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

_TITLE_MAX = 100
_MAX_RELATED_NOTES = 5
_STANDALONE_TITLE_MAX = 200
_HEADING_MAX_CHARS = 90
_HEADING_MAX_WORDS = 12
# A heading is a line without the punctuation that closes a sentence or a clause.
_CLOSING_PUNCTUATION = tuple(".,;:!…\"'”»")
# Words a heading cannot end on: when one does, the blank line after it broke the heading.
_DANGLING_WORDS = frozenset(
    """
    a an and or but of in on at to for from with by as the than about into over under
    de het een en of maar van in op aan bij met voor naar door over uit tot om te
    der die das den dem des ein eine einer und oder aber von im am an auf aus bei mit nach zu zum zur für über
    le la les l un une des du de d et ou mais à au aux en dans par pour sur avec sans chez entre vers
    il lo gli i una di del della dei delle da dal dalla nel nella e o ma con per su tra fra
    el los las y pero del al con por para sin sobre entre hacia
    """.split()
)


class Rejected(ValueError):
    """The text cannot become a document (e.g. nothing to read); the message says why."""


def normalise(raw: str, doc_id: str, path: str, warnings: tuple[str, ...] = ()) -> Document:
    """Build the document for one file's decoded text. Raises `Rejected` when there is nothing to show.

    `warnings` are carried over from earlier steps (e.g. decoding) into `Document.warnings`.
    """
    notes = list(warnings)
    # Whether no character but the newlines needs a look: then so for every part cut from it.
    printable = raw.replace("\n", " ").isprintable()
    text = raw if printable else _without_controls(raw)
    if not text.strip():
        raise Rejected("blank file (only whitespace)" if not raw.strip() else "no text (only control characters)")

    fields: dict[str, Any] = {}
    try:
        front = split_front_matter(text)
    except FrontMatterError as error:
        raise Rejected(str(error)) from error
    if front is not None:
        fields = _read_fields(front.data, notes)
        text = front.body

    date = fields.get("date")
    header = _DATE_HEADER.match(text)
    if header is not None:
        text = text[header.end() :]
        header_date = _checked_date(*header.groups(), notes)
        date = date or header_date

    links: list[Link] = []
    if "](" in text:
        if "://" in text or (("o:" in text or "O:" in text) and _MAILTO.search(text)):
            text = _MARKDOWN_LINK.sub(lambda match: _unlink(match, links), text)
        else:
            # No target can be a web address, so no link is kept and each becomes its label. A split
            # gives [text, label, target, text, ...] in C; a sub called Python for every link.
            parts = _MARKDOWN_LINK.split(text)
            del parts[2::3]
            text = "".join(parts)

    starts_blank = _LEADING_BLANK_LINE.match(text) is not None
    chunks, collapsed = _chunks(text, printable)
    title: str | None = fields.get("title")
    if title is None and len(chunks) > 1:
        markdown_title = _markdown_heading(chunks[0])
        if markdown_title or _stands_alone_as_title(chunks[0], starts_blank):
            title = markdown_title or collapse_whitespace(chunks[0])
            del chunks[0]

    texts, headings = _blocks(chunks, collapsed)
    if not texts and fields.get("excerpt"):
        # The excerpt stands in for the body. It was cleaned to one line of single spaces, so it is
        # one paragraph as it stands.
        texts, headings = [fields["excerpt"]], [False]
    if not texts:
        after = " after the front matter" if front is not None else " after the date header" if header else ""
        raise Rejected(f"no text{after}")

    body = "\n\n".join(texts)
    title_derived = title is None
    if title is None:
        title = _derive_title(texts, headings)
    links.extend(fields.get("links", ()))
    return Document(
        id=doc_id,
        path=path,
        title=title,
        title_derived=title_derived,
        date=date,
        language=detect_language(body if title_derived else f"{title}\n{body[:2000]}"),
        source=fields.get("source") or _closing_source(texts[-1]),
        text=body,
        heading_blocks=tuple([index for index, heading in enumerate(headings) if heading]) if True in headings else (),
        topics=tuple(fields.get("topics", ())),
        links=tuple(links),
        related=tuple(fields.get("related", ())),
        excerpt=fields.get("excerpt"),
        warnings=tuple(notes),
    )


def _checked_date(year: str, month: str, day: str | None, notes: list[str]) -> str | None:
    shown = f"{year}-{month}" + (f"-{day}" if day else "")
    try:
        # `date` checks year, month and day in C, on the calendar `calendar.monthrange` uses.
        dt.date(int(year), int(month), int(day) if day is not None else 1)
    except ValueError:
        notes.append(f"impossible date {shown}")
        return None
    return shown


def _unlink(match: re.Match[str], links: list[Link]) -> str:
    label, target = match.group(1), match.group(2)
    if _REAL_URL.fullmatch(target):
        links.append(Link(title=collapse_whitespace(label) or target, url=target))
    return label


def _stands_alone_as_title(chunk: str, starts_blank: bool) -> bool:
    """A first line on its own, short, and either set off by blank lines or unpunctuated."""
    if "\n" in chunk.strip() or not _LETTER.search(chunk):
        return False
    line = chunk.strip()
    if starts_blank:
        # Set off by blank lines, a title may end in ! or ?, but a full stop makes it a sentence.
        ends_sentence = line.endswith((".", ",", ";", ":")) and not line.endswith("...")
        return len(line) <= _STANDALONE_TITLE_MAX and not ends_sentence
    return len(line) <= _TITLE_MAX and not line.endswith(_CLOSING_PUNCTUATION)


def _chunks(text: str, printable: bool) -> tuple[list[str], bool]:
    """The paragraphs of `text`, cut at blank lines, Markdown rules left out; and whether each is
    already collapsed (one line, single spaces), so that collapsing them can be skipped.

    `printable`: every character of `text` but the newlines is printable.
    """
    text = text.strip()
    if not text:
        return [], True
    collapsed = False
    if printable:
        # The usual text: one-line paragraphs, exactly one blank line between them, single spaces
        # and (being printable) no other whitespace. A plain split then cuts exactly where the
        # blank-line regex does, and each paragraph is its own collapsed text. Scans in C, with
        # one-character searches where they will do: they are the fast ones.
        chunks = text.split("\n\n")
        collapsed = (
            text.count("\n") == 2 * (len(chunks) - 1)  # no newline inside a paragraph
            and "" not in chunks
            and "  " not in text
            and " \n" not in text
            and "\n " not in text
        )
    if not collapsed:
        chunks = [chunk for chunk in _BLANK_LINES.split(text) if chunk.strip()]
    # A chunk of only dashes or stars is a Markdown rule, a separator rather than text.
    return [chunk for chunk in chunks if chunk[0] not in _RULE_STARTS or not _RULE.fullmatch(chunk)], collapsed


def _blocks(chunks: list[str], collapsed: bool) -> tuple[list[str], list[bool]]:
    """The text of each paragraph or heading, and which are headings (a heading broken by a blank
    line joined up again)."""
    texts = chunks[:] if collapsed else [" ".join(chunk.split()) for chunk in chunks]
    # Cheapest test first, without a call: most chunks are paragraphs too long to be headings.
    headings = [len(text) <= _HEADING_MAX_CHARS and _looks_like_heading(chunk, text) for chunk, text in zip(chunks, texts)]
    if headings:
        # The opening paragraph (or a format B subtitle) is never a heading.
        headings[0] = False
    for index, chunk in enumerate(chunks):
        if chunk[0] == "#" and (heading := _markdown_heading(chunk)):
            texts[index], headings[index] = heading, True
    if True not in headings:
        return texts, headings
    merged_texts: list[str] = []
    merged_headings: list[bool] = []
    index = 0
    while index < len(texts):
        text, heading = texts[index], headings[index]
        if heading and index + 1 < len(texts) and headings[index + 1] and _broken_heading(text, texts[index + 1]):
            text = f"{text} {texts[index + 1]}"
            index += 1
        merged_texts.append(text)
        merged_headings.append(heading)
        index += 1
    return merged_texts, merged_headings


def _looks_like_heading(chunk: str, text: str) -> bool:
    return (
        len(text) <= _HEADING_MAX_CHARS
        and "\n" not in chunk
        and not text.endswith(_CLOSING_PUNCTUATION)
        and ". " not in text
        and text.count(" ") < _HEADING_MAX_WORDS
        and _LETTER.search(text) is not None
        and not _SOURCE_LINE.match(text)
    )


def _markdown_heading(chunk: str) -> str | None:
    """The text of a Markdown `# Heading` line, or None."""
    if "\n" in chunk or len(chunk) > _HEADING_MAX_CHARS * 2:
        return None
    match = _ATX_HEADING.fullmatch(chunk)
    return " ".join(match.group(1).split()) or None if match else None


def _broken_heading(first: str, second: str) -> bool:
    last_word = first.rsplit(" ", 1)[-1]
    return second[:1].islower() or last_word.lower() in _DANGLING_WORDS


def _closing_source(last: str) -> str | None:
    match = _CLOSING_SOURCE.fullmatch(last)
    return match.group(1) if match else None


def _derive_title(texts: list[str], headings: list[bool]) -> str:
    first = next((text for text, heading in zip(texts, headings) if not heading), texts[0])
    # Only the start matters (a longer sentence is cut anyway); a 5 MB paragraph stays cheap.
    first = first[: _TITLE_MAX * 2]
    end = _SENTENCE_END.search(first)
    sentence = first[: end.end()] if end else first
    sentence = sentence.rstrip().removesuffix(".") or sentence  # a lone "." stays: a title is never empty
    if len(sentence) <= _TITLE_MAX:
        return sentence
    cut = sentence[: _TITLE_MAX - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


# Front matter ---------------------------------------------------------------------------------


def _read_fields(data: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The fields the reader uses, cleaned; a field of the wrong type is noted and left out."""
    fields: dict[str, Any] = {}
    title = _text_field(data, "title", notes)
    if title:
        fields["title"] = title
    excerpt = _text_field(data, "excerpt", notes)
    if excerpt:
        fields["excerpt"] = excerpt
    if "publishedDateTime" in data:
        value = data["publishedDateTime"]
        date = _iso_date(value)
        shaped_like_a_date = _ISO_DATE.match(value.strip()) if isinstance(value, str) else None
        if date is not None:
            fields["date"] = date
        elif shaped_like_a_date:
            notes.append(f"impossible date {shaped_like_a_date.group()} in 'publishedDateTime'")
        else:
            notes.append("field 'publishedDateTime' is not a date; ignored")
    source = _provider_name(data, "provider", notes)
    if source:
        fields["source"] = source
    topics = data.get("topics")
    if topics is not None:
        if isinstance(topics, list) and all(isinstance(topic, str) for topic in topics):
            fields["topics"] = [clean for topic in topics if (clean := _clean(topic))]
        else:
            notes.append("field 'topics' is not a list of strings; ignored")
    url = _url_field(data, notes)
    fields["links"] = [Link(title=title or url, url=url, source=source)] if url else []
    related = data.get("related")
    if related is not None:
        if isinstance(related, list):
            fields["related"] = _related(related, notes)
        else:
            notes.append("field 'related' is not a list; ignored")
    return fields


def _related(items: list[Any], notes: list[str]) -> list[Link]:
    links: list[Link] = []
    item_notes: list[str] = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            item_notes.append(f"related item {number} is not a set of fields; ignored")
            continue
        fields_notes: list[str] = []
        title = _text_field(item, "title", fields_notes)
        if not title:
            item_notes.append(f"related item {number} has no title; ignored")
            continue
        links.append(
            Link(
                title=title,
                url=_url_field(item, fields_notes),
                source=_provider_name(item, "provider", fields_notes),
                date=_iso_date(item.get("publishedDateTime")),
                excerpt=_text_field(item, "excerpt", fields_notes),
            )
        )
        if fields_notes:
            item_notes.extend(f"related item {number}: {note}" for note in fields_notes)
    # A list of thousands of broken items should not bury the other problems.
    notes.extend(item_notes[:_MAX_RELATED_NOTES])
    if len(item_notes) > _MAX_RELATED_NOTES:
        notes.append(f"{len(item_notes) - _MAX_RELATED_NOTES} more problems with related items")
    return links


def _url_field(data: dict[str, Any], notes: list[str]) -> str | None:
    """The article's own address: the publisher's first, then the aggregator's."""
    for key in ("originalUrl", "webUrl", "url"):
        url = _text_field(data, key, notes)
        if url is None:
            continue
        if _REAL_URL.fullmatch(url):
            return url
        notes.append(f"field '{key}' is not a web address; ignored")
    return None


def _text_field(data: dict[str, Any], key: str, notes: list[str]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        notes.append(f"field '{key}' is not text; ignored")
        return None
    return _clean(value) or None


def _provider_name(data: dict[str, Any], key: str, notes: list[str]) -> str | None:
    provider = data.get(key)
    if provider is None:
        return None
    if not isinstance(provider, dict):
        notes.append(f"field '{key}' is not a set of fields; ignored")
        return None
    return _text_field(provider, "name", notes)


def _iso_date(value: Any) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        # From year 1000 on, ISO format starts with the four-digit year: `YYYY-MM-DD`.
        return value.isoformat()[:10] if value.year >= 1000 else None
    if isinstance(value, str):
        match = _ISO_DATE.match(value.strip())
        if match:
            try:
                return dt.date(*map(int, match.groups())).isoformat()
            except ValueError:
                return None
    return None


def _clean(value: str) -> str:
    if value.isprintable():
        # No control character and no whitespace but spaces: usually nothing to tidy.
        if "  " not in value and value[:1] != " " and value[-1:] != " ":
            return value
        return " ".join(value.split())
    return " ".join(_without_controls(value).split())


def _without_controls(text: str) -> str:
    # Most text is printable apart from its newlines; checking that first skips three regex passes.
    if text.replace("\n", " ").isprintable():
        return text
    # Lone surrogates can come from YAML escapes (`"\ud800"`) with the pure-Python loader; printing
    # one raises, so they go with the control characters.
    return _SURROGATES.sub("", strip_controls(text))
