"""Measure the name index on the annotated development set (not a pytest module).

    python tests/eval_names.py [DEVSET] [--isolated]   # default: ../shared/devset beside the repository

`--isolated` indexes each article on its own, without support from the other articles: a
stricter measure of what the index finds in a corpus of one.

Loads the raw files through the real loader, builds the index over the annotated documents only,
and compares with `gold.json`: per file and overall, for persons and organisations,
- names: found with the right kind (precision, recall);
- counts: how many found names have exactly the gold number of mentions;
- mentions: matched mention counts (precision, recall);
and the capitalised words of `not_names` that the index took for (part of) a name.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reader.loading import load_corpus
from reader.names import NameIndex
from reader.textclean import fold

KINDS = {"persons": "person", "organisations": "organisation"}
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def key(text: str) -> str:
    return " ".join(fold(text).replace("’", "'").split())


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    exact: int = 0
    gold_mentions: int = 0
    predicted_mentions: int = 0
    matched_mentions: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("gold", "predicted", "correct", "exact", "gold_mentions", "predicted_mentions", "matched_mentions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  -  "


def compare(gold: dict[str, int], predicted: dict[str, tuple[int, set[str]]]) -> Tally:
    """`predicted`: canonical name -> (mentions, folded forms incl. aliases)."""
    tally = Tally(gold=len(gold), predicted=len(predicted))
    tally.gold_mentions = sum(gold.values())
    tally.predicted_mentions = sum(count for count, _ in predicted.values())
    matched: set[str] = set()
    for gold_name, gold_count in gold.items():
        hit = next((name for name, (_, forms) in predicted.items() if key(gold_name) in forms and name not in matched), None)
        if hit is None:
            tally.misses.append(f"{gold_name} ({gold_count})")
            continue
        matched.add(hit)
        count = predicted[hit][0]
        tally.correct += 1
        tally.exact += count == gold_count
        tally.matched_mentions += min(count, gold_count)
        if count != gold_count:
            tally.misses.append(f"{gold_name}: {count} for {gold_count}")
    tally.extras = [f"{name} ({count})" for name, (count, _) in predicted.items() if name not in matched]
    return tally


class _Isolated:
    """One index per document, answering `names_in` like a corpus-wide index."""

    def __init__(self, documents: list) -> None:
        self._indexes = {document.id: NameIndex.build([document], None) for document in documents}

    def names_in(self, document_id: str) -> list:
        return self._indexes[document_id].names_in(document_id)


def main(argv: list[str]) -> int:
    isolated = "--isolated" in argv
    positional = [argument for argument in argv[1:] if not argument.startswith("--")]
    devset = Path(positional[0]) if positional else Path(__file__).resolve().parent.parent.parent / "shared" / "devset"
    gold_all = json.loads((devset / "gold.json").read_text(encoding="utf-8"))
    loaded = load_corpus(devset)
    annotated = {Path(name).stem: name for name in gold_all}
    documents = [document for document in loaded.documents if document.id in annotated]
    index = _Isolated(documents) if isolated else NameIndex.build(documents, None)
    loaded_ids = {document.id for document in documents}

    totals = {kind: Tally() for kind in KINDS}
    not_name_hits: list[str] = []
    not_name_total = 0
    print(f"{'file':<26} {'kind':<6} {'P(name)':>8} {'R(name)':>8} {'exact':>7} {'P(ment)':>8} {'R(ment)':>8}")
    for stem, file_name in sorted(annotated.items()):
        gold = gold_all[file_name]
        if stem not in loaded_ids:
            print(f"{stem:<26} not listed (duplicate of {gold.get('duplicate_of')}); not counted")
            continue
        names = index.names_in(stem)
        for gold_field, kind in KINDS.items():
            predicted = {
                name.name: (count, {key(name.name), *(key(alias) for alias in name.aliases)})
                for name, count in names
                if name.kind == kind
            }
            tally = compare(gold[gold_field], predicted)
            totals[gold_field].add(tally)
            print(
                f"{stem:<26} {kind[:6]:<6} {ratio(tally.correct, tally.predicted):>8} {ratio(tally.correct, tally.gold):>8} "
                f"{tally.exact:>3}/{tally.correct:<3} {ratio(tally.matched_mentions, tally.predicted_mentions):>8} "
                f"{ratio(tally.matched_mentions, tally.gold_mentions):>8}"
            )
            for miss in tally.misses:
                print(f"{'':<28}- missed or miscounted: {miss}")
            for extra in tally.extras:
                print(f"{'':<28}+ not in gold as {kind}: {extra}")
        listed_words: set[str] = set()
        for name, _ in names:
            listed_words.update(word for mention in name.mentions if mention.document_id == stem for word in _WORD.findall(mention.surface))
        gold_words = {word for gold_field in KINDS for name in gold[gold_field] for word in _WORD.findall(name)}
        for word in gold["not_names"]:
            not_name_total += 1
            if word in listed_words and word not in gold_words:
                not_name_hits.append(f"{stem}: {word}")

    print()
    print(f"{'overall':<26} {'kind':<6} {'P(name)':>8} {'R(name)':>8} {'exact':>7} {'P(ment)':>8} {'R(ment)':>8}")
    combined = Tally()
    for gold_field, tally in totals.items():
        combined.add(tally)
        print(
            f"{'':<26} {KINDS[gold_field][:6]:<6} {ratio(tally.correct, tally.predicted):>8} {ratio(tally.correct, tally.gold):>8} "
            f"{tally.exact:>3}/{tally.correct:<3} {ratio(tally.matched_mentions, tally.predicted_mentions):>8} "
            f"{ratio(tally.matched_mentions, tally.gold_mentions):>8}"
        )
    print(
        f"{'':<26} {'both':<6} {ratio(combined.correct, combined.predicted):>8} {ratio(combined.correct, combined.gold):>8} "
        f"{combined.exact:>3}/{combined.correct:<3} {ratio(combined.matched_mentions, combined.predicted_mentions):>8} "
        f"{ratio(combined.matched_mentions, combined.gold_mentions):>8}"
    )
    print(f"exact counts: {combined.exact} of {combined.gold} gold names")
    print(f"not_names taken for names: {len(not_name_hits)} of {not_name_total}" + (": " + ", ".join(not_name_hits) if not_name_hits else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
