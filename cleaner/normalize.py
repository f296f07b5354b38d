"""Term swaps and span repairs on kept lines, driven by `swap` and `replace` rules.

Swaps: every alias of every swap rule goes into one Aho-Corasick automaton, so a line is scanned
once whatever the table size. Candidates must sit on Unicode word boundaries (accents are
letters, so nothing is replaced inside "Geschäftsmodell"), must not touch a URL or an email
address, and are chosen leftmost-longest without overlap. "Full Name (ACR)" collapses to the
canonical form, possessives ride along ("...Organisation's" -> "NATO's"), and an ALL-CAPS match
gets an ALL-CAPS canonical form when that differs.

Replace rules are regex substitutions (spacing left by machine translation and the like),
skipped on lines that lack their required literal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from .matching import lines_containing, required_literals
from .rules import Rule

# Top-level domains that make a bare "example.com" a protected span (one list for the regex
# and for its cheap pre-check).
_TLDS = ("com", "org", "net", "gov", "edu", "info", "io", "co", "uk", "de", "fr")
_PROTECT = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w.-])[\w-]+(?:\.[\w-]+)*"
    rf"\.(?:{'|'.join(_TLDS)})\b\S*", re.IGNORECASE)
_DOT_TLDS = tuple("." + t for t in _TLDS)


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, email addresses and domain names, which no rule may rewrite."""
    # Every match contains "://", "@", "www." or a listed top-level domain; a line without them
    # has no spans, and skipping the regex there saves its scan on nearly every line.
    if "://" not in text and "@" not in text:
        low = text.lower()
        if "www." not in low and not any(t in low for t in _DOT_TLDS):
            return []
    return [m.span() for m in _PROTECT.finditer(text)]


_NON_SPACE = re.compile(r"\S*")
_UP_TO_LAST_SPACE = re.compile(r"[\s\S]*\s")


