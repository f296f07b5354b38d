"""Term swaps and span repairs on kept lines, driven by `swap` and `replace` rules.

Swaps: every alias of every swap rule goes into one Aho-Corasick automaton, so a line is scanned
once whatever the table size. Candidates must sit on Unicode word boundaries (accents are
letters, so nothing is replaced inside "Geschäftsmodell"), must not touch a URL or an email
address, and are chosen leftmost-longest without overlap. "Full Name (ACR)" collapses to the
canonical form, possessives ride along ("...Organisation's" -> "NATO's"), and an ALL-CAPS match
gets an ALL-CAPS canonical form when that differs.

Replace rules are regex substitutions (spacing left by machine translation and the like),
skipped on lines that lack their required literal. The lines a rule may change are found for the
whole document at once (`Replacer.lines_to_check`: its literals looked for in the joined text,
or its regex searched there when that is exact), and only those lines are looked at one by one.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from re import _compiler, _parser
from re import _constants as C

import ahocorasick

from .lexicon import read_list
from .matching import (
    _REPEATS,
    fold,
    fold_odd,
    is_word_char,
    needs_fold,
    parse_regex,
    required_literals,
)
from .rules import Rule, builtin_rules_dir


@functools.cache
def _domains() -> tuple[re.Pattern, tuple[str, ...]]:
    """The protected-span regex, and the ".tld" strings one of which a bare domain holds (its
    cheap pre-check), from the top-level domains of `rules/common/tlds.txt`."""
    tlds = sorted({t.lower() for t in read_list(builtin_rules_dir() / "common" / "tlds.txt")})
    pattern = re.compile(
        r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w.-])[\w-]+(?:\.[\w-]+)*"
        rf"\.(?:{'|'.join(map(re.escape, tlds))})\b\S*", re.IGNORECASE)
    return pattern, tuple("." + t for t in tlds)


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, email addresses and domain names, which no rule may rewrite."""
    # Every match contains "://", "@", "www." or a listed top-level domain; a line without them
    # has no spans, and skipping the regex there saves its scan on nearly every line.
    pattern, dot_tlds = _domains()
    if "://" not in text and "@" not in text:
        low = text.lower()
        if "www." not in low and not any(t in low for t in dot_tlds):
            return []
    return [m.span() for m in pattern.finditer(text)]


_NON_SPACE = re.compile(r"\S*")
_UP_TO_LAST_SPACE = re.compile(r"[\s\S]*\s")


def _touches_protected(text: str, a: int, b: int) -> bool:
    """True when text[a:b] overlaps a URL, an email address or a domain name of `text`.

    Those spans never hold whitespace, so only the whitespace-delimited tokens around [a, b)
    can hold one that overlaps it, and scanning just them finds the same spans: a long line
    (a whole page on one line) is not scanned again for every edit."""
    return _Protection(text).touches(a, b)


_SPACE = re.compile(r"\s")


def _stretch_start(text: str, a: int) -> int:
    """Where the whitespace-free stretch before `a` starts: after the last whitespace before
    `a`, or 0."""
    s, size = a, 64
    while s > 0:  # back to the whitespace before a, a growing stretch at a time
        lo = max(0, a - size)
        m = _UP_TO_LAST_SPACE.match(text, lo, a)
        if m:
            return m.end()
        s, size = lo, size * 4
    return s


class _Protection:
    """`_touches_protected` for the edits of one text. The first edit scans just the tokens
    around it. Later ones, which come mostly left to right, reuse the previous edit's stretch
    bounds while no whitespace lies between, and the spans of each stretch are looked for once:
    on a long line without spaces (a page on one line, a comma-separated list) every edit would
    otherwise scan the whole stretch again."""

    def __init__(self, text: str):
        self.text = text
        self.prev = (-1, 0, 1, 0)  # a, its stretch start, b, its stretch end (none yet)
        self.spans: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def touches(self, a: int, b: int) -> bool:
        text = self.text
        pa, ps, pb, pe = self.prev
        if 0 <= pa <= a and not _SPACE.search(text, pa, a):
            s = ps  # no whitespace in between: the same last whitespace before a
        else:
            s = _stretch_start(text, a)
        if pb <= b <= pe:
            e = pe  # text[pb:pe] holds no whitespace, and pe is the first from pb on
        else:
            e = _NON_SPACE.match(text, b).end()
        self.prev = (a, s, b, e)
        spans = self.spans.get((s, e))
        if spans is None:
            spans = self.spans[(s, e)] = _protected(text[s:e])
        return any(a < s + j and s + i < b for i, j in spans)


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
        guard = None
        for end, (length, vals) in self._auto.iter(low):
            start = end - length + 1
            stop = end + 1
            if (start > 0 and is_word_char(text[start - 1])) or (stop < len(text) and is_word_char(text[stop])):
                continue
            found = text[start:stop]
            for alias, rule in vals:
                if self._case_ok(rule, alias, found):
                    break
            else:
                continue
            if guard is None:
                guard = _Protection(text)
            if guard.touches(start, stop):
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


