"""Properties over many generated documents: deterministic, order-independent, idempotent, and
every output line is an input line or its normalization."""
from __future__ import annotations

import random

import pytest

from cleaner import Cleaner

from .conftest import SEEDS

LINES = [ln for f in sorted(SEEDS.glob("*.txt")) if ".expected" not in f.name
         for ln in f.read_text(encoding="utf-8").split("\n") if ln.strip()]
JUNK = ["Advertisement", "Share this article", "Read more: Other story of the day",
        "© 2020 Example Media. All rights reserved.", "-", "Top Stories", "Home", "News"]


def documents(n=60, seed=7):
    rnd = random.Random(seed)
    for _ in range(n):
        lines = rnd.sample(LINES, rnd.randint(1, 12)) + rnd.sample(JUNK, rnd.randint(0, 4))
        rnd.shuffle(lines)
        yield rnd.choice(["\n", "\n\n"]).join(lines) + rnd.choice(["", "\n"])


DOCS = list(documents())


@pytest.fixture(scope="module")
def c() -> Cleaner:
    return Cleaner()


def test_deterministic_and_independent_of_order(c):
    first = [c.clean(d).text for d in DOCS]
    other = Cleaner()
    again = [other.clean(d).text for d in reversed(DOCS)][::-1]
    assert first == again


def test_idempotent(c):
    for d in DOCS:
        once = c.clean(d).text
        assert c.clean(once).text == once


def test_output_lines_come_from_the_input(c):
    for d in DOCS:
        r = c.clean(d)
        inputs = set(d.split("\n"))
        replaced = {ch.line for ch in r.changes if ch.action == "replaced"}
        src = d.split("\n")
        normalized = {c.clean(src[n - 1]).text.rstrip("\n") for n in replaced}
        for line in r.text.split("\n"):
            assert not line or line in inputs or line in normalized


def test_output_ends_with_one_newline(c):
    for d in DOCS:
        text = c.clean(d).text
        assert text == "" or (text.endswith("\n") and not text.endswith("\n\n"))


def _content_lines(text: str) -> int:
    return sum(1 for t in text.split("\n") if t.strip())


def test_line_counts_are_the_non_blank_lines_in_and_out(c):
    for d in DOCS + ["  \n\t\nOne line.\n \n", "", "\n\n"]:
        r = c.clean(d)
        assert (r.lines_in, r.lines_out) == (_content_lines(d), _content_lines(r.text))
    # a budget-restored line counts as kept
    prose = "This is a perfectly ordinary sentence of article prose that ends well."
    r = c.clean("\n".join(["Headline here"] + [prose] * 4))
    assert any(ch.action == "kept" for ch in r.changes)
    assert r.lines_out == _content_lines(r.text) == 5


def test_a_line_a_replace_rule_empties_is_blank_from_then_on(tmp_path):
    f = tmp_path / "r.yml"
    f.write_text("rules:\n  - id: no-stars\n    kind: replace\n    pattern: '[*]{3,}'\n"
                 "    with: ''\n    examples:\n      change: [{in: 'a **** b', out: 'a  b'}]\n"
                 "      keep: [a * b]\n", encoding="utf-8")
    c = Cleaner([f], skip=["separator-line"], lang="en")
    r = c.clean("Talks resumed on Monday, officials said.\n****\n**** ****\nMore talks are planned.")
    # emptied lines are blank lines now: kept as the blank run they make, no " " left over
    assert r.text == "Talks resumed on Monday, officials said.\n\n\nMore talks are planned.\n"
    assert (r.lines_in, r.lines_out) == (4, _content_lines(r.text)) == (4, 2)
