"""The multi-pattern engine: which drop rules match which lines, in one pass per document.

Cost stays nearly flat in the number of rules:
- whole-line phrases are one dict lookup per line (on a normalized key);
- line-start phrases are one dict lookup on the line's first word, then `startswith`;
- regexes are only run on lines that contain one of their required literals, found for all
  rules at once by one scan of the document (Hyperscan where installed, else an Aho-Corasick
  automaton; `LiteralScan`). Confirmation uses Python `re` itself, so the rule file's `re`
  semantics hold exactly; a regex with no usable literal runs on every line that the joined
  gate of such regexes lets through (`clean rules check` reports them).

For thousands of rules, building this costs most of a second per process (finding each regex's
literals, compiling the scanner); both results are then kept in the disk cache (`cache`).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from re import _constants as C
from re import _parser

import ahocorasick

from . import cache

try:
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform's wheels
    hyperscan = None

from .rules import Rule

# What a rule looks past at the start (and, for match: line, the end) of a line: bullets,
# dashes, quote marks and separators that decorate a junk line ("► Read more", "| Share").
# Not the same set as heuristics.base.LIST_MARKS, the marks of a list the article sets out:
# "—" opens a quoted tweet's attribution, and ">" and "|" are no list items.
BULLETS = " \t-–—•*·▪►>|"
# the first word after any leading bullets (no copy of the rest of the line)
_FIRST_WORD = re.compile(f"[{re.escape(BULLETS)}]*(\\S+)")
MIN_LITERAL = 3
_REPEATS = tuple(getattr(C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(C, n))


def is_word_char(c: str) -> bool:
    """What \\w matches in a str pattern."""
    return c.isalnum() or c == "_"


def lead_key(text: str) -> str:
    """Case-folded, whitespace-collapsed, leading bullets removed: the key for start phrases."""
    return _lead_key_lowered(text.lower())


def _lead_key_lowered(low: str) -> str:
    """`lead_key` of a text already lowered."""
    return " ".join(low.split()).lstrip(BULLETS)


def line_key(text: str) -> str:
    """`lead_key` without edge punctuation (anything but letters and digits, as `[\\W_]`):
    the key for whole-line phrases."""
    return _strip_edges(lead_key(text))


def _strip_edges(k: str) -> str:
    if not k or (k[0].isalnum() and k[-1].isalnum()):
        return k  # nothing to strip (most lines)
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
    """A set of strings, one of which occurs in every match, or None if unknown. The strings
    are folded (`fold`): look for them in folded text.

    >>> sorted(required_literals(re.compile(r"^(?:read|see) more\\b")))
    ['read more', 'see more']
    >>> sorted(required_literals(re.compile(r"(?:©|\\([cC]\\))\\s*\\d{4}")))
    ['(c)', '©']
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
    return {fold(s) for s in lits} if lits else None


# bounds on the finite languages tracked: strings per set, and characters per class or string
MAX_STRINGS = 64
MAX_CLASS = 8
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


def _language(items) -> set[str] | None:
    """Every string a sequence of parsed items can match, when that is a small finite set
    ("[cC]", "/?", "(?:am|pm)"), else None. Anchors and lookarounds match the empty string."""
    out = {""}
    for item in items:
        lang = _item_language(item)
        if lang is None or len(out) * len(lang) > MAX_STRINGS:
            return None
        out = {a + b for a in out for b in lang}
    return out


def _item_language(item) -> set[str] | None:
    op, av = item
    if op is C.LITERAL:
        return {chr(av)}
    if op in _ZERO_WIDTH:
        return {""}
    if op is C.IN:
        if len(av) <= MAX_CLASS and all(o is C.LITERAL for o, _ in av):
            return {chr(v) for _, v in av}
        return None
    if op is C.SUBPATTERN:
        return _language(av[-1])
    if op is C.BRANCH:
        out: set[str] = set()
        for b in av[1]:
            lang = _language(b)
            if lang is None or len(out | lang) > MAX_STRINGS:
                return None
            out |= lang
        return out
    if op in _REPEATS:
        lo, hi, sub = av
        lang = _language(sub)
        if lang is None or hi > 3:
            return None
        out, power = set(), {""}
        for n in range(hi + 1):
            if n >= lo:
                out |= power
            if n < hi:
                power = {a + b for a in power for b in lang}
                if len(power) > MAX_STRINGS:
                    return None
        return out if len(out) <= MAX_STRINGS else None
    return None


