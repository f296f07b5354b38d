"""The candidate-first normalization against the code it replaced (kept below as the reference):
whole-document searches may only skip lines on which no replace rule or swap could act."""
from __future__ import annotations

import copy
import random
import re
import sys
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner import normalize as N
from cleaner.document import Change, Document
from cleaner.heuristics.base import DocContext
from cleaner.matching import fold, is_word_char
from cleaner.pipeline import _Engines
from cleaner.rules import Rule

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


# --- the reference: normalization as it was before the candidate-first rewrite -------------

def ref_touches_protected(text: str, a: int, b: int) -> bool:
    e = N._NON_SPACE.match(text, b).end()
    s, size = a, 64
    while s > 0:
        lo = max(0, a - size)
        m = N._UP_TO_LAST_SPACE.match(text, lo, a)
        if m:
            s = m.end()
            break
        s, size = lo, size * 4
    return any(a < s + j and s + i < b for i, j in N._protected(text[s:e]))


def ref_apply(replacer, text, has_literal=None):
    done = []
    low = None
    for k, (rule, lits) in enumerate(replacer.rules):
        if has_literal is not None:
            if k not in has_literal:
                continue
        elif lits is not None:
            if low is None:
                low = fold(text)  # literals are folded (matching.fold) since this was copied
            if not any(lit in low for lit in lits):
                continue
        pieces = []
        pos = 0
        for m in rule.pattern.finditer(text):
            a, b = m.span()
            if ref_touches_protected(text, a, b):
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


def ref_edits(swap, text):
    if swap._auto is None:
        return []
    low = N._lower_same_length(text)
    cands = []
    for end, (length, vals) in swap._auto.iter(low):
        start = end - length + 1
        stop = end + 1
        if (start > 0 and is_word_char(text[start - 1])) or (
                stop < len(text) and is_word_char(text[stop])):
            continue
        found = text[start:stop]
        for alias, rule in vals:
            if swap._case_ok(rule, alias, found):
                break
        else:
            continue
        if ref_touches_protected(text, start, stop):
            continue
        canon = rule.canonical
        if found.isupper() and not canon.isupper() and len(found) > 1:
            canon = canon.upper()
        tail = f" ({rule.canonical})"
        if text.startswith(tail, stop):
            stop += len(tail)
        head = f"{rule.canonical} ("
        if text.startswith(head, start - len(head)) and text.startswith(")", stop):
            start -= len(head)
            stop += 1
        cands.append(N.Edit(start, stop, canon, rule))
    cands.sort(key=lambda e: (e.start, -(e.end - e.start)))
    chosen, last = [], -1
    for e in cands:
        if e.start >= last:
            chosen.append(e)
            last = e.end
    return chosen


def lines_containing(joined, needle):
    line = last = 0
    pos = joined.find(needle)
    while pos != -1:
        line += joined.count("\n", last, pos)
        yield line
        last = joined.find("\n", pos)
        if last == -1:
            return
        pos = joined.find(needle, last)


def ref_lines_to_normalize(texts, replacer, aliased):
    if any(lits is None for _rule, lits in replacer.rules):
        return [(i, None, True) for i in range(len(texts))]
    joined = "\n".join(texts)
    low = fold(joined)  # as in ref_apply
    if len(low) != len(joined):
        return [(i, None, True) for i in range(len(texts))]
    rules = {}
    for k, (_rule, lits) in enumerate(replacer.rules):
        for lit in lits:
            for i in lines_containing(low, lit):
                rules.setdefault(i, set()).add(k)
    return [(i, rules.get(i, set()), i in aliased) for i in sorted(rules.keys() | aliased)]


def ref_normalize(doc, eng, aliased):
    if not eng.replace.rules and not eng.swap.rules:
        return
    kept = [ln for ln in doc.lines if ln.kept]
    todo = ref_lines_to_normalize([ln.text for ln in kept], eng.replace,
                                  {i for i, ln in enumerate(kept) if ln.no - 1 in aliased})
    for i, has_literal, has_alias in todo:
        ln = kept[i]
        text, done = ref_apply(eng.replace, ln.text, has_literal)
        for before, after, rule in done:
            doc.changes.append(Change(ln.no, rule.id, "replaced", before, after, rule.summary))
        edits = ref_edits(eng.swap, text) if has_alias or done else None
        if edits:
            for e in edits:
                doc.changes.append(Change(ln.no, e.rule.id, "replaced", text[e.start:e.end],
                                          e.new, e.rule.summary))
            text = N.apply_edits(text, edits)
        ln.text = text


# --- inputs --------------------------------------------------------------------------------

def _rule(i: int, pattern: str, replacement: str, flags: int = 0) -> Rule:
    return Rule(id=f"extra-{i}", kind="replace", lang="any", path="test", line=i,
                pattern=re.compile(pattern, flags), replacement=replacement)


