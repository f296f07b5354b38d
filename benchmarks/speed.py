"""Throughput, rule-count scaling, start-up time and peak memory of `clean` on JSONL.

Builds a JSONL corpus (default 50 MB, and a 500 MB one for the memory check) from the texts of
the article-extraction benchmark's extractor outputs, read from --bench (never copied into the
repository; the corpus goes to a temporary folder), then prints one table:

  (a) floor: read + parse + split lines + one precompiled regex per line + write
  (b) a C4-style line filter (drop lines without terminal punctuation or under 3 words)
  (c) `clean` with the default rules, one process
  (d) `clean --jobs 2`
  (e) the default rules plus 100 / 1,000 / 10,000 generated drop rules and term aliases
  plus start-up time of `echo x | clean` and peak RSS on 50 MB and 500 MB of input.

Timings are the best of REPEAT runs (the machine is shared; single runs vary by up to 30%).

Each CLI run is a fresh subprocess under a small wrapper that reports the wall time and the
peak RSS of its children (getrusage(RUSAGE_CHILDREN) keeps a running maximum, so each
measurement needs its own wrapper). MB are 10^6 bytes of JSONL input.

    python benchmarks/speed.py --bench ../shared/bench/scrapinghub
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quality import load_bodies  # this script's own folder

from cleaner.parallel import resolve_jobs

ROOT = Path(__file__).resolve().parent.parent
CLEAN = [sys.executable, "-m", "cleaner.cli"]
WRAPPER = r"""
import resource, subprocess, sys, time
t = time.perf_counter()
with open(sys.argv[1], "rb") as fin, open(sys.argv[2], "wb") as fout:
    rc = subprocess.call(sys.argv[3:], stdin=fin, stdout=fout)
el = time.perf_counter() - t
print(rc, el, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def load_texts(bench: Path) -> list[str]:
    """Every extractor output's non-empty texts, read as the quality benchmark reads them."""
    texts = [t for path in sorted(glob.glob(str(bench / "output" / "*.json")))
             for t in load_bodies(Path(path)).values() if t.strip()]
    if not texts:
        sys.exit(f"speed.py: no texts found under {bench}/output")
    return texts


def build_corpus(texts: list[str], path: Path, mb: float) -> int:
    """Repeat the texts (shuffled, numbered) until the file holds at least `mb` MB."""
    rnd = random.Random(0)
    target = int(mb * 1e6)
    size = rep = 0
    with open(path, "w", encoding="utf-8") as f:
        while size < target:
            order = list(range(len(texts)))
            rnd.shuffle(order)
            for i in order:
                line = json.dumps({"id": f"{rep}-{i}", "text": texts[i]}, ensure_ascii=False)
                f.write(line + "\n")
                size += len(line.encode("utf-8")) + 1
                if size >= target:
                    break
            rep += 1
    return size


def repeat_file(src: Path, dest: Path, times: int) -> int:
    with open(dest, "wb") as out:
        for _ in range(times):
            with open(src, "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    return dest.stat().st_size


# ---------------------------------------------------------------------------------------------
# In-process reference passes


_AD = re.compile(r"^\s*advertisement\s*$", re.IGNORECASE)
_TERMINAL = (".", "!", "?", '"', "'", "”", "’")


def floor_pass(src: Path, dest: Path) -> None:
    with open(src, encoding="utf-8") as fin, open(dest, "w", encoding="utf-8") as fout:
        for line in fin:
            rec = json.loads(line)
            lines = rec["text"].split("\n")
            rec["text"] = "\n".join(ln for ln in lines if not _AD.search(ln))
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")


def c4_pass(src: Path, dest: Path) -> None:
    with open(src, encoding="utf-8") as fin, open(dest, "w", encoding="utf-8") as fout:
        for line in fin:
            rec = json.loads(line)
            kept = []
            for ln in rec["text"].split("\n"):
                s = ln.strip()
                if s.endswith(_TERMINAL) and len(s.split()) >= 3:
                    kept.append(ln)
            rec["text"] = "\n".join(kept)
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")


def timed(fn, *args) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        t = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t)
    return best


# ---------------------------------------------------------------------------------------------
# CLI runs


REPEAT = 2  # timings on a shared machine are noisy: report the best of this many runs


def run_cli(args: list[str], src: Path, dest: Path, repeat: int | None = None
            ) -> tuple[float, float]:
    """(best wall seconds, peak RSS in MB of the CLI and its workers) for `clean SRC -o DEST`."""
    cmd = [*CLEAN, str(src), "-o", str(dest), *args]
    best, rss = float("inf"), 0.0
    for _ in range(repeat or REPEAT):
        p = subprocess.run([sys.executable, "-c", WRAPPER, os.devnull, os.devnull, *cmd],
                           capture_output=True, text=True, check=True, cwd=ROOT)
        rc, el, rss_kb = p.stdout.split()
        if rc != "0":
            sys.exit(f"speed.py: clean {' '.join(args)} exited {rc}")
        best, rss = min(best, float(el)), max(rss, int(rss_kb) / 1024)
    return best, rss


def startup(runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([*CLEAN], input=b"x\n", capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _word(rnd: random.Random) -> str:
    return "".join(rnd.choice("bcdfghjklmnpqrstvwxz") + rnd.choice("aeiou") for _ in range(4))


def rule_file(path: Path, n: int, seed: int = 1) -> None:
    """n drop rules (whole-line phrases, line-start phrases and regexes with a literal, in turn)
    and n term aliases (swap rules of 5 aliases each), each with examples as the loader wants."""
    rnd = random.Random(seed)
    out = ["lang: en", "rules:"]
    for i in range(n):
        w1, w2 = _word(rnd), _word(rnd)
        kind = i % 3
        out.append(f"  - id: gen-drop-{i}")
        out.append("    kind: drop")
        if kind == 0:
            out += ["    match: line", f"    phrases: [\"{w1} {w2}\"]"]
            drop, keep = f"{w1} {w2}", f"{w1} and {w2} went home."
        elif kind == 1:
            out += ["    match: start", f"    phrases: [\"{w1} {w2}:\"]"]
            drop, keep = f"{w1} {w2}: more here", f"The {w1} {w2} story."
        else:
            out += ["    match: search", f"    patterns: ['\\b{w1}\\d+ {w2}\\b']"]
            drop, keep = f"see {w1}42 {w2} now", f"see {w1} {w2} now"
        out += ["    examples:", f"      drop: [\"{drop}\"]", f"      keep: [\"{keep}\"]"]
    for i in range(max(1, n // 5)):
        canon = _word(rnd).title()
        aliases = [f"{_word(rnd).title()} {_word(rnd).title()}" for _ in range(5)]
        out += [f"  - id: gen-term-{i}", "    kind: swap", f"    canonical: {canon}",
                f"    aliases: [{', '.join(aliases)}]", "    examples:", "      change:",
                f"        - in: the {aliases[0]} said", f"          out: the {canon} said",
                "      keep:", f"        - the {canon} said"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def head_bytes(src: Path, dest: Path, mb: float) -> int:
    target = int(mb * 1e6)
    size = 0
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        for line in fin:
            fout.write(line)
            size += len(line)
            if size >= target:
                break
    return size


# ---------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared/bench/scrapinghub")
    ap.add_argument("--mb", type=float, default=50, help="corpus size for (a)-(d)")
    ap.add_argument("--big-mb", type=float, default=500, help="second size for the RSS check")
    ap.add_argument("--rules-mb", type=float, default=10, help="corpus slice for (e)")
    ap.add_argument("--rss-jobs", default="2", help="--jobs for the 50/500 MB RSS runs")
    ap.add_argument("--tmp", type=Path, default=None, help="folder for the generated corpus")
    ap.add_argument("--repeat", type=int, default=REPEAT, help="timed runs per measure (best)")
    args = ap.parse_args()
    globals()["REPEAT"] = args.repeat
    cores = resolve_jobs(0)
    tmp = Path(tempfile.mkdtemp(prefix="clean-speed-", dir=args.tmp))
    rows: list[tuple[str, str, str]] = []

    def row(name: str, value: str, note: str = "") -> None:
        rows.append((name, value, note))
        print(f"  {name}: {value} {note}", file=sys.stderr, flush=True)

    try:
        texts = load_texts(args.bench)
        corpus = tmp / "corpus.jsonl"
        size = build_corpus(texts, corpus, args.mb)
        mb = size / 1e6
        out = tmp / "out.jsonl"
        print(f"corpus: {len(texts)} texts, {mb:.1f} MB of JSONL, {cores} cores", file=sys.stderr)

        fl = mb / timed(floor_pass, corpus, out)
        row("(a) floor: read+parse+split+1 regex/line+write", f"{fl:.1f} MB/s", "1 core")
        c4 = mb / timed(c4_pass, corpus, out)
        row("(b) C4-style line filter", f"{c4:.1f} MB/s", "1 core")

        el1, rss1 = run_cli([], corpus, out)
        c = mb / el1
        row("(c) clean, default rules", f"{c:.2f} MB/s",
            f"1 core; {c / c4:.3f} of (b) (target >= 0.4)")
        el_en, _ = run_cli(["--lang", "en"], corpus, out)
        row("(c') clean --lang en (no language detection)", f"{mb / el_en:.2f} MB/s", "1 core")
        el2, _ = run_cli(["--jobs", "2"], corpus, out)
        d = mb / el2
        row("(d) clean --jobs 2", f"{d:.2f} MB/s",
            f"{d / 2:.2f} MB/s per core; {d / c:.2f}x (c) (target >= 1.6x)")

        (tmp / "empty.jsonl").write_bytes(b"")
        sl = tmp / "slice.jsonl"
        smb = head_bytes(corpus, sl, args.rules_mb) / 1e6
        scale = {}
        for n in (0, 100, 1000, 10000):
            rf = tmp / f"rules-{n}.yml"
            extra = []
            if n:
                rule_file(rf, n)
                extra = ["--rules", str(rf)]
            el, _ = run_cli(extra, sl, out)
            scale[n] = el
            row(f"(e) default rules + {n:,} drop rules + {n:,} aliases",
                f"{smb / el:.2f} MB/s", f"{el:.1f} s on {smb:.0f} MB")
        row("(e) time(10,000) / time(100)", f"{scale[10000] / scale[100]:.2f}x", "target <= 1.5x")
        load = {}
        for n in (100, 10000):
            el, _ = run_cli(["--rules", str(tmp / f"rules-{n}.yml")], tmp / "empty.jsonl", out)
            load[n] = el
        row("(e) start-up + rule loading, 100 / 10,000 rules", f"{load[100]:.2f} / "
            f"{load[10000]:.2f} s", "on an empty input (YAML parsing dominates)")
        per_doc = (scale[10000] - load[10000]) / (scale[100] - load[100])
        row("(e) time(10,000) / time(100) without loading", f"{per_doc:.2f}x", "")

        row("start-up: `echo x \\| clean`", f"{startup():.3f} s", "median of 15; target < 0.3 s")
        row(f"peak RSS, {mb:.0f} MB, --jobs 1", f"{rss1:.0f} MB", "largest process")
        _, rss_a = run_cli(["--jobs", args.rss_jobs], corpus, out, repeat=1)
        row(f"peak RSS, {mb:.0f} MB, --jobs {args.rss_jobs}", f"{rss_a:.0f} MB",
            "largest process; target < 300 MB")
        big = tmp / "big.jsonl"
        times = max(1, round(args.big_mb / mb))
        bmb = repeat_file(corpus, big, times) / 1e6
        el_b, rss_b = run_cli(["--jobs", args.rss_jobs], big, out, repeat=1)
        row(f"peak RSS, {bmb:.0f} MB, --jobs {args.rss_jobs}", f"{rss_b:.0f} MB",
            f"largest process; {bmb / el_b:.2f} MB/s; flat: {rss_b / rss_a:.2f}x of {mb:.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print("| measure | result | notes |\n| --- | --- | --- |")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


if __name__ == "__main__":
    main()
