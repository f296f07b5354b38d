"""`clean mine`: find boilerplate candidates in a corpus and draft a rule file from them.

A line that recurs, nearly verbatim, in many unrelated documents is almost never article text:
it is a site's navigation, footer or prompt. Lines are normalized (case-folded, whitespace
collapsed, edge punctuation and bullets removed, digits masked as 0, month and day names masked)
so "Updated November 20, 2019" and "Updated May 3, 2020" count as one line.

Memory stays bounded on a corpus larger than RAM: each normalized line is counted once per
document under an 8-byte blake2b hash in a dict capped at `max_entries`; when full, the
rarest entries are pruned (lossy counting: a pruned line may be undercounted by at most the
prune threshold, reported as `error_bound`). Only lines that reach `min_docs` keep their text
and an example document. Inputs are streamed; `.gz` files are decompressed on the fly.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from .document import ends_like_sentence
from .errors import InputError
from .formats import bare_name, decode, format_of, iter_lines, line_text, read_document_bytes
from .jsonl import BadRecord, loads
from .matching import line_key

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december",
          "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]
_MONTH = re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?")
_DAY = re.compile(r"\b(?:" + "|".join(sorted(DAYS, key=len, reverse=True)) + r")\b\.?")
_DIGITS = re.compile(r"\d+")
TEXT_FIELDS = ("text", "articleBody", "content", "body")
MAX_WORDS = 40  # longer lines are paragraphs, however often they repeat
PROSE_WORDS = 12


def normalize(line: str) -> str:
    """The key under which a line is counted.

    >>> normalize("  Updated: Wed, November 20, 2019 10:42 AM ")
    'updated: <day>, <month> 0, 0 0:0 am'
    >>> normalize("- Share this article -")
    'share this article'
    """
    k = line_key(line)
    if not k:
        return ""
    k = _DIGITS.sub("0", k)
    k = _MONTH.sub("<month>", k)
    return _DAY.sub("<day>", k)


def _hash(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()


def site_of(record: dict) -> str | None:
    """The record's site: its `domain`, or the host of its `url`, without `www.`."""
    dom = record.get("domain")
    if not isinstance(dom, str) or not dom:
        url = record.get("url")
        dom = urlparse(url).netloc if isinstance(url, str) else ""
    dom = dom.lower().split(":")[0]
    return dom.removeprefix("www.") or None


# ---------------------------------------------------------------------------------------------
# Reading a corpus


@dataclass
class Doc:
    id: str
    text: str
    site: str | None = None


def _record_text(rec, where: str, text_field: str | None) -> str:
    if not isinstance(rec, dict):
        raise InputError(f"{where}: a record must be a JSON object")
    fields = (text_field,) if text_field else TEXT_FIELDS
    for f in fields:
        v = rec.get(f)
        if isinstance(v, str):
            return v
    raise InputError(f"{where}: no text field {' or '.join(repr(f) for f in fields)}"
                     " (use --text-field)")


def read_corpus(inputs: Iterable[str], text_field: str | None = None) -> Iterator[Doc]:
    """Documents from text files, folders (recursively), JSONL and JSON files, `.gz` or not.

    A JSON file is one object mapping ids to records (optionally under `"output"`, as the
    extraction benchmark writes it) or a list of records; it is read whole, so a corpus
    larger than memory should be JSONL, which is streamed line by line.
    """
    for inp in inputs:
        p = Path(inp)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        elif p.exists():
            files = [p]
        else:
            raise InputError(f"{inp}: no such file or folder")
        for f in files:
            yield from _read_file(f, text_field)