# Replace rules beyond the shipped ones, one for each path of `Replacer.lines_to_check`:
# anchored and newline-crossing regexes (not line-local), no literal at all, literals found
# only in lowered text, groups in the template, scoped flags, lookbehinds, backreferences.
EXTRA = [
    (r"^\s+", ""), (r"\s+$", ""), (r"\s+,", ","), (r"(?i)colour", "color"),
    (r"e-mail", "email"), (r"\bUS\b", "U.S."), (r"(\d),(\d{3})\b", r"\1\2"),
    (r"(?s)o.k", "okay"), (r"\w+ \d+", r"\g<0>!"), (r"(?i:straße)", "Strasse"),
    (r"(?<=\s)--(?=\s)", "—"), (r"(\w)\1{3,}", r"\1"), (r"[^\S\n]{2,}", " "),
    (r"(?m)^Re: ", ""), (r"(?i)İstanbul", "Istanbul"), (r"ſ", "s"), (r"\b(\w+) \1\b", r"\1"),
    (r"\A\W", ""), (r"x\Z", "y"), (r"(?x) a \ b ", "ab"), (r"[\d_]+k\b", "K"),
]

FRAGMENTS = [
    "word,word", "Paris,France", "said. ”Then", "Yes! ”No", "well, ”so", " -based", " -led",
    "www.example.com,stuff", "mail me,at a@b.co,now", "https://x.org/a,b", "Σ", "ΟΔΟΣ,ΑΘΗΝΑ",
    "İstanbul", "ISTANBUL", "ſ", "K", "\t", "\u00a0", "\u2028", "  ", "--", " -- ", "Re: ", "US",
    "us", "1,000", "colour", "COLOUR", "e-mail", "E-MAIL", "o\u2028k", "ok", "o k", "aaaa",
    "the the", "straße", "STRASSE", "Related Press", "RELATED PRESS",
    "Joined Nations (United Nations)", "United Nations (Joined Nations)", "Islamic Condition's", "a" * 70, "x",
    "中文,中文,中文", "日本語,テキスト", ",,,", "…", "“quoted”", "Ecu Union,Eu Union", " ",
]


def _paragraphs() -> list[str]:
    paras = []
    for p in sorted(SEEDS.glob("*.txt")):
        paras += [t for t in p.read_text(encoding="utf-8").split("\n") if t.strip()]
    return paras


def _mutate(line: str, rnd: random.Random) -> str:
    for _ in range(rnd.choice((0, 0, 1, 2, 5))):
        at = rnd.randint(0, len(line))
        line = line[:at] + rnd.choice(FRAGMENTS) + line[at:]
    if rnd.random() < 0.2:  # the line's edges, where anchors and lookarounds differ
        line = rnd.choice(FRAGMENTS) + line
    if rnd.random() < 0.2:
        line += rnd.choice(FRAGMENTS)
    return line


def documents(n: int, seed: int):
    rnd = random.Random(seed)
    paras = _paragraphs()
    for _ in range(n):
        k = rnd.randint(1, 14)
        start = rnd.randrange(max(1, len(paras) - k))
        lines = [_mutate(ln, rnd) for ln in paras[start:start + k]]
        for _ in range(rnd.randint(0, 4)):
            lines.insert(rnd.randint(0, len(lines)), rnd.choice(["", " ", "Advertisement"]))
        if rnd.random() < 0.1:  # a page on one line, commas without spaces
            lines.append(",".join(rnd.choices(FRAGMENTS + ["alpha", "beta"], k=300)))
        yield "\n".join(lines)


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner()


@pytest.fixture(scope="module")
def engines(cleaner):
    extra = [_rule(i, p, r) for i, (p, r) in enumerate(EXTRA)]
    out = [("en", cleaner.engines("en")), ("de", cleaner.engines("de"))]
    out.append(("extra", _Engines(cleaner._rules_for("en") + extra)))
    for i in range(len(extra)):  # each extra rule alone, with the shipped ones
        out.append((f"extra-{i}", _Engines(cleaner._rules_for("en") + [extra[i]])))
    return out


def _state(cleaner, eng, text, rnd):
    doc = Document.from_text(text)
    ctx = DocContext(doc, cleaner.lexicon, cleaner.settings, ())
    _cut, aliased = cleaner._apply_drop_rules(ctx, eng)
    for ln in doc.lines:  # and some more lines dropped, as heuristics would
        if rnd.random() < 0.1:
            doc.drop(ln, "test")
    return doc, aliased


def _outcome(doc):
    return [ln.text for ln in doc.lines], doc.changes


def test_normalize_matches_the_reference(cleaner, engines):
    rnd = random.Random(11)
    for text in documents(150, seed=1):
        for _name, eng in engines:
            doc, aliased = _state(cleaner, eng, text, rnd)
            ref, new, new2 = doc, copy.deepcopy(doc), copy.deepcopy(doc)
            ref_normalize(ref, eng, aliased)
            cleaner._normalize(new, eng, aliased, text)
            cleaner._normalize(new2, eng, aliased)
            assert _outcome(new) == _outcome(ref), (text, _name)
            assert _outcome(new2) == _outcome(ref)