def _seq_literals(items, usable) -> set[str] | None:
    """Best usable literal set for a sequence of parsed items: the strings of its longest
    stretch of items with a small finite language ("\\(c\\)" from "\\([cC]\\)", "[/button"
    and "[button" from "\\[/?button"), or the best set inside a required sub-item (group,
    branch, repeat with min >= 1)."""
    candidates: list[set[str]] = []
    run: set[str] = {""}

    def flush():
        nonlocal run
        if "" not in run:
            candidates.append(run)
        run = {""}

    for item in items:
        lang = _item_language(item)
        if lang is not None and len(run) * len(lang) <= MAX_STRINGS:
            run = {a + b for a in run for b in lang}
            continue
        flush()
        if lang is not None:  # too many strings to join the stretch: it starts a new one
            run = lang
            continue
        op, av = item
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


def _hits(mode: str, pat: re.Pattern, text: str) -> bool:
    """Does `pat` match the line the way a rule of this match mode asks?"""
    if mode == "line":
        return pat.fullmatch(text.strip(BULLETS) or text.strip()) is not None
    if mode == "start":
        return pat.match(text.lstrip(BULLETS)) is not None
    return pat.search(text) is not None


MAX_GATE = 32  # literal-less regexes joined into one gate; more would make the gate slow