def _touches_protected(text: str, a: int, b: int) -> bool:
    """True when text[a:b] overlaps a URL, an email address or a domain name of `text`.

    Those spans never hold whitespace, so only the whitespace-delimited tokens around [a, b)
    can hold one that overlaps it, and scanning just them finds the same spans: a long line
    (a whole page on one line) is not scanned again for every edit."""
    e = _NON_SPACE.match(text, b).end()
    s, size = a, 64
    while s > 0:  # back to the whitespace before a, a growing stretch at a time
        lo = max(0, a - size)
        m = _UP_TO_LAST_SPACE.match(text, lo, a)
        if m:
            s = m.end()
            break
        s, size = lo, size * 4
    return any(a < s + j and s + i < b for i, j in _protected(text[s:e]))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _lower_same_length(text: str) -> str:
    """`text.lower()`, one character per character, so offsets map back to `text`."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # Only "İ" lowers to two characters; it stays as it is. The rest is lowered one character
    # at a time (str.lower's only context rule, the final sigma, does not apply then).
    return "\u0130".join(p.replace("Σ", "σ").lower() for p in text.split("\u0130"))


@dataclass(frozen=True)
class Edit:
    """One replacement inside a line."""

    start: int
    end: int
    new: str
    rule: Rule


class SwapTable:
    """All swap rules of a rule set, compiled into one automaton."""

    def __init__(self, rules: list[Rule]):
        self.rules = [r for r in rules if r.kind == "swap"]
        self._auto = None
        self.keys: tuple[str, ...] = ()  # the aliases, lowercased: what a line must hold
        if not self.rules:
            return
        auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, Rule]]] = {}
        for r in self.rules:
            for a in r.aliases:
                entries.setdefault(a.lower(), []).append((a, r))
        self.keys = tuple(entries)
        for key, vals in entries.items():
            auto.add_word(key, (len(key), vals))
        auto.make_automaton()
        self._auto = auto

    @staticmethod
    def _case_ok(rule: Rule, alias: str, found: str) -> bool:
        if found == alias:
            return True
        if rule.case_sensitive:
            return False
        # Default: the alias as written, in ALL CAPS, or in Title Case; not arbitrary case,
        # so "related press releases" is not mistaken for a spun "Related Press".
        return found == alias.upper() or found == alias.title()

    def edits(self, text: str) -> list[Edit]:
        if self._auto is None:
            return []
        low = _lower_same_length(text)
        cands: list[Edit] = []
        for end, (length, vals) in self._auto.iter(low):
            start = end - length + 1
            stop = end + 1
            if (start > 0 and _is_word(text[start - 1])) or (stop < len(text) and _is_word(text[stop])):
                continue
            found = text[start:stop]
            for alias, rule in vals:
                if self._case_ok(rule, alias, found):
                    break
            else:
                continue
            if _touches_protected(text, start, stop):
                continue
            canon = rule.canonical
            if found.isupper() and not canon.isupper() and len(found) > 1:
                canon = canon.upper()
            # "Full Name (CANON)" and "CANON (Full Name)" both collapse to CANON
            tail = f" ({rule.canonical})"
            if text.startswith(tail, stop):
                stop += len(tail)
            head = f"{rule.canonical} ("
            if text.startswith(head, start - len(head)) and text.startswith(")", stop):
                start -= len(head)
                stop += 1
            cands.append(Edit(start, stop, canon, rule))
        cands.sort(key=lambda e: (e.start, -(e.end - e.start)))
        chosen: list[Edit] = []
        last = -1
        for e in cands:
            if e.start >= last:
                chosen.append(e)
                last = e.end
        return chosen


class Replacer:
    """Replace rules, each with its literal prefilter."""

    def __init__(self, rules: list[Rule]):
        self.rules = []
        for r in rules:
            if r.kind == "replace" and r.pattern is not None:
                self.rules.append((r, required_literals(r.pattern, min_len=1)))

    def apply(self, text: str, has_literal: set[int] | None = None
              ) -> tuple[str, list[tuple[str, str, Rule]]]:
        """Run every rule in order; return the new text and (before, after, rule) per edit.
        `has_literal`, when the caller knows it, holds the numbers of the rules whose literal
        the text contains (it holds until a rule rewrites the text)."""
        done: list[tuple[str, str, Rule]] = []
        low = None
        for k, (rule, lits) in enumerate(self.rules):
            if has_literal is not None:
                if k not in has_literal:
                    continue
            elif lits is not None:
                if low is None:
                    low = text.lower()
                if not any(lit in low for lit in lits):
                    continue
            pieces: list[str] = []
            pos = 0
            for m in rule.pattern.finditer(text):
                a, b = m.span()
                if _touches_protected(text, a, b):
                    continue
                new = m.expand(rule.replacement)
                if new == m.group(0):
                    continue
                pieces.append(text[pos:a])
                pieces.append(new)
                pos = b
                done.append((m.group(0), new, rule))
            if pieces:
                pieces.append(text[pos:])
                text = "".join(pieces)
                low = has_literal = None
        return text, done


def lines_to_normalize(texts: list[str], replacer: Replacer, aliased: set[int]
                       ) -> list[tuple[int, set[int] | None, bool]]:
    """The lines a replace or swap rule may change, as (line index, numbers of the replace
    rules whose literal the line holds or None for all, whether it holds a swap alias).
    `aliased` are the lines holding an alias (the drop matcher's scan finds them). The literals
    are looked up in the whole document at once; boundaries and case are checked later, line by
    line, and most lines hold nothing and are never looked at one by one."""
    if any(lits is None for _rule, lits in replacer.rules):
        # a rule without a literal may change any line
        return [(i, None, True) for i in range(len(texts))]
    joined = "\n".join(texts)
    low = joined.lower()  # as lowering line by line: the final-sigma rule stops at "\n"
    if len(low) != len(joined):
        # "İ" lowers to two characters, so offsets past it do not map back: check every line
        return [(i, None, True) for i in range(len(texts))]
    rules: dict[int, set[int]] = {}
    for k, (_rule, lits) in enumerate(replacer.rules):
        for lit in lits:
            for i in lines_containing(low, lit):
                rules.setdefault(i, set()).add(k)
    return [(i, rules.get(i, set()), i in aliased) for i in sorted(rules.keys() | aliased)]


def apply_edits(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
