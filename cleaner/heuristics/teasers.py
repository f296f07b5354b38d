"""Inline teasers in capitals: "SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'".

Some publishers drop links to other stories between paragraphs, set in capitals. A line
written entirely in capitals, long enough to be a headline and not ending like a sentence,
is such a link; capital subheads ("HOW TO USE A WATER BATH CANNER") are below the word
threshold, and table rows (with "|") are not lines of prose.
Scripts without letter case never qualify, and markdown headings ("## ...") are structure.
"""
from __future__ import annotations

from .base import DocContext, Heuristic


def _capitals(text: str) -> bool:
    """Written in capitals: most letters are cased and none is lower case. (str.isupper alone
    is true of Korean text with one Latin acronym in it.)"""
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return bool(letters) and upper >= 0.8 * len(letters) and not any(c.islower() for c in letters)


class CapsTeaser(Heuristic):
    id = "caps-teaser"
    summary = "Lines in capitals with a headline's length: links to other stories."
    tags = ("related", "headline")
    shape_based = True

    def run(self, ctx: DocContext) -> None:
        first = ctx.first_content()
        min_words = self.settings["min_words"]
        for ln in ctx.content:
            if ln.dropped is not None or ln is first or ln.n_words < min_words:
                continue
            text = ln.text.lstrip()
            if ln.sentence_end or "|" in text or text.startswith("#") or not _capitals(text):
                continue
            if sum(any(c.isdigit() for c in w) for w in ln.text.split()) >= 2:
                continue  # a table row in capitals, not a teaser
            ctx.doc.drop(ln, self.id, f"{ln.n_words} words in capitals with no sentence ending")