def _alternation(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One regex matching wherever one of `patterns` matches (each in its own flags), or None
    when they cannot be joined exactly: too many, back-references (group numbers would shift)
    or flags that cannot be scoped (such as an inline global flag)."""
    if len(patterns) > MAX_GATE:
        return None
    parts = []
    for p in patterns:
        items = parse_regex(p)
        if items is None or _has_backref(items) or p.flags & ~(re.IGNORECASE | re.UNICODE):
            return None
        parts.append(f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})")
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


def _has_backref(items) -> bool:
    for op, av in items:
        if op in (C.GROUPREF, C.GROUPREF_EXISTS):
            return True
        for sub in av if isinstance(av, (list, tuple)) else ():
            if isinstance(sub, _parser.SubPattern) and _has_backref(sub):
                return True
            if isinstance(sub, (list, tuple)) and any(
                    isinstance(x, _parser.SubPattern) and _has_backref(x) for x in sub):
                return True
    return False


class LiteralScan:
    """Which of many literal strings each line of a document holds, in one pass over the whole
    document: Hyperscan where it is installed (its literal matching runs at several hundred
    MB/s; here 3.6 ms per MB against pyahocorasick's 20 for the default rules' 700 literals),
    else an Aho-Corasick automaton. Hyperscan reads bytes: lines and literals are both UTF-8
    (lone surrogates passed through), and a literal's bytes occur in a line's bytes exactly
    when the literal occurs in the line, so both engines find the same lines."""

    def __init__(self, values: dict[str, object]):
        self.keys = list(values)
        self.values = [values[k] for k in self.keys]
        self._hs = None
        if hyperscan is not None and self.keys:
            self._hs = _literal_database([_utf8(k) for k in self.keys])
            return
        self._auto = ahocorasick.Automaton()
        for k, v in zip(self.keys, self.values):
            self._auto.add_word(k, v)
        self._auto.make_automaton()

    def lines(self, joined: str):
        """(line index, value) for every occurrence of a literal in `joined` (lines joined by
        newlines), in order (a line comes up once per occurrence)."""
        if self._hs is None:
            line = last = 0
            for end, value in self._auto.iter(joined):  # in order: count newlines as we go
                line += joined.count("\n", last, end)
                last = end
                yield line, value
            return
        data = _utf8(joined)
        hits: list[tuple[int, int]] = []

        def on_match(idx, _start, end, _flags, _ctx):
            hits.append((end, idx))

        self._hs.scan(data, match_event_handler=on_match)
        hits.sort()
        line = last = 0
        values = self.values
        for end, idx in hits:
            line += data.count(b"\n", last, end)
            last = end
            yield line, values[idx]


# Literal sets and scanners this large come from the disk cache (a default rule set has a few
# hundred regexes and under a thousand literals, and never touches it).
CACHE_MIN_REGEXES = 1000
CACHE_MIN_LITERALS = 2000


def _cache_entry(kind: str, *parts: bytes) -> str:
    import platform
    import sys

    # the code, the Python (its Unicode tables fold case) and the engine build the entry
    return cache.digest(kind.encode(), cache.code_digest(), sys.version.encode(),
                        platform.machine().encode(),
                        getattr(hyperscan, "__version__", "").encode(), *parts) + "." + kind


def _literal_database(literals: list[bytes]):
    """A Hyperscan block-mode database that finds the literals (in byte mode: no UTF-8 flag),
    literal i with id i."""
    def compile_them():
        # every byte as \\xHH: a literal in any pattern syntax
        pats = ["".join(f"\\x{b:02x}" for b in lit).encode() for lit in literals]
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(expressions=pats, ids=list(range(len(pats))), elements=len(pats),
                   flags=[0] * len(pats))
        return db

    def read(data: bytes):
        db = hyperscan.loadb(data, hyperscan.HS_MODE_BLOCK)
        db.scratch = hyperscan.Scratch(db)  # compile() makes one; loadb() does not
        return db

    if len(literals) < CACHE_MIN_LITERALS:
        return compile_them()
    import pickle

    return cache.through(_cache_entry("hsdb", pickle.dumps(literals)), compile_them,
                         dump=hyperscan.dumpb, undump=read)


def literals_of(patterns: list[re.Pattern]) -> list[set[str] | None]:
    """`required_literals` of each pattern; from the disk cache for many patterns."""
    if len(patterns) < CACHE_MIN_REGEXES:
        return [required_literals(p) for p in patterns]
    import pickle

    entry = _cache_entry("literals", pickle.dumps([(p.pattern, p.flags) for p in patterns]))
    return cache.through(entry, lambda: [required_literals(p) for p in patterns])


# Case folding for literal lookups. Literals are looked for in lowered text, but
# `re.IGNORECASE` equates more than lower() does, and a literal must find every line its regex
# can match:
# - characters it matches to an ASCII letter though lower() does not give that letter: dotted
#   and dotless i, long s, the Kelvin sign (tests/test_matching.py checks the list);
# - letters lower() keeps apart that it matches to each other (final and other sigma, micro
#   sign and mu, the Greek symbol forms, a few old Cyrillic forms: the stdlib's `re._casefix`).
# `fold` maps the first before lowering and each group of the second to one of its letters
# after, so characters `re.IGNORECASE` equates fold to the same character, one for one (the
# final-sigma rule of lower() no longer matters). Literals are folded the same way.
IGNORECASE_ODD = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_PRE_FOLD = str.maketrans(IGNORECASE_ODD)


def _case_groups() -> dict[str, str]:
    """Each letter of a `re._casefix` group outside ASCII -> the group's first letter."""
    try:
        from re._casefix import _EXTRA_CASES
    except ImportError:  # pragma: no cover - the stdlib's private table moved
        return {}
    groups: list[set[str]] = []
    for key, others in _EXTRA_CASES.items():
        group = {chr(key), *map(chr, others)}
        for g in [g for g in groups if g & group]:
            group |= g
            groups.remove(g)
        groups.append(group)
    return {c: min(g) for g in groups if not any(x.isascii() for x in g)
            for c in g if c != min(g)}


_GROUP_OF = _case_groups()
_POST_FOLD = str.maketrans(_GROUP_OF)


def fold(text: str) -> str:
    """`text.lower()`, with the characters `re.IGNORECASE` equates made equal (see above)."""
    return text.translate(_PRE_FOLD).lower().translate(_POST_FOLD)


# the characters whose fold is not their lower(): mapped ones, and those lowering to one
FOLD_ODD = frozenset(c for k in [*IGNORECASE_ODD, *_GROUP_OF]
                     for c in {k, k.upper(), k.title()} if len(c) == 1 and fold(c) != c.lower())


def fold_odd(literals) -> str:
    """The characters a text must hold for `fold` to find one of these (folded) literals where
    `lower()` would not: those whose fold is not their lowercase and is a literal's character.
    Empty for most rule sets beyond the four of IGNORECASE_ODD."""
    chars = set("".join(literals))
    return "".join(sorted(c for c in FOLD_ODD if fold(c) in chars))


def needs_fold(text: str, odd: str) -> bool:
    """Whether `fold(text)` may hold a literal `text.lower()` does not, for literals whose
    `fold_odd` is `odd`."""
    return bool(odd) and not text.isascii() and any(c in text for c in odd)


def lines_containing(joined: str, needle: str):
    """Indices of the lines of `joined` (lines joined by newlines) that hold `needle`, in order,
    each once: a find per line that holds it, however often it occurs there."""
    line = last = 0
    pos = joined.find(needle)
    while pos != -1:
        line += joined.count("\n", last, pos)
        yield line
        last = joined.find("\n", pos)  # on to the next line
        if last == -1:
            return
        pos = joined.find(needle, last)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


class DropMatcher:
    """Finds, for each line of a document, the drop rules whose phrases or patterns match."""

    def __init__(self, rules: list[Rule], aliases: Iterable[str] = ()):
        """`aliases`: lowercase strings (a swap table's aliases) whose lines `match` also
        reports, from the same automaton pass, so normalization need not scan again."""
        self.rules = [r for r in rules if r.kind == "drop"]
        self.line_phrases: dict[str, list[Rule]] = defaultdict(list)
        self.start_phrases: dict[str, list[tuple[str, Rule]]] = defaultdict(list)
        self.always: list[tuple[Rule, re.Pattern]] = []  # regexes without a usable literal
        self.unfiltered: list[tuple[Rule, str]] = []  # for `rules check`
        self._regexes: list[tuple[Rule, re.Pattern]] = []
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
                    self._regexes.append((r, pat))
            self._regexes += [(r, pat) for pat in r.patterns]
        for idx, lits in enumerate(literals_of([pat for _, pat in self._regexes])):
            r, pat = self._regexes[idx]
            if lits is None:
                self.always.append((r, pat))
                self.unfiltered.append((r, pat.pattern))
            else:
                for lit in sorted(lits):  # in one order whatever the hash seed (`cache` keys)
                    lit_owners[lit].append(idx)
        # one regex per match mode that matches where any literal-less rule of that mode does:
        # a line it rejects skips them all with one call
        self._gates = [(mode, _alternation([p for r, p in self.always if r.match == mode]))
                       for mode in ("line", "start", "search")
                       if any(r.match == mode for r, _ in self.always)]
        # the longest line any literal-less rule accepts: longer lines skip them all at once
        bounds = [r.max_words for r, _ in self.always]
        self._always_max = max(bounds) if bounds and None not in bounds else float("inf")
        self._char_owners = {lit: owners for lit, owners in lit_owners.items() if len(lit) == 1}
        # automaton values: (regexes the literal stands for, whether it is an alias)
        values = {lit: (tuple(owners), False) for lit, owners in lit_owners.items()
                  if len(lit) > 1}
        for a in map(fold, aliases):
            values[a] = (values.get(a, ((), False))[0], True)
        self._scan = LiteralScan(values) if values else None
        # the characters for which a document is folded rather than lowered (see `fold`)
        self._odd = fold_odd([*values, *self._char_owners])

    def _gates_open(self, text: str) -> bool:
        for mode, gate in self._gates:
            if gate is None or _hits(mode, gate, text):
                return True
        return False

    def match(self, texts: list[str], nwords: list[int] | None = None,
              aliased: set[int] | None = None) -> dict[int, list[Rule]]:
        """Map line index -> matching rules in rule order (blank lines never match). The
        indices of the lines holding an alias go into `aliased`, when given."""
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

        line_phrases = self.line_phrases
        key_bound = self.max_line_key * 2 + 8  # a longer line cannot reduce to a phrase key
        for i, text in enumerate(texts):
            low = lowered[i]
            first = _FIRST_WORD.match(low)
            if first is None:
                continue  # blank
            k = None  # the line's lead key, made at most once
            if line_phrases and len(text) <= key_bound:
                k = _lead_key_lowered(low)
                for r in line_phrases.get(_strip_edges(k), ()):
                    add(i, r)
            starts = self.start_phrases.get(first.group(1))
            if starts:
                if k is None:
                    k = _lead_key_lowered(low)
                for ph, r in starts:
                    if k.startswith(ph) and (len(k) == len(ph) or not ph[-1].isalnum()
                                             or not k[len(ph)].isalnum()):
                        add(i, r)
            if self.always and nwords[i] <= always_max and self._gates_open(text):
                nw = nwords[i]
                for r, pat in self.always:
                    # word counts first: cheaper than the regex, and they reject most lines
                    if (r.max_words is not None and nw > r.max_words) or (
                            r.min_words is not None and nw < r.min_words):
                        continue
                    if r.accepts(text, None, nw) and _hits(r.match, pat, text):
                        add(i, r)
        if self._scan is None and not self._char_owners:
            return {i: sorted(rs, key=lambda r: r.order) for i, rs in found.items()}
        # Lines holding a required literal, with the regexes it stands for: longer literals
        # through the automaton, one-character ones (":", "@") by a find per line holding them,
        # since they occur many times per line and each occurrence is a Python step.
        # the folded lines, or the lowered ones where that is the same for these literals
        # (lowering joined lines is lowering each: the final-sigma rule stops at a newline)
        raw = "\n".join(texts)
        joined = fold(raw) if needs_fold(raw, self._odd) else "\n".join(lowered)
        cands: dict[int, set[int]] = defaultdict(set)
        if self._scan is not None:
            for i, (owners, alias) in self._scan.lines(joined):
                cands[i].update(owners)
                if alias and aliased is not None:
                    aliased.add(i)
        for ch, owners in self._char_owners.items():
            for i in lines_containing(joined, ch):
                cands[i].update(owners)
        for i, idxs in cands.items():
            nw = nwords[i]
            for idx in idxs:
                r, pat = self._regexes[idx]
                if (r.max_words is not None and nw > r.max_words) or (
                        r.min_words is not None and nw < r.min_words):
                    continue  # the shape rules it out; skip the regex
                if _hits(r.match, pat, texts[i]):
                    add(i, r)
        return {i: sorted(rs, key=lambda r: r.order) for i, rs in found.items()}
