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
                or not teasers._capitals(text, 0.8)):
            continue
        if sum(any(c.isdigit() for c in w) for w in ln.text.split()) >= 2:
            continue
        ctx.doc.drop(ln, rule_id, f"{ln.n_words} words in capitals with no sentence ending")


def test_odd_cased_list_matches_this_unicode_database():
    odd = teasers.odd_cased()
    assert odd and all(not c.isascii() for c in odd)
    assert "ǅ" in odd and "ⅰ" in odd and "ⓐ" in odd
    if unicodedata.unidata_version == "14.0.0":
        assert set(teasers._odd().findall(odd)) == set(odd)
        everything = "".join(map(chr, range(0x110000)))
        assert len(teasers._odd().findall(everything)) == len(odd)


def test_maybe_capitals_is_never_false_where_capitals_is_true():
    # every character that can make str.isupper() false, inside a line in capitals
    breakers = [chr(i) for i in range(0x110000) if not ("A" + chr(i)).isupper()]
    for c in breakers:
        for text in (f"SENATE PASSES {c} THE BUDGET BILL", f"{c}ABCDEFGHIJ", f"ABCD{c}"):
            if teasers._capitals(text, 0.8):
                assert teasers.maybe_capitals(text), repr(c)
    assert teasers._capitals("ǅ SENATE PASSES THE BUDGET BILL AFTER LONG NIGHT", 0.8)
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


# --- photo-credit -------------------------------------------------------------------------

class ReferenceShapes:
    """CreditShapes as first written (before the prefilters): the meaning the fast paths keep."""

    def __init__(self, agencies, photo_words):
        import re
        nameish = r"[A-Z][\w.'’-]*"
        alts = sorted(agencies, key=len, reverse=True)
        agency = "(?:" + "|".join(re.escape(a) for a in alts) + ")" if alts else r"(?!x)x"
        words = sorted(photo_words, key=len, reverse=True)
        photo_word = "(?:" + "|".join(re.escape(w) for w in words) + ")" if words else r"(?!x)x"
        self.agency = re.compile(rf"(?<!\w){agency}(?!\w)")
        self.agency_last_words = {a.split()[-1].split("/")[-1] for a in alts}
        self.tail_paren = re.compile(
            rf"\s*\((?:{photo_word}\b[^()]{{0,80}}|{nameish}[^()/]{{0,60}}\s?/\s?[A-Z][^()/]{{1,60}}"
            rf"|[^()]{{0,40}}(?<!\w){agency}(?!\w)[^()]{{0,40}})\)\s*$")
        self.tail_glued = re.compile(
            rf"(?:(?:(?<=\.)\s?|\s[|–—]\s*){agency}(?:\s*/\s*[^/]{{2,40}})?"
            rf"|[\s,;]\s*(?i:{photo_word})\s*(?::|©|\(c\))\s*[^.]{{2,60}})\s*$")
        self.standalone = re.compile(
            rf"^\(?\s*(?:{photo_word}\s*(?:by|credit|courtesy(?: of)?)?\s*[:|/]?\s*[^.]{{0,80}}"
            rf"|{agency}(?:\s+(?:photo|images?|via\s+.{{2,30}}))?(?:\s*/\s*[^/]{{2,40}})?"
            rf"|{nameish}(?:\s{nameish}){{0,4}}\s?/\s?{agency}.{{0,30}})\s*\)?$",
            re.IGNORECASE)

    def trailing_credit(self, text):
        if not text.rstrip().endswith(")"):
            return None
        m = self.tail_paren.search(text)
        return m if m and m.start() > 0 else None

    def glued_credit(self, text):
        import re
        tail = text.rstrip()[-100:]
        last = re.split(r"[\s.|/]", tail)[-1]
        if ("©" not in tail and ":" not in tail and "/" not in tail[-45:]
                and last not in self.agency_last_words):
            return None
        m = self.tail_glued.search(tail)
        return m if m and m.start() + len(text.rstrip()) - len(tail) > 0 else None

    def strip(self, text):
        m = self.trailing_credit(text)
        return text[: m.start()] if m else text

    def is_standalone(self, text):
        import re

        from cleaner.document import ends_like_sentence
        s = text.strip()
        if not s or len(s.split()) > 14 or ends_like_sentence(s.rstrip(")")):
            return False
        if not self.standalone.match(s):
            return False
        return bool(self.agency.search(s)) or bool(re.search(r"[:/|]|\bby\b", s, re.IGNORECASE))


