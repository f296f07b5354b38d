"""What every heuristic shares: the per-document context and the base class."""
from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

from ..document import Document, Line
from ..lexicon import Lexicon

WORD = re.compile(r"\w+")
# marks that start an item of a list the article itself sets out ("- ", "• ")
LIST_MARKS = "-–•*·"


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


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

    @cached_property
    def textual(self) -> list[Line]:
        """Lines with words: separators ("-", "* * *", a zero-width space) are neither junk
        nor text, so "next to removed lines" looks through them."""
        return [ln for ln in self.content if any(c.isalnum() for c in ln.text)]

    @cached_property
    def wrapped(self) -> bool:
        """True when the text is hard-wrapped (a paragraph spread over lines of ~80 columns):
        many lines run on into a next line that starts in lower case. Its lines are then not
        blocks, and the heuristics that judge a line by its shape stand down."""
        share = self.settings["zones"]["wrapped_share"]
        pairs = list(zip(self.textual, self.textual[1:]))
        if len(pairs) < 4:
            return False
        runs_on = sum(1 for a, b in pairs
                      if not a.sentence_end and b.text.lstrip()[:1].islower())
        return runs_on >= share * len(pairs)

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
        last_prose = max((i for i, ln in enumerate(kept) if ln.is_prose(self.prose_min_words)),
                         default=-1)
        # the tail never reaches into the head: in a short document, neither zone is "all"
        tail_from = max(head_n, min(max(0, n - tail_n), last_prose + 1))
        self.zone = {}
        for i, ln in enumerate(kept):
            z = []
            if i < head_n:
                z.append("head")
            if i >= tail_from:
                z.append("tail")
            if z:
                self.zone[ln.no] = " ".join(z)

    def zone_of(self, line: Line) -> str:
        return self.zone.get(line.no, "")

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return self.lexicon.stop(self.doc.lang)

    @cached_property
    def body_vocab(self) -> frozenset[str]:
        """Content words of the kept prose lines: what the article itself talks about."""
        vocab: set[str] = set()
        for ln in self.content:
            if ln.dropped is None and ln.is_prose(self.prose_min_words):
                vocab.update(words(ln.text))
        return frozenset(vocab)

    @cached_property
    def doc_counts(self) -> Counter:
        """How many kept lines each word occurs in (for 'shared with the rest' tests)."""
        counts: Counter = Counter()
        for ln in self.content:
            if ln.dropped is None:
                counts.update(set(words(ln.text)))
        return counts

    def content_words(self, text: str) -> list[str]:
        stop = self.stopwords
        return [w for w in words(text) if len(w) > 2 and w not in stop and not w.isdigit()]

    def overlap(self, text: str, prose_only: bool = False) -> float | None:
        """Share of the line's content words that the rest of the document also uses: in a
        prose line, or (unless `prose_only`) in any other kept line, since a feature list
        repeats its own terms. None when there are too few words to judge."""
        cw = self.content_words(text)
        if len(cw) < 2:
            return None
        body = self.body_vocab
        if prose_only:
            return sum(w in body for w in cw) / len(cw)
        counts = self.doc_counts
        own = set(cw)
        return sum(w in body or counts[w] > (1 if w in own else 0) for w in cw) / len(cw)

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
