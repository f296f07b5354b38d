"""The example runner: every rule's embedded examples, checked against the rule alone.

pytest (tests/test_rule_examples.py) and `clean rules test` both call `check_rule`, so they
cannot disagree. A drop example must be matched and accepted by the rule's shape constraints
(position is assumed to hold); a keep example must not be. A change example must produce its
`out` exactly, and running the rule again on `out` must change nothing (idempotence).
"""
from __future__ import annotations

from dataclasses import dataclass

from .matching import DropMatcher
from .normalize import Replacer, SwapTable, apply_edits
from .rules import Rule


@dataclass(frozen=True)
class Failure:
    rule: Rule
    kind: str  # "drop" | "keep" | "change" | "idempotent"
    example: str
    expected: str
    got: str

    def __str__(self) -> str:
        return (f"{self.rule.source}: rule '{self.rule.id}': {self.kind} example {self.example!r}:"
                f" expected {self.expected}, got {self.got}")


def apply_rule(rule: Rule, text: str) -> str:
    """The text after this one replace or swap rule."""
    if rule.kind == "replace":
        return Replacer([rule]).apply(text)[0]
    return apply_edits(text, SwapTable([rule]).edits(text))


def drops(rule: Rule, line: str, matcher: DropMatcher | None = None) -> bool:
    matcher = matcher or DropMatcher([rule])
    return bool(matcher.match([line])) and rule.accepts(line, None)


def check_rule(rule: Rule) -> tuple[int, list[Failure]]:
    """Run every example of `rule`; return (examples run, failures)."""
    fails: list[Failure] = []
    n = 0
    ex = rule.examples
    if rule.kind == "drop":
        m = DropMatcher([rule])
        for line in ex.drop:
            n += 1
            if not drops(rule, line, m):
                fails.append(Failure(rule, "drop", line, "the line dropped", "kept"))
        for line in ex.keep:
            n += 1
            if drops(rule, line, m):
                fails.append(Failure(rule, "keep", line, "the line kept", "dropped"))
        return n, fails
    for src, want in ex.change:
        n += 1
        got = apply_rule(rule, src)
        if got != want:
            fails.append(Failure(rule, "change", src, repr(want), repr(got)))
        elif apply_rule(rule, got) != got:
            fails.append(Failure(rule, "idempotent", src, f"{got!r} unchanged on a second run",
                                 repr(apply_rule(rule, got))))
    for line in ex.keep:
        n += 1
        got = apply_rule(rule, line)
        if got != line:
            fails.append(Failure(rule, "keep", line, "no change", repr(got)))
    return n, fails
