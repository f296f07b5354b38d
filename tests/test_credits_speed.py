"""The fast paths of photo-credit and caps-teaser against straightforward reference versions:
every shortcut may only skip work that would have found nothing."""
from __future__ import annotations

import random
import unicodedata

import pytest

from cleaner.document import Document
from cleaner.heuristics import teasers
from cleaner.heuristics.base import DocContext
from cleaner.lexicon import Lexicon
from cleaner.rules import builtin_rules_dir, load_rules


@pytest.fixture(scope="module")
def settings():
    return load_rules((), True).settings


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load([builtin_rules_dir()])


def context(lines, settings, lexicon) -> DocContext:
    return DocContext(Document.from_text("\n".join(lines)), lexicon, settings)


def drops(ctx) -> list:
    return [(ln.no, ln.dropped.rule_id, ln.dropped.reason)
            for ln in ctx.doc.lines if ln.dropped is not None]


# --- caps-teaser --------------------------------------------------------------------------

def reference_caps_teaser(ctx, min_words, rule_id="caps-teaser"):
    """CapsTeaser.run as first written: every line through the character walk."""
    first = ctx.first_content()
    for ln in ctx.content:
        if ln.dropped is not None or ln is first or ln.n_words < min_words:
            continue
        text = ln.text.lstrip()
        if (ln.sentence_end or "|" in text or text.startswith("#")
                or not teasers._capitals(text)):
            continue
        if sum(any(c.isdigit() for c in w) for w in ln.text.split()) >= 2:
            continue
        ctx.doc.drop(ln, rule_id, f"{ln.n_words} words in capitals with no sentence ending")


def test_odd_cased_list_matches_this_unicode_database():
    odd = teasers.odd_cased()
    assert odd and all(not c.isascii() for c in odd)
    assert "ǅ" in odd and "ⅰ" in odd and "ⓐ" in odd
    if unicodedata.unidata_version == "14.0.0":
        assert set(teasers._ODD.findall(odd)) == set(odd)
        everything = "".join(map(chr, range(0x110000)))
        assert len(teasers._ODD.findall(everything)) == len(odd)


def test_maybe_capitals_is_never_false_where_capitals_is_true():
    # every character that can make str.isupper() false, inside a line in capitals
    breakers = [chr(i) for i in range(0x110000) if not ("A" + chr(i)).isupper()]
    for c in breakers:
        for text in (f"SENATE PASSES {c} THE BUDGET BILL", f"{c}ABCDEFGHIJ", f"ABCD{c}"):
            if teasers._capitals(text):
                assert teasers.maybe_capitals(text), repr(c)
    assert teasers._capitals("ǅ SENATE PASSES THE BUDGET BILL AFTER LONG NIGHT")
    assert not "ǅ SENATE PASSES THE BUDGET BILL AFTER LONG NIGHT".isupper()
    assert teasers.maybe_capitals("ǅ SENATE PASSES THE BUDGET BILL AFTER LONG NIGHT")
    assert teasers.maybe_capitals("CHAPTER ⅰ: THE SENATE PASSES THE BUDGET BILL")


TEASER_ALPHABET = (list("ABCDEFGHIJKLMNOPQRSTUVWXYZ") * 4 + list("abcxyz") + list("0123456789")
                   + [" "] * 25 + list(".!?|#'\"()-:") + ["ǅ", "ǈ", "ⅰ", "Ⅰ", "ⓐ", "Ⓐ", "ß", "ẞ",
                   "ª", "ͅ", "ᾈ", "É", "é", "Σ", "σ", "Ж", "ж", "한", "국", "日", "本", "İ", "ı",
                   "\u00a0", "\u2028", "\t", "ℌ", "𝐀", "𝐚"])


def random_line(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def test_caps_teaser_matches_reference_on_random_documents(settings, lexicon):
    rng = random.Random(7)
    conf = settings["heuristics"]["caps-teaser"]
    h = teasers.CapsTeaser(conf)
    no_lower = [c for c in TEASER_ALPHABET if not c.islower()]
    for i in range(400):
        alphabet = TEASER_ALPHABET if i % 2 else no_lower
        lines = [random_line(rng, alphabet, rng.randint(0, 90)) for _ in range(8)]
        lines += ["SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS' AGAIN TONIGHT",
                  "  ǅ SEAN SPICER ELIMINATED FROM DANCING WITH THE STARS AGAIN TONIGHT",
                  "삼성전자 CEO 이재용 부회장 오늘 발표 내용 정리 및 향후 전망 CEO",
                  "CHAPTER ⅰ SEAN SPICER ELIMINATED FROM DANCING WITH STARS AGAIN",
                  "Q3 2019 REVENUE 12 PERCENT UP ON YEAR IN 4 MARKETS WORLDWIDE"]
        rng.shuffle(lines)
        a, b = context(lines, settings, lexicon), context(lines, settings, lexicon)
        reference_caps_teaser(a, conf["min_words"])
        h.run(b)
        assert drops(a) == drops(b), lines
