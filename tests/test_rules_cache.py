"""Large rule files are cached by content: the same rules come back, edits are seen, a broken
entry is ignored, and CLEAN_CACHE=0 turns the cache off."""
from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.rules import CACHE_MIN_BYTES


def big_rule_file(path, n=500, word="zork"):
    out = ["lang: en", "rules:"]
    for i in range(n):
        out += [f"  - id: gen-{i}", "    kind: drop", "    match: line",
                f"    phrases: ['{word} {i} widget line']",
                f"    examples: {{drop: ['{word} {i} widget line'], keep: ['a {word} {i}']}}"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    assert path.stat().st_size >= CACHE_MIN_BYTES


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("CLEAN_CACHE_DIR", str(d))
    monkeypatch.delenv("CLEAN_CACHE", raising=False)
    return d


def ids(c: Cleaner) -> list[str]:
    return [r.id for r in c.ruleset.rules if r.id.startswith("gen-")]


def test_cached_rules_are_the_parsed_rules(tmp_path, cache):
    f = tmp_path / "big.yml"
    big_rule_file(f)
    first = Cleaner([f], lang="en")
    assert len(list(cache.glob("*.pickle"))) == 1
    again = Cleaner([f], lang="en")
    assert ids(again) == ids(first) and len(ids(first)) == 500
    text = "Talks went on.\nzork 7 widget line\n"
    assert again.clean(text).text == first.clean(text).text == "Talks went on.\n"


def test_an_edit_is_seen_and_a_broken_entry_ignored(tmp_path, cache):
    f = tmp_path / "big.yml"
    big_rule_file(f)
    Cleaner([f])
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert len(ids(Cleaner([f]))) == 500
    big_rule_file(f, word="blip")
    c = Cleaner([f], lang="en")
    assert c.clean("blip 3 widget line\n").text == ""


def test_cache_off_and_invalid_files_never_cached(tmp_path, cache, monkeypatch):
    f = tmp_path / "big.yml"
    big_rule_file(f)
    monkeypatch.setenv("CLEAN_CACHE", "0")
    Cleaner([f])
    assert not cache.exists()
    monkeypatch.delenv("CLEAN_CACHE")
    f.write_text(f.read_text(encoding="utf-8") + "  - id: broken\n    kind: nope\n",
                 encoding="utf-8")
    with pytest.raises(Exception, match="'kind' must be one of"):
        Cleaner([f])
    assert not list(cache.glob("*.pickle"))
