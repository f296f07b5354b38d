"""What every heuristic shares: the per-document context and the base class."""
from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from itertools import pairwise

from ..document import Document, Line
from ..lexicon import Lexicon
from ..matching import is_word_char

WORD = re.compile(r"\w+")
# marks that start an item of a list the article itself sets out ("- ", "• ")
LIST_MARKS = "-–•*·"
# one alphanumeric character: \w is str.isalnum or "_", so this class is exactly str.isalnum
_ALNUM = re.compile(r"[^\W_]")
# what most lines without a letter at the very start open with (indent, markdown, quotes)
_LEAD = " \t[*-#>(\"'“‘•"


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _words_per_line(texts: list[str]) -> list[list[str]]:
    """`words` of each line's text, lowering them all in one call. A newline is neither cased
    nor case-ignorable, so it ends a Greek final sigma's context as the end of a text does, and
    str.lower gives the same characters as lowering each text alone. (A line's text never holds
    a newline: `Document.from_text` splits on them.)"""
    if not texts:
        return []
    return [WORD.findall(t) for t in "\n".join(texts).lower().split("\n")]


# After this many distinct words looked up in a text, the full word set is built instead:
# tokenizing costs about as much per character as 75 searches do.
_LOOKUPS = 100


def _whole(text: str, i: int, j: int) -> bool:
    """text[i:j] is not part of a longer run of word characters."""
    return (i == 0 or not is_word_char(text[i - 1])) and (
        j == len(text) or not is_word_char(text[j]))


def _has_word(text: str, w: str) -> bool:
    """True when WORD.findall(text) holds w, a run of word characters: w stands in text with
    no word character right before or after it."""
    if not w:
        return False
    i = text.find(w)
    while i >= 0:
        j = i + len(w)
        if _whole(text, i, j):
            return True
        # an occurrence starting inside this one follows a word character: skip past it
        i = text.find(w, j)
    return False


def _in_two_lines(text: str, w: str) -> bool:
    """True when at least two of the newline-separated lines of text hold w as a word (as
    `_has_word` says of each line)."""
    if not w:
        return False
    seen = False
    i = text.find(w)
    while i >= 0:
        j = i + len(w)
        if _whole(text, i, j):
            if seen:
                return True
            seen = True
            j = text.find("\n", j)  # the next occurrence must be on another line
            if j < 0:
                return False
        i = text.find(w, j)
    return False


