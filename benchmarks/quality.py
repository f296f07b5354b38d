#!/usr/bin/env python3
"""Quality benchmark: the cleaner on the 181-page article-extraction benchmark.

For each extractor's output (`trafilatura`, `newspaper`, `goose3`, `html-text`) every page is
scored as is (identity) and after `Cleaner.clean`, with the benchmark's shingle metric. Raw HTML
is scored as `clean --format html` sees it: trafilatura's text alone, then that text cleaned with
the page's captions. Then: removals per rule/heuristic id, split into true junk and real text (a
removed line is real text when its words occur, in order, in the page's hand-made body).

  make bench                                       # all inputs and HTML
  python benchmarks/quality.py --inputs trafilatura --no-html --worst 10
  python benchmarks/quality.py --jobs 4 --dump benchmarks/out
  python benchmarks/quality.py --skip unrelated-headline    # what a rule costs or gains

The benchmark is data, read by path and never copied into the project.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from metric import PageCounts, aggregate, page_counts  # this script's own folder

from cleaner import Cleaner, CleanerError, Result
from cleaner.formats import html_to_text, parse_input, read_document_bytes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "scrapinghub"
INPUTS = ("trafilatura", "newspaper", "goose3", "html-text")
HTML = "html"  # identity: trafilatura's text of the page; cleaned: that text and its captions
WORD = re.compile(r"\w+")


def norm(text: str) -> str:
    """Lowercased word tokens joined by single spaces: the form used to find a line in the truth."""
    return " ".join(WORD.findall(text.lower()))


@dataclass
class Run:
    """One input set: its texts before and after cleaning, and what the cleaner did."""

    name: str
    before: dict[str, str]
    after: dict[str, str] = field(default_factory=dict)
    results: dict[str, Result] = field(default_factory=dict)
    seconds: float = 0.0  # time spent producing `after` (summed over workers for HTML)
    extract_seconds: float = 0.0  # of which HTML extraction
    megabytes: float = 0.0  # size of the input that time was spent on


# --- loading --------------------------------------------------------------------------------------


def load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        sys.exit(f"quality.py: error: {path}: no such file (is --bench right?)")


def load_bodies(path: Path) -> dict[str, str]:
    """`{id: {"articleBody": text}}`, possibly wrapped in `{"version": v, "output": {...}}`."""
    data = load_json(path)
    if isinstance(data, dict) and set(data) == {"version", "output"}:
        data = data["output"]
    return {k: (v or {}).get("articleBody") or "" for k, v in data.items()}


# --- cleaning -------------------------------------------------------------------------------------


def clean_texts(cleaner: Cleaner, run: Run) -> None:
    t0 = time.perf_counter()
    for k, text in run.before.items():
        run.results[k] = cleaner.clean(text)
    run.seconds = time.perf_counter() - t0
    run.megabytes = sum(len(t.encode()) for t in run.before.values()) / 1e6
    run.after = {k: r.text for k, r in run.results.items()}


_worker_cleaner: Cleaner | None = None


def _init_worker(skip: tuple[str, ...]) -> None:
    global _worker_cleaner
    _worker_cleaner = Cleaner(skip=skip)
    html_to_text("<html><body><p>Warm-up.</p></body></html>")  # imports, outside the timing


def html_page(path: Path) -> tuple[str, str, Result, float, float, int]:
    """What `clean --format html` does with one page (decode, extract, clean), timed by stage."""
    data = read_document_bytes(str(path))
    t0 = time.perf_counter()
    doc = parse_input(path.name, data, "html")
    t1 = time.perf_counter()
    result = _worker_cleaner.clean(doc.text, captions=doc.captions)
    t2 = time.perf_counter()
    return path.name.split(".")[0], doc.text, result, t1 - t0, t2 - t1, len(data)


def clean_html(bench: Path, ids: list[str], skip: tuple[str, ...], jobs: int) -> Run:
    """Raw HTML as `clean --format html` treats it. `before` is trafilatura's text alone."""
    paths = [bench / "html" / f"{k}.html.gz" for k in ids]
    if jobs > 1:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(skip,)) as pool:
            pages = list(pool.map(html_page, paths, chunksize=4))
    else:
        _init_worker(skip)
        pages = [html_page(p) for p in paths]
    run = Run(HTML, {})
    for k, text, result, t_extract, t_clean, size in pages:
        run.before[k] = text
        run.after[k] = result.text
        run.results[k] = result
        run.extract_seconds += t_extract
        run.seconds += t_extract + t_clean
        run.megabytes += size / 1e6
    return run


