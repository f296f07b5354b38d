"""JSONL records: one field cleaned, every other byte kept, bad lines rejected but counted."""
from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from cleaner.cli import clean_cmd
from cleaner.errors import CleanerError
from cleaner.jsonl import BadRecord, RecordSpec, clean_record, clean_value, scan_object

from . import corpus

DIRTY = "Talks resumed on Monday, officials said.\n\nAdvertisement"
CLEAN = "Talks resumed on Monday, officials said."


def run(args, input=None):
    return CliRunner().invoke(clean_cmd, args, input=input)


@pytest.mark.parametrize("line", ['{"a": 1}', ' { "a" : [1, {"b": 2}] , "c": "x" } ', "{}",
                                  '{"a": 1, "a": 2}', '{"t": "\\u00e9\\n"}'])
def test_scan_object_agrees_with_json(line):
    fields, close = scan_object(line)
    assert {k: v for k, (v, _, _) in fields.items()} == json.loads(line)
    assert line[close] == "}"


@pytest.mark.parametrize("line", ['{"a": 1', '{"a" 1}', "{'a': 1}", '{"a": 1} x', "not json",
                                  '{"a": 1,}', "", "[1, 2"])
def test_scan_object_rejects_invalid(line):
    with pytest.raises(BadRecord):
        scan_object(line)


def test_other_fields_are_kept_byte_for_byte(cleaner):
    template = '{"n": 1.0e5, "u": "\\u00e9",  "text": TEXT, "z": [1,2 ,3]}'
    line = template.replace("TEXT", json.dumps(DIRTY))
    out = clean_record(cleaner, RecordSpec(), line).line
    assert out == template.replace("TEXT", json.dumps(CLEAN))


def test_untouched_text_leaves_the_line_identical(cleaner):
    line = '{"text":"Talks resumed on Monday, officials said.","x":1.50}'
    assert clean_record(cleaner, RecordSpec(), line).line == line


@pytest.mark.parametrize("text", [
    "\n\nTalks resumed on Monday, officials said.\n   \n\n\nMore talks are planned.  \n\n",
    "Talks resumed on Monday, officials said.\r\nMore talks are planned.",
    "\ufeffTalks resumed on Monday.\n\n\n",
])
def test_a_text_left_alone_keeps_its_blank_lines_and_line_ends(cleaner, text):
    line = json.dumps({"text": text, "x": 1})
    assert clean_record(cleaner, RecordSpec(), line).line == line
    assert clean_value(cleaner, text)[0] == text
    # once a line goes, the text is the cleaner's: blank runs kept, line ends normalized
    dirty = text + "\nAdvertisement"
    out = clean_value(cleaner, dirty)[0]
    assert "Advertisement" not in out and "\r" not in out and not out.startswith("\n")


def test_output_field_and_keep_removed(cleaner):
    line = json.dumps({"id": 1, "text": DIRTY})
    spec = RecordSpec(output_field="clean", keep_removed=True)
    rec = json.loads(clean_record(cleaner, spec, line).line)
    assert rec["text"] == DIRTY and rec["clean"] == CLEAN and rec["id"] == 1
    assert rec["removed"] == [{"line": 3, "id": "ad-marker", "action": "dropped",
                               "text": "Advertisement", "reason": "an advertising marker"}]


@pytest.mark.parametrize("line", ['{"id": 1}', '{"text": 5}', '{"text": null}', "[1, 2]", '"s"'])
def test_records_without_a_string_field_pass_through(cleaner, line):
    c = clean_record(cleaner, RecordSpec(), line)
    assert c.line == line and c.result is None


def test_text_field_option():
    res = run(["--format", "jsonl", "--text-field", "body"],
              input=json.dumps({"body": DIRTY, "text": DIRTY}) + "\n")
    assert res.exit_code == 0
    assert json.loads(res.stdout) == {"body": CLEAN, "text": DIRTY}


def test_record_lang_field_is_used(cleaner):
    # "xx" has no rules of its own, so only the language-independent rules apply
    line = json.dumps({"text": "Talks resumed on Monday, officials said.\nShare this article",
                       "lang": "xx"})
    c = clean_record(cleaner, RecordSpec(), line)
    assert c.result.lang == "xx"


def test_invalid_lines_go_to_errors_file_and_exit_1(tmp_path):
    src = corpus.write(tmp_path / "in.jsonl",
                       [json.dumps({"text": DIRTY}), "not json", '{"text": 1}', '{"a": ', ""])
    err = tmp_path / "errors.jsonl"
    res = run([str(src), "--errors", str(err)])
    assert res.exit_code == 1
    out = res.stdout.splitlines()
    assert out == [json.dumps({"text": CLEAN}), '{"text": 1}']
    errors = [json.loads(x) for x in err.read_text().splitlines()]
    assert [(e["line"], e["raw"]) for e in errors] == [(2, "not json"), (4, '{"a": ')]
    assert all(e["file"] == str(src) and e["error"].startswith("invalid JSON") for e in errors)


