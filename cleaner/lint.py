"""`clean rules check`: validation (the loader) plus lint, as `Problem`s with `path:line`.

The loader already rejects what it cannot use (unknown keys, bad regexes, duplicate ids). Lint
looks for rules that load but would misbehave:

- regexes that can backtrack catastrophically (a quantified group whose iterations can split
  the same text in many ways, or overlapping alternatives under a quantifier): errors, because
  one such line can stall a whole batch; `re` has no linear-time mode to fall back on;
- patterns and phrases that can never match (an anchor in the middle, a phrase longer than
  `max_words`): errors, because the rule silently does nothing;
- placeholders (`TODO`) left from `clean rules new` or `clean mine`: errors;
- swap rules whose output contains an alias (the result would be swapped again): errors;
- duplicate and shadowed phrases, regexes without a literal prefilter (they run on every line),
  rules without keep examples: warnings.

Lint works on the rules each file yields even when other files fail to load, so one broken
file does not hide the problems of the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from re import _constants as C
from re import _parser

import yaml

from .errors import Problem, RuleFileError
from .examples import drops
from .lexicon import Lexicon
from .matching import MIN_LITERAL, DropMatcher, fold, lead_key, line_key, parse_regex
from .normalize import SwapTable
from .rules import Rule, _Collector, _Loader, builtin_rules_dir, load_file, load_rules, rule_files
from .settings import SETTINGS_FILE

PLACEHOLDER = "TODO"
# A repeat bounded this low cannot blow up (the work is polynomial with a small exponent).
LARGE_REPEAT = 10
_REPEATS = {getattr(C, n) for n in ("MAX_REPEAT", "MIN_REPEAT") if hasattr(C, n)}
_SAFE = {getattr(C, n) for n in ("POSSESSIVE_REPEAT", "ATOMIC_GROUP") if hasattr(C, n)}

# Character sets are approximated on a sample alphabet: Latin, Latin-1, Latin Extended, common
# punctuation. Enough to tell `\w` from `\s` or `[A-Z]` from `,`.
_ALPHABET = frozenset(chr(i) for i in range(0x250)) | frozenset("‘’“”–—…•·▪►«»€£©®™\u00a0")
_CATEGORY_RX = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
}
_CATEGORY = {k: frozenset(ch for ch in _ALPHABET if re.fullmatch(v, ch))
             for k, v in _CATEGORY_RX.items()}
_NEGATED = {(C.CATEGORY_DIGIT, C.CATEGORY_NOT_DIGIT), (C.CATEGORY_SPACE, C.CATEGORY_NOT_SPACE),
            (C.CATEGORY_WORD, C.CATEGORY_NOT_WORD)}


# ---------------------------------------------------------------------------------------------
# Regex analysis on the stdlib parser's tree


def _chars(op, av, icase: bool) -> frozenset[str]:
    """The characters one single-character item can consume (approximate, see _ALPHABET)."""
    def fold(chs):
        return frozenset(chs) | frozenset(c.swapcase() for c in chs) if icase else frozenset(chs)

    if op is C.LITERAL:
        return fold({chr(av)})
    if op is C.NOT_LITERAL:
        return _ALPHABET - fold({chr(av)})
    if op is C.ANY:
        return _ALPHABET - {"\n"}
    if op is C.IN:
        out: set[str] = set()
        negate = False
        for iop, iav in av:
            if iop is C.NEGATE:
                negate = True
            elif iop is C.LITERAL:
                out.add(chr(iav))
            elif iop is C.RANGE:
                lo, hi = iav
                out.update(ch for ch in _ALPHABET if lo <= ord(ch) <= hi)
            elif iop is C.CATEGORY:
                out.update(_CATEGORY.get(iav, _ALPHABET))
            else:  # pragma: no cover - unusual set members: assume anything
                out.update(_ALPHABET)
        got = fold(out)
        return _ALPHABET - got if negate else got
    return frozenset()


def _nullable(items) -> bool:
    return all(_item_nullable(op, av) for op, av in items)


def _item_nullable(op, av) -> bool:
    if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
        return False
    if op is C.SUBPATTERN:
        return _nullable(av[-1])
    if op is C.BRANCH:
        return any(_nullable(b) for b in av[1])
    if op in _REPEATS or op is getattr(C, "POSSESSIVE_REPEAT", None):
        return av[0] == 0 or _nullable(av[2])
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _nullable(av)
    return True  # anchors, lookarounds, group references (assume they may be empty)


def _chars_of(items, icase: bool, first: bool) -> frozenset[str]:
    """The characters the sequence can consume: anywhere, or (`first`) as its first one."""
    out: set[str] = set()
    for op, av in (_flatten(items) if first else items):
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            out |= _chars(op, av, icase)
        elif op is C.SUBPATTERN:  # only reached when not flattened
            out |= _chars_of(av[-1], icase, first)
        elif op is C.BRANCH:
            for b in av[1]:
                out |= _chars_of(b, icase, first)
        elif op in _REPEATS or op is getattr(C, "POSSESSIVE_REPEAT", None):
            out |= _chars_of(av[2], icase, first)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            out |= _chars_of(av, icase, first)
        elif op is C.GROUPREF and not first:
            out |= _ALPHABET
        if first and not _item_nullable(op, av):
            break
    return frozenset(out)


def _all_chars(items, icase: bool) -> frozenset[str]:
    """Every character the sequence can consume anywhere."""
    return _chars_of(items, icase, first=False)


def _first_chars(items, icase: bool) -> frozenset[str]:
    """Every character the sequence can start with."""
    return _chars_of(items, icase, first=True)


def _flatten(items) -> list:
    """The top-level sequence with plain groups opened up (a group is just a sequence)."""
    out = []
    for op, av in items:
        if op is C.SUBPATTERN:
            out.extend(_flatten(av[-1]))
        else:
            out.append((op, av))
    return out


def _literal_text(items) -> str | None:
    items = _flatten(items)
    if all(op is C.LITERAL for op, _ in items):
        return "".join(chr(av) for _, av in items)
    return None


def _starts_with_class(items) -> bool:
    items = _flatten(items)
    return bool(items) and items[0][0] is not C.LITERAL


def _literal_strings(items, limit: int = 64) -> list[str] | None:
    """Every string a sequence of literals and alternations of literals matches, one entry per
    way of matching it (so `a|a` gives two); None for anything else, or too many."""
    out = [""]
    for op, av in _flatten(items):
        if op is C.LITERAL:
            out = [s + chr(av) for s in out]
            continue
        if op is not C.BRANCH:
            return None
        alts = [_literal_strings(a, limit) for a in av[1]]
        if any(a is None for a in alts):
            return None
        out = [s + t for s in out for a in alts for t in a]
        if len(out) > limit:
            return None
    return out


def _uniquely_decodable(words: list[str]) -> bool:
    """Whether every concatenation of the words splits into them in one way only (the
    Sardinas-Patterson test). Iterations of a repeat over such words never match the same
    text in two ways; (a|aa)+ or (a|a)* do, in exponentially many."""
    if "" in words or len(set(words)) < len(words):
        return False
    code = set(words)

    def rests(heads, whole):  # what is left of a word of `whole` after a word of `heads`
        return {w[len(h):] for h in heads for w in whole if w != h and w.startswith(h)}

    dangling = rests(code, code)
    seen: set[frozenset[str]] = set()
    while dangling and frozenset(dangling) not in seen:
        if dangling & code:
            return False
        seen.add(frozenset(dangling))
        dangling = rests(code, dangling) | rests(dangling, code)
    return True


def _ambiguous_body(body, icase: bool) -> str | None:
    """Why the iterations of a large repeat over `body` can split the same text in many ways,
    or None. A body of literals is judged exactly; otherwise each alternative of a body that is
    one alternation is checked, and repeats inside it."""
    words = _literal_strings(body)
    if words is not None:  # the parser factors "a|aa" into "a(?:|a)": this sees through it
        # folded as IGNORECASE folds, always: a scoped (?i:...) may apply inside
        if _uniquely_decodable([fold(w) for w in words]):
            return None
        return "overlapping alternatives under a quantifier"
    items = _flatten(body)
    if len(items) == 1 and items[0][0] is C.BRANCH:
        alts = items[0][1][1]
        for i, a in enumerate(alts):
            for b in alts[i + 1:]:
                ta, tb = _literal_text(a), _literal_text(b)
                if ta is not None and tb is not None:
                    if ta.lower().startswith(tb.lower()) or tb.lower().startswith(ta.lower()):
                        return "overlapping alternatives under a quantifier"
                elif (_starts_with_class(a) or _starts_with_class(b)) and (
                        _first_chars(a, icase) & _first_chars(b, icase)):
                    return "overlapping alternatives under a quantifier"
        for a in alts:
            why = _ambiguous_body(a, icase)
            if why:
                return why
        return None
    for k, (op, av) in enumerate(items):
        if op not in _REPEATS or av[1] <= 1 or av[0] == av[1]:
            continue
        inner = _all_chars(av[2], icase)
        rest = items[:k] + items[k + 1:]
        if all(_item_nullable(o, a) or _all_chars([(o, a)], icase) <= inner for o, a in rest):
            return "nested quantifiers"
    return None


def backtracking_risk(pattern: re.Pattern) -> str | None:
    """A short reason when `pattern` can take exponential time on some line, else None.

    >>> backtracking_risk(re.compile(r"^(\\w+\\s?)+$"))
    'nested quantifiers'
    >>> backtracking_risk(re.compile(r"(?:[\\w.'-]+ ){1,12}contributed")) is None
    True
    """
    items = parse_regex(pattern)
    if items is None:
        return None
    return _walk_risk(items, bool(pattern.flags & re.IGNORECASE))


def risk_message(pattern: re.Pattern) -> str | None:
    """The problem to report for a regex that can backtrack catastrophically, or None."""
    risk = backtracking_risk(pattern)
    if not risk:
        return None
    return (f"regex '{pattern.pattern}' can backtrack catastrophically ({risk}); make the "
            "repeated part unambiguous or use a possessive quantifier")


def _walk_risk(items, icase: bool) -> str | None:
    for op, av in items:
        if op in _SAFE:
            continue  # possessive and atomic: no backtracking into them
        if op in _REPEATS:
            _lo, hi, body = av
            if hi >= LARGE_REPEAT:
                why = _ambiguous_body(list(body), icase)
                if why:
                    return why
            why = _walk_risk(list(body), icase)
        elif op is C.SUBPATTERN:
            why = _walk_risk(list(av[-1]), icase)
        elif op is C.BRANCH:
            why = next((w for b in av[1] if (w := _walk_risk(list(b), icase))), None)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            why = _walk_risk(list(av[1]), icase)
        else:
            why = None
        if why:
            return why
    return None


def never_matches(pattern: re.Pattern) -> str | None:
    """A short reason when `pattern` cannot match any line, else None."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover
        return None
    if pattern.flags & re.MULTILINE:
        return None
    return _seq_never(_flatten(list(parsed)))