def test_replacer_finds_every_line_a_rule_changes(engines):
    for text in documents(200, seed=2):
        lines = text.split("\n")
        for _name, eng in engines:
            todo = eng.replace.lines_to_check(text)
            for i, line in enumerate(lines):
                if todo is not None and i not in todo:
                    assert ref_apply(eng.replace, line)[1] == [], (line, _name)


def test_line_local_regexes():
    local = [r"([,.!?…]) ”(?=\w)", r",(?<=[^\W\d_]{2},)(?=[^\W\d_A-Z]{2,}\b)", r"\bUS\b",
             r" -(?<=\w -)(?=(?:led|based)\b)", r"(\w)\1", r"(?i)colour", r"[^\W\d]+",
             r"(?<!\w)x(?!\S)", r"a.b", r"(?:ab)+?c"]
    not_local = [r"^x", r"x$", r"\Ax", r"x\Z", r"\s", r"[^a]", r"\W", r"(?s)a.b", r"(?s:.)",
                 r"a\nb", r"[\n]", r"\D", r"(?m)^x", r"(?<=\s)x", r"(?!x$)y", r"[^\S ]"]
    for p in local:
        assert N.line_local(re.compile(p)), p
    for p in not_local:
        assert not N.line_local(re.compile(p)), p


def test_line_local_regexes_match_within_the_joined_lines():
    """The property `lines_to_check` relies on, tried on random lines: every line on which a
    line-local regex matches holds a hit of the regex searched on all the lines joined."""
    rnd = random.Random(8)
    local = [re.compile(p) for p in (
        r"(?<![\w.])\w{2}\b", r"\b\w\b", r"(?<=x)y", r"(?<!y)x", r"x(?=y)", r"x(?!y)",
        r"\B.", r".\B", r"(?:x|y)*", r"y?", r"(x)(?:\1)?y", r"[xy]{2}(?=\w)")]
    assert all(N.line_local(p) for p in local)
    # not line-local: only tried if `line_local` says otherwise, and then they fail
    others = [re.compile(p) for p in (r"\s+,", r"[^x]y", r"x\W", r"(?<=\W)x", r"y(?!\S)",
                                      r"^x", r"y$", r"(?s)x.", r"\Ax")]
    patterns = local + [p for p in others if N.line_local(p)]
    alphabet = "xy ._-é\t,"
    for _ in range(3000):
        lines = ["".join(rnd.choices(alphabet, k=rnd.randint(0, 5)))
                 for _ in range(rnd.randint(1, 5))]
        joined = "\n".join(lines)
        for p in patterns:
            hit_lines = {joined.count("\n", 0, m.start()) for m in p.finditer(joined)}
            for i, line in enumerate(lines):
                if p.search(line):
                    assert i in hit_lines, (p.pattern, lines)


def test_lowering_fixed_characters_come_only_from_themselves():
    """`_lowering_fixed`: a character it accepts is in `text.lower()` exactly where it is in
    `text`. Lowering is per character except the final sigma, which yields a letter."""
    for x in map(chr, range(sys.maxunicode + 1)):
        for low in (x.lower(), fold(x)):
            if low != x:
                assert not any(N._lowering_fixed(y) for y in low), hex(ord(x))
    assert all(N._lowering_fixed(c) for c in ", -.!?…”“'\"()[]@#0123456789")
    assert not any(N._lowering_fixed(c) for c in "aAßİı\u0307ⓐⅰ")


def test_protection_matches_touches_protected():
    rnd = random.Random(6)
    pieces = ["www.example.com", "a@b.org", "x.de", "http://q.io/a,b", "word", ",", " ", "\t",
              ".", "-", "example.COM", "中文", "ſ", "İ"]
    for _ in range(400):
        text = "".join(rnd.choices(pieces, k=rnd.randint(1, 60)))
        guard = N._Protection(text)
        spans = []
        for _ in range(rnd.randint(1, 30)):
            a = rnd.randint(0, len(text))
            spans.append((a, min(len(text), a + rnd.randint(0, 4))))
        if rnd.random() < 0.7:
            spans.sort()  # as finditer gives them; any order must still be right
        for a, b in spans:
            assert guard.touches(a, b) == ref_touches_protected(text, a, b), (text, a, b)
        assert all(N._touches_protected(text, a, b) == ref_touches_protected(text, a, b)
                   for a, b in spans)


def test_needles_and_expansion():
    assert N._common_substring(["! ”", "? ”", ". ”"]) == " ”"
    assert N._common_substring(["ab", "cd"]) == ""
    assert N._pivot(" ”") == 1 and N._pivot(" -") == -1
    r = N.Replacer([_rule(0, r"(\w)(\d)", r"\2\1"), _rule(1, r"x", "y")])
    assert r.apply("a1 b2 a1 x") == ref_apply(r, "a1 b2 a1 x")
    assert N._lines_holding("a ”\nb\nc ” ”", ((" ”", 1),), None) == [(0, 3), (6, 11)]
    assert N._lines_holding("a ”\nb\nc ” ”", ((" ”", 1),), 1) is None
