"""Unrelated headlines: recommendation-widget titles left in the head or tail of the text.

A candidate is headline-shaped (a few words, no closing period, starts with a capital or a
digit), stands in the head or tail zone or next to lines already removed, and shares few
content words with the article's own prose. The first line (the article's headline) is never a
candidate: it shares the body's vocabulary and must stay.
"""
from __future__ import annotations

from .base import DocContext, Heuristic


def headline_shaped(text: str, min_words: int, max_words: int) -> bool:
    s = text.strip()
    if not s or s.endswith((".", ",", ";", ":")):
        return False
    n = len(s.split())
    if not min_words <= n <= max_words:
        return False
    c = s.lstrip("\"'“‘([")[:1]
    return c.isupper() or c.isdigit()


class UnrelatedHeadline(Heuristic):
    id = "unrelated-headline"
    summary = "Headline-shaped lines in the head or tail that share few words with the article."
    tags = ("headline", "related")

    def run(self, ctx: DocContext) -> None:
        s = self.settings
        first = ctx.first_content()
        content = ctx.content
        for i, ln in enumerate(content):
            if ln.dropped is not None or ln is first:
                continue
            if not headline_shaped(ln.text, s["min_words"], s["max_words"]):
                continue
            near_junk = (i > 0 and content[i - 1].dropped is not None) or (
                i + 1 < len(content) and content[i + 1].dropped is not None)
            if not (ctx.zone_of(ln) or near_junk):
                continue
            ov = ctx.overlap(ln.text)
            if ov is not None and ov <= s["max_overlap"]:
                where = ctx.zone_of(ln) or "next to removed lines"
                ctx.doc.drop(ln, self.id,
                             f"headline-shaped, {ov:.0%} of its words in the article ({where})")
