"""`Cleaner`: rules and heuristics compiled once, then applied to any number of documents.

Stages, in order, each recording a `Change` with its id and reason:
1. drop rules (the multi-pattern engine), with the header runs they start (`then:`);
2. heuristics (duplicate captions, photo credits, unrelated headlines, ...);
3. the deletion budget: if sentence-like lines would go in implausible numbers, flag the
   document and, under the default policy, keep them;
4. replace rules and term swaps on the kept lines;
5. render: kept lines in their layout, one final newline.

A `Cleaner` holds no state that depends on earlier documents, so results never depend on order,
and it pickles as its options (workers rebuild it from them).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from . import heuristics as heur
from .document import Change, Document, Result
from .errors import CleanerError
from .heuristics.base import DocContext
from .heuristics.headlines import headline_shaped
from .lang import LanguageGuesser
from .lexicon import Lexicon
from .matching import BULLETS, DropMatcher
from .normalize import Replacer, SwapTable, apply_edits
from .rules import Rule, builtin_rules_dir, load_rules

BUDGET_ID = "deletion-budget"
_TEXT = attrgetter("text")


@dataclass(frozen=True)
class Options:
    """Everything a `Cleaner` is built from; small and picklable."""

    rules: tuple[str, ...] = ()
    default_rules: bool = True
    skip: tuple[str, ...] = ()
    lang: str | None = None


class _Engines:
    """The compiled matchers for one language."""

    def __init__(self, rules: list[Rule]):
        self.replace = Replacer(rules)
        self.swap = SwapTable(rules)
        # the drop matcher's automaton also finds the lines holding a swap alias
        self.drop = DropMatcher(rules, self.swap.keys)
        self.max_per_doc = {r.id: r.max_per_doc for r in rules if r.max_per_doc is not None}


class Cleaner:
    """Build once (rules are loaded, validated and compiled), call `clean` many times.

    >>> c = Cleaner()
    >>> r = c.clean("Talks resumed on Monday, officials said.\\n\\nAdvertisement\\n")
    >>> r.text
    'Talks resumed on Monday, officials said.\\n'
    >>> [(ch.line, ch.rule_id, ch.action) for ch in r.changes]
    [(3, 'ad-marker', 'dropped')]
    """

    def __init__(self, rules=(), *, default_rules: bool = True, skip=(), lang: str | None = None):
        self.options = Options(tuple(str(p) for p in rules), default_rules, tuple(skip), lang)
        self.ruleset = load_rules(self.options.rules, default_rules)
        self.settings = self.ruleset.settings
        self.skip = set(self.options.skip)
        self._check_skip()
        dirs = [builtin_rules_dir()] + [Path(p) for p in self.options.rules if Path(p).is_dir()]
        self.lexicon = Lexicon.load(dirs)
        self.heuristics = heur.build(self.settings, self.lexicon, self.skip)
        self.guesser = LanguageGuesser(self.lexicon.stopwords, self.settings["language"])
        self._engines: dict[str | None, _Engines] = {}

    def __reduce__(self):
        o = self.options
        return (_rebuild, (o,))

    def packs(self) -> list[str]:
        """The languages that have rules or stopwords of their own."""
        langs = {r.lang for r in self.ruleset.rules} | set(self.lexicon.stopwords)
        return sorted(langs - {"any"})

    def _check_skip(self) -> None:
        known = {r.id for r in self.ruleset.rules} | {t for r in self.ruleset.rules for t in r.tags}
        known |= {r.id for r in self.ruleset.disabled}
        for cls in heur.HEURISTICS.values():
            known.add(cls.id)
            known.update(cls.tags)
        known.add(BUDGET_ID)
        unknown = sorted(self.skip - known)
        if unknown:
            raise CleanerError(f"--skip: unknown rule, heuristic or tag: {', '.join(unknown)}")

    def _rules_for(self, lang: str | None) -> list[Rule]:
        return [r for r in self.ruleset.for_lang(lang)
                if r.id not in self.skip and not self.skip.intersection(r.tags)]

    def engines(self, lang: str | None) -> _Engines:
        eng = self._engines.get(lang)
        if eng is None:
            eng = self._engines[lang] = _Engines(self._rules_for(lang))
        return eng

    # -----------------------------------------------------------------------------------------

    def clean(self, text: str, lang: str | None = None, captions=()) -> Result:
        """Clean one document. `lang` (or the Cleaner's own) skips language detection;
        `captions` are caption/alt-text strings of the page the text came from (HTML input)."""
        text = text.removeprefix("\ufeff")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        doc = Document.from_text(text)
        lang = lang or self.options.lang
        if lang is None:
            # read only until the guesser has enough
            pw = self.guesser.prose_words
            prose = (ln.text for ln in doc.lines if ln.is_prose(pw))
            lang, _how = self.guesser.guess(text, prose)
        doc.lang = lang
        eng = self.engines(lang)
        ctx = DocContext(doc, self.lexicon, self.settings, tuple(captions))
        budget_exempt, aliased = self._apply_drop_rules(ctx, eng)
        ctx.compute_zones()
        for h in self.heuristics:
            if not (h.shape_based and ctx.wrapped):
                h.run(ctx)
        if BUDGET_ID not in self.skip:
            self._enforce_budget(ctx, budget_exempt)
        emptied = self._normalize(doc, eng, aliased, text)
        removals = doc.removals
        changes = removals + doc.changes
        changes.sort(key=lambda c: c.line)
        return Result(doc.render(), changes, lang, doc.flags, lines_in=len(ctx.content),
                      lines_out=len(ctx.content) - len(removals) - emptied)

    def _apply_drop_rules(self, ctx: DocContext, eng: _Engines) -> tuple[set[int], set[int]]:
        """Run the drop rules; return the line numbers a `drop-rest` cut removed, and the
        positions in `doc.lines` of the lines holding a swap alias (found in the same pass)."""
        aliased: set[int] = set()
        hits = eng.drop.match([ln.text for ln in ctx.content], [ln.n_words for ln in ctx.content],
                              aliased)
        cut: set[int] = set()
        # Position-free rules first; then the zones are recomputed over what is left, and the
        # rules that need the head or tail get their turn.
        for positional in (False, True):
            if positional:
                ctx.compute_zones()
            for i, rule in self._accepted(ctx, eng, hits, positional):
                self._drop_by_rule(ctx, i, rule, cut)
        return cut, {ctx.content[i].no - 1 for i in aliased}

    def _accepted(self, ctx: DocContext, eng: _Engines, hits: dict, positional: bool):
        """(line index, first rule that accepts it) for this pass, honouring max_per_doc."""
        counts: dict[str, int] = {}
        accepted: list[tuple[int, Rule]] = []
        for i in sorted(hits):
            ln = ctx.content[i]
            if ln.dropped is not None:
                continue
            for rule in hits[i]:
                if (rule.position != "any") == positional and rule.accepts(
                        ln.text, ctx.zone_of(ln), ln.n_words):
                    accepted.append((i, rule))
                    counts[rule.id] = counts.get(rule.id, 0) + 1
                    break
        over = {rid for rid, n in counts.items()
                if eng.max_per_doc.get(rid) is not None and n > eng.max_per_doc[rid]}
        return [(i, r) for i, r in accepted if r.id not in over]

    def _drop_by_rule(self, ctx: DocContext, i: int, rule: Rule, cut: set[int]) -> None:
        doc, content, runs = ctx.doc, ctx.content, self.settings["runs"]
        ln = content[i]
        if ln.dropped is None:
            doc.drop(ln, rule.id, rule.summary or f"matched rule '{rule.id}'")
        if rule.then == "drop-run":
            self._drop_run(ctx, i, rule, runs)
        elif rule.then == "drop-rest":
            prose_before = sum(x.is_prose(ctx.prose_min_words) for x in content[:i])
            if prose_before >= runs["rest_min_prose_before"]:
                for x in content[i + 1:]:
                    if x.dropped is None:
                        doc.drop(x, rule.id, f"follows the header on line {ln.no}")
                        cut.add(x.no)

    def _drop_run(self, ctx: DocContext, i: int, rule: Rule, runs: dict) -> None:
        """Lines after a related-content header ("More:", "You may also like") that look like
        teasers (headlines, bullet items) belong to it; the run ends at the first prose line."""
        header = ctx.content[i]
        for ln in ctx.content[i + 1: i + 1 + runs["max_lines"]]:
            if ln.dropped is not None:
                continue  # a separator or other junk inside the list
            text = ln.text.strip()
            bullet = text[:1] in BULLETS.strip()
            if ln.is_prose(ctx.prose_min_words) or ln.n_words > runs["max_words"]:
                break
            if not (bullet or headline_shaped(text, 1, runs["max_words"])):
                break
            ctx.doc.drop(ln, rule.id, f"in the list after the header on line {header.no}")

    def _enforce_budget(self, ctx: DocContext, exempt: set[int]) -> None:
        b = self.settings["budget"]
        prose = [ln for ln in ctx.content if ln.is_prose(ctx.prose_min_words)]
        lost = [ln for ln in prose if ln.dropped is not None and ln.no not in exempt]
        if len(lost) < b["min_prose_dropped"] or len(lost) <= b["max_prose_share"] * len(prose):
            return
        msg = (f"{BUDGET_ID}: rules would remove {len(lost)} of {len(prose)} sentence-like lines"
               f" (limit {b['max_prose_share']:.0%}); policy '{b['policy']}'")
        ctx.doc.flags.append(msg)
        if b["policy"] == "keep":
            for ln in lost:
                was = ln.dropped
                ln.dropped = None
                ctx.doc.changes.append(Change(ln.no, was.rule_id, "kept", ln.text,
                                              reason=f"{BUDGET_ID}: restored ({was.reason})"))

    def _normalize(self, doc: Document, eng: _Engines, aliased: set[int],
                   source: str | None = None) -> int:
        """Replace rules and swaps on the kept lines; `aliased`: positions in `doc.lines` of
        the lines that hold a swap alias; `source`: the text the document was made from, when
        the caller has it (its lines joined by newlines, which then need not be joined again).
        Returns how many kept lines the rewriting left blank."""
        if not eng.replace.rules and not eng.swap.rules:
            return 0
        # Candidates first: the lines a replace rule may change (whole-document searches,
        # `Replacer.lines_to_check`) and those holding a swap alias; every other line is left
        # as it is by the rules below. The texts are still the input's: nothing rewrote them.
        lines = doc.lines
        joined = source if source is not None else "\n".join(map(_TEXT, lines))
        todo = eng.replace.lines_to_check(joined)
        every = todo is None  # then, as before, every kept line also gets the swap table
        emptied = 0
        for i in range(len(lines)) if every else sorted(todo | aliased):
            ln = lines[i]
            if not ln.kept:
                continue
            text, done = eng.replace.apply(ln.text)
            for before, after, rule in done:
                doc.changes.append(Change(ln.no, rule.id, "replaced", before, after,
                                          rule.summary))
            # a rewritten line may hold an alias it did not hold before
            edits = eng.swap.edits(text) if done or every or i in aliased else None
            if edits:
                for e in edits:
                    doc.changes.append(Change(ln.no, e.rule.id, "replaced", text[e.start:e.end],
                                              e.new, e.rule.summary))
                text = apply_edits(text, edits)
            if text != ln.text:
                ln.set_text(text)
                emptied += ln.blank
        return emptied


def _rebuild(options: Options) -> Cleaner:
    return Cleaner(options.rules, default_rules=options.default_rules, skip=options.skip,
                   lang=options.lang)


@functools.cache
def cleaner_for(options: Options) -> Cleaner:
    """This process's Cleaner for these options, built on first use: what a worker process or a
    cluster task cleans with (building one loads and compiles every rule)."""
    return _rebuild(options)
