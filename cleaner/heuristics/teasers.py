"""Inline teasers in capitals: "SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'".

Some publishers drop links to other stories between paragraphs, set in capitals. A line
written entirely in capitals, long enough to be a headline and not ending like a sentence,
is such a link; capital subheads ("HOW TO USE A WATER BATH CANNER") are below the word
threshold, and table rows (with "|") are not lines of prose.
Scripts without letter case never qualify, and markdown headings ("## ...") are structure.
"""
from __future__ import annotations

import functools
import re
import sys
import unicodedata

from .base import DocContext, Heuristic


def _capitals(text: str, share: float) -> bool:
    """Written in capitals: at least `share` of the letters are capitals (the rest have no
    case), one at least, and none is lower case. (str.isupper alone is true of Korean text
    with one Latin acronym in it.)"""
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper > 0 and upper >= share * len(letters) and not any(c.islower() for c in letters)


def odd_cased() -> str:
    """The characters that make `str.isupper()` false without being lower-case letters: titlecase
    letters ('ǅ') and lower-case non-letters ('ⅰ', 'ⓐ'). ("A" + c).isupper() is false exactly
    when c is lower or title case, as CPython's isupper defines them."""
    return "".join(c for c in map(chr, range(sys.maxunicode + 1))
                   if not ("A" + c).isupper() and not (c.isalpha() and c.islower()))


@functools.cache
def _odd() -> re.Pattern:
    """A class of the `odd_cased()` characters: listed for the Unicode database of Python 3.11
    (a test checks it); another Python computes it, a tenth of a second, on first use rather
    than when the module is imported."""
    if unicodedata.unidata_version == "14.0.0":
        return re.compile("[\u01c5\u01c8\u01cb\u01f2\u0345\u1f88-\u1f8f\u1f98-\u1f9f"
                          "\u1fa8-\u1faf\u1fbc\u1fcc\u1ffc\u2170-\u217f\u24d0-\u24e9]")
    return re.compile("[" + re.escape(odd_cased()) + "]")  # pragma: no cover - the interpreter


def maybe_capitals(text: str) -> bool:
    """False only where `_capitals(text, share)` is false, at C speed. `_capitals` wants an
    upper-case letter and no lower-case one, so `str.isupper()` holds unless a character that is lower or
    title case without being a lower-case letter is present; none of those is ASCII."""
    return text.isupper() or (not text.isascii() and _odd().search(text) is not None)


class CapsTeaser(Heuristic):
    id = "caps-teaser"
    summary = "Lines in capitals with a headline's length: links to other stories."
    tags = ("related", "headline")
    shape_based = True

    def run(self, ctx: DocContext) -> None:
        first = ctx.first_content()
        min_words = self.settings["min_words"]
        share, max_digit_words = self.settings["min_capitals_share"], self.settings["max_digit_words"]
        for ln in ctx.content:
            # the cheap tests first; the order does not matter, each one only skips
            if ln.n_words < min_words or ln.sentence_end or not maybe_capitals(ln.text):
                continue
            if ln.dropped is not None or ln is first:
                continue
            text = ln.text.lstrip()
            if "|" in text or text.startswith("#") or not _capitals(text, share):
                continue
            if sum(any(c.isdigit() for c in w) for w in ln.text.split()) > max_digit_words:
                continue  # a table row in capitals, not a teaser
            ctx.doc.drop(ln, self.id, f"{ln.n_words} words in capitals with no sentence ending")
