"""`cleaner.lint`: every broken-rule fixture yields its message on its line, the regex
analysis tells dangerous patterns from safe look-alikes, and the built-ins lint clean."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleaner.lint import backtracking_risk, check, never_matches

BAD = Path(__file__).parent / "fixtures" / "bad_rules"

# fixture, line, severity, words the message must contain
CASES = [
    ("nested_quantifier.yml", 10, "error",
     "regex '^(\\w+\\s?)+$' can backtrack catastrophically (nested quantifiers)"),
    ("overlapping_alternation.yml", 8, "error",
     "can backtrack catastrophically (overlapping alternatives under a quantifier)"),
    ("factored_alternation.yml", 8, "error",
     "regex '(?:ha|haha)+ lol$' can backtrack catastrophically (overlapping alternatives"),
    ("never_match.yml", 9, "error",
     "regex 'more$ stories' can never match ('$' before text that must follow)"),
    ("phrase_too_long.yml", 10, "error",
     "phrase 'sign up for our daily newsletter' has 6 words but max_words is 3"),
    ("min_gt_max.yml", 9, "error", "min_words (5) > max_words (2): never matches"),
    ("placeholder.yml", 10, "error", "placeholder 'TODO the junk line' is not filled in (phrases)"),
    ("placeholder.yml", 13, "error",
     "placeholder 'TODO the junk line' is not filled in (examples)"),
    ("swap_not_idempotent.yml", 6, "error",
     "canonical form 'European Union' contains alias 'European Union' of rule 'term-eu'"),
    ("duplicate_phrase.yml", 18, "warning",
     "duplicate phrase 'top stories' is already matched by rule 'top-header'"),
    ("shadowed_start.yml", 18, "warning",
     "phrase 'read more here' is already matched by rule 'read-more-start'"),
    ("no_keep.yml", 8, "warning", "has no keep examples"),
    ("unfiltered.yml", 9, "warning", "has no literal of 3+ characters to prefilter on"),
    ("bad_yaml.yml", 6, "error", "invalid YAML"),
    ("unknown_key.yml", 7, "error", "unknown key 'maxwords' for kind 'drop'"),
    ("duplicate_id.yml", 11, "error", "duplicate id (first defined at"),
    ("bad_regex.yml", 7, "error", "bad regex in 'patterns': missing ), unterminated subpattern"),
    ("unknown_setting.yml", 5, "error",
     "unknown setting 'heuristics.photo-credit.caption_max_word'"),
    ("no_examples.yml", 3, "error", "has no 'examples'"),
    ("yaml_alias.yml", 7, "error", "invalid YAML: aliases (*name) are not allowed in rule files"),
    ("bad_setting_values.yml", 5, "error",
     "setting 'budget.policy' must be 'keep' or 'apply', got 'delete'"),
    ("bad_setting_values.yml", 6, "error",
     "setting 'budget.max_prose_share' is a share: it must lie between 0 and 1, got 1.5"),
    ("bad_setting_values.yml", 8, "error", "setting 'runs.max_lines' must not be negative, got -2"),
    ("bad_setting_values.yml", 13, "error", "setting 'language.ratio' must be a finite number"),
]


def test_a_good_value_beside_bad_ones_is_no_problem():
    # line 11 sets a share within 0..1: only the three bad values are reported
    assert sorted(p.line for p in _problems("bad_setting_values.yml")) == [5, 6, 8, 13]


def _problems(name):
    path = BAD / name
    return check([path], default_rules=False, only=[path]).problems


@pytest.mark.parametrize("name,line,severity,message", CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_bad_rule_fixture(name, line, severity, message):
    found = [(p.line, p.severity, p.message) for p in _problems(name)]
    assert any(ln == line and sev == severity and message in msg for ln, sev, msg in found), found


def test_every_fixture_is_covered():
    assert {c[0] for c in CASES} == {p.name for p in BAD.glob("*.yml")}
    assert len({c[0] for c in CASES}) >= 10


@pytest.mark.parametrize("name", sorted({c[0] for c in CASES if c[2] == "warning"}))
def test_warning_fixtures_have_no_errors(name):
    """Warnings must not be promoted to errors (they only fail `check --strict`)."""
    assert [p for p in _problems(name) if p.severity == "error"] == []


def test_builtin_rules_have_no_lint_errors():
    res = check()
    assert res.errors == [], "\n".join(map(str, res.errors))


def test_only_restricts_lint_to_the_given_files():
    path = BAD / "no_keep.yml"
    res = check([path], default_rules=True, only=[path])
    assert res.problems and {p.path for p in res.problems} == {str(path)}


def test_problems_are_sorted_by_file_and_line():
    paths = sorted(BAD.glob("*.yml"))
    res = check([BAD], default_rules=False)
    keys = [(p.path, p.line) for p in res.problems]
    assert keys == sorted(keys)
    assert {Path(p.path).name for p in res.problems} == {p.name for p in paths}


@pytest.mark.parametrize("pattern", [
    r"(a+)+$", r"^(\w+\s?)+$", r"(.*,)+x", r"(\d+\.?)+%", r"(a*)*b", r"(x+x+)+y",
    r"(?:\w+|\d+)+ more", r"(?:a|a?)+b",
])
def test_backtracking_risk_found(pattern):
    assert backtracking_risk(re.compile(pattern)) is not None


@pytest.mark.parametrize("pattern", [
    r"(a+b)+", r"([a-z]+ )+end", r"(?:[\w.'-]+ ){1,12}contributed", r"(?:\s*,\s*\w+)+",
    r"(a++)+", r"(?:(?:facebook|email|e-mail|share)\s*[|,]?\s*){2,12}",
    r"(\w+\s?){1,4}bounded",
])
def test_backtracking_risk_not_found(pattern):
    assert backtracking_risk(re.compile(pattern)) is None


@pytest.mark.parametrize("pattern,never", [
    (r"foo$bar", True), (r"a^b", True), (r"(?!)x", True), (r"[^\s\S]", True),
    (r"(?:a$b|c^d)", True), (r"foo$", False), (r"^foo", False), (r"(?:a$b|cd)", False),
    (r"foo$\n?", False),
])
def test_never_matches(pattern, never):
    assert (never_matches(re.compile(pattern)) is not None) is never


def test_multiline_anchors_are_not_flagged():
    assert never_matches(re.compile(r"a$\nb", re.MULTILINE)) is None


def test_yaml_nested_too_deeply_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "deep.yml"
    path.write_text("rules: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    problems = check([path], default_rules=False, only=[path]).problems
    assert [(p.severity, p.message) for p in problems] == [
        ("error", "invalid YAML: nested too deeply to read")]


def test_a_regex_that_can_backtrack_catastrophically_is_refused_when_loaded():
    # as `rules check` says: the run would hang on some line
    from cleaner import Cleaner
    from cleaner.errors import RuleFileError

    path = BAD / "factored_alternation.yml"
    with pytest.raises(RuleFileError) as e:
        Cleaner([path])
    [p] = e.value.problems
    assert p.rule_id == "ha-laughs" and "can backtrack catastrophically" in p.message
    # `rules check` reports it once, on the pattern's own line
    assert [x.line for x in _problems("factored_alternation.yml")
            if "catastrophically" in x.message] == [8]


@pytest.mark.parametrize("pattern,risky", [
    ("(a|aa)+$", True), ("(a|a)*b$", True), ("(?:x|xy|yx)+z", True), ("(a|a?)+$", True),
    ("^(?:(?i:ab)|aB)+$", True), ("(?i)^(?:st|\u017ft)+$", True),
    ("(ab|abc)+$", False), ("(?:a|ab|bb)+c", False), ("(?:read|see) more", False),
])
def test_literal_alternations_are_judged_exactly(pattern, risky):
    assert bool(backtracking_risk(re.compile(pattern))) == risky
