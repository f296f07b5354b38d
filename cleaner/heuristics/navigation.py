"""Navigation runs: menus and link lists, left when a whole page is turned into text.

A menu is a run of many consecutive short lines ("Home", "Politics", "Contact Us"), none of
them a sentence. Lists inside articles are shorter, bulleted, numbered, tabular or carry
figures ("2 cups flour"), so those lines break a run.
"""
from __future__ import annotations

from ..document import CLOSERS
from .base import DocContext, Heuristic


def _nav_item(text: str) -> bool:
    """A menu entry's shape, word count aside (the caller checks that)."""
    s = text.strip()
    # "%165 votes" and lowercase list items are not menu entries; a capital is neither a
    # digit nor a list mark, so numbered and bulleted lines (the article's own lists) fail
    # here too
    if not s[:1].isupper() or "|" in s:  # nor are table lines
        return False
    return not s.rstrip(CLOSERS).endswith((".", "!", "?", ":", ";", ","))


class NavigationRun(Heuristic):
    id = "navigation-run"
    summary = "Runs of many short non-sentence lines: menus and link lists of a whole page."
    tags = ("navigation",)
    shape_based = True

    def run(self, ctx: DocContext) -> None:
        s = self.settings
        max_words, min_lines = s["max_words"], s["min_lines"]
        first = ctx.first_content()
        run: list = []
        for ln in ctx.content:
            if ln.dropped is not None:
                continue  # removed lines neither extend nor break a run
            if ln.n_words <= max_words and ln is not first and _nav_item(ln.text):
                run.append(ln)
                continue
            if run:
                self._end(ctx, run, min_lines)
                run = []
        self._end(ctx, run, min_lines)

    def _end(self, ctx: DocContext, run: list, min_lines: int) -> None:
        if len(run) >= min_lines:
            for x in run:
                ctx.doc.drop(x, self.id, f"one of {len(run)} short lines in a row (a menu)")
