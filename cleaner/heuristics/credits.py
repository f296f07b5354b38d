"""Photo credits: standalone credit lines, and captions that end in a credit.

Structural shapes live here; the agency names are data (`rules/common/agencies.txt`).
"""
from __future__ import annotations

import re

from ..document import ends_like_sentence
from ..matching import IGNORECASE_ODD
from .base import DocContext, ShapeHeuristic

_NAMEISH = r"[A-Z][\w.'’-]*"

# --- prefilter building blocks ---------------------------------------------------------------
# The prefilters run over the lines of a document, stripped and joined with "\n" (one pass per
# anchor character instead of a dozen patterns per line), so inside them white space must not
# cross a line break.
_WS = r"[^\S\n]"


# what IGNORECASE matches to each ASCII letter, where that is more than its two cases
_FOLD: dict[str, str] = {}
for _odd, _letter in IGNORECASE_ODD.items():
    _FOLD[_letter] = _FOLD.get(_letter, _letter + _letter.upper()) + _odd
_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# a credit standing alone has at most this many words (is_standalone; PhotoCredit checks the
# line's word count first, which is cheaper than the shape)
STANDALONE_MAX_WORDS = 14
# the shapes, as bits in what CreditShapes.candidates returns
STANDALONE, TRAILING, GLUED = 1, 2, 4


def _trie(words) -> str:
    """A regex for a set of literal strings, factored by common prefixes: it matches the same
    strings as their alternation, but a line that starts with none of them is turned down after
    a few first characters instead of after every word."""
    return _trie_of([(w, "") for w in words])


def _trie_of(items: list[tuple[str, str]]) -> str:
    """`_trie` for (word, regex that must follow it) pairs."""
    if not items:
        return r"(?!x)x"
    tree: dict = {}
    for word, follow in items:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node.setdefault("", set()).add(follow)  # a word ends here

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:  # the weakest of the requirements after the words that end here
            ends = node[""]
            alts.append("" if "" in ends else "(?:" + "|".join(sorted(ends)) + ")")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(tree)


def _trie_ignorecase(items: list[tuple[str, str]]) -> str:
    """`(?i:<alternation of the words>)`, for (word, regex after it) pairs, written so that each
    alternative starts with a plain character: under IGNORECASE the regex engine tries every
    alternative of a group in full, without it, it skips those whose first character differs."""
    if not items:
        return r"(?!x)x"
    rests: dict[str, list[tuple[str, str]]] = {}
    for word, follow in items:
        first = word[0].lower() if word[0].isascii() and word[0].isalpha() else word[0]
        rests.setdefault(first, []).append((word[1:], follow))
    alts = []
    for first, tails in sorted(rests.items()):
        rest = f"(?i:{_trie_of(tails)})"
        if first.isascii() and first.isalpha():
            alts += [re.escape(v) + rest for v in _FOLD.get(first, first + first.upper())]
        else:
            alts.append(f"(?i:{re.escape(first)}){rest}")
    return "(?:" + "|".join(alts) + ")"


def _either_case(chars) -> str | None:
    """The characters, in every form IGNORECASE matches them, for a character class; None if
    one is not an ASCII letter (then no class is used)."""
    out = set()
    for ch in chars:
        if not (ch.isascii() and ch.isalpha()):
            return None
        out.update(_FOLD.get(ch.lower(), ch.lower() + ch.upper()))
    return "".join(sorted(out))


def _guard(chars) -> str:
    """A lookahead for one of `chars` (in either case): one test turns most positions down."""
    cls = _either_case(chars)
    return f"(?=[{cls}])" if cls else ""