# --- analysis -------------------------------------------------------------------------------------


def removed(result: Result) -> list:
    """The lines the cleaner finally removed (the deletion budget's restorations excluded)."""
    return [c for c in result.changes if c.action == "dropped"]


def is_real_text(line: str, truth_norm: str) -> bool:
    """A removed line is real text when its words occur, in order, in the true body."""
    n = norm(line)
    return bool(n) and f" {n} " in f" {truth_norm} "


def occurrences(needle: str, hay: str) -> int:
    """How often the word sequence `needle` occurs in `hay` (both normalised), overlaps counted."""
    needle, hay = f" {needle} ", f" {hay} "
    count, i = 0, hay.find(needle)
    while i >= 0:
        count += 1
        i = hay.find(needle, i + 1)
    return count


def lost_text(line: str, truth_norm: str, out_norm: str) -> bool:
    """Real text the output no longer has: the truth holds the line more often than the cleaned
    text does. A removed second copy of a line the truth holds once is real but not lost."""
    n = norm(line)
    return bool(n) and occurrences(n, truth_norm) > occurrences(n, out_norm)


@dataclass
class IdTally:
    removed: int = 0
    real: int = 0
    lost: int = 0
    lost_words: int = 0
    real_by_input: Counter = field(default_factory=Counter)


def tally_ids(runs: list[Run], truth_norm: dict[str, str]) -> dict[str, IdTally]:
    tallies: dict[str, IdTally] = defaultdict(IdTally)
    for run in runs:
        for k, result in run.results.items():
            out_norm = norm(result.text)
            for ch in removed(result):
                t = tallies[ch.rule_id]
                t.removed += 1
                if is_real_text(ch.before, truth_norm[k]):
                    t.real += 1
                    t.real_by_input[run.name] += 1
                    if lost_text(ch.before, truth_norm[k], out_norm):
                        t.lost += 1
                        t.lost_words += len(WORD.findall(ch.before))
    return tallies


# --- output ---------------------------------------------------------------------------------------


def fmt(s) -> str:
    return f"{s.f1:.3f} {s.precision:.3f} {s.recall:.3f}"


def print_scores(runs: list[Run], rows: dict[str, dict[str, PageCounts]],
                 truth: dict[str, str]) -> None:
    print(f"{'input':<17} {'identity F1  P     R':<20}  {'cleaned F1   P     R':<20}"
          f"  {'dF1':>6} {'dR':>6}  {'MB/s':>6}  flagged")
    for run in runs:
        before = aggregate([rows[run.name + ":before"][k] for k in truth])
        after = aggregate([rows[run.name][k] for k in truth])
        speed = run.megabytes / run.seconds if run.seconds else 0.0
        flagged = sum(1 for r in run.results.values() if r.flags)
        print(f"{run.name:<17} {fmt(before):<20}  {fmt(after):<20}"
              f"  {after.f1 - before.f1:+.3f} {after.recall - before.recall:+.3f}"
              f"  {speed:6.2f}  {flagged:>7}")
    html = [r for r in runs if r.name == HTML]
    if html and html[0].seconds:
        r = html[0]
        print(f"html: identity is trafilatura's text alone; MB/s is HTML MB per core-second;"
              f" extraction {1000 * r.extract_seconds / len(r.after):.1f} ms/page, cleaning"
              f" {1000 * (r.seconds - r.extract_seconds) / len(r.after):.1f} ms/page")


