"""Junk runs: a short line wedged between removed lines, sharing little with the article.

Widgets come as runs (headline, teaser, separator, headline, ...); once their neighbours are
gone, the odd teaser sentence or "Sorry!" left between them is part of the same run. Real
paragraphs share the article's vocabulary, so the overlap bound keeps them.
"""
from __future__ import annotations

from .base import DocContext, Heuristic


class JunkRun(Heuristic):
    id = "junk-run"
    summary = "Short lines between removed lines that share few words with the article."
    tags = ("run",)

    def run(self, ctx: DocContext) -> None:
        s = self.settings
        content = ctx.content
        first = ctx.first_content()
        for _ in range(s["passes"]):
            changed = False
            for i in range(1, len(content) - 1):
                ln = content[i]
                if ln.dropped is not None or ln is first or ln.n_words > s["max_words"]:
                    continue
                prev, nxt = content[i - 1].dropped, content[i + 1].dropped
                if prev is None or nxt is None:
                    continue
                ov = ctx.overlap(ln.text, prose_only=True)
                if ov is None and ln.n_words > 3:
                    continue
                if ov is None or ov <= s["max_overlap"]:
                    share = "too few words to compare" if ov is None else f"{ov:.0%} shared"
                    ctx.doc.drop(ln, self.id, f"between removed lines {content[i - 1].no} and "
                                              f"{content[i + 1].no}; {share} with the article")
                    changed = True
            if not changed:
                break
