"""--jobs N gives the same bytes as --jobs 1; the parallel map stays ordered and bounded."""
from __future__ import annotations

import json
import random
import subprocess
import sys

from click.testing import CliRunner

from cleaner.cli import clean_cmd
from cleaner.parallel import ordered_map, resolve_jobs
from cleaner.pipeline import Options

from . import corpus


def _pair(cleaner, x):
    return (x, cleaner.options.lang)


def test_ordered_map_keeps_order_and_builds_cleaners_from_options():
    out = list(ordered_map(_pair, range(50), Options(lang="en"), jobs=2, inflight=3))
    assert out == [(i, "en") for i in range(50)]


def _consumed(cleaner, x):
    return x


def test_ordered_map_reads_ahead_only_a_bounded_amount():
    pulled = []

    def source():
        for i in range(40):
            pulled.append(i)
            yield i

    it = ordered_map(_consumed, source(), Options(), jobs=2, inflight=4)
    first = next(it)
    assert first == 0 and len(pulled) <= 5
    assert list(it) == list(range(1, 40))


def test_resolve_jobs_zero_means_all_cores():
    assert resolve_jobs(0) >= 1 and resolve_jobs(2) == min(2, resolve_jobs(0))


def test_jobs_2_equals_jobs_1_jsonl(tmp_path):
    lines = corpus.records(400, seed=3)
    lines[5] = "{broken"
    src = corpus.write(tmp_path / "c.jsonl", lines)
    outs, reports = [], []
    for j in ("1", "2"):
        rep = tmp_path / f"r{j}.json"
        res = CliRunner().invoke(clean_cmd, [str(src), "-j", j, "--keep-removed", "--report",
                                             str(rep), "--errors", str(tmp_path / f"e{j}")])
        assert res.exit_code == 1
        outs.append(res.stdout_bytes)
        r = json.loads(rep.read_text())
        r.pop("elapsed_s")
        reports.append(r)
    assert outs[0] == outs[1] and len(outs[0]) > 10_000
    assert reports[0] == reports[1]
    assert (tmp_path / "e1").read_bytes() == (tmp_path / "e2").read_bytes()


def test_jobs_2_equals_jobs_1_on_text_files(tmp_path):
    files = []
    for i, text in enumerate(corpus.texts(30, random.Random(1))):
        p = tmp_path / f"{i:02d}.txt"
        p.write_text(text, encoding="utf-8")
        files.append(str(p))
    a = CliRunner().invoke(clean_cmd, files + ["-j", "1", "--explain"])
    b = CliRunner().invoke(clean_cmd, files + ["-j", "2", "--explain"])
    assert a.exit_code == b.exit_code == 0
    assert a.stdout_bytes == b.stdout_bytes and a.stderr == b.stderr


def test_jobs_in_a_real_process(tmp_path):
    """The installed entry point with worker processes, as users run it."""
    src = corpus.write(tmp_path / "c.jsonl", corpus.records(120, seed=5))
    cmd = [sys.executable, "-m", "cleaner.cli", str(src)]
    one = subprocess.run(cmd, capture_output=True, check=False)
    two = subprocess.run([*cmd, "-j", "2"], capture_output=True, check=False)
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout
