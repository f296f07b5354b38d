"""Unrelated headlines: recommendation-widget titles left in the head or tail of the text.

A candidate is headline-shaped (a few words, no sentence ending, starts with a capital or a
digit, not a numbered list item), stands in the head or tail zone or next to removed junk, and
shares few content words with the article's own prose. Widgets come in blocks, so a lone
candidate needs stronger evidence (no shared word at all) than one in a block of two or more.
The first line (the article's headline) is never a candidate: it shares the body's vocabulary
and must stay.
"""
from __future__ import annotations

import re

from ..document import CLOSERS, ends_like_sentence
from .base import LIST_MARKS, DocContext, Heuristic

_LIST_ITEM = re.compile(rf"^\s*(?:\d{{1,3}}[.)]|[a-z][.)]|[{re.escape(LIST_MARKS)}])\s")
_NUMBER = re.compile(r"(?<!\S)[-+$€£]?\d[\d.,:%]*(?!\S)")
_DIGIT = re.compile(r"\d")  # every _NUMBER has one
# listings (tour dates, venues, schedules) rather than headlines: "July 2 -- Arena, City, ST",
# "June 10 – Tampa, FL @ Amphitheatre", "2018.04.05 ~ OPEN RUN". A date opens the line, and
# is matched there with the list item; each other branch is searched for only when its
# literal ("," "@" "--") is in the line.
_AT_START = re.compile(rf"{_LIST_ITEM.pattern}|^\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}")
_STATE = re.compile(r",\s*[A-Z]{2}\b")
_VENUE = re.compile(r"\s@\s")
_DASHES = re.compile(r"\s--\s")
OPENERS = "\"'“‘(["  # what may stand before a word's first letter


def headline_shaped(text: str, min_words: int, max_words: int) -> bool:
    s = text.strip()
    # every test must pass, so the cheap ones run first and the regexes only on what is left
    if not s or not _opens_like_headline(s) or not min_words <= len(s.split()) <= max_words:
        return False
    if ends_like_sentence(s) and not s.rstrip(CLOSERS).endswith(("?", "!")):
        return False
    return not _listing(s)


def _opens_like_headline(s: str) -> bool:
    """A stripped, non-empty line that starts with a capital or a digit (past quotes and
    brackets), is not a markdown heading and does not end in , ; or :"""
    if s[-1] in ",;:" or s[0] == "#":
        return False
    c = s.lstrip(OPENERS)[:1]
    return c.isupper() or c.isdigit()


def _listing(s: str) -> bool:
    """A list item, a listing or a table row (two or more figures: "HD THE HOME DEPOT INC.
    225.86 -12.99 -5.44%"), rather than a headline."""
    if _AT_START.match(s) or ("," in s and _STATE.search(s)) or (
            "@" in s and _VENUE.search(s)) or ("--" in s and _DASHES.search(s)):
        return True
    return bool(_DIGIT.search(s)) and len(_NUMBER.findall(s)) >= 2


def _in_block(i: int, cands: dict, content: list) -> bool:
    """Another candidate stands within two content lines, with only junk in between."""
    for j in (i - 2, i - 1, i + 1, i + 2):
        if j in cands and all(content[k].dropped is not None or k in cands
                              for k in range(min(i, j) + 1, max(i, j))):
            return True
    return False


