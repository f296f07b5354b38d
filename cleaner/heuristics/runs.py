"""Junk runs: a few short lines wedged between removed lines, sharing little with the article.

Widgets come as runs (headline, teaser, separator, headline, teaser, ...); once most of a
run is gone, the odd teaser pair or "Sorry!" left between removed lines belongs to the same
run. Real paragraphs share the article's vocabulary, so the overlap bound keeps them.
"""
from __future__ import annotations

from itertools import compress

from .base import DocContext, Heuristic


class JunkRun(Heuristic):
    id = "junk-run"
    summary = "Short lines between removed lines that share few words with the article."
    tags = ("run",)
    shape_based = True

    def run(self, ctx: DocContext) -> None:
        for _ in range(self.settings["passes"]):
            if not self._pass(ctx):
                break
        self._orphan_header(ctx)

    def _orphan_header(self, ctx: DocContext) -> None:
        """A short heading whose every following line was removed heads nothing of the
        article: it is the title of the junk block below it ("Something to Consider")."""
        content = ctx.textual
        # the last kept line, and whether another kept line stands before it
        last = next((i for i in range(len(content) - 1, -1, -1)
                     if content[i].dropped is None), None)
        if last is None or last == len(content) - 1 or all(
                x.dropped is not None for x in content[:last]):
            return  # the text ends with a kept line
        ln = content[last]
        if (ln is not ctx.first_content() and any(c.isalpha() for c in ln.text)
                and ln.n_words <= self.settings["header_max_words"]
                and not ln.sentence_end and not ln.text.rstrip().endswith(("?", "!"))):
            ctx.doc.drop(ln, self.id, "a heading followed only by removed lines")

    def _pass(self, ctx: DocContext) -> bool:
        s = self.settings
        max_group, max_words, max_overlap = s["max_group"], s["max_words"], s["max_overlap"]
        lone_max_words, min_body_words = s["lone_max_words"], s["min_body_words"]
        content = ctx.textual
        n = len(content)
        first = ctx.first_content()
        # The lines removed when the pass begins: it removes only the lines of the group it
        # judges and then moves past them, so every line it reads later is as it was.
        removed = [ln.dropped is not None for ln in content]
        changed = False
        i = 1
        # a group starts right after a removed line
        for k in compress(range(n - 1), removed):
            if k + 1 < i or removed[k + 1]:
                continue
            # a group: up to max_group kept lines, removed lines on both sides
            i = j = k + 1
            while j < n and not removed[j] and j - i < max_group:
                j += 1
            group = content[i:j]
            closed = j < n and removed[j]
            # at the very end of the text, only lines that do not end like sentences (a
            # widget's last headline and teaser), never a closing sentence of the article
            at_end = j == n and not any(ln.sentence_end for ln in group)
            if ((closed or at_end) and first not in group
                    and all(ln.n_words <= max_words for ln in group)
                    # a sentence is judged against the article only when there is enough of it
                    and (not any(ln.sentence_end for ln in group)
                         or ctx.body_size_at_least(min_body_words))):
                text = " ".join(ln.text for ln in group)
                # (a share above max_overlap may come back inexact: it keeps the group anyway)
                ov = ctx.overlap(text, prose_only=True, at_most=max_overlap)
                if ov is None and (len(group) > 1 or group[0].n_words > lone_max_words):
                    ov = 1.0  # too few words to judge a longer group: keep it
                if ov is None or ov <= max_overlap:
                    share = "too few words to compare" if ov is None else f"{ov:.0%} shared"
                    after = f"{content[j].no}" if closed else "the end"
                    for ln in group:
                        ctx.doc.drop(ln, self.id, f"between removed line {content[k].no} "
                                                  f"and {after}; {share} with the article")
                    changed = True
            i = j + 1
        return changed
