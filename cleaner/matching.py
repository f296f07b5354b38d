"""The multi-pattern engine: which drop rules match which lines, in one pass per document.

Cost stays nearly flat in the number of rules:
- whole-line phrases are one dict lookup per line (on a normalized key);
- line-start phrases are one dict lookup on the line's first word, then `startswith`;
- regexes are only run on lines that contain one of their required literals, found for all
  rules at once by an Aho-Corasick automaton (pyahocorasick) over the document. Confirmation
  uses Python `re` itself, so the rule file's `re` semantics hold exactly; a regex with no
  usable literal runs on every line (`clean rules check` reports those).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from re import _constants as C
from re import _parser

import ahocorasick

from .rules import Rule

BULLETS = " \t-–—•*·▪►>|"
# the first word after any leading bullets (no copy of the rest of the line)
_FIRST_WORD = re.compile(f"[{re.escape(BULLETS)}]*(\\S+)")
MIN_LITERAL = 3
_REPEATS = tuple(getattr(C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(C, n))


def lead_key(text: str) -> str:
    """Case-folded, whitespace-collapsed, leading bullets removed: the key for start phrases."""
    return " ".join(text.lower().split()).lstrip(BULLETS)


def line_key(text: str) -> str:
    """`lead_key` without edge punctuation (anything but letters and digits, as `[\\W_]`):
    the key for whole-line phrases."""
    k = lead_key(text)
    i, j = 0, len(k)
    while i < j and not k[i].isalnum():
        i += 1
    while j > i and not k[j - 1].isalnum():
        j -= 1
    return k[i:j]


# ---------------------------------------------------------------------------------------------
# Required literals of a regex


def parse_regex(pattern: re.Pattern) -> list | None:
    """The stdlib parser's item list for a compiled pattern (what literal extraction and the
    backtracking lint walk), or None if it cannot be parsed again."""
    try:
        return list(_parser.parse(pattern.pattern, pattern.flags))
    except re.error:  # pragma: no cover - it compiled once already
        return None


def required_literals(pattern: re.Pattern, min_len: int = MIN_LITERAL) -> set[str] | None:
    """A set of lowercase strings one of which occurs in every match, or None if unknown.

    >>> sorted(required_literals(re.compile(r"^(?:read|see) more\\b")))
    [' more']
    >>> sorted(required_literals(re.compile(r"^(reporting|editing) by")))
    ['editing by', 'reporting by']
    >>> required_literals(re.compile(r"\\w+ \\d+")) is None
    True
    """
    items = parse_regex(pattern)
    if items is None:
        return None

    def usable(lits: set[str]) -> bool:
        # a short literal still filters well when it is a rare symbol ("@", "©"), not a letter
        return all(len(s) >= min_len or not (s.isalnum() or s.isspace() or s in ".,-")
                   for s in lits)

    lits = _seq_literals(items, usable)
    return {s.lower() for s in lits} if lits else None


def _seq_literals(items, usable) -> set[str] | None:
    """Best usable literal set for a sequence of parsed items: the longest run of plain
    characters, or the best set inside a required sub-item (group, branch, repeat with
    min >= 1)."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def flush():
        if run:
            candidates.append({"".join(run)})
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        # a group or branch ends the run, but each alternative may still extend it; keep simple
        flush()
        if op is C.SUBPATTERN:
            sub = _seq_literals(list(av[-1]), usable)
            if sub:
                candidates.append(sub)
        elif op is C.BRANCH:
            branches = [_seq_literals(list(b), usable) for b in av[1]]
            if all(branches):
                candidates.append(set().union(*branches))
        elif op in _REPEATS:
            lo, _hi, sub = av
            if lo >= 1:
                s = _seq_literals(list(sub), usable)
                if s:
                    candidates.append(s)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            s = _seq_literals(list(av), usable)
            if s:
                candidates.append(s)
    flush()
    candidates = [c for c in candidates if usable(c)]
    if not candidates:
        return None
    # the best set is the one whose shortest member is longest (fewest false candidates)
    return max(candidates, key=lambda s: min(len(x) for x in s))


# ---------------------------------------------------------------------------------------------
# The engine