class UnrelatedHeadline(Heuristic):
    id = "unrelated-headline"
    summary = "Headline-shaped lines in the head or tail that share few words with the article."
    tags = ("headline", "related")
    shape_based = True

    def run(self, ctx: DocContext) -> None:
        s = self.settings
        lo, hi, max_overlap = s["min_words"], s["max_words"], s["max_overlap"]
        first = ctx.first_content()
        content = ctx.content
        zone = ctx.zone
        last = len(content) - 1
        shaped: list[tuple[int, bool]] = []  # headline-shaped lines where widgets stand
        for i, ln in enumerate(content):
            # cheap tests first; each is one headline_shaped or the original loop makes (a
            # line's n_words is its word count: len(text.split()) == len(text.strip().split()))
            if ln.dropped is not None or not lo <= ln.n_words <= hi:
                continue
            near_junk = (i > 0 and content[i - 1].dropped is not None) or (
                i < last and content[i + 1].dropped is not None)
            if not (near_junk or zone.get(ln.no)) or ln is first:
                continue
            if ln.sentence_end and not ln.text.rstrip(CLOSERS).endswith(("?", "!")):
                continue
            # headline_shaped(ln.text, lo, hi), whose word count and sentence tests the line
            # has passed (a stripped line keeps its words and its ending)
            if _opens_like_headline(t := ln.text.strip()) and not _listing(t):
                if not shaped and not ctx.body_size_at_least(s["min_body_words"]):
                    return  # too little prose to tell related from unrelated
                shaped.append((i, near_junk))
        at = {i for i, _ in shaped}

        def partners(i: int) -> list[int]:
            """The shaped lines that could make a block with line i: next to it, or two
            lines away with a removed line between. (A kept line between them counts only
            as a candidate, and then it is a shaped line next to i: a partner itself.)"""
            return [j for j in (i - 2, i - 1, i + 1, i + 2) if j in at and (
                abs(i - j) == 1 or content[(i + j) // 2].dropped is not None)]

        lone_limit = min(max_overlap, s["lone_max_overlap"])
        last_prose: list[int] = []

        def prose_after(i: int) -> bool:
            """A kept prose line stands after line i. The lines after the one being judged
            are as they were before this heuristic ran (it removes lines in order), so the
            last kept prose line is looked for once."""
            if not last_prose:
                last_prose.append(next((k for k in range(last, -1, -1)
                                        if content[k].dropped is None
                                        and content[k].is_prose(ctx.prose_min_words)), -1))
            return last_prose[0] > i

        cands: dict[int, float] = {}
        for i, near_junk in shaped:
            ln = content[i]
            limit = max_overlap
            # A line whose partners all came before it and none of them is a candidate is in
            # no block, and its own candidacy puts no other line in one (any line it could
            # pair with or stand between is such a partner): it can only go as a lone
            # headline, so its overlap is needed only if it is placed like one, and only up
            # to lone_max_overlap.
            if not any(j > i or j in cands for j in partners(i)):
                if zone.get(ln.no) != "tail" or ln.text.rstrip().endswith(
                        ("?", "!")) or prose_after(i):
                    continue
                limit = lone_limit
            # Next to removed junk, a widget's own teasers share words with each other, so
            # only the article's prose counts; elsewhere any other line's words count.
            ov = ctx.overlap(ln.text, prose_only=near_junk, at_most=limit)
            if ov is not None and ov <= limit:
                cands[i] = ov
        for i, ov in cands.items():
            block = _in_block(i, cands, content)
            if not block:
                # alone: only in the tail after the last paragraph, sharing nothing, and not
                # a question or exclamation (a subheading is followed by its paragraph)
                lone_ok = (ctx.zone_of(content[i]) == "tail" and ov <= s["lone_max_overlap"]
                           and not content[i].text.rstrip().endswith(("?", "!"))
                           and not prose_after(i))
                if not lone_ok:
                    continue
            ln = content[i]
            where = ctx.zone_of(ln) or "next to removed lines"
            kind = "in a block of headlines" if block else "alone"
            ctx.doc.drop(ln, self.id, f"headline-shaped, {kind}, {ov:.0%} of its words in the "
                                      f"article ({where})")


def title_case_share(text: str, min_letters: int) -> float:
    """Share of the words of `min_letters` or more letters that start with a capital."""
    # (a word has at most len(w) letters, and exactly that many when it is all letters)
    long = [w for w in text.split() if len(w) >= min_letters and (
        w.isalpha() or sum(map(str.isalpha, w)) >= min_letters)]
    if not long:
        return 0.0
    return sum(w.lstrip(OPENERS)[:1].isupper() for w in long) / len(long)


class RelatedList(Heuristic):
    """A short list of headlines after the article's last paragraph: the "more on this"
    links a publisher appends, either bulleted in Title Case or filed under one section
    ("Design Week 2018 | ..."). Lists inside an article are in sentence case, sit between
    paragraphs, or run longer than a handful of links."""

    id = "related-list"
    summary = "A bulleted list of Title Case headlines in the tail: links to other stories."
    tags = ("related", "headline")
    shape_based = True

    def run(self, ctx: DocContext) -> None:
        s = self.settings
        block: list = []
        kind = None
        first = ctx.first_content()
        # the headline's own section ("Design Week 2018 | Our story") marks a single link too
        title_kind = self._item(first.text) if first is not None else None
        content, zone = ctx.content, ctx.zone
        tail = {no for no, z in zone.items() if z == "tail"}
        # only a tail line is an item: before the first one no block can start
        start = next((i for i, ln in enumerate(content) if ln.no in tail), len(content))
        for ln in [*content[start:], None]:
            if ln is not None and ln.dropped is not None and block:
                continue  # removed lines do not break a block
            k = None
            # an item is bulleted or filed under a section (see _item); other lines are not
            if ln is not None and ln.no in tail and (
                    " | " in (t := ln.text) or t.lstrip()[:1] in LIST_MARKS):
                k = self._item(t)
            if k is not None and (kind is None or k == kind):
                block.append(ln)
                kind = k
                continue
            if block:  # an empty block is no list, whatever min_items says
                least = 1 if kind == title_kind else s["min_items"]
                if least <= len(block) <= s["max_items"] and first not in block:
                    what = ("bulleted Title Case headlines" if kind == "bullet"
                            else f"headlines filed under '{kind[1]}'")
                    for x in block:
                        ctx.doc.drop(x, self.id, f"one of {len(block)} {what} after the last "
                                                 "paragraph")
            block, kind = ([ln], k) if k is not None else ([], None)

    def _item(self, text: str):
        """"bullet" for a bulleted Title Case headline, ("series", prefix) for a headline
        filed under a section ("Design Week 2018 | ..."), else None."""
        s = text.strip()
        lo, hi = self.settings["min_words"], self.settings["max_words"]
        s_min = self.settings["min_title_case"]
        if s[:1] in LIST_MARKS and s[1:2] == " ":
            body = s[2:].strip()
            if headline_shaped(body, lo, hi) and title_case_share(
                    body, self.settings["title_case_min_letters"]) >= s_min:
                return "bullet"
            return None
        prefix, bar, rest = s.partition(" | ")
        if (bar and 1 <= len(prefix.split()) <= self.settings["section_max_words"]
                and headline_shaped(rest, lo, hi)):
            return ("series", prefix.strip().lower())
        return None
