"""`clean mine`: normalization, once-per-document counting in bounded memory, the readers,
and a drafted rule file that `clean rules check` and `clean rules test` accept once filled."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli_rules import mine_cmd, rules_group
from cleaner.errors import InputError
from cleaner.mine import Doc, HashCounter, _hash, mine, normalize, read_corpus, to_pattern
from cleaner.rules import load_rules

PROSE = "The council voted on the budget after a long debate about schools and roads."
TOWNS = ["Avon", "Bree", "Calder", "Dunmore", "Elgin", "Fenwick", "Garth", "Hollin"]
TOPICS = ["buses", "schools", "parks", "water", "housing", "bridges", "libraries", "taxes"]


def article(i: int) -> str:
    """A document with its own prose and shared junk: a footer, a dated label, a share row."""
    town, topic = TOWNS[i % 8], TOPICS[(i * 3) % 8]
    return "\n".join([
        f"{town} weighs new {topic} plan",
        f"Officials in {town} met on Monday to discuss {topic}, a spokesperson said.",
        "Share this on Facebook",
        f"Updated November {i % 28 + 1}, 2019",
        f"Residents of {town} asked for more {topic} and later opening hours.",
        "Get our Morning Digest in your inbox",
        "Get our Morning Digest in your inbox",  # twice in one document: counts once
        "© 2019 Example Media Group",
        f"Issue {i + 100} of the Weekly Ledger",
    ])


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    for i in range(8):
        (d / f"{i}.txt").write_text(article(i), encoding="utf-8")
    return d


def test_normalize_masks_digits_dates_and_case():
    assert normalize("Updated November 3, 2019") == normalize("UPDATED May 28, 2020")
    assert normalize("Mon. 12:30") == normalize("friday 9:05")
    assert normalize("  • Home  ") == "home"
    assert normalize("Home") != normalize("Homes")
    assert normalize("---") == ""


def test_mine_ranks_lines_by_document_frequency(corpus):
    res = mine(read_corpus([str(corpus)]), min_docs=3)
    assert res.docs == 8
    by_line = {c.line: c.docs for c in res.candidates}
    assert by_line["Get our Morning Digest in your inbox"] == 8  # once per document
    assert by_line["Share this on Facebook"] == 8
    assert "© 2019 Example Media Group" in by_line
    dated = [c for c in res.candidates if c.line.startswith("Updated November")]
    assert len(dated) == 1 and dated[0].docs == 8
    assert not any(c.line.startswith(("Officials", "Residents", *TOWNS)) for c in res.candidates)
    assert [c.docs for c in res.candidates] == sorted((c.docs for c in res.candidates),
                                                      reverse=True)


def test_prose_needs_three_times_min_docs():
    docs = [Doc(str(i), f"{PROSE}\nunique line about {TOWNS[i]}") for i in range(5)]
    assert mine(docs, min_docs=2).candidates == []
    docs = [Doc(str(i), PROSE) for i in range(6)]
    assert [c.line for c in mine(docs, min_docs=2).candidates] == [PROSE]


def test_hash_counter_stays_bounded_and_keeps_frequent_lines():
    counter = HashCounter(max_entries=64, keep_from=2)
    frequent = _hash("subscribe now")
    for i in range(5000):
        counter.add(_hash(f"noise {i}"), f"noise {i}", str(i))
        assert len(counter.counts) <= 64
        if i % 10 == 0:
            counter.add(frequent, "Subscribe now", str(i))
    assert counter.prunes > 0 and counter.error_bound >= 1
    assert counter.counts[frequent] >= 500 - counter.error_bound * counter.prunes
    assert counter.examples[frequent].line == "Subscribe now"


def test_bounded_mine_still_finds_the_boilerplate():
    docs = [Doc(str(i), "\n".join([f"unique {i} {j} words here" for j in range(50)]
                                   + ["Skip to navigation"])) for i in range(200)]
    res = mine(docs, min_docs=10, max_entries=100)
    assert res.candidates[0].line == "Skip to navigation"
    assert res.candidates[0].docs >= 200 - res.error_bound * 200


def test_jsonl_gz_with_text_field_and_per_site_view(tmp_path):
    f = tmp_path / "c.jsonl.gz"
    recs = []
    for i in range(6):
        site = "a.example" if i < 3 else "b.example"
        body = f"{TOWNS[i]} and its {TOPICS[i]}.\nShared footer line"
        if site == "a.example":
            body += "\nA.Example Weekly Bulletin"
        recs.append({"id": f"r{i}", "url": f"https://www.{site}/x/{i}", "body": body})
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in recs) + "\n")
    res = mine(read_corpus([str(f)], text_field="body"), min_docs=4, min_site_docs=3)
    assert [c.line for c in res.candidates] == ["Shared footer line"]
    assert [(c.site, c.line) for c in res.site_candidates] == [
        ("a.example", "A.Example Weekly Bulletin")]
    assert res.sites == 2
    assert res.candidates[0].doc.endswith(":r1")  # where the line was first seen again


def test_ndjson_with_a_byte_order_mark_is_read_as_clean_reads_it(tmp_path):
    f = tmp_path / "c.ndjson"
    lines = [json.dumps({"id": i, "text": f"{TOWNS[i]}.\nShared footer"}) for i in range(3)]
    f.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())
    docs = list(read_corpus([str(f)]))
    assert [d.text for d in docs] == [f"{TOWNS[i]}.\nShared footer" for i in range(3)]


def test_benchmark_shaped_json(tmp_path):
    f = tmp_path / "out.json"
    f.write_text(json.dumps({"output": {f"id{i}": {"articleBody": article(i)}
                                        for i in range(4)}}), encoding="utf-8")
    docs = list(read_corpus([str(f)]))
    assert [d.id for d in docs] == ["id0", "id1", "id2", "id3"]
    f.write_text(json.dumps({f"id{i}": {"articleBody": "x"} for i in range(2)}), encoding="utf-8")
    assert len(list(read_corpus([str(f)]))) == 2


@pytest.mark.parametrize("name,content,message", [
    ("bad.jsonl", '{"text": "a"}\n{broken\n', "bad.jsonl:2: invalid JSON"),
    ("nofield.jsonl", '{"text": "a"}\n{"body": "b"}\n', "nofield.jsonl:2: no text field 'text'"),
    ("list.json", '[1, 2]', "list.json: record 1: a record must be a JSON object"),
    ("scalar.json", '"text"', "scalar.json: expected an object of records or a list"),
    ("deep.jsonl", '{"text": "a"}\n' + "[" * 50_000 + "]" * 50_000 + "\n",
     "deep.jsonl:2: JSON nested too deeply to read"),
    ("deep.json", "[" * 50_000 + "]" * 50_000, "deep.json: JSON nested too deeply to read"),
    ("broken.json", '{\n  "a": }', "broken.json: invalid JSON: Expecting value at line 2 column 8"),
])
def test_bad_input_names_file_and_line(tmp_path, name, content, message):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    field = "text" if name == "nofield.jsonl" else None
    with pytest.raises(InputError) as e:
        list(read_corpus([str(f)], text_field=field))
    assert message in str(e.value)


def test_to_pattern_matches_variants():
    import re
    rx = re.compile(to_pattern("Updated Nov. 19, 2019"), re.IGNORECASE)
    assert rx.fullmatch("Updated Dec. 3, 2020") and not rx.fullmatch("Updated soon")


# -- the command -------------------------------------------------------------------------------


def test_mine_cli_writes_a_draft_that_check_and_test_accept(corpus, tmp_path):
    out = tmp_path / "draft.yml"
    res = CliRunner().invoke(mine_cmd, [str(corpus), "--min-docs", "3", "--lang", "en",
                                        "-o", str(out)])
    assert res.exit_code == 0, res.output
    table = res.stdout.splitlines()
    assert table[0] == "# 8 documents; lines in >= 3 of them"
    assert table[1].split() == ["rank", "docs", "share", "covered", "by", "example", "doc", "line"]
    assert any(line.endswith("Get our Morning Digest in your inbox") for line in table)
    assert any("copyright-" in line and "© 2019 Example Media Group" in line for line in table)

    draft = out.read_text(encoding="utf-8")
    assert "Example Media Group" not in draft  # a built-in rule already drops it
    check = CliRunner().invoke(rules_group, ["check", str(out)])
    assert check.exit_code == 2
    todo = _line_of(draft, '- "TODO')
    want = (f"{_shown(out)}:{todo}: rule 'mined-lines': placeholder"
            " 'TODO: a line of article text this rule must keep' is not filled in (examples)")
    assert check.stdout.splitlines() == [want]
    test = CliRunner().invoke(rules_group, ["test", str(out)])
    assert test.exit_code == 0, test.output

    out.write_text(draft.replace("TODO: a line of article text this rule must keep",
                                 "Get the digest of the council debate, she said."),
                   encoding="utf-8")
    assert CliRunner().invoke(rules_group, ["check", str(out)]).exit_code == 0
    rs = load_rules([out])
    mined = rs.by_id()["mined-lines"]
    assert "Get our Morning Digest in your inbox" in mined.examples.drop
    assert [p.pattern for p in mined.patterns] == [r"Issue \d+ of the Weekly Ledger"]
    assert any("timestamp-label" in line and "Updated November" in line for line in table)


def test_mine_cli_never_overwrites(corpus, tmp_path):
    out = tmp_path / "exists.yml"
    out.write_text("mine", encoding="utf-8")
    res = CliRunner().invoke(mine_cmd, [str(corpus), "-o", str(out)])
    assert res.exit_code == 2
    assert "already exists" in res.output and out.read_text(encoding="utf-8") == "mine"


def test_mine_cli_bad_input_is_one_line(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"text": "ok"}\nnot json\n', encoding="utf-8")
    res = CliRunner().invoke(mine_cmd, [str(f)])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        f"clean: error: {f}:2: invalid JSON: Expecting value at column 1"]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.split("\n"), 1) if needle in ln)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
