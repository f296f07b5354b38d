"""What an adversarial sweep of the command line found: each case once gave a traceback, a
hang, lost records or a destroyed file. Each now gets one line on stderr and exit 2 before
anything is written (or, for writable special files, the right behaviour)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from cleaner import parallel
from cleaner.cli import main
from cleaner.errors import CleanerError
from cleaner.pipeline import Options


def _run(*args, **kw) -> subprocess.CompletedProcess:
    """subprocess.run; the tests read the exit status themselves."""
    return subprocess.run(*args, check=False, **kw)


DIRTY = "Talks resumed on Monday, officials said.\n\nAdvertisement\n"
CLEAN = "Talks resumed on Monday, officials said.\n"


def fails(args, capsys) -> str:
    """Run `clean ARGS`, expect exit 2, return what it printed (`rules check` lists problems
    on stdout, the others on stderr; one line per problem, no traceback)."""
    with pytest.raises(SystemExit) as e:
        main([str(a) for a in args])
    got = capsys.readouterr()
    err = got.out + got.err
    assert e.value.code == 2, err
    assert "Traceback" not in err, err
    return err


@pytest.fixture
def shard(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": DIRTY}) + "\nnot json\n", encoding="utf-8")
    return src


def test_side_files_never_overwrite_inputs_or_outputs(tmp_path, shard, capsys):
    before = shard.read_bytes()
    out = tmp_path / "out.jsonl"
    assert "that is an output" in fails([shard, "-o", out, "--errors", out], capsys)
    assert "that is an output" in fails([shard, "-o", out, "--report", out], capsys)
    assert "that is an input" in fails([shard, "-o", out, "--errors", shard], capsys)
    assert "that is an input" in fails([shard, "--report", shard], capsys)
    side = tmp_path / "side.json"
    assert "the other side file" in fails([shard, "--errors", side, "--report", side], capsys)
    assert "overwrite the input" in fails([shard, "-o", shard], capsys)
    other = tmp_path / "b.jsonl"
    other.write_bytes(before)
    assert "overwrite the input" in fails([other, shard, "-o", shard], capsys)
    assert shard.read_bytes() == before and not out.exists() and not side.exists()


def test_the_removed_field_cannot_be_the_text_or_output_field(shard, capsys):
    for args in (["--output-field", "removed"], ["--text-field", "removed"]):
        assert "--keep-removed writes the field 'removed'" in fails(
            [shard, "--keep-removed", *args], capsys)


def test_empty_paths_and_path_like_backup_suffixes_are_refused(tmp_path, shard, capsys):
    assert "-o: empty value" in fails([shard, "-o", ""], capsys)
    assert "--report: empty value" in fails([shard, "--report", ""], capsys)
    assert "not a path" in fails(["--in-place", "--backup", "/", shard], capsys)


def test_broken_or_looping_links_in_a_folder_stop_the_run_before_any_write(tmp_path, capsys):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text(DIRTY, encoding="utf-8")
    (d / "b.txt").symlink_to(d / "nowhere.txt")
    (d / "self.txt").symlink_to(d / "self.txt")
    out = tmp_path / "out"
    assert "a broken or looping link" in fails([d, "-o", out], capsys)
    assert not out.exists()
    assert "a broken or looping link" in fails(["--in-place", d], capsys)
    assert (d / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_output_through_a_link_replaces_the_file_it_names(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(DIRTY, encoding="utf-8")
    real = tmp_path / "real.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert _run([sys.executable, "-m", "cleaner.cli", str(src), "-o", str(link)],
                          capture_output=True).returncode == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == CLEAN


def test_output_to_a_pipe_is_written_into_it(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(DIRTY, encoding="utf-8")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    res = _run([sys.executable, "-m", "cleaner.cli", str(src), "-o", str(fifo)],
                         capture_output=True, timeout=60)
    reader.join(timeout=60)
    assert res.returncode == 0 and got == [CLEAN.encode()]
    assert fifo.is_fifo()  # still a pipe, not a file renamed over it


def test_a_full_disk_is_one_line(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(DIRTY, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        res = _run([sys.executable, "-m", "cleaner.cli", str(src)], stdout=full,
                             stderr=subprocess.PIPE, text=True)
    assert res.returncode == 2 and res.stderr == "clean: error: No space left on device\n"


def test_workers_are_capped_at_the_cores():
    assert parallel.resolve_jobs(10**12) == parallel.cores() == parallel.resolve_jobs(0)
    assert parallel.resolve_jobs(1) == 1


def test_a_worker_without_a_cleaner_fails_the_run_instead_of_restarting(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "_worker_cleaner", None)
    monkeypatch.setattr(parallel, "_worker_error", None)
    monkeypatch.setattr(parallel, "cleaner_for", lambda o: (_ for _ in ()).throw(
        CleanerError(f"{tmp_path}/gone.yml:0: no such rule file")))
    monkeypatch.setattr("signal.signal", lambda *a: None)
    parallel._init_worker(Options())
    with pytest.raises(CleanerError, match="could not build its cleaner: .*no such rule file"):
        parallel._run_chunk(lambda c, p: p, 1)


def test_rules_read_from_a_pipe_reach_every_worker(tmp_path):
    rules = ("rules:\n  - id: talks-line\n    kind: drop\n    match: search\n"
             "    patterns: ['resumed on Monday']\n"
             "    examples: {drop: ['Talks resumed on Monday.'], keep: ['Talks went on.']}\n")
    src = tmp_path / "a.txt"
    src.write_text("Talks resumed on Monday, officials said.\n\nThe rest went on.\n",
                   encoding="utf-8")
    outs = [_run([sys.executable, "-m", "cleaner.cli", "--rules", "/dev/stdin",
                            "-j", jobs, str(src)], input=rules, capture_output=True, text=True)
            for jobs in ("1", "2")]
    assert outs[0].returncode == outs[1].returncode == 0, outs[1].stderr
    assert outs[0].stdout == outs[1].stdout == "The rest went on.\n"


def test_a_file_name_that_is_not_utf8_reaches_errors_and_report(tmp_path, shard):
    odd = os.path.join(os.fsencode(tmp_path), b"b\xffd.jsonl")
    os.rename(shard, odd)
    errors, report = tmp_path / "err.jsonl", tmp_path / "rep.json"
    res = _run([sys.executable, "-m", "cleaner.cli", odd, "--errors", str(errors),
                          "--report", str(report)], capture_output=True)
    assert res.returncode == 1, res.stderr
    [rec] = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert rec["file"].endswith("b\udcffd.jsonl") and rec["line"] == 2
    assert json.loads(report.read_text(encoding="utf-8"))["errors"] == 1


def test_an_unreadable_word_list_is_a_rule_problem(tmp_path, capsys):
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "agencies.txt").write_bytes(b"caf\xe9\n")
    src = tmp_path / "a.txt"
    src.write_text(DIRTY, encoding="utf-8")
    err = fails(["--rules", tmp_path, src], capsys)
    assert "agencies.txt:0: cannot read word list: not UTF-8" in err
    assert "agencies.txt:0: cannot read word list" in fails(["rules", "check", tmp_path], capsys)


def test_mine_writes_into_a_new_folder_and_refuses_an_impossible_one_up_front(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"text": f"Story {i} here.\nSubscribe now!\n"}) + "\n"
                              for i in range(6)), encoding="utf-8")
    draft = tmp_path / "drafts" / "mined.yml"
    main(["mine", str(corpus), "--min-docs", "3", "-o", str(draft)])  # no exit: success
    assert draft.exists()
    capsys.readouterr()
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    err = fails(["mine", corpus, "-o", blocker / "mined.yml"], capsys)
    assert "is not a writable folder" in err and "documents; lines in" not in err  # not mined


def test_sigterm_leaves_no_temporary_file_and_the_input_as_it_was(tmp_path):
    import signal
    import time

    from . import corpus

    src = corpus.write(tmp_path / "big.jsonl", corpus.records(8000, seed=5))
    before = src.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "cleaner.cli", "--in-place", "-j", "2",
                             str(src)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".big.jsonl.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the run is writing its temporary file
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert src.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["big.jsonl"]


def test_an_unknown_language_gets_a_warning(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(DIRTY, encoding="utf-8")
    res = _run([sys.executable, "-m", "cleaner.cli", "--lang", "xx", str(src)],
                         capture_output=True, text=True)
    assert res.returncode == 0 and "--lang xx: no rule pack for it (packs: de, en" in res.stderr


def test_workers_die_of_the_pools_sigterm_and_the_run_puts_its_handler_back(tmp_path, shard):
    import signal

    from click.testing import CliRunner

    from cleaner.cli import clean_cmd

    before = signal.getsignal(signal.SIGTERM)
    assert CliRunner().invoke(clean_cmd, [str(shard), "-q"]).exit_code == 1  # one bad line
    assert signal.getsignal(signal.SIGTERM) is before
    # a worker forked while the run's handler is set goes back to the default, or the pool's
    # terminate() at the end of the run would wait for it forever
    signal.signal(signal.SIGTERM, lambda *a: None)
    try:
        parallel._init_worker(Options())
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, before)
        signal.signal(signal.SIGINT, signal.default_int_handler)


def test_an_output_folder_inside_the_input_folder_is_not_cleaned_again(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text(DIRTY, encoding="utf-8")
    for _ in range(2):
        res = _run([sys.executable, "-m", "cleaner.cli", str(d), "-o", str(d / "clean")],
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
    assert sorted(str(p.relative_to(d)) for p in d.rglob("*")) == ["a.txt", "clean",
                                                                    "clean/a.txt"]
    assert (d / "clean" / "a.txt").read_text(encoding="utf-8") == CLEAN


def test_dev_stdout_is_written_directly_and_keeps_what_the_shell_appended_to(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(DIRTY, encoding="utf-8")
    cmd = [sys.executable, "-m", "cleaner.cli", str(src), "-o", "/dev/stdout"]
    res = _run(cmd, capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout == CLEAN, res.stderr
    log = tmp_path / "log.txt"
    log.write_text("earlier\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as out:  # as `>> log.txt`
        assert _run(cmd, stdout=out).returncode == 0
    assert log.read_text(encoding="utf-8") == "earlier\n" + CLEAN


def test_a_device_may_take_more_than_one_output(shard):
    res = _run([sys.executable, "-m", "cleaner.cli", str(shard), "-o", "/dev/null",
                          "--errors", "/dev/null", "--report", "/dev/null"], capture_output=True)
    assert res.returncode == 1, res.stderr  # the shard's one bad line; nothing refused


def test_a_glob_leaves_out_the_output_folder(tmp_path):
    d = tmp_path / "d"
    (d / "x").mkdir(parents=True)
    (d / "x" / "a.txt").write_text(DIRTY, encoding="utf-8")
    for _ in range(2):
        res = _run([sys.executable, "-m", "cleaner.cli", str(d / "**" / "*.txt"), "-o",
                              str(d / "clean")], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
    assert sorted(str(p.relative_to(d)) for p in d.rglob("*.txt")) == ["clean/x/a.txt", "x/a.txt"]