def reference_photo_credit(ctx, shapes, cap, rule_id="photo-credit"):
    """PhotoCredit.run as first written: every line through every shape."""
    first = ctx.first_content()
    for ln in ctx.content:
        if ln.dropped is not None or ln is first or ln.n_words > cap:
            continue
        text = ln.text.strip()
        if ln.n_words <= 14 and shapes.is_standalone(text):
            ctx.doc.drop(ln, rule_id, "a photo credit on its own line")
            continue
        m = shapes.trailing_credit(text) or shapes.glued_credit(text)
        if m:
            ctx.doc.drop(ln, rule_id, f"a caption ending in the credit {m.group(0).strip()!r}")


def same_match(a, b) -> bool:
    return (a is None) == (b is None) and (a is None or (a.span(), a.group(0)) == (b.span(), b.group(0)))


TRICKY_LINES = [
    "(AP Photo/Evan Vucci)", "A man walks by. (AP Photo/Evan Vucci)", "Photo: Jane Roe",
    "Photo by Jane Roe", "PHOTO BY JANE ROE", "photos © Jane Roe, 2018",
    "The crowd in the square, photos © Jane Roe, 2018", "Leaders meet in Brussels | AFP",
    "Leaders meet in Brussels — AFP", "Leaders meet in Brussels –AP", "Talks in New York.Reuters",
    "Talks in New York. Reuters / Jane Roe", "Jane Roe/AFP", "(Jane Roe / Reuters)",
    "Jane Roe / Getty Images", "Getty Images", "REUTERS", "reuters", "Reuters", "AP", "Apple",
    "April 2019", "Paris", "PA Wire", "Photos", "Pictured: the new bridge",
    "Image credit: NASA", "(Image credit: Ceres Robotics)", "Source: Reuters",
    "A view of the bridge. Source: company data", "Video: the storm hits the coast",
    "A boat, photo (c) Jane Roe", "A boat, photo (c) Jane/Roe", "(c) 2019 Jane Roe",
    "Courtesy of the family", "Courtesy via Jane Doe by Tom", "courtesy via jim by tom",
    "(File photo/Reuters)", "(dpa)", "Berlin (dpa) - Die Regierung", "(picture alliance)",
    "A protester (https://www.dpa.com/AP)", "[Latest](https://www.example.com/news/latest)",
    "   (AP Photo/Evan Vucci)   ", "\t Photo:\u00a0Jane Roe \u2028", "Photo\u3000by Jane Roe",
    "pıcture by Jane Roe", "ſource: Reuters", "İmage: Jane Roe", "Kyodo/KYODO", "KYODO",
    "사진 = 연합뉴스 (Yonhap)", "연합뉴스 Yonhap", "写真：ロイター (Reuters)", "图片来源：新华社 Xinhua",
    "Фото: Reuters", "Фото: РИА Новости", "SEOUL, Nov 20 (Yonhap) -- South Korea said",
    "(Photo: Jane Roe)", "(photo: Jane Roe)", "(Photograph by Jane Roe for The Guardian)",
    "U.S. Navy photo by Mass Communication Specialist 2nd Class Jane Roe",
    "(U.S. Air Force photo/Jane Roe)", "NASA/JPL-Caltech", "Wikimedia Commons",
    "Unsplash/Jane Roe", "Photo by Jane Roe on Unsplash", "iStock/Getty Images Plus",
    "Bloomberg via Getty Images", "(AP)", "(AP) —", "WASHINGTON (AP) — The Senate voted",
    "An MSC cargo ship leaves PortMiami, on Aug. 31, 2019. (AP)   ",
    "Photo: Hau Dinh, AP", "2019 in Las Vegas. Photo: John Locher, AP",
    "Caption text. Photo: Damian Dovarganes, STF / Associated Press",
    "A B C D E F G H I J K L M N O P (Jane Roe/AFP)", "Tags: Photo, Video, Source",
    "Password:[]", "VIP : 60,000₩", "Credit: Jane Roe.", "Credit: Jane Roe!", "Credit:",
    "Photo:J", "by AP", "By Jane Roe, AP", "(", ")", "()", "(())", "( AP )", "((AP))",
    "a (b) c (AP)", "a (b (AP)", "(AP Photo)", "(AP Photo/)", "(AP/Photo/Evan)", "x/AP",
    "name/ap", "Jane Roe/ap photos today", "Jane Roe /  AP", "Jane Roe/ AP)", "(Jane Roe/AP",
    "Photo/Jane Roe", "photo|Jane Roe", "Photo | Jane Roe | AP", "IMAGES: AP", "ǅane Roe/AP",
    # letters IGNORECASE matches to ASCII ones: Kelvin sign, long s, dotless i, dotted I
    "\u212ayodo", "\u212aeystone/Jane Roe", "Jane Roe/\u212ayodo", "\u017fource: AP",
    "Pıcture by Jane", "\u0130mages by Jane", "photo\u017f: Jane Roe", "x, \u017fource: data",
]


