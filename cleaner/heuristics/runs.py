"""Junk runs: a few short lines wedged between removed lines, sharing little with the article.

Widgets come as runs (headline, teaser, separator, headline, teaser, ...); once most of a
run is gone, the odd teaser pair or "Sorry!" left between removed lines belongs to the same
run. Real paragraphs share the article's vocabulary, so the overlap bound keeps them.
"""
from __future__ import annotations

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
        content = ctx.textual
        first = ctx.first_content()
        changed = False
        i = 1
        while i < len(content):
            # a group: up to max_group kept lines, removed lines on both sides
            if content[i].dropped is not None or content[i - 1].dropped is None:
                i += 1
                continue
            j = i
            while j < len(content) and content[j].dropped is None and j - i < s["max_group"]:
                j += 1
            group = content[i:j]
            closed = j < len(content) and content[j].dropped is not None
            # at the very end of the text, only lines that do not end like sentences (a
            # widget's last headline and teaser), never a closing sentence of the article
            at_end = j == len(content) and not any(ln.sentence_end for ln in group)
            if ((closed or at_end) and first not in group
                    and all(ln.n_words <= s["max_words"] for ln in group)):
                text = " ".join(ln.text for ln in group)
                ov = ctx.overlap(text, prose_only=True)
                if ov is None and (len(group) > 1 or group[0].n_words > 3):
                    ov = 1.0  # too few words to judge a longer group: keep it
                if ov is None or ov <= s["max_overlap"]:
                    share = "too few words to compare" if ov is None else f"{ov:.0%} shared"
                    after = f"{content[j].no}" if closed else "the end"
                    for ln in group:
                        ctx.doc.drop(ln, self.id, f"between removed line {content[i - 1].no} "
                                                  f"and {after}; {share} with the article")
                    changed = True
            i = j + 1
        return changed
