"""Which language a text is in, from how often it uses each language's most common short words.

Deterministic and dependency-free. Answers None when the text is too short or two languages are
too close to call.
"""

from __future__ import annotations

__all__ = ["detect_language"]

# Function words, chosen for being frequent in news prose and rare in the other languages listed.
_STOPWORDS: dict[str, str] = {
    "nl": "de het een bedrijf zegt wil en in is dat op te zijn niet voor die er ook maar om aan bij naar "
    "wordt heeft hij ze deze dit nog als worden werd kan dan door over uit tot wel zich hun "
    "zal zou geen meer haar was wat wie waar omdat volgens hebben veel jaar tussen onder",
    "en": "the company says and of to is that for on with as was by it are be has have from at this which "
    "said its will were their but not an or been they who would also more after about had "
    "than into can there new when could what over most other",
    "de": "die das und ist nicht mit sich auf für dem ein eine zu im auch es wird "
    "sie bei nach aus hat sei über des einer einen noch wie nur vor um wurde sind werden "
    "kann mehr durch habe zum zur dass oder schon",
    "fr": "le la les chez l'entreprise de des du et est un une pour dans que qui sur pas par au aux avec ce cette "
    "il elle sont été plus ne se son sa ses leur ont mais comme aussi entre "
    "après selon où être fait lui nous vous",
    "es": "el la los las de del y en que es un una por con para se su al lo como más pero sus "
    "le ha fue este esta son también entre sobre desde hasta cuando muy sin ya hay donde "
    "según porque está años tiene otros ser",
    "it": "il lo la gli le di del della e è che per un una con non sono nel nella da al alla "
    "dei delle si anche come più ha ma degli questo questa essere stato "
    "dopo tra fra ancora già sua suo loro ad negli",
    # Portuguese is here so that it is not taken for Spanish.
    "pt": "o os do da dos das em no na nos nas um uma não que com para por mais mas foi ao aos "
    "pela pelo são também está seu sua entre quando muito já isso ele ela empresa disse ainda",
}
# Name particles (`van`, `von`, `der`, `den`) are left out on purpose: `Ursula von der Leyen` in an
# English text is not German.
# Only words in a single profile count: shared ones (`de`, `la`, `en`) tell nothing apart, and
# name particles (`de la Tour`, `van der Meer`) would otherwise favour whichever languages share them.
_LANGUAGE_OF: dict[str, str] = {}
_SHARED: set[str] = set()
for _code, _words in _STOPWORDS.items():
    for _word in _words.split():
        if _LANGUAGE_OF.setdefault(_word, _code) != _code:
            _SHARED.add(_word)
for _word in _SHARED:
    del _LANGUAGE_OF[_word]
_SAMPLE = 1500
_MIN_HITS = 3
# Share of characters that Western European text keeps when encoded as cp1252.
_MIN_LATIN_SHARE = 0.8
_MIN_HITS_ALONE = 2
_MIN_RATIO = 2


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`'s language among nl, en, de, fr, es, it, pt, or None when unsure."""
    # Splitting on whitespace is several times faster than a word regex; words glued to
    # punctuation are simply not counted, and the function words are frequent enough without them.
    sample = text[:_SAMPLE]
    if not sample.isascii() and _mostly_another_script(sample):
        return None  # CJK, Arabic, Cyrillic...: none of the languages known here
    # Only the function words are counted, by language: most words are not one, and counting every
    # word cost a dictionary entry each.
    hits = [_LANGUAGE_OF[word] for word in sample.lower().split() if word in _LANGUAGE_OF]
    if not hits:
        return None
    # At most seven languages: counting each in the short list beats building a Counter.
    scores = {language: hits.count(language) for language in set(hits)}
    # Two languages tied at the top are always refused below, so which of them `max` picks does not
    # matter.
    best = max(scores, key=scores.__getitem__)
    best_score = scores.pop(best)
    runner_up = max(scores.values(), default=0)
    if runner_up == 0 and best_score >= _MIN_HITS_ALONE:
        return best
    if best_score < _MIN_HITS or best_score < _MIN_RATIO * runner_up:
        return None
    return best


def _mostly_another_script(sample: str) -> bool:
    """Whether under `_MIN_LATIN_SHARE` of the characters can be written in cp1252."""
    # Each character outside ASCII takes at least two bytes in UTF-8, so the bytes beyond one per
    # character bound how many there are. When that bound already leaves enough, the slower
    # cp1252 encoding (which counts exactly) is not needed: the usual case for Western text.
    outside_ascii_at_most = len(sample.encode("utf-8", "surrogatepass")) - len(sample)
    if len(sample) - outside_ascii_at_most >= _MIN_LATIN_SHARE * len(sample):
        return False
    return len(sample.encode("cp1252", "ignore")) < _MIN_LATIN_SHARE * len(sample)