class CreditShapes:
    """The credit shapes, with the agency gazetteer compiled in. Built once per Cleaner."""

    def __init__(self, agencies: tuple[str, ...], photo_words: tuple[str, ...]):
        alts = sorted(agencies, key=len, reverse=True)
        agency = "(?:" + "|".join(re.escape(a) for a in alts) + ")" if alts else r"(?!x)x"
        words = sorted(photo_words, key=len, reverse=True)
        photo_word = "(?:" + "|".join(re.escape(w) for w in words) + ")" if words else r"(?!x)x"
        self.agency = re.compile(rf"(?<!\w){agency}(?!\w)")
        self.agency_last_words = {a.split()[-1].split("/")[-1] for a in alts}
        # "(Jane Roe / Reuters)", "(AP Photo/Evan Vucci)", "(Photo: Jane Roe)", "(Getty Images)"
        self.tail_paren = re.compile(
            rf"\s*\((?:{photo_word}\b[^()]{{0,80}}|{_NAMEISH}[^()/]{{0,60}}\s?/\s?[A-Z][^()/]{{1,60}}"
            rf"|[^()]{{0,40}}(?<!\w){agency}(?!\w)[^()]{{0,40}})\)\s*$")
        # "... in New York.Reuters", "... in Brussels | AFP", "..., photos © Jane Roe, 2018"
        self.tail_glued = re.compile(
            rf"(?:(?:(?<=\.)\s?|\s[|–—]\s*){agency}(?:\s*/\s*[^/]{{2,40}})?"
            rf"|[\s,;]\s*(?i:{photo_word})\s*(?::|©|\(c\))\s*[^.]{{2,60}})\s*$")
        self.standalone = re.compile(
            rf"^\(?\s*(?:{photo_word}\s*(?:by|credit|courtesy(?: of)?)?\s*[:|/]?\s*[^.]{{0,80}}"
            rf"|{agency}(?:\s+(?:photo|images?|via\s+.{{2,30}}))?(?:\s*/\s*[^/]{{2,40}})?"
            rf"|{_NAMEISH}(?:\s{_NAMEISH}){{0,4}}\s?/\s?{agency}.{{0,30}})\s*\)?$",
            re.IGNORECASE)
        self._photo_words = tuple(photo_words)
        self._short_group = 80 + max(map(len, agencies), default=0)  # third branch, at most
        self._stable_agencies = tuple(a for a in agencies if a.lower() == a)
        self._paren_free = not any("(" in x or ")" in x for x in tuple(agencies) + tuple(photo_words))
        # the prefilters cost ~25 ms of regex compiling: paid on the first document that has a
        # line to judge, not at start-up
        self._lists = (tuple(agencies), tuple(photo_words))
        self._passes = None

    def _compile_prefilters(self, agencies, photo_words) -> None:
        """One pattern per anchor character, each a necessary part of one of the shapes above,
        rewritten for stripped lines joined with "\\n" (a line ends where its "\\n" is). The
        regex engine finds a one-character anchor fast and tries the rest there; each pattern
        puts its cheapest test first."""
        # an empty word would match everywhere: then every line is a candidate
        self._prefilter = all(agencies) and all(photo_words)
        self._passes = ()
        if not self._prefilter:
            return
        w = _WS
        ag, pw = _trie(agencies), _trie(photo_words)
        ag_i = _trie_ignorecase([(a, "") for a in agencies])
        longest = max(map(len, agencies), default=0)
        words = tuple(photo_words) + tuple(agencies)
        # is_standalone: `standalone` starts with a photo word or an agency ...
        # (no full stop may follow a photo word; white space, "/" or ")" follows an agency)
        starts = ([(p, r"(?=[^.\n]*+\n)") for p in photo_words]
                  + [(a, r"(?=[\s/)])") for a in agencies])
        # (a "(" and white space taken whole, when no word could start with them)
        simple = not any(x[0] == "(" or x[0].isspace() for x in words)
        lead = rf"(?:\({w}*)?+" if simple else rf"\(?{w}*"
        self._pre_start = re.compile(
            rf"\n{lead}{_guard(x[0] for x in words)}{_trie_ignorecase(starts)}")
        # ... or is names, "/", an agency, at most 30 more characters and a ")"
        self._pre_slash = re.compile(
            rf"/(?={w}?{_guard(a[0] for a in agencies)}{ag_i})"
            rf"(?=.{{0,{31 + longest}}}+{w}*+\)?\n)(?:(?<=[\w.'’-]/)|(?<=[\w.'’-]{w}/))")
        # trailing_credit: the last bracket group ends the line and starts with a photo word,
        # or with a capital and holds a "/", or is short and holds an agency that starts in its
        # first 40 characters (so a capital there, unless the agency has none). And "(c)", a
        # separator of glued_credit.
        capital = [m.start() for a in agencies if (m := re.search("[A-Z]", a))]
        uncapitalized: dict[str, list[str]] = {}  # by first letter: one scan for each
        for a in agencies:
            if not re.search("[A-Z]", a):
                uncapitalized.setdefault(a[0], []).append(a[1:])
        has_agency = "|".join(
            [rf"(?=[^()\nA-Z]{{0,{40 + max(capital, default=0)}}}+[A-Z])"] * bool(capital)
            + [rf"(?=.{{0,40}}{re.escape(first)}{_trie(rest)})"
               for first, rest in uncapitalized.items()])
        self._pre_paren = re.compile(
            rf"\((?:(?P<c>c\))|(?={pw}\b|[A-Z][^()/\n]*+/)(?=[^()\n]*+\)\n)"
            rf"|(?=.{{0,{self._short_group + 1}}}+(?<=\))\n)(?:{has_agency})"
            rf"(?=[^()\n]{{0,40}}(?<!\w){ag}(?!\w)))")
        # glued_credit, first branch: an agency after "." (or "|", "–", "—") that ends the
        # line, or is followed by "/ name" (all of it in the last 100 characters)
        glued_agency = rf"(?={w}{{0,100}}{ag}(?:{w}*/{w}*[^/\n]{{2,40}})?\n)"
        self._pre_dot = re.compile(r"\." + glued_agency)
        self._glued_agency_at = re.compile(glued_agency)
        # second branch: a photo word, maybe white space, ":" or "©", then at most 60
        # characters (after white space) and no full stop
        by_len: dict[int, list[str]] = {}
        for word in photo_words:
            by_len.setdefault(len(word), []).append(re.escape(word))
        last = _either_case(word[-1] for word in photo_words)
        before_sep = rf"[{last}\s]" if last else "."
        self._pre_sep = {
            sep: re.compile(
                rf"{sep}(?<={before_sep}{sep})(?:(?<=\s{sep})|"
                + "|".join(rf"(?<=(?i:{'|'.join(ws)}){sep})" for _, ws in sorted(by_len.items()))
                + rf")(?={w}*+.{{1,60}}+\n)(?=[^.\n]*+\n)")
            for sep in (":", "©")}
        self._passes = (("\n", self._pre_start, STANDALONE), ("/", self._pre_slash, STANDALONE),
                        ("(", self._pre_paren, TRAILING), (".", self._pre_dot, GLUED),
                        (":", self._pre_sep[":"], GLUED), ("©", self._pre_sep["©"], GLUED))

    def candidates(self, texts: list[str]) -> list[tuple[int, int]]:
        """(index, shapes) for each of the stripped `texts` (lines: no "\\n" inside) where a
        shape may match: `shapes` holds STANDALONE, TRAILING and GLUED for `is_standalone`,
        `trailing_credit` and `glued_credit`, set when a prefilter of that shape found the
        line. A shape whose bit is not set cannot match the line; one whose bit is set may (the
        caller asks it)."""
        if not any(texts):
            return []
        if self._passes is None:
            self._compile_prefilters(*self._lists)
        if not self._prefilter:
            return [(i, STANDALONE | TRAILING | GLUED) for i in range(len(texts))]
        joined = "\n" + "\n".join(texts) + "\n"
        hits: list[tuple[int, int]] = []  # (a position inside the line, shape)
        for anchor, pattern, shape in self._passes:
            if anchor in joined:  # a fast scan, and most documents lack some anchors
                # ("(c)", the one named group, is a separator of glued credits)
                hits += [(m.start() + 1 if anchor == "\n" else m.start(),
                          shape | GLUED if m.lastgroup else shape)
                         for m in pattern.finditer(joined)]
        # G1 after "|", "–", "—": too rare for a pass of the regex engine over the document
        for ch in "|–—":
            pos = joined.find(ch)
            while pos != -1:
                if self._glued_agency_at.match(joined, pos + 1):
                    hits.append((pos, GLUED))
                pos = joined.find(ch, pos + 1)
        out: list[tuple[int, int]] = []
        line, prev = -1, 0
        for pos, shape in sorted(hits):  # the index of a line is the count of "\n" before it
            line += joined.count("\n", prev, pos)
            prev = pos
            if out and out[-1][0] == line:
                out[-1] = (line, out[-1][1] | shape)
            else:
                out.append((line, shape))
        return out

    def trailing_credit(self, text: str) -> re.Match | None:
        s = text.rstrip()
        if not s.endswith(")"):
            return None
        start = 0
        if self._paren_free:
            # No word of the lists holds a bracket, so a match is "(", a group without
            # brackets, and the final ")": its "(" is the last one, and it starts at the
            # white space right before that "(" (no need to search the text before).
            opening = s.rfind("(")
            if opening < 0 or not self._group_may_credit(s[opening + 1:-1]):
                return None
            start = len(s[:opening].rstrip())
        m = self.tail_paren.search(text, start)
        if m and m.start() > 0:
            return m
        return None

    def _group_may_credit(self, group: str) -> bool:
        """False only where no branch of `tail_paren` can match the last bracket group: the
        first starts with a photo word, the second with a capital and holds a "/", the third
        is short and holds an agency."""
        if ")" in group:
            return False
        if group.startswith(self._photo_words) or (group[:1] in _ASCII_UPPER and "/" in group):
            return True
        # An agency with a character that lower() changes cannot stand in a group lower()
        # leaves unchanged; the others are looked for one by one.
        return len(group) <= self._short_group and (
            group.lower() != group or any(a in group for a in self._stable_agencies))

    def glued_credit(self, text: str) -> re.Match | None:
        tail = text.rstrip()[-100:]
        # cheap evidence first: a copyright sign, a colon, an "Agency/Name" slash near the end,
        # or an agency's last word at the very end
        last = re.split(r"[\s.|/]", tail)[-1]
        if ("©" not in tail and ":" not in tail and "/" not in tail[-45:]
                and last not in self.agency_last_words):
            return None
        m = self.tail_glued.search(tail)
        return m if m and m.start() + len(text.rstrip()) - len(tail) > 0 else None

    def strip(self, text: str) -> str:
        """The text without a trailing credit (used to compare caption copies)."""
        m = self.trailing_credit(text)
        return text[: m.start()] if m else text

    def is_standalone(self, text: str) -> bool:
        s = text.strip()
        if not s or len(s.split()) > STANDALONE_MAX_WORDS or ends_like_sentence(s.rstrip(")")):
            return False
        if not self.standalone.match(s):
            return False
        # A photo word alone ("Photos") is a gallery label, not evidence; need a name or agency.
        return bool(self.agency.search(s)) or bool(re.search(r"[:/|]|\bby\b", s, re.IGNORECASE))


class PhotoCredit(ShapeHeuristic):
    id = "photo-credit"
    summary = "Standalone photo credits, and caption lines that end in a photo credit."
    tags = ("credit", "caption")

    def run(self, ctx: DocContext) -> None:
        content = ctx.content
        cap = self.settings["caption_max_words"]
        # the lines to judge, stripped; "" for the others (dropped, too long, the first line)
        texts = [ln.text.strip() if ln.dropped is None and ln.n_words <= cap else ""
                 for ln in content]
        if texts:
            texts[0] = ""  # the first line is the headline
        # only the shapes a prefilter found a line for can match it; they decide, as before
        for i, shapes in self.shapes.candidates(texts):
            ln, text = content[i], texts[i]
            if (shapes & STANDALONE and ln.n_words <= STANDALONE_MAX_WORDS
                    and self.shapes.is_standalone(text)):
                ctx.doc.drop(ln, self.id, "a photo credit on its own line")
                continue
            m = ((shapes & TRAILING and self.shapes.trailing_credit(text))
                 or (shapes & GLUED and self.shapes.glued_credit(text)))
            if m:
                ctx.doc.drop(ln, self.id, f"a caption ending in the credit {m.group(0).strip()!r}")
