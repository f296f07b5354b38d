"""The clean command as a user meets it: inputs, outputs, errors, explain and diff."""
from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from cleaner.cli import clean_cmd, main

from .conftest import SEEDS

SEED = SEEDS / "004_2f4e89da11f66854.txt"
EXPECTED = SEEDS / "004_2f4e89da11f66854.expected.txt"


def run(args, input=None):
    return CliRunner().invoke(clean_cmd, args, input=input)


def run_main(args, capsys, stdin_text=None, monkeypatch=None):
    with pytest.raises(SystemExit) as e:
        main(args)
    out = capsys.readouterr()
    return e.value.code, out.out, out.err


def test_file_to_stdout_and_to_file(tmp_path):
    res = run([str(SEED)])
    assert res.exit_code == 0 and res.stdout == EXPECTED.read_text(encoding="utf-8")
    out = tmp_path / "out.txt"
    assert run([str(SEED), "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == EXPECTED.read_bytes()


def test_crlf_and_bom_are_accepted():
    data = b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n")
    res = run([], input=data)
    assert res.exit_code == 0 and res.stdout_bytes == EXPECTED.read_bytes()


def test_invalid_bytes_are_replaced_with_a_warning(tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"Talks resumed on Monday, officials said \xff\xfe today.\n")
    res = CliRunner().invoke(clean_cmd, [str(f)])
    assert res.exit_code == 0
    assert "\ufffd" in res.stdout
    assert f"{f}: invalid UTF-8 at byte 40" in res.stderr


def test_explain_lines_are_greppable(tmp_path):
    res = run([str(SEED), "--explain"])
    lines = res.stderr.splitlines()
    assert f'{SEED}:21: newsletter-prompt: dropped "By giving us your email, you are opting in ' \
           'to the Early Bird Brief." (a newsletter or email sign-up prompt)' in lines
    assert f'{SEED}:7: term-nato: replaced "North Atlantic Treaty Organisation" -> "NATO"' in lines
    assert res.stdout == EXPECTED.read_text(encoding="utf-8")


def test_diff_shows_the_removed_lines():
    res = run([str(SEED), "--diff"])
    assert res.stdout.startswith(f"--- {SEED}\n+++ {SEED} (cleaned)\n")
    assert "-By giving us your email, you are opting in to the Early Bird Brief.\n" in res.stdout


def test_html_input_is_detected(tmp_path):
    body = " ".join(["The ministers agreed on Tuesday to expand the training mission."] * 4)
    page = (f"<!doctype html><html><head><title>Ministers agree</title></head><body><article>"
            f"<h1>Ministers agree</h1><p>{body}</p><figure><img src='a.jpg' "
            f"alt='Soldiers train at the base near the capital'><figcaption>Soldiers train at "
            f"the base near the capital</figcaption></figure><p>{body}</p>"
            f"<p>Advertisement</p></article></body></html>")
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    res = run([str(f)])
    assert res.exit_code == 0, res.output
    assert "The ministers agreed on Tuesday" in res.stdout
    assert "Advertisement" not in res.stdout and "<p>" not in res.stdout


def test_a_page_without_article_text_gets_a_warning(tmp_path):
    # nested deeper than the HTML parser follows: the extractor finds nothing in it
    para = "<p>Talks resumed on Monday in the capital, officials said after the meeting.</p>"
    f = tmp_path / "deep.html"
    f.write_text(f"<html><body>{'<div>' * 300}{para}{'</div>' * 300}</body></html>",
                 encoding="utf-8")
    res = run([str(f)])
    assert res.exit_code == 0 and res.stdout == ""
    assert f"clean: warning: {f}: trafilatura found no article text in the page" in res.stderr
    assert "warning" not in run([str(f), "-q"]).stderr


def test_missing_file_is_one_line_and_exit_2(capsys):
    code, _out, err = run_main(["/nonexistent/article.txt"], capsys)
    assert code == 2 and err == "clean: error: /nonexistent/article.txt: no such file\n"


def test_broken_rule_file_names_path_line_and_rule(tmp_path, capsys):
    f = tmp_path / "bad.yml"
    f.write_text("rules:\n  - id: my-rule\n    kind: drop\n    patterns: ['(']\n"
                 "    examples: {drop: [x], keep: [y]}\n", encoding="utf-8")
    code, out, err = run_main(["--rules", str(f), str(SEED)], capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"{f}:4: rule 'my-rule': bad regex in 'patterns'")
    assert "Traceback" not in err


@pytest.mark.parametrize("args,message", [
    (["--skip", "no-such-rule"], "unknown rule, heuristic or tag: no-such-rule"),
    (["--lang", "english!"], "is not a language code"),
    (["--format", "pdf"], "Invalid value for '--format'"),
])
def test_bad_option_values(capsys, args, message):
    code, _out, err = run_main([*args, str(SEED)], capsys)
    assert code == 2 and message in err and "Traceback" not in err


def test_help_has_examples():
    res = run(["--help"])
    assert res.exit_code == 0 and "clean < article.txt > article.clean.txt" in res.output


def test_no_default_rules_keeps_everything_but_heuristics_still_run(tmp_path):
    res = run([str(SEED), "--no-default-rules", "--skip", "caption", "--skip", "headline",
               "--skip", "run", "--skip", "navigation"])
    assert res.exit_code == 0
    assert "By giving us your email" in res.stdout
    assert "North Atlantic Treaty Organisation" in res.stdout


def test_the_installed_command_runs_as_a_filter():
    exe = [sys.executable, "-c", "from cleaner.cli import main; main()"]
    p = subprocess.run(exe, input=SEED.read_bytes(), capture_output=True, timeout=60, check=False)
    assert p.returncode == 0 and p.stdout == EXPECTED.read_bytes()
