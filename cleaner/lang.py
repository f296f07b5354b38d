"""Which language a document is in, as cheaply as possible.

Order of evidence: the caller's `lang` (CLI `--lang`, a record's `lang` field), then the
shipped packs' own stopwords counted on a bounded sample, and only when that is ambiguous the
langdetect model (seeded, so deterministic; imported on first need, since loading its profiles
costs about 0.35 s, and about 5 ms a call).

The language only selects rule packs, so when the sample plainly belongs to none of them (hardly
any of their stopwords) no model is asked: the result is None, and only the rules for any
language apply.
"""
from __future__ import annotations

import re

_TOKEN = re.compile(r"[^\W\d_]+")


class LanguageGuesser:
    def __init__(self, stopwords: dict[str, frozenset[str]], settings: dict):
        self.stopwords = stopwords
        self.sample_chars = settings["sample_chars"]
        self.min_hits = settings["min_hits"]
        self.ratio = settings["ratio"]
        self.detect_chars = settings["detect_chars"]
        self.min_detect_chars = settings["min_detect_chars"]
        self.default = settings["default"] or None
        self.no_pack_share = settings["no_pack_share"]
        self.min_share = settings["min_share"]
        self._detector_ready = False

    def guess(self, text: str) -> tuple[str | None, str]:
        """Return (language code or None, how it was decided)."""
        sample = text[: self.sample_chars]
        toks = _TOKEN.findall(sample.lower())
        if not toks:
            return None, "no words"
        scores = sorted(((sum(t in sw for t in toks), lang) for lang, sw in self.stopwords.items()),
                        reverse=True)
        best = scores[0][0] if scores else 0
        if scores:
            lang = scores[0][1]
            second = scores[1][0] if len(scores) > 1 else 0
            if best >= self.min_hits and best >= self.ratio * max(second, 1) \
                    and best >= self.min_share * len(toks):
                return lang, "stopwords"
        if len(toks) >= 20 and best < self.no_pack_share * len(toks):
            return None, "no shipped language"
        if len(sample) < self.min_detect_chars:
            # too short for the model to be reliable (and not worth loading it for)
            return self.default, "default"
        # the model needs far less text than the stopword count; ~1 ms per 100 characters
        return self._detect(sample[: self.detect_chars]), "langdetect"

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
