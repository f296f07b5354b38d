"""The seed articles must come out byte for byte as expected, through the API and the CLI."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from cleaner import clean
from cleaner.cli import clean_cmd

from .conftest import seed_pairs

SEEDS = list(seed_pairs())


@pytest.mark.parametrize("name,src,exp", SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_api(name, src, exp):
    assert clean(src.read_text(encoding="utf-8")) == exp.read_text(encoding="utf-8")


@pytest.mark.parametrize("name,src,exp", SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_cli_stdin(name, src, exp):
    res = CliRunner().invoke(clean_cmd, [], input=src.read_bytes())
    assert res.exit_code == 0, res.output
    assert res.stdout_bytes == exp.read_bytes()


@pytest.mark.parametrize("name,src,exp", SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_idempotent(name, src, exp, cleaner):
    once = cleaner.clean(src.read_text(encoding="utf-8")).text
    assert cleaner.clean(once).text == once


@pytest.mark.parametrize("name,src,exp", SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_changes_are_explained(name, src, exp, cleaner):
    """Every line missing from the output is accounted for by a 'dropped' change."""
    text = src.read_text(encoding="utf-8")
    res = cleaner.clean(text)
    lines = text.split("\n")
    dropped = {c.line for c in res.changes if c.action == "dropped"}
    kept = {i + 1 for i, t in enumerate(lines) if t.strip()} - dropped
    assert len(kept) == len([t for t in res.text.split("\n") if t.strip()])
    for c in res.changes:
        if c.action == "dropped":
            assert lines[c.line - 1] == c.before