@pytest.fixture(scope="module")
def shapes_pair(lexicon):
    from cleaner.heuristics.credits import CreditShapes
    return (ReferenceShapes(lexicon.agencies, lexicon.photo_words),
            CreditShapes(lexicon.agencies, lexicon.photo_words))


def variants(line):
    yield line
    yield line.strip()
    yield " " + line + "  "
    yield line + "\n"
    yield line.upper()
    yield line.lower()


def test_shape_methods_match_reference_on_tricky_lines(shapes_pair):
    ref, new = shapes_pair
    for line in TRICKY_LINES:
        for text in variants(line):
            assert same_match(ref.trailing_credit(text), new.trailing_credit(text)), repr(text)
            assert ref.strip(text) == new.strip(text), repr(text)
            assert same_match(ref.glued_credit(text), new.glued_credit(text)), repr(text)
            assert ref.is_standalone(text) == new.is_standalone(text), repr(text)


def shapes_found(ref, text) -> int:
    from cleaner.heuristics.credits import GLUED, STANDALONE, TRAILING
    return ((STANDALONE if ref.is_standalone(text) else 0)
            | (TRAILING if ref.trailing_credit(text) else 0)
            | (GLUED if ref.glued_credit(text) else 0))


FRAGMENTS = ["AP", "AP Photo", "Reuters", "REUTERS", "AFP", "Getty Images", "dpa", "Xinhua",
             "picture alliance", "U.S. Navy", "Courtesy", "photo", "Photo", "PHOTOS", "image",
             "Credit", "source", "video", "Pic", "foto", "illustration", "by", "via", "of",
             "Jane", "Roe", "Evan Vucci", "the", "in", "Brussels", "2019", "12", "연합뉴스",
             "사진", "新华社", "Фото", "pıcture", "ſource", "İmage", "\u212a", "\u212ayodo", "ǅ",
             "/", " / ", "|", " | ", " – ", "—", ":", ": ", "©", "(c)", "(", ")", "(", ")",
             ".", ". ", ",", ";", " ", " ", " ", "  ", "\t", "\u00a0", "\u3000", "-", "'", "’",
             "https://www.example.com/", "[x](", "](/news)"]


def random_credit_line(rng):
    return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12)))


def test_candidates_keep_every_line_a_shape_matches(shapes_pair):
    ref, new = shapes_pair
    rng = random.Random(11)
    lines = [t.strip() for line in TRICKY_LINES for t in variants(line)]
    lines += [random_credit_line(rng).strip() for _ in range(6000)]
    found = dict(new.candidates(lines))
    hits = 0
    for i, text in enumerate(lines):
        want = shapes_found(ref, text)
        hits += bool(want)
        assert want & ~found.get(i, 0) == 0, (repr(text), want, found.get(i, 0))
    assert hits > 500  # the random lines do exercise the shapes


def test_photo_credit_matches_reference_on_random_documents(settings, lexicon):
    from cleaner.heuristics.credits import CreditShapes, PhotoCredit
    conf = settings["heuristics"]["photo-credit"]
    ref = ReferenceShapes(lexicon.agencies, lexicon.photo_words)
    h = PhotoCredit(conf, CreditShapes(lexicon.agencies, lexicon.photo_words))
    rng = random.Random(5)
    dropped = 0
    for _ in range(300):
        lines = [random_credit_line(rng) for _ in range(rng.randint(1, 12))]
        lines += rng.sample(TRICKY_LINES, 4) + [""]
        rng.shuffle(lines)
        a, b = context(lines, settings, lexicon), context(lines, settings, lexicon)
        reference_photo_credit(a, ref, conf["caption_max_words"])
        h.run(b)
        assert drops(a) == drops(b), lines
        dropped += len(drops(a))
    assert dropped > 300


def test_trailing_credit_matches_reference_on_random_lines(shapes_pair):
    ref, new = shapes_pair
    rng = random.Random(17)
    for _ in range(8000):
        text = random_credit_line(rng) + rng.choice(["", ")", " (AP)", "(Jane Roe/AP)", " ) ", "\n"])
        assert same_match(ref.trailing_credit(text), new.trailing_credit(text)), repr(text)
        assert ref.strip(text) == new.strip(text), repr(text)


