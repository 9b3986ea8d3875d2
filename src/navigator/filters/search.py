"""Search: what a line of text typed by a user finds in the catalog.

People type a name ("prompt injection"), a number ("2.2"), a framework id ("LLM01", "AML.T0051") or
a word they expect in the text ("sticker"). So:

- The text is split into terms: a quoted part is a phrase; any other run of non-space characters is
  one term, a phrase of the words in it ("I/O", "AML.T0051"). Every term must match (AND).
- Words match whole words, case-insensitively, with a plural "s" and an "-ing" or "-ed" ending
  ignored ("injections" finds "injection", "poison" finds "poisoning"); a phrase matches adjacent
  words.
- A term that is a number ("2", "2.2", "2.2.") matches item numbers only, as a prefix of whole
  parts: "2.2" is 2.2 and 2.2.1, never 2.20, and never a "2.2" in a reference or a summary.
- A term matches a framework reference id equal to it or starting with it and a separator
  ("LLM01" finds LLM01:2026, "AML.T0024" finds AML.T0024.001).
- Fields are weighted: names, numbers, ids, tags and framework ids first; summaries, categories and
  reference titles second. When any item matches in the first fields, those items are the hits; only
  when none does are the second fields searched. So "prompt injection" finds 2.2 Prompt injection,
  its sub-threats and the controls named for it, not 2.1 Evasion, whose summary says "unlike prompt
  injection".

`find` returns the direct hits and whether they matched by name (`by_name`): `filters.select` keeps
the sub-threats of a threat found by name as its context, but not those of a threat found only by
its text, so a parent's summary never drags in all its children.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass

from ..catalog.model import Catalog, Control, Threat

NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")
_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"[\"“”„]([^\"“”„]*)[\"“”„]?")
_REF_SEPARATORS = (":", ".", "(", " ", "-", "/")

Words = tuple[str, ...]


def _stem(word: str) -> str:
    """A word without a plural "s" and an "-ing" or "-ed" ending ("injections" -> "injection",
    "poisoning" -> "poison", "leaked" -> "leak"); both sides are stemmed alike, so only the rare
    words that collide ("bias", "bia") can surprise."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) >= 6 and word.endswith("ing"):
        return word[:-3]
    if len(word) >= 5 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    return word


def words(text: str) -> Words:
    """The words of a text as search compares them: lower case, split at anything not a letter or digit."""
    return tuple(_stem(w) for w in _WORD.findall(text.lower()))


@dataclass(frozen=True)
class Term:
    """One thing every hit must contain: a phrase of words, or a number prefix."""

    text: str  # as typed, lower case (compared with framework ids)
    words: Words
    number: bool = False


def parse(text: str) -> tuple[Term, ...]:
    """The terms of a search text; quoted parts are phrases. No terms for text without words."""
    terms: list[Term] = []
    rest: list[str] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        rest.append(text[pos : m.start()])
        phrase = m.group(1).strip().lower()
        if words(phrase):
            terms.append(Term(phrase, words(phrase)))
        pos = m.end()
    rest.append(text[pos:])
    for chunk in " ".join(rest).split():
        lowered = chunk.lower().strip(",;")
        if NUMBER.match(lowered):
            terms.append(Term(lowered.rstrip("."), (), number=True))
        elif words(lowered):
            terms.append(Term(lowered, words(lowered)))
    return tuple(dict.fromkeys(terms))


def _contains(sequence: Words, phrase: Words) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in sequence
    first = phrase[0]
    return any(sequence[i : i + n] == phrase for i, w in enumerate(sequence) if w == first)


def ref_matches(ref_id: str, wanted: str) -> bool:
    """Whether a framework id is the wanted one or one of its entries (case-insensitive):
    "LLM01" is LLM01:2026, "AML.T0024" is AML.T0024.001; "LLM1" is not LLM10."""
    ref, want = ref_id.strip().lower(), wanted.strip().lower()
    return bool(want) and (ref == want or (ref.startswith(want) and ref[len(want)] in _REF_SEPARATORS))


@dataclass(frozen=True)
class _Fields:
    """An item's text, split for matching, computed once per catalog."""

    id: str
    number: str
    primary: tuple[Words, ...]  # name, id, tags
    refs: tuple[str, ...]  # framework ids
    secondary: tuple[Words, ...]  # summary, category, reference titles


def _fields(item: Threat | Control) -> _Fields:
    name = item.title if isinstance(item, Threat) else item.name
    return _Fields(
        id=item.id,
        number=item.number,
        primary=(words(name), (item.id.lower(),), *(words(tag) for tag in item.tags)),
        refs=tuple(r.id for r in item.references),
        secondary=(words(item.summary), words(item.category), *(words(r.title) for r in item.references)),
    )


def _in_primary(f: _Fields, term: Term) -> bool:
    if term.number:
        return bool(f.number) and (f.number == term.text or f.number.startswith(term.text + "."))
    return any(_contains(seq, term.words) for seq in f.primary) or any(ref_matches(r, term.text) for r in f.refs)


def _in_secondary(f: _Fields, term: Term) -> bool:
    return not term.number and any(_contains(seq, term.words) for seq in f.secondary)


@dataclass(frozen=True)
class Hits:
    """What a search text matched directly. `by_name`: in names, numbers, ids, tags or framework ids
    (else in summaries and other text, searched only when nothing matched by name)."""

    threats: frozenset[str] = frozenset()
    controls: frozenset[str] = frozenset()
    by_name: bool = True

    @property
    def ids(self) -> frozenset[str]:
        return self.threats | self.controls


NO_HITS = Hits()


@dataclass(frozen=True)
class _Index:
    """Every threat's and control's fields, and where each word, number prefix and framework id
    occurs, so a term is checked only against the items that can match it (`_candidates`)."""

    fields: tuple[_Fields, ...]
    threats: frozenset[str]
    primary: dict[str, frozenset[int]]  # word (or id) -> items with it in a primary field
    secondary: dict[str, frozenset[int]]  # word -> items with it in a secondary field
    numbers: dict[str, frozenset[int]]  # the item's number and each prefix of it ending before a "."
    refs: dict[str, frozenset[int]]  # a framework id and each prefix of it ending before a separator


def _postings(pairs: list[tuple[str, int]]) -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for key, i in pairs:
        out.setdefault(key, set()).add(i)
    return {k: frozenset(v) for k, v in out.items()}


def _prefixes(text: str, separators: tuple[str, ...]) -> set[str]:
    return {text, *(text[:i] for i, c in enumerate(text) if c in separators)}


def _build(catalog: Catalog) -> _Index:
    items: tuple[Threat | Control, ...] = (*catalog.threats, *catalog.controls)
    fields = tuple(_fields(i) for i in items)
    return _Index(
        fields=fields,
        threats=frozenset(t.id for t in catalog.threats),
        primary=_postings([(w, i) for i, f in enumerate(fields) for seq in f.primary for w in seq]),
        secondary=_postings([(w, i) for i, f in enumerate(fields) for seq in f.secondary for w in seq]),
        numbers=_postings([(n, i) for i, f in enumerate(fields) if f.number for n in _prefixes(f.number, (".",))]),
        refs=_postings(
            [
                (p, i)
                for i, f in enumerate(fields)
                for r in f.refs
                for p in _prefixes(r.strip().lower(), _REF_SEPARATORS)
            ]
        ),
    )


_NONE: frozenset[int] = frozenset()


def _candidates(postings: dict[str, frozenset[int]], term: Term) -> frozenset[int]:
    """The items whose fields hold every word of the term (a superset of its matches)."""
    found: frozenset[int] | None = None
    for word in set(term.words):
        found = postings.get(word, _NONE) if found is None else found & postings.get(word, _NONE)
        if not found:
            return _NONE
    return found or _NONE


def _primary_hits(ix: _Index, term: Term) -> set[int]:
    if term.number:
        wanted = ix.numbers.get(term.text, _NONE)
    else:
        wanted = _candidates(ix.primary, term) | ix.refs.get(term.text.strip().lower(), _NONE)
    fields = ix.fields
    return {i for i in wanted if _in_primary(fields[i], term)}  # the exact test, on the candidates alone


def _secondary_hits(ix: _Index, term: Term) -> set[int]:
    if term.number:
        return set()
    fields = ix.fields
    return {i for i in _candidates(ix.secondary, term) if _in_secondary(fields[i], term)}


_INDEX: dict[int, tuple[weakref.ref[Catalog], _Index]] = {}
_LOCK = threading.Lock()


def _index(catalog: Catalog) -> _Index:
    """The search index of a catalog, memoised per catalog object."""
    key = id(catalog)
    with _LOCK:
        found = _INDEX.get(key)
        if found is not None and found[0]() is catalog:
            return found[1]
    made = _build(catalog)
    with _LOCK:

        def forget(_ref: object, k: int = key) -> None:
            _INDEX.pop(k, None)

        _INDEX[key] = (weakref.ref(catalog, forget), made)
    return made


def _all_of(sets: list[set[int]]) -> set[int]:
    out = sets[0]
    for s in sets[1:]:
        out = out & s
    return out


def find(catalog: Catalog, text: str) -> Hits:
    """The threats and controls a search text matches directly (see the module's docstring)."""
    terms = parse(text)
    if not terms:
        return NO_HITS
    ix = _index(catalog)
    primary = [_primary_hits(ix, t) for t in terms]
    strong = _all_of(primary)
    by_name = bool(strong)
    if not strong:
        strong = _all_of([p | _secondary_hits(ix, t) for p, t in zip(primary, terms)])
    found = frozenset(ix.fields[i].id for i in strong)
    return Hits(found & ix.threats, found - ix.threats, by_name)