class DocContext:
    """Facts about one document that several heuristics need, computed at most once."""

    def __init__(self, doc: Document, lexicon: Lexicon, settings: dict,
                 captions: tuple[str, ...] = ()):
        self.doc = doc
        self.captions = captions  # caption/alt/credit strings from an HTML page, if any
        self.lexicon = lexicon
        self.settings = settings
        self.content: list[Line] = doc.content()
        self.prose_min_words = settings["zones"]["prose_min_words"]
        # head/tail zones; none until the pipeline asks (position-free rules need none)
        self.zone: dict[int, str] = {}
        self._zones_kept: int | None = None  # kept-line count the zones were computed for
        self._body_known: dict[str, bool] = {}  # words looked up in the prose so far
        self._other_known: dict[str, bool] = {}  # ... and in the other lines

    @cached_property
    def textual(self) -> list[Line]:
        """Lines with words: separators ("-", "* * *", a zero-width space) are neither junk
        nor text, so "next to removed lines" looks through them."""
        # the first character after the usual lead-in answers for most lines; the search
        # over the whole line is the definition itself
        alnum = _ALNUM.search
        return [ln for ln in self.content
                if (t := ln.text).lstrip(_LEAD)[:1].isalnum() or alnum(t)]

    @cached_property
    def wrapped(self) -> bool:
        """True when the text is hard-wrapped (a paragraph spread over lines of ~80 columns):
        many lines run on into a next line that starts in lower case. Its lines are then not
        blocks, and the heuristics that judge a line by its shape stand down."""
        share = self.settings["zones"]["wrapped_share"]
        lines = self.textual
        if len(lines) < 5:
            return False  # fewer than four pairs of neighbours
        runs_on = sum(1 for a, b in pairwise(lines)
                      if not a.sentence_end and b.text.lstrip()[:1].islower())
        return runs_on >= share * (len(lines) - 1)

    def compute_zones(self) -> None:
        """Head: the first few kept lines. Tail: the last few kept lines, and everything after
        the last kept prose paragraph. Recomputed once the position-free rules have removed
        what they can, so junk at the very end does not hide the real tail."""
        zones = self.settings["zones"]
        kept = [ln for ln in self.content if ln.dropped is None]
        n = len(kept)
        if n == self._zones_kept:
            return  # nothing removed since the last computation
        self._zones_kept = n
        head_n, tail_n = zones["head_lines"], zones["tail_lines"]
        # the last prose line, searched from the end (the same index as the max over all)
        last_prose = next((i for i in range(n - 1, -1, -1)
                           if kept[i].is_prose(self.prose_min_words)), -1)
        # the tail never reaches into the head: in a short document, neither zone is "all"
        tail_from = max(head_n, min(max(0, n - tail_n), last_prose + 1))
        # tail_from >= head_n, so a line is in one zone at most and the lines between the
        # zones get no entry
        self.zone = {ln.no: "head" for ln in kept[:max(head_n, 0)]}
        for ln in kept[tail_from:]:
            self.zone[ln.no] = "tail"

    def zone_of(self, line: Line) -> str:
        return self.zone.get(line.no, "")

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return self.lexicon.stop(self.doc.lang)

    # The article's words (body_vocab) and the other kept lines' words are asked about a few
    # words at a time: they are answered from the lines' text without tokenizing it all. Each
    # side is read from the lines kept when it is first looked at (within one heuristic's
    # pass, before it removes anything).

    @cached_property
    def _prose(self) -> list[str]:
        """The texts of the kept prose lines when the article's words are first needed
        (which is when body_vocab would be built)."""
        return [ln.text for ln in self.content
                if ln.dropped is None and ln.is_prose(self.prose_min_words)]

    @cached_property
    def _prose_text(self) -> str:
        """The prose texts lowered and joined by newlines (no word runs across a newline)."""
        return "\n".join(self._prose).lower()

    @cached_property
    def body_vocab(self) -> frozenset[str]:
        """Content words of the kept prose lines: what the article itself talks about."""
        return frozenset(WORD.findall(self._prose_text))

    def body_size_at_least(self, k: int) -> bool:
        """len(body_vocab) >= k, reading only as many prose lines as it takes."""
        vocab = self.__dict__.get("body_vocab")
        if vocab is not None:
            return len(vocab) >= k
        # A whitespace-separated piece made of letters and digits only is one word (no space
        # is a word character), so those pieces alone may already make k words.
        seen: set[str] = set()
        for text in self._prose:
            if len(seen) >= k:
                return True
            seen.update(filter(str.isalnum, text.lower().split()))
        return len(seen) >= k or len(self.body_vocab) >= k

    def _in_body(self, w: str) -> bool:
        """`w in body_vocab` for a word of `words`: found as a whole word in the prose."""
        vocab = self.__dict__.get("body_vocab")
        if vocab is not None:
            return w in vocab
        known = self._body_known
        hit = known.get(w)
        if hit is None:
            if len(known) >= _LOOKUPS:
                return w in self.body_vocab  # asked about many words: build the set after all
            hit = known[w] = _has_word(self._prose_text, w)
        return hit

    @cached_property
    def _other_texts(self) -> list[str]:
        """The kept lines whose text is not one of the prose texts behind body_vocab: the only
        ones that can hold a word body_vocab lacks."""
        prose = set(self._prose)
        return [ln.text for ln in self.content if ln.dropped is None and ln.text not in prose]

    @cached_property
    def _other_text(self) -> str:
        """The other lines lowered and joined by newlines."""
        return "\n".join(self._other_texts).lower()

    @cached_property
    def _other_counts(self) -> Counter:
        counts: Counter = Counter()
        for toks in _words_per_line(self._other_texts):
            counts.update(set(toks))
        return counts

    def _in_another_line(self, w: str) -> bool:
        """Whether two kept lines hold w, a word of `words` that body_vocab lacks."""
        # The prose lines do not hold w (all their words are in body_vocab): count the others.
        known = self._other_known
        hit = known.get(w)
        if hit is None:
            if len(known) >= _LOOKUPS:
                return self._other_counts[w] > 1
            hit = known[w] = _in_two_lines(self._other_text, w)
        return hit

    def content_words(self, text: str) -> list[str]:
        stop = self.stopwords
        return [w for w in words(text) if len(w) > 2 and w not in stop and not w.isdigit()]

    def overlap(self, text: str, prose_only: bool = False,
                at_most: float | None = None) -> float | None:
        """Share of the line's content words that the rest of the document also uses: in a
        prose line, or (unless `prose_only`) in any other kept line, since a feature list
        repeats its own terms. None when there are too few words to judge.

        With `at_most`, a share above it may be returned as soon as it is certain, without
        counting the other lines' words: exact whenever the result is <= `at_most`."""
        cw = self.content_words(text)
        n = len(cw)
        if n < 2:
            return None
        # The share only grows as words are found shared: once it is above at_most, it is.
        in_body = self._in_body
        rest = []
        shared = 0
        for w in cw:
            if in_body(w):
                shared += 1
                if at_most is not None and shared / n > at_most:
                    return shared / n
            else:
                rest.append(w)
        if prose_only:
            return shared / n
        # every word of cw is one of the line's own (`own` = set(cw)), so "shared" means in
        # more than one kept line: the line itself and another
        in_another_line = self._in_another_line
        for w in rest:
            if in_another_line(w):
                shared += 1
                if at_most is not None and shared / n > at_most:
                    return shared / n
        return shared / n

    def first_content(self) -> Line | None:
        return self.content[0] if self.content else None


class Heuristic:
    """A detector with an id (used by --skip, --explain and reports), a one-line summary, tags,
    and its thresholds from `settings.heuristics.<id>`."""

    id: str = ""
    summary: str = ""
    tags: tuple[str, ...] = ()
    # judges a line by its shape as a block (length, capitals, neighbours): not meaningful on a
    # hard-wrapped text, where the pipeline skips it
    shape_based: bool = False

    def __init__(self, settings: dict):
        self.settings = settings

    def run(self, ctx: DocContext) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ShapeHeuristic(Heuristic):
    """A heuristic that needs the photo-credit shapes (built once per Cleaner)."""

    def __init__(self, settings: dict, shapes):
        super().__init__(settings)
        self.shapes = shapes
