"""Which language a document is in, as cheaply as possible.

Order of evidence: the caller's `lang` (CLI `--lang`, a record's `lang` field), then the
shipped packs' own stopwords counted on a bounded sample, and only when that is ambiguous the
langdetect model (seeded, so deterministic; imported on first need, since loading its profiles
costs about 0.35 s, and about 1 ms per 100 characters a call).

The samples are the text's sentence-like lines (the article), a short stretch and then a longer
one, and then the start of the text. A whole page turned into text starts with its menu ("Home",
"World", and URLs whose "com" is a Portuguese stopword), so its start is poor evidence. Only
when all samples leave doubt is the model asked, on the article's lines.

The language only selects rule packs, so when the sample plainly belongs to none of them (hardly
any of their stopwords) no model is asked: the result is None, and only the rules for any
language apply.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import filterfalse

from .document import ends_like_sentence

_TOKEN = re.compile(r"[^\W\d_]+")
# In ASCII, the tokens' characters are the letters: everything else becomes a space.
_ASCII_NON_LETTERS = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalpha()})


class LanguageGuesser:
    def __init__(self, stopwords: dict[str, frozenset[str]], settings: dict):
        self.stopwords = stopwords
        self.prose_words = settings["prose_words"]
        self.quick_chars = settings["quick_chars"]
        self.sample_chars = settings["sample_chars"]
        self.min_hits = settings["min_hits"]
        self.ratio = settings["ratio"]
        self.detect_chars = settings["detect_chars"]
        self.min_detect_chars = settings["min_detect_chars"]
        self.default = settings["default"] or None
        self.no_pack_share = settings["no_pack_share"]
        self.no_pack_min_words = settings["no_pack_min_words"]
        self.min_share = settings["min_share"]
        self._detector_ready = False
        # For counting (`_count`): every pack's stopwords, those of them made only of letters,
        # and the packs that hold each.
        self._any_stopword = frozenset().union(*stopwords.values())
        self._alpha_stopword = frozenset(w for w in self._any_stopword if w.isalpha())
        self._langs = tuple(stopwords)
        self._packs_of = {w: tuple(i for i, sw in enumerate(stopwords.values()) if w in sw)
                          for w in self._any_stopword}

    def guess(self, text: str, prose: Iterable[str] | None = None) -> tuple[str | None, str]:
        """Return (language code or None, how it was decided). `prose` is the text's
        sentence-like lines, when the caller has them already."""
        if prose is None:
            prose = (ln for ln in text.split("\n")
                     if len(ln.split()) >= self.prose_words and ends_like_sentence(ln))
        article = self._join(prose)
        start = text[: self.sample_chars]
        # The article's own sentences first, a short sample of them, then a long one: most
        # texts are decided by a few sentences, and a longer sample costs more to tokenize.
        # Then the start of the text, menus and all, for texts with few sentence-like lines.
        samples = [article[: self.quick_chars]]
        if len(article) > self.quick_chars:
            samples.append(article)
        samples.append(start)
        seen: dict[str, tuple[int, list[str]]] = {}  # counts per sample, for the last step
        for sample in samples:
            counted = seen[sample] = self._count(sample)
            decided = self._by_stopwords(counted)
            if decided is not None:
                return decided
        sample = article if len(article) >= self.min_detect_chars else start
        n, hits = seen[sample]  # both candidates were counted above
        if not n:
            return None, "no words"
        if n >= self.no_pack_min_words and self._ranked(hits)[0][0] < self.no_pack_share * n:
            return None, "no shipped language"
        if len(sample) < self.min_detect_chars:
            # too short for the model to be reliable (and not worth loading it for)
            return self.default, "default"
        # the model needs far less text than the stopword count; ~1 ms per 100 characters
        return self._detect(sample[: self.detect_chars]), "langdetect"

    def _count(self, sample: str) -> tuple[int, list[str]]:
        """The number of tokens of the lowered sample (`_TOKEN`: runs of letters, and of the
        digits that are not decimal, as "²"), and those of them that are stopwords.

        No token holds whitespace, so the tokens are those of the whitespace-separated chunks,
        and a chunk made only of letters is one token by itself; only the other chunks ("said,",
        "U.S.", "2019") go through the regex, all of them at once. A stopword made only of
        letters can only be such a chunk or a token of the others, so each is counted once.
        An ASCII sample has every character but a-z turned into a space first: all its chunks
        are then tokens (`str.translate` is quick on ASCII)."""
        low = sample.lower()
        if low.isascii():  # then the letters are a-z, and the chunks of the rest are tokens
            chunks = low.translate(_ASCII_NON_LETTERS).split()
            return len(chunks), list(filter(self._alpha_stopword.__contains__, chunks))
        chunks = low.split()
        rest = list(filterfalse(str.isalpha, chunks))
        hits = list(filter(self._alpha_stopword.__contains__, chunks))
        n = len(chunks) - len(rest)
        if rest:
            more = _TOKEN.findall(" ".join(rest))
            n += len(more)
            hits += filter(self._any_stopword.__contains__, more)
        return n, hits

    def _ranked(self, hits: list[str]) -> list[tuple[int, str]]:
        """(stopword tokens, language) per pack, best first, from the stopword tokens."""
        scores = [0] * len(self._langs)
        packs_of = self._packs_of
        for w in hits:
            for i in packs_of[w]:
                scores[i] += 1
        return sorted(zip(scores, self._langs), reverse=True) or [(0, "")]

    def _by_stopwords(self, counted: tuple[int, list[str]]) -> tuple[str, str] | None:
        """The pack whose stopwords plainly dominate a sample, or None when ambiguous, from the
        sample's `_count`."""
        n, hits = counted
        if not n:
            return None
        scores = self._ranked(hits)
        best, lang = scores[0]
        second = scores[1][0] if len(scores) > 1 else 0
        if best >= self.min_hits and best >= self.ratio * max(second, 1) \
                and best >= self.min_share * n:
            return lang, "stopwords"
        return None

    def _join(self, lines: Iterable[str]) -> str:
        """Up to `sample_chars` of the given lines, stripped, one per line (an iterator is
        read only as far as that)."""
        out: list[str] = []
        size, limit = 0, self.sample_chars
        for line in lines:
            line = line.strip()
            out.append(line)
            size += len(line) + 1
            if size >= limit:
                break
        return "\n".join(out)[:limit]

    def _detect(self, sample: str) -> str | None:
        from langdetect import DetectorFactory, detect
        from langdetect.lang_detect_exception import LangDetectException

        if not self._detector_ready:
            DetectorFactory.seed = 0
            self._detector_ready = True
        try:
            return detect(sample).split("-")[0]
        except LangDetectException:
            return None