def _may_match_newline(item, flags: int) -> bool:
    """Whether a one-character item (a literal, a class, ".") can match "\\n" under `flags`:
    asked of `re` itself, on the item compiled alone."""
    try:
        sub = _parser.SubPattern(_parser.State(), [item])
        return _compiler.compile(sub, flags).fullmatch("\n") is not None
    except Exception:  # noqa: BLE001 - a private API: when in doubt, it may
        return True


_ONE_CHAR = (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)
_BOUNDARIES = (C.AT_BOUNDARY, C.AT_NON_BOUNDARY)


def _line_local(items, flags: int) -> bool:
    """True when no part of the parsed pattern can consume a newline or needs the edges of the
    string (only \\b and \\B among the anchors). Then every match attempt, lookarounds
    included, goes exactly as far on the lines joined by "\\n" as on the line alone (the
    newline fails where the end of the string failed, and it is no word character for \\b), so
    the lines on which the pattern matches are among those holding a match in the joined text.
    False for anything not understood."""
    for op, av in items:
        if op in _ONE_CHAR:
            if _may_match_newline((op, av), flags):
                return False
        elif op is C.AT:
            if av not in _BOUNDARIES:
                return False
        elif op is C.SUBPATTERN:
            _group, add, rm, sub = av
            if not _line_local(sub, (flags | add) & ~rm):
                return False
        elif op is C.BRANCH:
            if not all(_line_local(b, flags) for b in av[1]):
                return False
        elif op in _REPEATS:
            if not _line_local(av[2], flags):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if not _line_local(av[1], flags):
                return False
        elif op is getattr(C, "ATOMIC_GROUP", None):
            if not _line_local(av, flags):
                return False
        elif op is C.GROUPREF:
            pass  # the text of a group, which holds no newline
        else:
            return False
    return True


def line_local(pattern: re.Pattern) -> bool:
    """See `_line_local`: may the pattern be searched on a whole document to find the lines on
    which it matches?"""
    items = parse_regex(pattern)
    return items is not None and _line_local(items, pattern.flags)


def _lowering_fixed(lit: str) -> bool:
    """True when `lit in text.lower()` (or in `matching.fold(text)`) is `lit in text` for every
    text: each character is its own lower and upper case, and no other character lowers or
    folds to it (the only caseless characters that lowering produces are the combining dot of
    "İ" and the ypogegrammeni "ͅ" folding also gives, both marks; tests/test_normalize_speed.py
    checks this against the Unicode database)."""
    return all(c.lower() == c == c.upper() and unicodedata.category(c)[0] != "M" for c in lit)


def _common_substring(strings) -> str:
    """The longest string that occurs in all of `strings` (the first such, "" if none)."""
    first = min(strings, key=len)
    for size in range(len(first), 0, -1):
        for i in range(len(first) - size + 1):
            sub = first[i:i + size]
            if all(sub in s for s in strings):
                return sub
    return ""


def _pivot(needle: str) -> int:
    """Where in `needle` to look first: at a character outside ASCII when it holds one (a
    typographic quote is rare, and one character is found several times faster than two),
    else -1 (the whole needle is looked for)."""
    for i, c in enumerate(needle):
        if not c.isascii():
            return i
    return -1


def _lines_holding(hay: str, needles: tuple[tuple[str, int], ...], cap: int | None
                   ) -> list[tuple[int, int]] | None:
    """(start, end) offsets of the lines of `hay` that hold one of the `needles` (each with its
    `_pivot`), a line once per needle; None as soon as there are more than `cap` of them."""
    out: list[tuple[int, int]] = []
    for nd, piv in needles:
        if piv < 0:
            pos = hay.find(nd)
        else:
            c = nd[piv]
            pos = hay.find(c, piv)
            while pos != -1 and not hay.startswith(nd, pos - piv):
                pos = hay.find(c, pos + 1)
            pos = pos - piv if pos != -1 else -1
        while pos != -1:
            start = hay.rfind("\n", 0, pos) + 1
            end = hay.find("\n", pos)
            if end == -1:
                end = len(hay)
            out.append((start, end))
            if cap is not None and len(out) > cap:
                return None
            if piv < 0:
                pos = hay.find(nd, end)
            else:
                pos = hay.find(c, end + piv)
                while pos != -1 and not hay.startswith(nd, pos - piv):
                    pos = hay.find(c, pos + 1)
                pos = pos - piv if pos != -1 else -1
    return out


# A line-local regex is searched on the whole document rather than on each line holding its
# literal when there are more such lines than one per this many characters.
CHARS_PER_LINE_SEARCH = 1000
# One character is first counted in the document's start, to skip finding its lines at all.
_START = re.Match.start
PROBE_CHARS = 4000
PROBE_HITS = PROBE_CHARS // CHARS_PER_LINE_SEARCH


