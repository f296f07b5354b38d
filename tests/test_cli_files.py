"""Files, folders and globs: mirrored output paths, atomic in-place writes, refusals, start-up."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cleaner import formats

from . import corpus
from .conftest import SEEDS

DIRTY = "Talks resumed on Monday, officials said.\n\nAdvertisement\n"
CLEAN = "Talks resumed on Monday, officials said.\n"


def cli(*args, cwd=None, input=None):
    """The real entry point in a subprocess: exit status, stdout, stderr."""
    p = subprocess.run([sys.executable, "-m", "cleaner.cli", *map(str, args)], cwd=cwd,
                       input=input, capture_output=True, text=True, check=False)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture
def tree(tmp_path):
    src = tmp_path / "src"
    (src / "a" / "b").mkdir(parents=True)
    (src / "one.txt").write_text(DIRTY)
    (src / "a" / "b" / "two.txt").write_text(DIRTY)
    corpus.write(src / "a" / "recs.jsonl", [json.dumps({"text": DIRTY})])
    (src / "notes.bin").write_bytes(b"\x00\x01")  # unknown suffix: not picked up
    (src / ".hidden.txt").write_text(DIRTY)
    return tmp_path


def test_folder_is_mirrored(tree):
    code, _, err = cli(tree / "src", "-o", tree / "out")
    assert code == 0, err
    got = sorted(str(p.relative_to(tree / "out")) for p in (tree / "out").rglob("*") if p.is_file())
    assert got == ["a/b/two.txt", "a/recs.jsonl", "one.txt"]
    assert (tree / "out" / "a" / "b" / "two.txt").read_text() == CLEAN
    assert json.loads((tree / "out" / "a" / "recs.jsonl").read_text()) == {"text": CLEAN}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_empty_inputs_are_mirrored_as_empty_files(tree, jobs):
    (tree / "src" / "empty.jsonl").write_text("")
    (tree / "src" / "a" / "empty.txt").write_text("")
    code, _, err = cli(tree / "src", "-o", tree / "out", "-j", jobs)
    assert code == 0, err
    assert (tree / "out" / "empty.jsonl").read_bytes() == b""
    assert (tree / "out" / "a" / "empty.txt").read_bytes() == b""
    assert (tree / "out" / "one.txt").read_text() == CLEAN


def test_glob_is_mirrored_relative_to_its_fixed_part(tree):
    code, _, err = cli("src/**/*.txt", "-o", "out", cwd=tree)
    assert code == 0, err
    assert (tree / "out" / "a" / "b" / "two.txt").read_text() == CLEAN
    assert (tree / "out" / "one.txt").read_text() == CLEAN


def test_files_into_a_folder_keep_their_relative_paths(tree):
    code, _, err = cli("src/one.txt", "src/a/b/two.txt", "-o", "out/", cwd=tree)
    assert code == 0, err
    assert (tree / "out" / "src" / "a" / "b" / "two.txt").read_text() == CLEAN


def test_refuses_to_write_outside_outdir(tree):
    code, _, err = cli("../" + tree.name + "/src/one.txt", "-o", "out/", cwd=tree)
    assert code == 2
    assert "refusing to write outside" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (tree / "out").exists() or not any((tree / "out").rglob("*.txt"))


def test_refuses_to_overwrite_an_input_without_in_place(tree):
    code, _, err = cli(tree / "src", "-o", tree / "src")
    assert code == 2 and "--in-place" in err


def test_in_place_with_backup(tree):
    one = tree / "src" / "one.txt"
    code, _, err = cli("--in-place", "--backup", ".orig", one)
    assert code == 0, err
    assert one.read_text() == CLEAN
    assert (tree / "src" / "one.txt.orig").read_text() == DIRTY
    assert not [p for p in (tree / "src").iterdir() if p.name.endswith(".tmp")]


def test_in_place_keeps_the_file_mode(tree):
    one = tree / "src" / "one.txt"
    one.chmod(0o640)
    assert cli("--in-place", one)[0] == 0
    assert (one.stat().st_mode & 0o777) == 0o640


def test_in_place_interrupted_leaves_the_file_untouched(tmp_path):
    """A failure half-way (here: a write error after the first chunk) leaves the original file
    as it was and no temporary file behind."""
    target = tmp_path / "t.txt"
    target.write_text("original\n")
    out = formats.Output(str(target))
    out.write(b"half")
    out.abort()
    assert target.read_text() == "original\n"
    assert os.listdir(tmp_path) == ["t.txt"]
    with pytest.raises(RuntimeError), formats.Output(str(target)) as o:
        o.write(b"partial")
        raise RuntimeError("killed")
    assert target.read_text() == "original\n" and os.listdir(tmp_path) == ["t.txt"]


def test_missing_input_is_found_before_anything_is_written(tree):
    recs = tree / "src" / "a" / "recs.jsonl"
    before = recs.read_bytes()
    code, _, err = cli("--in-place", recs, tree / "missing.txt")
    assert code == 2 and "no such file" in err
    assert recs.read_bytes() == before


def test_killed_in_place_run_leaves_old_or_new_file_never_half(tmp_path):
    src = corpus.write(tmp_path / "big.jsonl", corpus.records(3000, seed=11))
    original = src.read_bytes()
    expected = cli(src)[1].encode()
    p = subprocess.Popen([sys.executable, "-m", "cleaner.cli", "--in-place", str(src)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        p.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    assert src.read_bytes() in (original, expected)


def test_in_place_refuses_stdin_and_output():
    assert cli("--in-place", "-", input="x")[0] == 2
    assert cli("--in-place", "-o", "x", "y")[0] == 2


def test_backup_needs_in_place(tree):
    code, _, err = cli(tree / "src" / "one.txt", "--backup", ".b")
    assert code == 2 and "--in-place" in err


def test_output_file_is_written_atomically(tree):
    out = tree / "o.txt"
    code, _, _ = cli(tree / "src" / "one.txt", tree / "src" / "a" / "b" / "two.txt", "-o", out)
    assert code == 0 and out.read_text() == CLEAN + CLEAN


def test_missing_input_is_one_line_exit_2(tmp_path):
    code, _, err = cli(tmp_path / "nope.txt")
    assert code == 2 and err.strip() == f"clean: error: {tmp_path / 'nope.txt'}: no such file"


def test_no_progress_when_stderr_is_not_a_terminal(tree):
    code, _, err = cli(tree / "src" / "one.txt", "-j", "2")
    assert code == 0 and err == ""


def test_progress_line_shows_rates_and_eta():
    import io

    from cleaner.progress import Progress

    s = io.StringIO()
    p = Progress(total_bytes=2_000_000, stream=s, enabled=True, interval=0)
    p.update(10, 1_000_000)
    p.close()
    text = s.getvalue()
    assert "docs/s" in text and "MB/s" in text and "ETA" in text and "50%" in text
    assert Progress(stream=io.StringIO()).enabled is False


def test_seed_through_files_equals_stdin(tmp_path):
    seed = next(p for p in sorted(SEEDS.glob("*.txt")) if ".expected" not in p.name)
    code, out, _ = cli(seed)
    assert code == 0 and out == seed.with_name(seed.stem + ".expected.txt").read_text()


HEAVY = ("trafilatura", "bs4", "langdetect", "dask", "distributed", "lxml", "multiprocessing")


def test_echo_x_does_not_import_heavy_modules():
    probe = ("import sys, atexit\n"
             "atexit.register(lambda: sys.stderr.write(repr(sorted({m.split('.')[0] for m in "
             f"sys.modules}} & set({HEAVY!r})))))\n"
             "from cleaner.cli import main\nmain([])\n")
    p = subprocess.run([sys.executable, "-c", probe], input="x\n", capture_output=True,
                       text=True, check=False)
    assert p.returncode == 0 and p.stdout == "x\n"
    assert p.stderr == "[]"


def test_html_run_does_import_trafilatura(tmp_path):
    """The probe above is not vacuous: HTML input does load the extractor."""
    page = tmp_path / "p.html"
    page.write_text("<html><body><article><p>Talks resumed on Monday, officials said in a "
                    "long statement to the press.</p></article></body></html>")
    probe = ("import sys\nfrom cleaner.cli import main\n"
             f"main([{str(page)!r}])\nsys.stderr.write(str('trafilatura' in sys.modules))\n")
    p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                       check=False)
    assert p.stderr.endswith("True")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_text_with_its_byte_order_mark_is_read(encoding):
    from cleaner.formats import decode

    text = "Café talks resumed.\nAdvertisement\n"
    data = ("\ufeff" + text).encode(encoding) if encoding != "utf-16" else text.encode(encoding)
    assert decode(data, "x.txt") == (text, [])


def test_an_html_page_in_the_encoding_it_declares_is_read_so():
    from cleaner.formats import decode

    page = '<html><head><meta charset="windows-1252"></head><body><p>Café ‘quoted’</p></body>'
    assert decode(page.encode("cp1252"), "p.html") == (page, [])
    # a declaration its bytes do not fit, or none: UTF-8 with replacement, and a warning
    text, warnings = decode(b"<p>caf\xe9 \x81</p>", "q.html")
    assert text == "<p>caf\ufffd \ufffd</p>" and "invalid UTF-8 at byte 6" in warnings[0]


@pytest.mark.parametrize("charset", ["undefined", "utf-16", "unicode_escape", "nonsense"])
def test_a_meta_charset_no_page_can_be_in_falls_back_to_utf8(charset):
    from cleaner.formats import decode

    text, warnings = decode(f'<meta charset="{charset}"><p>caf\xe9 \\n</p>'.encode("latin-1"),
                            "p.html")
    assert text == f'<meta charset="{charset}"><p>caf\ufffd \\n</p>'
    assert "invalid UTF-8" in warnings[0]
