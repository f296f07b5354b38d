"""Every example embedded in every built-in rule, as its own test case (the same runner as
`clean rules test`)."""
from __future__ import annotations

import pytest

from cleaner.examples import check_rule
from cleaner.rules import load_rules

RULES = load_rules().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule):
    n, failures = check_rule(rule)
    assert n > 0
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_keep_examples(rule):
    assert rule.examples.keep, f"{rule.source}: rule '{rule.id}' has no keep examples"