def print_ids(runs: list[Run], tallies: dict[str, IdTally]) -> None:
    names = [r.name for r in runs]
    print("\nRemovals per rule/heuristic id over all inputs, most real text first"
          " (real: the line's words occur in the true body; lost: and the output now has fewer"
          " copies of it than the truth)")
    head = " ".join(f"{n[:11]:>11}" for n in names)
    print(f"{'id':<24} {'removed':>7} {'junk':>5} {'real':>5} {'lost':>5} {'lost w':>6}"
          f" {'junk%':>6}  real by input: {head}")
    order = sorted(tallies.items(), key=lambda kv: (-kv[1].real, -kv[1].lost, kv[0]))
    for rid, t in order:
        per = " ".join(f"{t.real_by_input[n]:>11}" for n in names)
        share = 100 * (t.removed - t.real) / t.removed if t.removed else 0.0
        print(f"{rid:<24} {t.removed:>7} {t.removed - t.real:>5} {t.real:>5} {t.lost:>5}"
              f" {t.lost_words:>6} {share:5.1f}%  {' ' * 15}{per}")


def print_worst(run: Run, rows: dict[str, dict[str, PageCounts]], truth_norm: dict[str, str],
                n: int, show: int) -> None:
    """The pages where cleaning cost most, each with its removals per id and the removed lines
    of real text (LOST when the output no longer has them; copy when a copy stayed)."""
    before, after = rows[run.name + ":before"], rows[run.name]
    d_f1 = {k: after[k].f1 - before[k].f1 for k in run.results}
    d_r = {k: after[k].recall - before[k].recall for k in run.results}
    for title, delta in (("F1 dropped most", d_f1), ("recall dropped most", d_r)):
        worst = [k for k in sorted(delta, key=lambda k: (delta[k], k)) if delta[k] < 0][:n]
        print(f"\n{run.name}: the {len(worst)} page(s) whose {title}; their share of the"
              f" input's dR: {sum(d_r[k] for k in worst) / len(d_r):+.4f}"
              f" of {sum(d_r.values()) / len(d_r):+.4f}")
        for k in worst:
            print(f"  {k[:16]}  dF1 {d_f1[k]:+.4f}  dR {d_r[k]:+.4f}"
                  f"  (R {before[k].recall:.3f} -> {after[k].recall:.3f})")
            result = run.results[k]
            out_norm = norm(result.text)
            per_id: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            real = []
            for ch in removed(result):
                per_id[ch.rule_id][0] += 1
                if is_real_text(ch.before, truth_norm[k]):
                    per_id[ch.rule_id][1] += 1
                    real.append(ch)
            print("    removed (real/all): "
                  + ", ".join(f"{rid} {r}/{a}" for rid, (a, r) in sorted(per_id.items())))
            for ch in real[:show]:
                tag = "LOST" if lost_text(ch.before, truth_norm[k], out_norm) else "copy"
                text = ch.before if len(ch.before) <= 110 else ch.before[:107] + "..."
                print(f"    {tag} {ch.line:>4} {ch.rule_id}: {text!r}")
            if len(real) > show:
                print(f"    ... and {len(real) - show} more line(s) of real text")
            for flag in result.flags:
                print(f"    flagged: {flag}")


def dump(run: Run, rows: dict[str, dict[str, PageCounts]], out: Path) -> None:
    """`<input>.json`: per page the cleaned text, scores and changes; `<input>.pred.json`: the
    cleaned texts in the benchmark's prediction format (any scorer of the benchmark reads it)."""
    out.mkdir(parents=True, exist_ok=True)
    pages = {}
    for k, text in run.after.items():
        res = run.results[k]
        page = {"articleBody": text}
        for label, key in (("before", run.name + ":before"), ("after", run.name)):
            c = rows[key][k]
            page[label] = {"f1": c.f1, "precision": c.precision, "recall": c.recall}
        page["changes"] = [ch.to_dict() for ch in res.changes]
        page["flags"] = res.flags
        pages[k] = page
    (out / f"{run.name}.json").write_text(json.dumps(pages, ensure_ascii=False, indent=1))
    pred = {k: {"articleBody": t} for k, t in run.after.items()}
    (out / f"{run.name}.pred.json").write_text(json.dumps(pred, ensure_ascii=False))