def _seq_never(items) -> str | None:
    consumed = False
    for k, (op, av) in enumerate(items):
        if op is C.AT and av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING) and consumed:
            return "'^' after text that must come first"
        if op is C.AT and av in (C.AT_END, C.AT_END_STRING):
            later = items[k + 1:]
            if not _nullable(later) and "\n" not in _all_chars(later, False):
                return "'$' before text that must follow"
        if op is C.ASSERT_NOT and not list(av[1]):
            return "an empty negative lookahead '(?!)'"
        if op is C.IN:
            cats = {iav for iop, iav in av if iop is C.CATEGORY}
            negate = any(iop is C.NEGATE for iop, _ in av)
            if negate and any(a in cats and b in cats for a, b in _NEGATED):
                return "an empty character class"
        if op is C.BRANCH:
            whys = [_seq_never(_flatten(list(b))) for b in av[1]]
            if all(whys):
                return whys[0]
        if not _item_nullable(op, av):
            consumed = True
    return None


# ---------------------------------------------------------------------------------------------
# Where things stand in the file


class _Locator:
    """Finds the line of a rule's key, or of one list item under it, in the file as written.
    Rule objects only know where they start; lint points at the offending line."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[list[str], dict[str, dict]]] = {}

    def _load(self, path: str):
        if path not in self._files:
            lines: list[str] = []
            maps: dict[str, dict] = {}
            try:
                text = Path(path).read_text(encoding="utf-8")
                lines = text.split("\n")
                data = yaml.load(text, Loader=_Loader)  # a SafeLoader
                for raw in (data or {}).get("rules") or []:
                    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                        maps[raw["id"]] = raw
            except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
                pass
            self._files[path] = (lines, maps)
        return self._files[path]

    def line(self, rule: Rule, key: str | None = None, needle: str | None = None) -> int:
        lines, maps = self._load(rule.path)
        raw = maps.get(rule.id)
        start = rule.line
        if raw is not None and key is not None:
            start = raw.key_lines.get(key, rule.line) if hasattr(raw, "key_lines") else rule.line
        if needle is None:
            return start
        forms = [needle, needle.replace("'", "''"), needle.replace("\\", "\\\\"),
                 needle.replace("\\", "\\\\").replace('"', '\\"')]
        for i in range(start - 1, len(lines)):
            if any(f and f in lines[i] for f in forms):
                return i + 1
        return start


# ---------------------------------------------------------------------------------------------
# Checks


def _where(rule: Rule) -> str:
    """`path:line` of a rule, relative to the working directory when under it."""
    try:
        return f"{Path(rule.path).resolve().relative_to(Path.cwd().resolve())}:{rule.line}"
    except (ValueError, OSError):
        return rule.source


@dataclass
class _Ctx:
    loc: _Locator
    problems: list[Problem]

    def add(self, rule: Rule, line: int, msg: str, severity: str = "error") -> None:
        self.problems.append(Problem(rule.path, line, rule.id, msg, severity))


def _check_regexes(rule: Rule, ctx: _Ctx) -> None:
    pats = [("patterns", p) for p in rule.patterns]
    if rule.kind == "replace" and rule.pattern is not None:
        pats.append(("pattern", rule.pattern))
    for key, pat in pats:
        line = ctx.loc.line(rule, key, pat.pattern)
        msg = risk_message(pat)
        if msg:
            ctx.add(rule, line, msg)
        why = never_matches(pat)
        if why:
            ctx.add(rule, line, f"regex '{pat.pattern}' can never match ({why})")
    if rule.kind == "drop" and rule.patterns:
        for r, src in DropMatcher([rule]).unfiltered:
            if src in {p.pattern for p in rule.patterns}:
                ctx.add(rule, ctx.loc.line(rule, "patterns", src),
                        f"regex '{src}' has no literal of {MIN_LITERAL}+ characters to prefilter on;"
                        " it runs on every line", "warning")


def _check_drop(rule: Rule, ctx: _Ctx) -> None:
    if (rule.min_words is not None and rule.max_words is not None
            and rule.min_words > rule.max_words):
        ctx.add(rule, ctx.loc.line(rule, "min_words"),
                f"min_words ({rule.min_words}) > max_words ({rule.max_words}): never matches")
    seen: dict[str, str] = {}
    for ph in rule.phrases:
        line = ctx.loc.line(rule, "phrases", ph)
        key = line_key(ph) if rule.match == "line" else lead_key(ph)
        if not key:
            ctx.add(rule, line, f"phrase {ph!r} is only punctuation and can never match")
            continue
        n = len(ph.split())
        if rule.max_words is not None and n > rule.max_words and rule.match != "search":
            ctx.add(rule, line, f"phrase {ph!r} has {n} words but max_words is {rule.max_words}:"
                    " it can never match")
        if key in seen:
            ctx.add(rule, line, f"duplicate phrase {ph!r} (same as {seen[key]!r})", "warning")
        seen[key] = ph


def _check_placeholders(rule: Rule, ctx: _Ctx) -> None:
    fields = [("phrases", rule.phrases), ("patterns", [p.pattern for p in rule.patterns]),
              ("examples", rule.examples.drop), ("examples", rule.examples.keep),
              ("examples", [s for pair in rule.examples.change for s in pair]),
              ("aliases", rule.aliases), ("canonical", [rule.canonical])]
    for key, values in fields:
        for v in values:
            if PLACEHOLDER in v:
                ctx.add(rule, ctx.loc.line(rule, key, v),
                        f"placeholder {v!r} is not filled in ({key})")


def _check_examples(rule: Rule, ctx: _Ctx) -> None:
    if not rule.examples.keep:
        ctx.add(rule, ctx.loc.line(rule, "examples"),
                "has no keep examples (lines it must leave alone)", "warning")


def _check_swaps(rules: list[Rule], ctx: _Ctx) -> None:
    swaps = [r for r in rules if r.kind == "swap"]
    table = SwapTable(swaps)
    owner: dict[str, Rule] = {}
    for r in swaps:
        for e in table.edits(r.canonical):
            ctx.add(r, ctx.loc.line(r, "canonical"),
                    f"canonical form {r.canonical!r} contains alias"
                    f" {r.canonical[e.start:e.end]!r} of rule '{e.rule.id}': the output would"
                    " be swapped again (not idempotent)")
        for a in r.aliases:
            first = owner.setdefault(a.lower(), r)
            if first is not r:
                ctx.add(r, ctx.loc.line(r, "aliases", a),
                        f"alias {a!r} is also in rule '{first.id}' ({_where(first)})", "warning")


def _check_shadowing(rules: list[Rule], ctx: _Ctx) -> None:
    """A phrase an earlier rule (in rule order) already drops: the later one never fires."""
    drops_ = [r for r in rules if r.kind == "drop"]
    matchers = {r.id: DropMatcher([r]) for r in drops_}
    for k, later in enumerate(drops_):
        for ph in later.phrases:
            if later.match == "search":
                continue
            for earlier in drops_[:k]:
                if earlier.lang not in ("any", later.lang) or earlier.position not in (
                        "any", later.position):
                    continue
                if drops(earlier, ph, matchers[earlier.id]) and later.accepts(ph, None):
                    same = (earlier.match == later.match and ph in earlier.phrases)
                    what = "duplicate phrase" if same else "phrase"
                    ctx.add(later, ctx.loc.line(later, "phrases", ph),
                            f"{what} {ph!r} is already matched by rule '{earlier.id}'"
                            f" ({_where(earlier)}), which comes first", "warning")
                    break


def lint_rules(rules: list[Rule]) -> list[Problem]:
    """Lint warnings and errors for rules in rule order (loaded without errors)."""
    ctx = _Ctx(_Locator(), [])
    for r in rules:
        _check_regexes(r, ctx)
        _check_placeholders(r, ctx)
        _check_examples(r, ctx)
        if r.kind == "drop":
            _check_drop(r, ctx)
    _check_swaps(rules, ctx)
    _check_shadowing(rules, ctx)
    return ctx.problems


# ---------------------------------------------------------------------------------------------
# Whole runs


@dataclass
class CheckResult:
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def _under(path: str, targets: list[Path]) -> bool:
    p = Path(path).resolve()
    return any(p == t or t in p.parents for t in targets)


def check(paths=(), default_rules: bool = True, only=()) -> CheckResult:
    """Validate and lint the rule set `load_rules(paths, default_rules)` would build.

    Rules are parsed file by file, so lint still runs on the files that load when others do
    not. `only` restricts lint to rules from those files or folders (the loader's errors are
    always reported: a broken layer breaks the whole set).
    """
    problems: list[Problem] = []
    try:
        load_rules(paths, default_rules)
    except RuleFileError as e:
        problems.extend(e.problems)
    try:  # the word lists of the rule folders (stopwords, agencies, ...) are read as a run would
        Lexicon.load([builtin_rules_dir()] + [Path(p) for p in paths if Path(p).is_dir()])
    except RuleFileError as e:
        problems.extend(e.problems)
    c = _Collector()
    layers: list[list[Path]] = []
    if default_rules:
        builtin = builtin_rules_dir()
        layers.append([f for f in rule_files(builtin) if f.name != SETTINGS_FILE])
    layers += [rule_files(Path(p)) for p in paths if Path(p).exists()]
    merged: dict[str, Rule] = {}
    for files in layers:
        for f in files:
            for r in load_file(f, c)[0]:
                merged.pop(r.id, None)
                merged[r.id] = r
    rules = [r for r in merged.values() if r.enabled]
    targets = [Path(p).resolve() for p in only]
    found = lint_rules(rules)
    if targets:
        found = [p for p in found if _under(p.path, targets)]
    problems.extend(found)
    # the loader reports a risky regex at its rule's line, lint at the pattern's own: keep one
    linted = {(p.path, p.rule_id, p.message) for p in found}
    problems = [p for p in problems if p in found or (p.path, p.rule_id, p.message) not in linted]
    unique = sorted(set(problems), key=lambda p: (p.path, p.line, p.rule_id or "", p.message))
    return CheckResult(unique)
