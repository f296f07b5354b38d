"""The article-extraction benchmark's metric, written from its description.

Text is split into word tokens (`\\w+`); each text becomes a multiset of 4-token shingles (a text
of fewer than four tokens is one shingle of all of them). Per page, the shared, extra and missing
shingles are counted and divided by their sum (TP, FP, FN). Precision is averaged over the pages
whose prediction or truth shares or adds a shingle (TP + FP > 0), recall over the pages whose truth
has any (TP + FN > 0), and F1 is taken of the two averages, not averaged per page.

The arithmetic (normalise first, then divide; sum pages in the truth's order) is kept exactly as
the benchmark's reference scorer does it, so the figures agree to the last float bit.

    >>> score({"a": "one two three four five"}, {"a": "one two three four five"})
    Score(f1=1.0, precision=1.0, recall=1.0)
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import NamedTuple

TOKEN = re.compile(r"\w+")
N = 4


class Score(NamedTuple):
    f1: float
    precision: float
    recall: float


class PageCounts(NamedTuple):
    """TP, FP and FN of one page, each divided by their sum (all 0.0 when both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fn == 0 else self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str, n: int = N) -> Counter:
    """The multiset of n-token shingles of `text`.

    >>> sorted(shingles("A b, c d e").items())
    [(('A', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    >>> shingles("two words")
    Counter({('two', 'words'): 1})
    """
    toks = TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def page_counts(truth: str, pred: str) -> PageCounts:
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return PageCounts(tp / s, fp / s, fn / s) if s else PageCounts(0.0, 0.0, 0.0)


def aggregate(rows: list[PageCounts]) -> Score:
    """Average precision and recall over the pages where each is defined; F1 of the averages."""
    with_p = [r for r in rows if r.tp + r.fp > 0]
    with_r = [r for r in rows if r.tp + r.fn > 0]
    p = sum(r.precision for r in with_p) / max(1, len(with_p))
    r_ = sum(r.recall for r in with_r) / max(1, len(with_r))
    f1 = 2 * p * r_ / (p + r_) if p + r_ else 0.0
    return Score(f1, p, r_)


def score(truth: Mapping[str, str], pred: Mapping[str, str]) -> Score:
    """Score predicted bodies against true bodies, both keyed by page id. Pages missing from
    `pred` count as empty predictions; pages only in `pred` are ignored."""
    return aggregate([page_counts(truth[k], pred.get(k) or "") for k in truth])
