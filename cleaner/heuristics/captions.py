"""Duplicated captions: the same (or nearly the same) line standing alone more than once.

Extractors emit a photo's alt text and its figcaption, so captions come in copies that stand
close together. A line that is not shaped like a sentence, repeated two or three times within a
few lines, is a caption: every copy goes. Copies far apart, or many of them, are a template the
article repeats (a meal plan, a questionnaire) and stay. A repeated sentence loses only a copy
right below itself. The headline (first line) stays, but its copies further down go. A
caption-shaped line whose words also stand inside a longer line is dropped, and the longer line
stays. Lines are compared by their words, without a trailing credit.
"""
from __future__ import annotations

import itertools
from bisect import bisect_right
from collections import defaultdict

import ahocorasick

from ..document import ends_like_sentence
from .base import DocContext, ShapeHeuristic, words


class DuplicateCaption(ShapeHeuristic):
    id = "duplicate-caption"
    summary = "Captions and other lines repeated as standalone copies (alt text + figcaption)."
    tags = ("caption", "duplicate")

    def _key(self, text: str) -> str:
        return " ".join(words(self.shapes.strip(text)))

    def run(self, ctx: DocContext) -> None:
        min_words = self.settings["min_words"]
        first = ctx.first_content()
        groups: dict[str, list] = defaultdict(list)
        keys = {}
        max_words = self.settings["max_words"]
        for ln in ctx.content:
            if ln.dropped is not None:
                continue
            # captions are short; a long line can only repeat verbatim
            key = self._key(ln.text) if ln.n_words <= max_words else ln.text.strip().lower()
            keys[ln.no] = key
            if key.count(" ") + 1 >= min_words:
                groups[key].append(ln)
        pos = {ln.no: i for i, ln in enumerate(ctx.content)}
        max_gap = self.settings["max_gap"]
        for key, lines in groups.items():
            if len(lines) < 2:
                continue
            caption_like = any(not ends_like_sentence(ln.text)
                               or self.shapes.trailing_credit(ln.text) for ln in lines)
            # alt text and figcaption stand close together; copies far apart are a repeated
            # template (a weekly meal plan, a questionnaire), which is content
            close = all(pos[b.no] - pos[a.no] <= max_gap for a, b in itertools.pairwise(lines))
            if first is not None and lines[0] is first:
                # the headline repeated further down is a breadcrumb or a widget's copy
                for ln in lines[1:]:
                    ctx.doc.drop(ln, self.id, f"repeats the headline (line {first.no})")
            elif caption_like and close and len(lines) <= self.settings["max_copies"]:
                for ln in lines:
                    if ln is not first:
                        ctx.doc.drop(ln, self.id, f"a caption standing alone {len(lines)} times")
            elif not caption_like:
                # Repeated sentences can be real (a questionnaire repeats its questions), so
                # only a copy right after the original (an extraction artefact) goes.
                for prev, ln in itertools.pairwise(lines):
                    if pos[ln.no] - pos[prev.no] == 1:
                        ctx.doc.drop(ln, self.id, f"repeats line {prev.no} right above it")
        # caption copies of text that also stands inside a longer line
        sub_min = self.settings["substring_min_words"]
        cands = [ln for ln in ctx.content
                 if ln.dropped is None and ln is not first and ln.no in keys
                 and keys[ln.no].count(" ") + 1 >= sub_min and not ends_like_sentence(ln.text)]
        if not cands:
            return
        segments = [keys[ln.no] for ln in ctx.content if ln.no in keys]
        inside = _stand_twice(segments, {keys[ln.no] for ln in cands})
        for ln in cands:
            key = keys[ln.no]
            if key in inside and len(groups.get(key, ())) < 2:
                ctx.doc.drop(ln, self.id, "a caption whose text also stands inside a paragraph")


# With more candidates than this, they are looked for all at once. One count per candidate
# grows with the square of the document (16,000 such lines took 4 s); an automaton pass grows
# with its length, and costs as much as about 160 counts (29 against 0.18 ms per MB).
_MAX_COUNTS = 200


def _stand_twice(segments: list[str], cands: set[str]) -> set[str]:
    """The candidates that `" | ".join(segments).count(c)` counts at least twice, where each
    candidate is itself one of the segments. An occurrence of a candidate without "|" lies
    inside one segment, so its count is the sum of each segment's, and its own segment holds it
    exactly once: it counts twice exactly when a second segment holds it, which one
    Aho-Corasick pass finds for all such candidates at once. The others (a long line's key is
    its text, which may hold "|") are counted one by one."""
    joined = " | ".join(segments)
    if len(cands) <= _MAX_COUNTS:
        return {c for c in cands if joined.count(c) >= 2}
    counted = {c for c in cands if "|" in c or not c}
    twice = {c for c in counted if joined.count(c) >= 2}
    auto = ahocorasick.Automaton()
    for c in cands - counted:
        auto.add_word(c, c)
    if not len(auto):
        return twice
    auto.make_automaton()
    starts = list(itertools.accumulate((len(seg) + 3 for seg in segments[:-1]), initial=0))
    found_in: dict[str, int] = {}  # candidate -> the last segment it was found in
    for end, c in auto.iter(joined):
        i = bisect_right(starts, end) - 1
        if found_in.get(c, i) != i:
            twice.add(c)
        found_in[c] = i
    return twice


class PageCaption(ShapeHeuristic):
    """With HTML input, the page itself says which strings are captions (figcaption, img alt,
    caption/credit classes); a standalone line equal to one of them is a caption copy."""

    id = "page-caption"
    summary = "Lines equal to a caption, alt text or credit found in the HTML page."
    tags = ("caption", "html")

    def run(self, ctx: DocContext) -> None:
        if not ctx.captions:
            return
        keys = set()
        for c in ctx.captions:
            keys.add(" ".join(words(c)))
            keys.add(" ".join(words(self.shapes.strip(c))))
        keys.discard("")
        first = ctx.first_content()
        max_words = self.settings["max_words"]
        for ln in ctx.content:
            if ln.dropped is not None or ln is first or len(ln.text.split()) > max_words:
                continue
            if " ".join(words(ln.text)) in keys:
                ctx.doc.drop(ln, self.id, "the page marks this text as a caption or alt text")
