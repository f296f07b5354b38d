"""The fast paths of the drop-rule engine agree with plain `re` on every rule's own examples:
required literals (the automaton's prefilter) and the joined gate of literal-less rules."""
from __future__ import annotations

import re

import pytest

from cleaner.matching import (
    BULLETS,
    DropMatcher,
    _alternation,
    _hits,
    parse_regex,
    required_literals,
)
from cleaner.rules import load_rules

RULES = load_rules().rules
REGEXES = [(r, p) for r in RULES if r.kind in ("drop", "replace")
           for p in (r.patterns if r.kind == "drop" else [r.pattern])]
# every example line of every built-in rule, and some shapes around the literals
LINES = sorted({x for r in RULES for x in (*r.examples.drop, *r.examples.keep,
                                            *(c[0] for c in r.examples.change))}
               | {"(C) 2019 Reuters", "Copyright (c) 2020", "[/caption]", "[Button x]",
                  "10:30 a.m. EST 5/6/2019", "By JANE ROE", "— — —", "2019-04-05",
                  "Twitter Facebook Email", "• Read more: here", "İSTANBUL (Reuters)"})


@pytest.mark.parametrize("rule,pat", REGEXES, ids=[f"{r.id}:{p.pattern[:30]}" for r, p in REGEXES])
def test_required_literals_occur_in_every_matching_line(rule, pat):
    lits = required_literals(pat, min_len=1 if rule.kind == "replace" else 3)
    if lits is None:
        return
    for line in LINES:
        mode = rule.match if rule.kind == "drop" else "search"
        if _hits(mode, pat, line):
            assert any(lit in line.lower() for lit in lits), (line, lits)


@pytest.mark.parametrize("pattern,want", [
    (r"(?:©|\([cC]\))\s*\d{4}", {"©", "(c)"}),
    (r"\[/?(?:button|ad)\b", {"[button", "[/button", "[ad", "[/ad"}),
    (r"^(?:read|see) more\b", {"read more", "see more"}),
    (r"\S+\.(?:jpe?g|png)", {".jpg", ".jpeg", ".png"}),
    (r"colou?r scheme", {"color scheme", "colour scheme"}),
    (r"\w+ \d+", None),
])
def test_literal_sets_of_small_finite_stretches(pattern, want):
    assert required_literals(re.compile(pattern)) == want


def test_gate_of_literal_less_rules_matches_where_one_of_them_does():
    m = DropMatcher([r for r in RULES if r.kind == "drop"])
    assert m.always, "built-in rules include literal-less regexes"
    for line in LINES + [x.strip(BULLETS) for x in LINES]:
        for mode, gate in m._gates:
            want = any(_hits(mode, p, line) for r, p in m.always if r.match == mode)
            assert _hits(mode, gate, line) == want, (mode, line)


def test_gate_is_not_built_where_joining_would_change_meaning():
    assert _alternation([re.compile(r"(a)\1"), re.compile("b")]) is None  # group numbers
    assert _alternation([re.compile("(?P<x>a)(?P=x)")]) is None
    assert _alternation([re.compile("a", re.MULTILINE)]) is None
    assert _alternation([re.compile(f"p{i}") for i in range(100)]) is None  # too many
    gate = _alternation([re.compile("ab", re.IGNORECASE), re.compile("cd")])
    assert gate.fullmatch("AB") and gate.fullmatch("cd") and not gate.fullmatch("CD")
    assert parse_regex(re.compile("a")) is not None


def test_lines_containing_names_each_holding_line_once():
    from cleaner.matching import lines_containing

    joined = "a:b:c\nnone\n::\n\nx:"
    assert list(lines_containing(joined, ":")) == [0, 2, 4]
    assert list(lines_containing(joined, "none")) == [1]
    assert list(lines_containing("", ":")) == []


def test_lines_holding_an_alias_are_reported_from_the_same_pass():
    m = DropMatcher([r for r in RULES if r.kind == "drop"], aliases=["related press", "more"])
    aliased: set[int] = set()
    lines = ["The Related Press said so.", "Advertisement", "RELATED PRESS", "Read more:"]
    hits = m.match(lines, aliased=aliased)
    assert aliased == {0, 2, 3}
    assert 1 in hits and 3 in hits  # the drop rules still match as before