def test_invalid_lines_reported_on_stderr_by_default(tmp_path):
    src = corpus.write(tmp_path / "in.jsonl", ["{", json.dumps({"text": DIRTY})])
    res = run([str(src)])
    assert res.exit_code == 1
    assert f"clean: {src}:1: invalid JSON" in res.stderr
    assert "Traceback" not in res.stderr
    assert res.stdout == json.dumps({"text": CLEAN}) + "\n"


def test_invalid_utf8_line_is_rejected_not_fatal(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"text": "caf\xe9"}\n{"text": "ok."}\n')
    res = run([str(src)])
    assert res.exit_code == 1 and "in.jsonl:1: invalid UTF-8" in res.stderr
    assert res.stdout == '{"text": "ok."}\n'


@pytest.mark.parametrize("deep", ['{"text": "x", "a": ' + "[" * 50_000 + "]" * 50_000 + "}",
                                  "[" * 50_000 + "]" * 50_000])
def test_json_nested_too_deep_is_a_rejected_record_not_a_crash(tmp_path, deep):
    # valid JSON, but deeper than Python's reader can recurse
    src = corpus.write(tmp_path / "in.jsonl", [deep, json.dumps({"text": DIRTY})])
    err = tmp_path / "errors.jsonl"
    res = run([str(src), "--errors", str(err)])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit)  # no RecursionError
    assert res.stdout == json.dumps({"text": CLEAN}) + "\n"
    [e] = [json.loads(x) for x in err.read_text().splitlines()]
    assert e["line"] == 1 and e["raw"] == deep and "nested too deeply" in e["error"]


def test_an_integer_of_any_length_is_valid_json_kept_as_written(tmp_path):
    # longer than Python's int() reads by default (4,300 digits)
    big = "1" * 5000
    line = '{"n": ' + big + ", " + json.dumps("text")[:-1] + '": ' + json.dumps(DIRTY) + "}"
    src = corpus.write(tmp_path / "in.jsonl", [line, '{"text": ' + big + "}"])
    res = run([str(src)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ['{"n": ' + big + ', "text": ' + json.dumps(CLEAN) + "}",
                                       '{"text": ' + big + "}"]


def test_json_messages_read_well(tmp_path):
    src = corpus.write(tmp_path / "in.jsonl", ['{"text": "a\x01b"}'])
    err = run([str(src)]).stderr
    assert "invalid JSON: Invalid control character at column " in err and "at at" not in err


def test_a_damaged_gzip_shard_is_an_error_not_a_traceback(tmp_path):
    data = bytearray(gzip.compress("\n".join(json.dumps({"text": f"{DIRTY} {i}"})
                                             for i in range(2000)).encode()))
    data[100:400] = bytes(300)
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(bytes(data))
    res = run([str(src)])  # main() turns a CleanerError into one line and exit 2
    assert isinstance(res.exception, CleanerError)
    assert str(res.exception).startswith(f"{src}: read error after line")


def test_utf16_jsonl_is_rejected_with_a_word_on_why(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes((json.dumps({"text": DIRTY}) + "\n").encode("utf-16"))
    res = run([str(src)])
    assert res.exit_code == 1 and res.stdout == ""
    assert "in.jsonl:1: invalid UTF-8 at byte 0 (the file starts like UTF-16" in res.stderr


def test_records_in_equal_records_out_plus_rejects_and_order(tmp_path):
    lines = corpus.records(200)
    lines[17] = "garbage"
    lines[120] = '{"text": "unterminated'
    src = corpus.write(tmp_path / "c.jsonl", lines)
    rep = tmp_path / "r.json"
    res = run([str(src), "--report", str(rep), "--errors", str(tmp_path / "e.jsonl")])
    assert res.exit_code == 1
    out = [json.loads(x) for x in res.stdout.splitlines()]
    report = json.loads(rep.read_text())
    assert len(out) + report["records_rejected"] == len(lines)
    assert report["documents"] + report["records_passed_through"] == len(out)
    ids = [json.loads(x)["id"] for i, x in enumerate(lines) if i not in (17, 120)]
    assert [r["id"] for r in out] == ids


def test_lone_surrogate_escape_is_written_back_escaped(tmp_path):
    # "\ud800" with no partner is valid JSON; decoded, it is a character UTF-8 cannot encode
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "Talks \ud800 resumed." + DIRTY[40:]}) + "\n")
    assert "\\ud800" in src.read_text()
    rep = tmp_path / "r.json"
    res = run([str(src), "--keep-removed", "--report", str(rep)])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith('{"text": "Talks \\ud800 resumed.", "removed": [{"line": 3')
    out = json.loads(res.stdout)
    assert out["text"] == "Talks \ud800 resumed." and out["removed"][0]["id"] == "ad-marker"
    report = json.loads(rep.read_text())
    assert (report["documents"], report["lines_in"], report["lines_out"]) == (1, 2, 1)
    assert report["bytes_in"] == len("Talks \ud800 resumed.\n\nAdvertisement") + 2


