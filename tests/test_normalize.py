"""Term swaps and spacing repairs: boundaries, case, possessives, collapse, idempotence."""
from __future__ import annotations

import pytest

from cleaner import Cleaner


@pytest.fixture(scope="module")
def c() -> Cleaner:
    return Cleaner(lang="en")


def own_rules(tmp_path, lang: str, text: str) -> Cleaner:
    """A Cleaner with only the rules of this YAML text."""
    path = tmp_path / "rules.yml"
    path.write_text(text, encoding="utf-8")
    return Cleaner([path], default_rules=False, lang=lang)


def norm(c, line: str) -> str:
    return c.clean(line + "\n").text.rstrip("\n")


@pytest.mark.parametrize("src,want", [
    ("The North Atlantic Treaty Organisation met.", "The NATO met."),
    ("The North Atlantic Treaty Organization's mission grew.", "The NATO's mission grew."),
    ("The North Atlantic Treaty Organisation’s mission grew.", "The NATO’s mission grew."),
    ("The North Atlantic Treaty Organization (NATO) said so.", "The NATO said so."),
    ("NATO (North Atlantic Treaty Organization) said so.", "NATO said so."),
    ("THE NORTH ATLANTIC TREATY ORGANISATION MET.", "THE NATO MET."),
    ("He told The Related Press on Monday.", "He told The Associated Press on Monday."),
    ("the US -led coalition", "the US-led coalition"),
    ("we are welcome, ”he said.", "we are welcome,” he said."),
    ("challenges for us,including terrorism", "challenges for us, including terrorism"),
])
def test_normalizes(c, src, want):
    assert norm(c, src) == want


@pytest.mark.parametrize("line", [
    "related press releases were issued on Monday",        # not a proper-name form
    "See https://example.org/North Atlantic Treaty Organisation for the charter.",
    "a 1,000-strong force",                                  # numbers keep their commas
    "see https://example.com/a,b,c for the list",           # URLs are never rewritten
    "Geschäftsmodell der North-Atlantic-Treaty-Organisation-Stiftung",
])
def test_leaves_alone(c, line):
    assert norm(c, line) == line


def test_unicode_word_boundaries(tmp_path):
    c = own_rules(tmp_path, "de",
        "rules:\n"
        "  - id: term-ag\n"
        "    kind: swap\n"
        "    canonical: AG\n"
        "    aliases: [Aktiengesellschaft]\n"
        "    examples:\n"
        "      change: [{in: die Aktiengesellschaft, out: die AG}]\n"
        "      keep: [Aktiengesellschaften]\n")
    assert norm(c, "die Aktiengesellschaft") == "die AG"
    assert norm(c, "die Aktiengesellschaften und Aktiengesellschaftsrecht") == \
        "die Aktiengesellschaften und Aktiengesellschaftsrecht"
    assert norm(c, "Groß-Aktiengesellschaft") == "Groß-AG"


def test_normalization_is_idempotent_and_explained(c):
    src = "The North Atlantic Treaty Organisation and the US -led force, ”he said.\n"
    r = c.clean(src)
    assert c.clean(r.text).text == r.text
    ids = [ch.rule_id for ch in r.changes]
    assert ids.count("term-nato") == 1 and "space-before-hyphen-suffix" in ids
    assert all(ch.action == "replaced" and ch.after is not None for ch in r.changes)


def test_leftmost_longest(tmp_path):
    c = own_rules(tmp_path, "en",
        "rules:\n"
        "  - id: short\n"
        "    kind: swap\n"
        "    canonical: UN\n"
        "    aliases: [United Nations]\n"
        "    examples: {change: [{in: United Nations, out: UN}], keep: [UN]}\n"
        "  - id: long\n"
        "    kind: swap\n"
        "    canonical: UNSC\n"
        "    aliases: [United Nations Security Council]\n"
        "    examples: {change: [{in: United Nations Security Council, out: UNSC}], keep: [UN]}\n")
    assert norm(c, "the United Nations Security Council and the United Nations") == \
        "the UNSC and the UN"


def test_a_replacement_that_forms_an_alias_or_a_literal_is_followed_up(tmp_path):
    # Lines are picked for normalization by what they hold before any rule runs; a line a
    # replace rule rewrites must still meet the later replace rules and the swaps.
    c = own_rules(tmp_path, "en",
        "rules:\n"
        "  - id: join-press\n"
        "    kind: replace\n"
        "    pattern: 'Related-Press'\n"
        "    with: 'Related Press'\n"
        "    examples: {change: [{in: Related-Press, out: Related Press}]}\n"
        "  - id: mark-press\n"
        "    kind: replace\n"
        "    pattern: 'd Press said'\n"
        "    with: 'd Press reported'\n"
        "    examples: {change: [{in: Red Press said, out: Red Press reported}]}\n"
        "  - id: term-ap\n"
        "    kind: swap\n"
        "    canonical: Associated Press\n"
        "    aliases: [Related Press]\n"
        "    examples: {change: [{in: the Related Press, out: the Associated Press}]}\n")
    assert norm(c, "The Related-Press said so.") == "The Associated Press reported so."
    assert norm(c, "Nothing to do here.") == "Nothing to do here."


def test_lowering_keeps_offsets_and_matches_lowering_each_character():
    from cleaner.normalize import _lower_same_length

    def reference(text: str) -> str:
        low = text.lower()
        if len(low) == len(text):
            return low
        return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)

    for text in ("DİYARBAKIR ΟΔΟΣ", "İstanbul", "ΟΔΟΣ İ", "plain", "", "Σİ ΣΑΣ."):
        assert _lower_same_length(text) == reference(text)
        assert len(_lower_same_length(text)) == len(text)


def test_protected_spans_found_around_an_edit_equal_those_of_the_whole_line():
    import random

    from cleaner.normalize import _protected, _touches_protected

    rnd = random.Random(7)
    pieces = ["US -led", "see", "https://ex.com/a,b", "x@y.org", "news.bbc.co.uk", ",", " ",
              "\u00a0", "www.site.de/x", "Geschäft.com", "-", ".", "word"]
    for _ in range(600):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8)))
        spans = _protected(text)
        for a in range(len(text)):
            for b in range(a + 1, min(len(text), a + 6) + 1):
                want = any(a < e and s < b for s, e in spans)
                assert _touches_protected(text, a, b) == want, (text, a, b)


def test_a_document_with_dotted_capital_i_is_still_normalized(c):
    # "İ" lowers to two characters; the whole-document lookup then checks every line
    assert norm(c, "İstanbul, Türkiye\nThe North Atlantic Treaty Organisation met.") == \
        "İstanbul, Türkiye\nThe NATO met."