@pytest.mark.parametrize("agencies, photo_words", [
    (("AP", "Agence (France)", "dpa"), ("photo",)),     # a bracket in a word
    (("AP",), ("photo", "")),                           # an empty word
    (("(AP)", "AP", " Reuters"), ("photo", "(photo)")),   # words that start with "(" or a space
    (("Ägentur", "ÉFE", "AP"), ("foto", "ßild")),       # words that start with other letters
    ((), ()),
])
def test_unusual_word_lists_match_reference(agencies, photo_words):
    from cleaner.heuristics.credits import CreditShapes
    ref, new = ReferenceShapes(agencies, photo_words), CreditShapes(agencies, photo_words)
    rng = random.Random(3)
    extra = ["Agence (France)", "Ägentur", "ägentur", "ÉFE", "éfe", "ßild: Jane", "(ßild by X)",
             "x. Ägentur", "Jane/ÉFE", "(Ägentur)", "(AP)", "((AP)) by Jane", "( (AP)",
             "(photo) by Jane", "(  Reuters", "Jane/ Reuters", "x. (AP)"]
    lines = [t for line in TRICKY_LINES + extra for t in variants(line)]
    lines += [random_credit_line(rng) + rng.choice(extra) for _ in range(1500)]
    stripped = [t.strip() for t in lines]
    found = dict(new.candidates(stripped))
    for i, text in enumerate(lines):
        assert same_match(ref.trailing_credit(text), new.trailing_credit(text)), repr(text)
        assert same_match(ref.glued_credit(text), new.glued_credit(text)), repr(text)
        assert ref.is_standalone(text) == new.is_standalone(text), repr(text)
        want = shapes_found(ref, stripped[i])
        assert want & ~found.get(i, 0) == 0, repr(text)


def test_tries_match_the_alternation(lexicon):
    import re

    from cleaner.heuristics.credits import _trie, _trie_ignorecase
    words = list(lexicon.agencies) + list(lexicon.photo_words) + ["a", "ab", "abc", "b.c", "x y"]
    plain = re.compile("(?:" + "|".join(map(re.escape, words)) + r")\Z")
    folded = re.compile("(?:" + "|".join(map(re.escape, words)) + r")\Z", re.IGNORECASE)
    trie = re.compile(f"{_trie(words)}" + r"\Z")
    trie_i = re.compile(_trie_ignorecase([(w, "") for w in words]) + r"\Z")
    probes = set(words)
    for w in words:
        probes |= {w.upper(), w.lower(), w.swapcase(), w[:-1], w + "s", w.replace("i", "ı"),
                   w.replace("s", "\u017f"), w.replace("I", "\u0130"), w.replace("k", "\u212a"),
                   w.replace("K", "\u212a")}
    for p in probes:
        assert bool(plain.match(p)) == bool(trie.match(p)), p
        assert bool(folded.match(p)) == bool(trie_i.match(p)), p


def test_bracket_groups_at_the_length_limits(shapes_pair, lexicon):
    # the third branch of tail_paren: an agency that starts at most 40 characters into the
    # group and ends at most 40 before its end; the prefilters count the same characters
    ref, new = shapes_pair
    longest = max(lexicon.agencies, key=len)
    lines = []
    for agency in ("Reuters", "iStock", "iStockphoto", "dpa", "picture alliance", longest):
        for before in range(37, 43):
            for after in (0, 1, 38, 39, 40, 41):
                group = "b" * (before - 1) + " " * (before > 0) + agency + " " * (after > 0) \
                    + "c" * max(0, after - 1)
                lines.append(f"A caption ({group})")
                lines.append(f"A caption ({group[:before]}{agency.lower()}{group[before + len(agency):]})")
    found = dict(new.candidates([t.strip() for t in lines]))
    matched = 0
    for i, text in enumerate(lines):
        assert same_match(ref.trailing_credit(text), new.trailing_credit(text)), text
        want = shapes_found(ref, text.strip())
        matched += bool(want)
        assert want & ~found.get(i, 0) == 0, text
    assert 0 < matched < len(lines)


def test_credit_tails_at_the_length_limits(shapes_pair, lexicon):
    # is_standalone: "Name/Agency" and at most 30 more characters; glued_credit: at most 60
    # characters after "Photo:", at most 40 after "Agency /"
    ref, new = shapes_pair
    longest = max(lexicon.agencies, key=len)
    lines = []
    for n in range(27, 34):
        rest = "x" * n
        lines += [f"Jane Roe/AP{rest}", f"(Jane Roe/ Reuters {rest[1:]})", f"Jane/dpa {rest}  )",
                  f"Jane Roe /Getty Images/iStockphoto{rest}", f"Jane Roe/ {longest}{rest}",
                  f"(Jane Roe/ {longest}{rest} )"]
    for n in range(57, 63):
        lines += [f"A view, photo: {'y' * n}", f"A view, Source:   {'y' * n}", f"x; image © {'z' * n}"]
    for n in range(37, 43):
        lines += [f"A view. AP Photo/{'v' * n}", f"A view | Reuters / {'w' * n}"]
    found = dict(new.candidates(lines))
    matched = 0
    for i, text in enumerate(lines):
        want = shapes_found(ref, text)
        matched += bool(want)
        assert want & ~found.get(i, 0) == 0, text
    assert 0 < matched < len(lines)
