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
from collections import Counter
from collections.abc import Iterable

from .document import ends_like_sentence

_TOKEN = re.compile(r"[^\W\d_]+")


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
        self.min_share = settings["min_share"]
        self._detector_ready = False

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
        for sample in samples:
            decided = self._by_stopwords(sample)
            if decided is not None:
                return decided
        sample = article if len(article) >= self.min_detect_chars else start
        toks = _TOKEN.findall(sample.lower())
        if not toks:
            return None, "no words"
        if len(toks) >= 20 and self._scores(toks)[0][0] < self.no_pack_share * len(toks):
            return None, "no shipped language"
        if len(sample) < self.min_detect_chars:
            # too short for the model to be reliable (and not worth loading it for)
            return self.default, "default"
        # the model needs far less text than the stopword count; ~1 ms per 100 characters
        return self._detect(sample[: self.detect_chars]), "langdetect"

    def _scores(self, toks: list[str]) -> list[tuple[int, str]]:
        """(stopword tokens, language) per pack, best first."""
        counts = Counter(toks)
        return sorted(((sum(counts[w] for w in sw.intersection(counts)), lang)
                       for lang, sw in self.stopwords.items()), reverse=True) or [(0, "")]

    def _by_stopwords(self, sample: str) -> tuple[str, str] | None:
        """The pack whose stopwords plainly dominate the sample, or None when ambiguous."""
        toks = _TOKEN.findall(sample.lower())
        if not toks:
            return None
        scores = self._scores(toks)
        best, lang = scores[0]
        second = scores[1][0] if len(scores) > 1 else 0
        if best >= self.min_hits and best >= self.ratio * max(second, 1) \
                and best >= self.min_share * len(toks):
            return lang, "stopwords"
        return None

    def _join(self, lines: Iterable[str]) -> str:
        """Up to `sample_chars` of the given lines, stripped, one per line (an iterator is
        read only as far as that)."""
        out: list[str] = []
        size = 0
        for line in lines:
            out.append(line.strip())
            size += len(out[-1]) + 1
            if size >= self.sample_chars:
                break
        return "\n".join(out)[: self.sample_chars]

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