def test_both_literal_engines_find_the_same_lines(monkeypatch):
    from cleaner import matching

    if matching.hyperscan is None:
        pytest.skip("hyperscan is not installed on this platform")
    keys = {"(c)": 1, "©": 2, "read more": 3, "i̇stanbul": 4, "日本": 5, "a": 6, "\ud800x": 7,
            "más": 8}
    lines = [x.lower() for x in LINES] + [
        "İstanbul, ©2019", "(C) 2019 ünd (c)", "日本語のニュース", "bad \ud800x surrogate",
        "", "más o menos", "read more read more", "\u00a0read more\u00a0"]
    fast = matching.LiteralScan(keys)
    monkeypatch.setattr(matching, "hyperscan", None)
    plain = matching.LiteralScan(keys)
    assert fast._hs is not None and plain._hs is None
    joined = "\n".join(lines)
    assert sorted(fast.lines(joined)) == sorted(plain.lines(joined))
    assert (len(lines) - 1, 3) in set(fast.lines(joined))


def test_ignorecase_odd_characters_are_all_there_are():
    # what re.IGNORECASE matches to each ASCII letter: its two cases and the listed characters
    from cleaner.matching import IGNORECASE_ODD

    everything = "".join(map(chr, range(0x110000)))
    for x in "abcdefghijklmnopqrstuvwxyz":
        matched = set(re.compile(x, re.IGNORECASE).findall(everything))
        assert matched == {x, x.upper()} | {c for c, to in IGNORECASE_ODD.items() if to == x}, x


def test_literal_prefilter_finds_lines_matched_through_ignorecase_odd_characters(tmp_path):
    f = tmp_path / "r.yml"
    f.write_text("rules:\n  - id: sky-news\n    kind: drop\n    match: search\n"
                 "    patterns: ['sky news live']\n"
                 "    examples: {drop: [sky news live], keep: [news]}\n", encoding="utf-8")
    rules = [r for r in load_rules([f], default_rules=False).rules if r.kind == "drop"]
    lines = ["Watch \u017fKY NEWS LIVE", "SKY NEWS L\u0130VE", "Skyline news", "sky news live"]
    assert sorted(DropMatcher(rules).match(lines)) == [0, 1, 3]


def _cased_and_grouped() -> str:
    """Every character with a case (or in one of `re`'s extra case groups): the only ones
    `re.IGNORECASE` can match to a character other than themselves."""
    from re._casefix import _EXTRA_CASES

    extra = {chr(k) for k in _EXTRA_CASES} | {chr(v) for vs in _EXTRA_CASES.values() for v in vs}
    return "".join(c for c in map(chr, range(0x110000))
                   if c.lower() != c or c.upper() != c or c in extra)


def test_fold_equates_what_ignorecase_equates():
    from cleaner.matching import fold

    cased = _cased_and_grouped()
    for c in cased:
        if 0xD800 <= ord(c) <= 0xDFFF:
            continue
        matched = set(re.findall(re.escape(c), cased, re.IGNORECASE))
        assert {fold(x) for x in matched} == {fold(c)}, (c, matched)


def test_fold_is_one_character_per_character_and_fold_odd_is_complete():
    from cleaner.matching import FOLD_ODD, fold

    odd = set()
    for c in map(chr, range(0x110000)):
        f = fold(c)
        assert len(f) == 1, c
        if f != c.lower():
            odd.add(c)
    assert odd == set(FOLD_ODD)
    # the final-sigma rule of lower() is context; fold is the same in every context
    for text in ["ΟΔΟΣ", "ΟΣΑ", "Σ.", "aΣb", "ς σ Σ"]:
        assert fold(text) == "".join(map(fold, text))


@pytest.mark.parametrize("pattern, line", [
    ("5 µg dose", "Take a 5 μg dose daily"),  # micro sign in the rule, mu in the text
    ("νέα πας", "ΝΈΑ ΠΑΣΑ"),  # lower() gives "πασα": its sigma is not final
    ("sky news live", "Watch \u017fky news live"),
])
def test_literal_prefilters_find_lines_ignorecase_matches(tmp_path, pattern, line):
    assert re.search(pattern, line, re.IGNORECASE)
    f = tmp_path / "r.yml"
    f.write_text(
        "rules:\n  - id: drop-it\n    kind: drop\n    match: search\n"
        f"    patterns: ['{pattern}']\n    examples: {{drop: ['{pattern}'], keep: [other]}}\n"
        "  - id: mark-it\n    kind: replace\n"
        f"    pattern: '{pattern}'\n    with: 'X'\n"
        f"    examples: {{change: [{{in: 'a {pattern}', out: 'a X'}}], keep: [other]}}\n",
        encoding="utf-8")
    rules = load_rules([f], default_rules=False).rules
    assert sorted(DropMatcher([r for r in rules if r.kind == "drop"]).match([line, "x"])) == [0]
    from cleaner.normalize import Replacer

    replacer = Replacer([r for r in rules if r.kind == "replace"])
    assert replacer.apply(line)[1] and replacer.lines_to_check(f"x\n{line}") == {1}