def _read_file(f: Path, text_field: str | None) -> Iterator[Doc]:
    """One file's documents. `cleaner.formats` opens and decodes it (streaming for JSONL), as
    it does for the clean command, so gzip, encodings and read errors behave the same."""
    path = str(f)
    if format_of(path) == "jsonl":
        for n, raw in iter_lines(path):
            line = line_text(n, raw, errors="replace")
            if not line.strip():
                continue
            where = f"{f}:{n}"
            try:
                rec = loads(line)
            except BadRecord as e:
                raise InputError(f"{where}: {e}") from None
            rid = rec.get("id", n) if isinstance(rec, dict) else n
            yield Doc(f"{f}:{rid}", _record_text(rec, where, text_field), site_of(rec))
        return
    text, _warnings = decode(read_document_bytes(path), path)
    if not bare_name(path).endswith(".json"):
        yield Doc(path, text)
        return
    try:
        data = loads(text)
    except BadRecord as e:
        raise InputError(f"{f}: {e}") from None
    if isinstance(data, dict) and isinstance(data.get("output"), dict):
        data = data["output"]
    items = data.items() if isinstance(data, dict) else enumerate(data, 1) \
        if isinstance(data, list) else None
    if items is None:
        raise InputError(f"{f}: expected an object of records or a list of records")
    for rid, rec in items:
        where = f"{f}: record {rid}"
        yield Doc(str(rid), _record_text(rec, where, text_field),
                  site_of(rec) if isinstance(rec, dict) else None)


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass
class Candidate:
    key: str  # the normalized line
    line: str  # one line as it was written
    doc: str  # a document it came from
    docs: int  # documents it occurs in (a lower bound when pruning happened)
    site: str | None = None  # set in the per-site view
    prose: bool = False
    covered: str | None = None  # id of a rule that already drops the line


@dataclass
class _Entry:
    line: str
    doc: str
    site: str | None = None


class HashCounter:
    """Document frequency per normalized line, in bounded memory.

    Counts live under 8-byte hashes; text is kept only for lines that reach `keep_from`
    documents. When more than `max_entries` hashes are held, those at or below the current
    threshold are pruned and the threshold rises, so memory is O(max_entries) however large
    the corpus. A line's count can be short by at most `error_bound`.
    """

    def __init__(self, max_entries: int, keep_from: int):
        self.max_entries = max(16, max_entries)
        self.keep_from = max(1, keep_from)
        self.counts: dict[bytes, int] = {}
        self.examples: dict[bytes, _Entry] = {}
        self.error_bound = 0
        self.prunes = 0

    def add(self, h: bytes, line: str, doc: str, site: str | None = None) -> None:
        n = self.counts.get(h, 0) + 1
        self.counts[h] = n
        if n >= self.keep_from and h not in self.examples:
            self.examples[h] = _Entry(line, doc, site)
        if len(self.counts) > self.max_entries:
            self._prune()

    def _prune(self) -> None:
        while len(self.counts) > self.max_entries // 2:
            self.error_bound += 1
            cut = self.error_bound
            self.counts = {h: n for h, n in self.counts.items() if n > cut}
            self.examples = {h: e for h, e in self.examples.items() if h in self.counts}
        self.prunes += 1


@dataclass
class MineResult:
    docs: int
    candidates: list[Candidate]
    site_candidates: list[Candidate] = field(default_factory=list)
    error_bound: int = 0
    sites: int = 0


def mine(docs: Iterable[Doc], min_docs: int = 5, top: int = 50,
         max_entries: int = 500_000, min_site_docs: int = 3) -> MineResult:
    """Rank lines by the number of documents they occur in (each line counted once per document).

    Prose-shaped lines (12+ words ending like a sentence) need three times the threshold, since
    a quoted sentence or wire copy can repeat without being junk. With `url`/`domain` fields a
    per-site view also counts lines within each site (threshold `min_site_docs`, same memory
    bound) and lists those a single site repeats but the corpus-wide ranking does not."""
    glob = HashCounter(max_entries, min(min_docs, 2))
    per_site = HashCounter(max_entries, min(min_site_docs, 2))
    site_docs: dict[str, int] = {}
    n_docs = 0
    for d in docs:
        n_docs += 1
        if d.site:
            site_docs[d.site] = site_docs.get(d.site, 0) + 1
        seen: set[bytes] = set()
        for line in d.text.split("\n"):
            s = line.strip()
            if not s or len(s.split()) > MAX_WORDS:
                continue
            k = normalize(s)
            if not k or not any(ch.isalpha() for ch in k):
                continue
            h = _hash(k)
            if h in seen:
                continue
            seen.add(h)
            glob.add(h, s, d.id)
            if d.site:
                per_site.add(_hash(d.site + "\n" + k), s, d.id, d.site)
    cands = _ranked(glob, min_docs, top)
    site_cands: list[Candidate] = []
    if site_docs:
        global_keys = {c.key for c in cands}
        site_cands = [c for c in _ranked(per_site, min_site_docs, None)
                      if c.key not in global_keys][:top]
    return MineResult(n_docs, cands, site_cands, max(glob.error_bound, per_site.error_bound),
                      len(site_docs))