def test_gz_round_trip(tmp_path):
    lines = corpus.records(50)
    plain = corpus.write(tmp_path / "c.jsonl", lines)
    gz = tmp_path / "c.jsonl.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    assert run([str(plain), "-o", str(tmp_path / "a.jsonl")]).exit_code == 0
    assert run([str(gz), "-o", str(tmp_path / "b.jsonl.gz")]).exit_code == 0
    assert gzip.decompress((tmp_path / "b.jsonl.gz").read_bytes()) == \
        (tmp_path / "a.jsonl").read_bytes()


def test_ndjson_suffix_is_jsonl(tmp_path):
    src = corpus.write(tmp_path / "x.ndjson", [json.dumps({"text": DIRTY})])
    assert run([str(src)]).stdout == json.dumps({"text": CLEAN}) + "\n"


def test_report_contents(tmp_path):
    src = corpus.write(tmp_path / "in.jsonl", [json.dumps({"text": DIRTY}), "{bad",
                                               json.dumps({"x": 1})])
    rep = tmp_path / "r.json"
    run([str(src), "--report", str(rep), "-q"])
    r = json.loads(rep.read_text())
    assert r["files"] == 1 and r["documents"] == 1 and r["records_passed_through"] == 1
    assert r["records_rejected"] == 1 and r["errors"] == 1
    assert r["error_list"][0].startswith(f"{src}:2: invalid JSON")
    assert (r["lines_in"], r["lines_out"]) == (2, 1)
    assert (r["bytes_in"], r["bytes_out"]) == (len(DIRTY), len(CLEAN))
    assert r["removals"] == {"ad-marker": 1}
    assert r["documents_flagged"] == 0 and r["elapsed_s"] >= 0


def test_report_counts_bytes_in_utf8(tmp_path):
    # "é" and "’" are 2 and 3 bytes in UTF-8; an untouched record counts the same in and out
    dirty = "Café talks resumed, officials’ aides said.\n\nAdvertisement"
    kept = "Café talks resumed, officials’ aides said."
    src = corpus.write(tmp_path / "in.jsonl", [json.dumps({"text": dirty}),
                                               json.dumps({"text": kept})])
    rep = tmp_path / "r.json"
    run([str(src), "--report", str(rep), "-q"])
    r = json.loads(rep.read_text())
    assert r["bytes_in"] == len(dirty.encode()) + len(kept.encode())
    assert r["bytes_out"] == 2 * len(kept.encode())  # the first record loses its advert


def test_report_counts_every_error_and_lists_the_first(tmp_path, monkeypatch):
    from cleaner import run as run_module

    monkeypatch.setattr(run_module, "MAX_ERRORS_KEPT", 2)
    src = corpus.write(tmp_path / "in.jsonl", ["{bad"] * 5 + [json.dumps({"text": DIRTY})])
    rep = tmp_path / "r.json"
    res = run([str(src), "--report", str(rep), "--errors", str(tmp_path / "e.jsonl")])
    r = json.loads(rep.read_text())
    assert res.exit_code == 1 and r["records_rejected"] == r["errors"] == 5
    assert r["error_list"] == [f"{src}:1: invalid JSON: expected a key at column 2",
                               f"{src}:2: invalid JSON: expected a key at column 2"]
    assert len((tmp_path / "e.jsonl").read_text().splitlines()) == 5


def test_report_counts_budget_hits(tmp_path):
    prose = "This is a perfectly ordinary sentence of article prose that ends well."
    text = "\n".join(["Headline here"] + [prose] * 4)
    src = corpus.write(tmp_path / "in.jsonl", [json.dumps({"text": text})])
    rep = tmp_path / "r.json"
    run([str(src), "--report", str(rep), "--rules", str(_prose_killer(tmp_path))])
    assert json.loads(rep.read_text())["documents_flagged"] == 1


def _prose_killer(tmp_path):
    p = tmp_path / "kill.yml"
    p.write_text("""lang: any
rules:
  - id: kill-prose
    kind: drop
    match: search
    phrases: ["perfectly ordinary"]
    examples:
      drop: ["a perfectly ordinary line"]
      keep: ["an ordinary line"]
""")
    return p


def test_diff_refused_for_jsonl(tmp_path):
    src = corpus.write(tmp_path / "in.jsonl", [json.dumps({"text": DIRTY})])
    res = run([str(src), "--diff"])
    assert res.exit_code != 0 and "--diff" in str(res.exception or res.output)