# --- main -----------------------------------------------------------------------------------------


def print_clean_bodies(cleaner: Cleaner, truth: dict[str, str], show: int) -> None:
    """Clean the hand-made article bodies themselves: with no junk to find, every removal is
    a false alarm (or junk the annotators kept). A precision check that needs no extractor."""
    per_id: dict[str, list[str]] = {}
    lines = 0
    for text in truth.values():
        lines += sum(1 for ln in text.split("\n") if ln.strip())
        for ch in cleaner.clean(text).changes:
            if ch.action == "dropped":
                per_id.setdefault(ch.rule_id, []).append(ch.before)
    total = sum(len(v) for v in per_id.values())
    print(f"\nCleaning the true article bodies themselves: {total} of {lines} lines removed "
          f"({total / max(1, lines):.1%})")
    for rid, removed_lines in sorted(per_id.items(), key=lambda kv: -len(kv[1])):
        sample = "; ".join(repr(x[:50]) for x in removed_lines[:show])
        print(f"  {rid:<22} {len(removed_lines):>4}  {sample}")


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH,
                    help="the benchmark folder (default: ../shared/bench/scrapinghub)")
    ap.add_argument("--inputs", nargs="*", choices=INPUTS, default=list(INPUTS),
                    help="extractor outputs to clean (default: all four)")
    ap.add_argument("--html", action=argparse.BooleanOptionalAction, default=True,
                    help="also score raw HTML as `clean --format html` (default: on)")
    ap.add_argument("--jobs", type=int, default=1, help="processes for the HTML path")
    ap.add_argument("--skip", action="append", default=[], metavar="ID_OR_TAG",
                    help="turn off a rule, heuristic or tag, as `clean --skip` (repeatable)")
    ap.add_argument("--dump", type=Path, metavar="DIR",
                    help="write per-page cleaned texts, scores and changes here as JSON")
    ap.add_argument("--worst", type=int, default=0, metavar="N",
                    help="show the N pages whose F1 / recall dropped most, with removed lines")
    ap.add_argument("--show", type=int, default=12, metavar="K",
                    help="with --worst: at most K removed lines of real text per page")
    ap.add_argument("--bodies", action=argparse.BooleanOptionalAction, default=True,
                    help="also clean the true bodies and list what was removed from them")
    return ap.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    bench = args.bench
    truth = load_bodies(bench / "ground-truth.json")
    truth_norm = {k: norm(t) for k, t in truth.items()}
    try:
        cleaner = Cleaner(skip=args.skip)
    except CleanerError as e:
        sys.exit(f"quality.py: error: {e}")

    runs: list[Run] = []
    for name in args.inputs:
        src = load_bodies(bench / "output" / f"{name}.json")
        run = Run(name, {k: src.get(k, "") for k in truth})
        clean_texts(cleaner, run)
        runs.append(run)
    if args.html:
        runs.append(clean_html(bench, list(truth), tuple(args.skip), max(1, args.jobs)))

    # per-page counts, before (the input as is) and after (the row's output)
    rows: dict[str, dict[str, PageCounts]] = {}
    for run in runs:
        rows[run.name + ":before"] = {k: page_counts(truth[k], run.before.get(k, ""))
                                      for k in truth}
        rows[run.name] = {k: page_counts(truth[k], run.after.get(k, "")) for k in truth}

    print(f"{len(truth)} pages from {bench}" + (f"; skipped: {', '.join(args.skip)}"
                                                 if args.skip else ""))
    print_scores(runs, rows, truth)
    print_ids(runs, tally_ids(runs, truth_norm))
    if args.bodies:
        print_clean_bodies(cleaner, truth, 3)
    if args.worst:
        for run in runs:
            print_worst(run, rows, truth_norm, args.worst, args.show)
    if args.dump:
        for run in runs:
            dump(run, rows, args.dump)
        print(f"\nper-page outputs and scores written to {args.dump}/")


if __name__ == "__main__":
    main()
