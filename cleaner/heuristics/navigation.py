"""Navigation runs: menus and link lists, left when a whole page is turned into text.

A menu is a run of many consecutive short lines ("Home", "Politics", "Contact Us"), none of
them a sentence. Lists inside articles are shorter, bulleted, numbered, tabular or carry
figures ("2 cups flour"), so those lines break a run.
"""
from __future__ import annotations

from .base import LIST_MARKS, DocContext, Heuristic


def _nav_item(text: str, max_words: int) -> bool:
    s = text.strip()
    if not s or len(s.split()) > max_words or s[0].isdigit() or s[0] in LIST_MARKS or "|" in s:
        return False  # numbered, bulleted and table lines are the article's own lists
    if s.rstrip("\"'”’»)]").endswith((".", "!", "?", ":", ";", ",")):
        return False
    return s[0].isupper()  # "%165 votes" and lowercase list items are not menu entries


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
            # n_words is len(text.split()): a longer line is no item, as _nav_item would say
            if ln.n_words <= max_words and ln is not first and _nav_item(ln.text, max_words):
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