class Replacer:
    """Replace rules, each with its literal prefilter."""

    def __init__(self, rules: list[Rule]):
        self.rules = []
        for r in rules:
            if r.kind == "replace" and r.pattern is not None:
                self.rules.append((r, required_literals(r.pattern, min_len=1)))
        # literals are folded (`matching.fold`): a text holding one of these is folded, not
        # just lowered, before they are looked for
        self._odd = fold_odd([lit for _r, lits in self.rules for lit in lits or ()])
        self._expanded: dict[tuple, str] = {}
        # Per rule: may its literals be looked for without lowering the text (`raw`); a
        # character outside ASCII all its literals hold, which `apply` looks for first (at
        # once, where a long line has none); and what `lines_to_check` does: (regex, the
        # strings a line must hold for it to fire or None for any line, may the regex be
        # searched on the whole document (`line_local`), raw, a one-character needle counted
        # first in the document's start). A literal with a newline is in no line; the
        # literals' common part, when they have one, is looked for instead of each of them
        # ("! ”", "? ”", ... all hold " ”").
        self._raw_lits: list[bool] = []
        self._gates: list[str | None] = []
        self._plans = []
        for r, lits in self.rules:
            raw = lits is not None and all(map(_lowering_fixed, lits))
            common = _common_substring(sorted(lits)) if lits else ""
            piv = _pivot(common)
            self._raw_lits.append(raw)
            self._gates.append(common[piv] if raw and common and piv >= 0 else None)
            needles = None
            if lits is not None and "" not in lits:
                in_line = sorted(lit for lit in lits if "\n" not in lit)
                if len(in_line) != len(lits):
                    common = _common_substring(in_line) if in_line else ""
                needles = tuple((nd, _pivot(nd)) for nd in ((common,) if common else in_line))
            local = line_local(r.pattern)
            probe = (needles[0][0] if local and needles is not None and len(needles) == 1
                     and len(needles[0][0]) == 1 else None)
            self._plans.append((r.pattern, needles, local, raw, probe))

    def lines_to_check(self, joined: str) -> set[int] | None:
        """Indices of the lines of `joined` (lines joined by newlines) on which some rule may
        change something (a superset), or None for all of them.

        A rule changes a line only where the line holds one of its literals and its regex
        matches there (`apply`). So the candidates are looked for by literal, in the whole
        document at once, and only those on which the regex matches are kept. Where a literal
        is frequent, a line-local regex (`_line_local`) is instead searched once on the joined
        lines: every line on which it matches holds one of the hits. A rule without literals
        needs a line-local regex, or every line is a candidate."""
        low = None
        hits: list[int] = []  # offsets in `joined`, each inside a candidate line
        cap_local = len(joined) // CHARS_PER_LINE_SEARCH + 8
        for pattern, needles, local, raw, probe in self._plans:
            if needles is not None:
                if raw:
                    hay = joined
                else:
                    if low is None:
                        low = fold(joined) if needs_fold(joined, self._odd) else joined.lower()
                        if len(low) != len(joined):
                            return None  # "İ" lowers to two characters: offsets do not map
                    hay = low
                # a frequent character (","), seen in the first stretch, is not looked for
                if probe is None or hay.count(probe, 0, PROBE_CHARS) <= PROBE_HITS:
                    found = _lines_holding(hay, needles, cap_local if local else None)
                    if found is not None:
                        search = pattern.search
                        hits += [s for s, e in set(found) if search(joined[s:e])]
                        continue
            elif not local:
                return None
            hits += map(_START, pattern.finditer(joined))
        if not hits:
            return set()
        out: set[int] = set()
        line = last = 0
        for pos in sorted(hits):
            line += joined.count("\n", last, pos)
            last = pos
            out.add(line)
        return out

    def _expand(self, k: int, m: re.Match) -> str:
        """`m.expand` of rule k's replacement, which depends only on the match's groups: kept,
        since the stdlib parses the template again on every call."""
        key = (k, m.group(0), m.groups())
        new = self._expanded.get(key)
        if new is None:
            if len(self._expanded) >= 4096:
                self._expanded.clear()
            new = self._expanded[key] = m.expand(self.rules[k][0].replacement)
        return new

    def apply(self, text: str) -> tuple[str, list[tuple[str, str, Rule]]]:
        """Run every rule in order; return the new text and (before, after, rule) per edit."""
        done: list[tuple[str, str, Rule]] = []
        low = None
        for k, (rule, lits) in enumerate(self.rules):
            if self._raw_lits[k]:  # as below (`_lowering_fixed`), without lowering the text
                gate = self._gates[k]
                if (gate is not None and gate not in text) or not any(lit in text for lit in lits):
                    continue
            elif lits is not None:
                if low is None:
                    low = fold(text) if needs_fold(text, self._odd) else text.lower()
                if not any(lit in low for lit in lits):
                    continue
            pieces: list[str] = []
            pos = 0
            guard = None  # made at the first match (most lines have none)
            for m in rule.pattern.finditer(text):
                a, b = m.span()
                if guard is None:
                    guard = _Protection(text)
                if guard.touches(a, b):
                    continue
                new = self._expand(k, m)
                if new == m.group(0):
                    continue
                pieces.append(text[pos:a])
                pieces.append(new)
                pos = b
                done.append((m.group(0), new, rule))
            if pieces:
                pieces.append(text[pos:])
                text = "".join(pieces)
                low = None
        return text, done


def apply_edits(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
