"""The language guess's cheaper counting against the code it replaced (kept below as the
reference): the same decisions, and the same sample handed to the model, on every benchmark
text and on generated ones."""
from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.lang import _TOKEN, LanguageGuesser

BENCH = Path("/work/shared/bench/scrapinghub/output")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class ReferenceGuesser(LanguageGuesser):
    """`guess` as first written: every sample tokenized by the regex, counted with a Counter."""

    def guess(self, text, prose=None):
        if prose is None:
            prose = (ln for ln in text.split("\n")
                     if len(ln.split()) >= self.prose_words and _ends(ln))
        article = self._join(prose)
        start = text[: self.sample_chars]
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
            return self.default, "default"
        return self._detect(sample[: self.detect_chars]), "langdetect"

    def _scores(self, toks):
        counts = Counter(toks)
        return sorted(((sum(counts[w] for w in sw.intersection(counts)), lang)
                       for lang, sw in self.stopwords.items()), reverse=True) or [(0, "")]

    def _by_stopwords(self, sample, counted=None):
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

    def _join(self, lines):
        out = []
        size = 0
        for line in lines:
            out.append(line.strip())
            size += len(out[-1]) + 1
            if size >= self.sample_chars:
                break
        return "\n".join(out)[: self.sample_chars]


def _ends(text):
    from cleaner.document import ends_like_sentence
    return ends_like_sentence(text)


def _stub_model(guesser):
    # the model's answer is the sample it was given: comparing answers compares samples
    guesser._detect = lambda sample: f"model:{sample}"
    return guesser


@pytest.fixture(scope="module")
def guessers():
    c = Cleaner()
    new = _stub_model(LanguageGuesser(c.lexicon.stopwords, c.settings["language"]))
    ref = _stub_model(ReferenceGuesser(c.lexicon.stopwords, c.settings["language"]))
    return c, new, ref


def _check(c, new, ref, text):
    doc = Document.from_text(text)
    pw = c.guesser.prose_words
    expected = ref.guess(text, (ln.text for ln in doc.lines if ln.is_prose(pw)))
    got = new.guess(text, (ln.text for ln in doc.lines if ln.is_prose(pw)))
    assert got == expected, text[:300]
    assert new.guess(text) == ref.guess(text)


def _bench_texts():
    for f in sorted(BENCH.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        d = d.get("output", d)
        for k in sorted(d):
            v = d[k]
            t = v.get("articleBody") if isinstance(v, dict) else None
            if isinstance(t, str):
                yield t


@pytest.mark.skipif(not BENCH.is_dir(), reason="benchmark texts not on this machine")
def test_guess_matches_the_reference_on_every_benchmark_text(guessers):
    c, new, ref = guessers
    n = 0
    for text in _bench_texts():
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        _check(c, new, ref, text)
        n += 1
    assert n > 5000


PIECES = ["the", "and", "der", "und", "le", "la", "de", "que", "het", "il", "è", "não", "com",
          "The", "AND", "Der", "ÉTÉ", "été", "x²", "²", "½", "U.S.", "it's", "l'été", "d'un",
          "snake_case", "_", "2019", "١٢٣", "Σ", "ΟΔΟΣ", "İstanbul", "ß", "ﬁ", "中文", "日本語",
          "\u00a0", "\u2028", "\x1c", "\x85", "\t", " ", "  ", ",", ".", "!", "?", "…", "”",
          "(AP)", "https://www.example.com/world/", "word-word", "e-mail", "\u0301"]


# words of no shipped pack, for texts that none of them fits
FOREIGN = ["서울", "한국", "정부는", "Москва", "правительство", "Türkiye", "hükümet", "政府", "主要",
           "jest", "rząd", "kaupunki", "hallitus", "the", "de"]


def _random_text(rnd: random.Random) -> str:
    lines = []
    paras = [t for p in sorted(SEEDS.glob("*.txt"))
             for t in p.read_text(encoding="utf-8").split("\n")] or ["The council met."]
    foreign = rnd.random() < 0.15
    for _ in range(rnd.randint(0, 30)):
        r = rnd.random()
        if foreign:
            line = " ".join(rnd.choices(FOREIGN, k=rnd.randint(0, 40))) + rnd.choice(".!, ")
        elif r < 0.4:
            line = rnd.choice(paras)
        elif r < 0.8:
            sep = rnd.choice([" ", " ", " ", "", ", "])
            line = sep.join(rnd.choices(PIECES, k=rnd.randint(0, 25)))
            if rnd.random() < 0.5:
                line += rnd.choice([".", "!", "?", ".”", " ", ""])
        else:
            line = "".join(rnd.choices(PIECES, k=rnd.randint(0, 8)))
        lines.append(line)
    return "\n".join(lines)


def test_guess_matches_the_reference_on_generated_texts(guessers):
    c, new, ref = guessers
    rnd = random.Random(12)
    for _ in range(3000):
        _check(c, new, ref, _random_text(rnd))


def test_count_matches_tokenizing_with_the_regex(guessers):
    _c, new, _ref = guessers
    rnd = random.Random(3)
    for _ in range(3000):
        sample = _random_text(rnd)[: rnd.choice((50, 500, 2000))]
        toks = _TOKEN.findall(sample.lower())
        n, hits = new._count(sample)
        assert n == len(toks)
        assert Counter(hits) == Counter(t for t in toks if t in new._any_stopword)
        assert new._ranked(hits) == ReferenceGuesser._scores(new, toks)


def test_whitespace_holds_no_token_and_letters_are_tokens():
    """What `_count` relies on, over all of Unicode: `str.split` cuts only at characters that
    are in no token, and a character `str.isalpha` accepts is a token by itself."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = "".join(c for c in everything if c.isspace())
    assert not _TOKEN.search(spaces)
    assert "".join(everything.split()) == "".join(c for c in everything if not c.isspace())
    letters = "".join(c for c in everything if c.isalpha())
    assert _TOKEN.fullmatch(letters)


def test_ascii_tokens_are_the_letters():
    assert all(bool(_TOKEN.fullmatch(c)) == c.isalpha() for c in map(chr, range(128)))
    g = LanguageGuesser({"en": frozenset({"the", "of"})}, Cleaner().settings["language"])
    text = "The_end of 2019's \"the\"-list, THE."
    assert g._count(text) == (7, ["the", "of", "the", "the"])
    assert len(_TOKEN.findall(text.lower())) == 7