class DropMatcher:
    """Finds, for each line of a document, the drop rules whose phrases or patterns match."""

    def __init__(self, rules: list[Rule]):
        self.rules = [r for r in rules if r.kind == "drop"]
        self.line_phrases: dict[str, list[Rule]] = defaultdict(list)
        self.start_phrases: dict[str, list[tuple[str, Rule]]] = defaultdict(list)
        self.always: list[tuple[Rule, re.Pattern]] = []  # regexes without a usable literal
        self.unfiltered: list[tuple[Rule, str]] = []  # for `rules check`
        self._regexes: list[tuple[Rule, re.Pattern]] = []
        auto = ahocorasick.Automaton()
        lit_owners: dict[str, list[int]] = defaultdict(list)
        self.max_line_key = 0
        for r in self.rules:
            for ph in r.phrases:
                if r.match == "line":
                    k = line_key(ph)
                    self.line_phrases[k].append(r)
                    self.max_line_key = max(self.max_line_key, len(k))
                elif r.match == "start":
                    k = lead_key(ph)
                    self.start_phrases[k.split(None, 1)[0]].append((k, r))
                else:  # search: a phrase anywhere, on word boundaries
                    pat = re.compile(r"(?<!\w)" + re.escape(ph) + r"(?!\w)",
                                     0 if r.case_sensitive else re.IGNORECASE)
                    self._add_regex(r, pat, lit_owners)
            for pat in r.patterns:
                self._add_regex(r, pat, lit_owners)
        # the longest line any literal-less rule accepts: longer lines skip them all at once
        bounds = [r.max_words for r, _ in self.always]
        self._always_max = max(bounds) if bounds and None not in bounds else float("inf")
        for lit, owners in lit_owners.items():
            auto.add_word(lit, owners)
        self._auto = auto if lit_owners else None
        if self._auto is not None:
            auto.make_automaton()

    def _add_regex(self, rule: Rule, pat: re.Pattern, lit_owners) -> None:
        idx = len(self._regexes)
        self._regexes.append((rule, pat))
        lits = required_literals(pat)
        if lits is None:
            self.always.append((rule, pat))
            self.unfiltered.append((rule, pat.pattern))
        else:
            for lit in lits:
                lit_owners[lit].append(idx)

    @staticmethod
    def _regex_hits(rule: Rule, pat: re.Pattern, text: str) -> bool:
        if rule.match == "line":
            return pat.fullmatch(text.strip(BULLETS) or text.strip()) is not None
        if rule.match == "start":
            return pat.match(text.lstrip(BULLETS)) is not None
        return pat.search(text) is not None

    def match(self, texts: list[str], nwords: list[int] | None = None) -> dict[int, list[Rule]]:
        """Map line index -> matching rules in rule order (blank lines never match)."""
        lowered = [t.lower() for t in texts]
        if nwords is None:
            nwords = [len(t.split()) for t in texts]
        always_max = self._always_max
        hits: dict[int, set[int]] = defaultdict(set)  # line -> rule order numbers (dedupe)
        found: dict[int, list[Rule]] = defaultdict(list)

        def add(i: int, r: Rule) -> None:
            if r.order not in hits[i]:
                hits[i].add(r.order)
                found[i].append(r)

        for i, text in enumerate(texts):
            low = lowered[i]
            first = _FIRST_WORD.match(low)
            if first is None:
                continue  # blank
            if self.line_phrases and len(text) <= self.max_line_key * 2 + 8:
                for r in self.line_phrases.get(line_key(text), ()):
                    add(i, r)
            starts = self.start_phrases.get(first.group(1))
            if starts:
                k = lead_key(low)
                for ph, r in starts:
                    if k.startswith(ph) and (len(k) == len(ph) or not ph[-1].isalnum()
                                             or not k[len(ph)].isalnum()):
                        add(i, r)
            if self.always and nwords[i] <= always_max:
                nw = nwords[i]
                for r, pat in self.always:
                    # word counts first: cheaper than the regex, and they reject most lines
                    if (r.max_words is not None and nw > r.max_words) or (
                            r.min_words is not None and nw < r.min_words):
                        continue
                    if r.accepts(text, None, nw) and self._regex_hits(r, pat, text):
                        add(i, r)
        if self._auto is not None:
            joined = "\n".join(lowered)
            starts, pos = [], 0
            for t in lowered:
                starts.append(pos)
                pos += len(t) + 1
            tried: set[tuple[int, int]] = set()
            for end, owners in self._auto.iter(joined):
                i = bisect_right(starts, end) - 1
                for idx in owners:
                    if (i, idx) in tried:
                        continue
                    tried.add((i, idx))
                    r, pat = self._regexes[idx]
                    nw = nwords[i]
                    if (r.max_words is not None and nw > r.max_words) or (
                            r.min_words is not None and nw < r.min_words):
                        continue  # the shape rules it out; skip the regex
                    if self._regex_hits(r, pat, texts[i]):
                        add(i, r)
        return {i: sorted(rs, key=lambda r: r.order) for i, rs in found.items()}