def _ranked(counter: HashCounter, min_docs: int, top: int | None) -> list[Candidate]:
    out = []
    for h, e in counter.examples.items():
        n = counter.counts.get(h, 0)
        prose = len(e.line.split()) >= PROSE_WORDS and ends_like_sentence(e.line)
        if n < (min_docs * 3 if prose else min_docs):
            continue
        out.append(Candidate(normalize(e.line), e.line, e.doc, n, e.site, prose))
    out.sort(key=lambda c: (-c.docs, c.site or "", c.key))
    return out if top is None else out[:top]


# ---------------------------------------------------------------------------------------------
# Output


def mark_covered(cands: list[Candidate], rules) -> None:
    """Note which candidates a rule in `rules` already drops (shape constraints included), so
    the draft only proposes what is new."""
    from .matching import DropMatcher

    matcher = DropMatcher(rules)
    for c in cands:
        hits = matcher.match([c.line]).get(0, [])
        c.covered = next((r.id for r in hits if r.accepts(c.line, None)), None)


def _masked(c: Candidate) -> bool:
    return c.key != _DIGITS.sub("0", line_key(c.line)) or bool(_DIGITS.search(c.line))


def _escape(s: str) -> str:
    return re.escape(s).replace("\\ ", " ")


def to_pattern(line: str) -> str:
    r"""A whole-line regex for a line whose digits, months or days vary.

    >>> print(to_pattern("Updated Nov. 19, 2019"))
    Updated (?:[a-z]{3,9}\.?) \d+, \d+
    """
    out, pos = [], 0
    low = line.lower()
    spans = sorted([(m.start(), m.end(), r"\d+") for m in _DIGITS.finditer(line)]
                   + [(m.start(), m.end(), r"(?:[a-z]{3,9}\.?)") for m in _MONTH.finditer(low)]
                   + [(m.start(), m.end(), r"(?:[a-z]{3,9}\.?)") for m in _DAY.finditer(low)])
    for a, b, rx in spans:
        if a < pos:
            continue
        out.append(_escape(line[pos:a]))
        out.append(rx)
        pos = b
    out.append(_escape(line[pos:]))
    return "".join(out).strip()


def _q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "site"


def draft_rules(result: MineResult, lang: str = "any", prefix: str = "mined",
                source: str = "") -> str:
    """A ready-to-edit rule file: one whole-line drop rule for the corpus-wide candidates (and
    one per site), mined lines as drop examples, and a keep placeholder that `clean rules
    check` reports until a real article line replaces it."""
    groups: list[tuple[str, str, list[Candidate]]] = []
    fresh = [c for c in result.candidates if not c.covered]
    if fresh:
        groups.append((f"{prefix}-lines", f"lines repeated across {result.docs} documents", fresh))
    by_site: dict[str, list[Candidate]] = {}
    for c in result.site_candidates:
        if not c.covered and c.site:
            by_site.setdefault(c.site, []).append(c)
    for site, cs in sorted(by_site.items()):
        groups.append((f"{prefix}-{_slug(site)}", f"lines repeated across pages of {site}", cs))
    out = [
        f"# Drafted by `clean mine`{' from ' + source if source else ''}: {result.docs} documents.",
        "# Review every line: delete the phrases that are real article text, replace each",
        "# TODO keep example with a line of article text the rule must leave alone, then run",
        "#   clean rules check THIS_FILE && clean rules test THIS_FILE",
        f"lang: {lang}",
        "tags: [mined]",
        "rules:",
    ]
    if not groups:
        out[-1] = "rules: []"
    for rid, summary, cs in groups:
        phrases = [c for c in cs if not _masked(c)]
        patterns = [c for c in cs if _masked(c)]
        max_words = max(len(c.line.split()) for c in cs) + 2
        out += [f"  - id: {rid}", "    kind: drop", f"    summary: {_q(summary)}",
                "    match: line", f"    max_words: {max_words}"]
        if phrases:
            out.append("    phrases:")
            for c in phrases:
                out.append(f"      # {c.docs} docs, e.g. {c.doc}")
                out.append(f"      - {_q(c.line)}")
        if patterns:
            out.append("    patterns:")
            for c in patterns:
                out.append(f"      # {c.docs} docs, e.g. {c.doc}: {c.line}")
                out.append(f"      - {_q(to_pattern(c.line))}")
        out += ["    examples:", "      drop:"]
        out += [f"        - {_q(c.line)}" for c in cs]
        out += ["      keep:", f"        - {_q('TODO: a line of article text this rule must keep')}",
                ""]
    return "\n".join(out).rstrip("\n") + "\n"
