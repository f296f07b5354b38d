"""Large rule files are cached by content: the same rules come back, edits are seen, a broken
entry is ignored, and CLEAN_CACHE=0 turns the cache off. So are large matchers' literal sets
and literal scanners: a matcher from the cache cleans exactly as one built anew."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cleaner import Cleaner, matching
from cleaner.rules import CACHE_MIN_BYTES

from .conftest import seed_pairs


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


@pytest.fixture
def small_matchers_cached(monkeypatch):
    # the default rules' matchers are far below the sizes that use the cache
    monkeypatch.setattr(matching, "CACHE_MIN_REGEXES", 1)
    monkeypatch.setattr(matching, "CACHE_MIN_LITERALS", 1)


def seed_results(**kw) -> list:
    c = Cleaner(**kw)
    out = []
    for _, src, _ in seed_pairs():
        r = c.clean(src.read_text(encoding="utf-8"))
        out.append((r.text, [ch.to_dict() for ch in r.changes]))
    return out


def test_matchers_from_the_cache_clean_as_built_ones(cache, small_matchers_cached, monkeypatch):
    monkeypatch.setenv("CLEAN_CACHE", "0")
    want = seed_results()
    assert not cache.exists()
    monkeypatch.delenv("CLEAN_CACHE")
    assert seed_results() == want  # built, and stored
    kinds = {p.suffix for p in cache.iterdir()}
    assert ".literals" in kinds and (".hsdb" in kinds) == (matching.hyperscan is not None)
    entries = sorted(cache.iterdir())
    assert seed_results() == want  # from the cache
    assert sorted(cache.iterdir()) == entries


def test_a_damaged_matcher_entry_is_built_again(cache, small_matchers_cached, monkeypatch):
    want = seed_results()
    for entry in cache.iterdir():
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0x20  # one flipped bit, anywhere
        entry.write_bytes(bytes(data))
    assert seed_results() == want


def test_cache_entry_names_do_not_depend_on_the_hash_seed(cache):
    script = ("import cleaner.matching as m; m.CACHE_MIN_REGEXES = m.CACHE_MIN_LITERALS = 1; "
              "from cleaner import Cleaner; Cleaner(lang='en').clean('Talks went on.')")
    names = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "CLEAN_CACHE_DIR": str(cache)}
        subprocess.run([sys.executable, "-c", script], env=env, check=True)
        names.append(sorted(p.name for p in cache.iterdir()))
    assert names[0] and names[0] == names[1]
