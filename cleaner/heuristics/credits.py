"""Photo credits: standalone credit lines, and captions that end in a credit.

Structural shapes live here; the agency names are data (`rules/common/agencies.txt`).
"""
from __future__ import annotations

import re

from ..document import ends_like_sentence
from .base import DocContext, ShapeHeuristic

_NAMEISH = r"[A-Z][\w.'’-]*"
_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class CreditShapes:
    """The credit shapes, with the agency gazetteer compiled in. Built once per Cleaner."""

    def __init__(self, agencies: tuple[str, ...], photo_words: tuple[str, ...]):
        alts = sorted(agencies, key=len, reverse=True)
        agency = "(?:" + "|".join(re.escape(a) for a in alts) + ")" if alts else r"(?!x)x"
        words = sorted(photo_words, key=len, reverse=True)
        photo_word = "(?:" + "|".join(re.escape(w) for w in words) + ")" if words else r"(?!x)x"
        self.agency = re.compile(rf"(?<!\w){agency}(?!\w)")
        self.agency_last_words = {a.split()[-1].split("/")[-1] for a in alts}
        # "(Jane Roe / Reuters)", "(AP Photo/Evan Vucci)", "(Photo: Jane Roe)", "(Getty Images)"
        self.tail_paren = re.compile(
            rf"\s*\((?:{photo_word}\b[^()]{{0,80}}|{_NAMEISH}[^()/]{{0,60}}\s?/\s?[A-Z][^()/]{{1,60}}"
            rf"|[^()]{{0,40}}(?<!\w){agency}(?!\w)[^()]{{0,40}})\)\s*$")
        # "... in New York.Reuters", "... in Brussels | AFP", "..., photos © Jane Roe, 2018"
        self.tail_glued = re.compile(
            rf"(?:(?:(?<=\.)\s?|\s[|–—]\s*){agency}(?:\s*/\s*[^/]{{2,40}})?"
            rf"|[\s,;]\s*(?i:{photo_word})\s*(?::|©|\(c\))\s*[^.]{{2,60}})\s*$")
        self.standalone = re.compile(
            rf"^\(?\s*(?:{photo_word}\s*(?:by|credit|courtesy(?: of)?)?\s*[:|/]?\s*[^.]{{0,80}}"
            rf"|{agency}(?:\s+(?:photo|images?|via\s+.{{2,30}}))?(?:\s*/\s*[^/]{{2,40}})?"
            rf"|{_NAMEISH}(?:\s{_NAMEISH}){{0,4}}\s?/\s?{agency}.{{0,30}})\s*\)?$",
            re.IGNORECASE)
        self._photo_words = tuple(photo_words)
        self._short_group = 80 + max(map(len, agencies), default=0)  # third branch, at most
        self._stable_agencies = tuple(a for a in agencies if a.lower() == a)
        self._paren_free = not any("(" in x or ")" in x for x in tuple(agencies) + tuple(photo_words))

    def trailing_credit(self, text: str) -> re.Match | None:
        s = text.rstrip()
        if not s.endswith(")"):
            return None
        start = 0
        if self._paren_free:
            # No word of the lists holds a bracket, so a match is "(", a group without
            # brackets, and the final ")": its "(" is the last one, and it starts at the
            # white space right before that "(" (no need to search the text before).
            opening = s.rfind("(")
            if opening < 0 or not self._group_may_credit(s[opening + 1:-1]):
                return None
            start = len(s[:opening].rstrip())
        m = self.tail_paren.search(text, start)
        if m and m.start() > 0:
            return m
        return None

    def _group_may_credit(self, group: str) -> bool:
        """False only where no branch of `tail_paren` can match the last bracket group: the
        first starts with a photo word, the second with a capital and holds a "/", the third
        is short and holds an agency."""
        if ")" in group:
            return False
        if group.startswith(self._photo_words) or (group[:1] in _ASCII_UPPER and "/" in group):
            return True
        # An agency with a character that lower() changes cannot stand in a group lower()
        # leaves unchanged; the others are looked for one by one.
        return len(group) <= self._short_group and (
            group.lower() != group or any(a in group for a in self._stable_agencies))

    def glued_credit(self, text: str) -> re.Match | None:
        tail = text.rstrip()[-100:]
        # cheap evidence first: a copyright sign, a colon, an "Agency/Name" slash near the end,
        # or an agency's last word at the very end
        last = re.split(r"[\s.|/]", tail)[-1]
        if ("©" not in tail and ":" not in tail and "/" not in tail[-45:]
                and last not in self.agency_last_words):
            return None
        m = self.tail_glued.search(tail)
        return m if m and m.start() + len(text.rstrip()) - len(tail) > 0 else None

    def strip(self, text: str) -> str:
        """The text without a trailing credit (used to compare caption copies)."""
        m = self.trailing_credit(text)
        return text[: m.start()] if m else text

    def is_standalone(self, text: str) -> bool:
        s = text.strip()
        if not s or len(s.split()) > 14 or ends_like_sentence(s.rstrip(")")):
            return False
        if not self.standalone.match(s):
            return False
        # A photo word alone ("Photos") is a gallery label, not evidence; need a name or agency.
        return bool(self.agency.search(s)) or bool(re.search(r"[:/|]|\bby\b", s, re.IGNORECASE))


class PhotoCredit(ShapeHeuristic):
    id = "photo-credit"
    summary = "Standalone photo credits, and caption lines that end in a photo credit."
    tags = ("credit", "caption")

    def run(self, ctx: DocContext) -> None:
        first = ctx.first_content()
        for ln in ctx.content:
            if ln.dropped is not None or ln is first:
                continue
            if ln.n_words > self.settings["caption_max_words"]:
                continue
            text = ln.text.strip()
            if ln.n_words <= 14 and self.shapes.is_standalone(text):
                ctx.doc.drop(ln, self.id, "a photo credit on its own line")
                continue
            m = self.shapes.trailing_credit(text) or self.shapes.glued_credit(text)
            if m:
                ctx.doc.drop(ln, self.id, f"a caption ending in the credit {m.group(0).strip()!r}")
