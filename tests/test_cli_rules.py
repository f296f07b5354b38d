"""`clean rules ...` through click's CliRunner, and the dispatch in `cli.main`."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.cli_rules import rules_group
from cleaner.heuristics import HEURISTICS
from cleaner.rules import COMMON_KEYS, KIND_KEYS, load_rules

BAD = Path(__file__).parent / "fixtures" / "bad_rules"
BUILTIN_IDS = [r.id for r in load_rules().rules]
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$")

USER_RULE = """\
lang: en
rules:
  - id: site-promo
    kind: drop
    summary: our site's members banner
    match: start
    max_words: 20
    phrases: ["example insiders save"]
    examples:
      drop: ["Example Insiders save 20% this week"]
      keep: ["Example insiders saved the firm, prosecutors said."]
"""


def run(*args, input=None):
    return CliRunner().invoke(rules_group, list(args), input=input)


@pytest.fixture
def user_dir(tmp_path):
    d = tmp_path / "my-rules"
    d.mkdir()
    (d / "site.yml").write_text(USER_RULE, encoding="utf-8")
    return d


# -- list --------------------------------------------------------------------------------------


def test_list_shows_every_rule_and_heuristic():
    res = run("list")
    assert res.exit_code == 0, res.output
    ids = [line.split()[0] for line in res.output.splitlines()[1:]]
    assert sorted(ids) == sorted(BUILTIN_IDS + list(HEURISTICS))
    assert "rules/en/ads.yml:5" in res.output and "an advertising marker" in res.output


def test_list_json_and_filters():
    res = run("list", "--json", "--tag", "ad", "--lang", "en")
    assert res.exit_code == 0
    assert [e["id"] for e in json.loads(res.output)] == ["ad-marker"]
    tagged = json.loads(run("list", "--json", "--tag", "ad").output)
    assert len(tagged) > 1 and all("ad" in e["tags"] for e in tagged)
    entries = json.loads(run("list", "--json", "--lang", "xx").output)
    assert {e["lang"] for e in entries} == {"any"}
    assert "page-caption" in {e["id"] for e in entries}
    first = json.loads(run("list", "--json").output)[0]
    assert set(first) == {"id", "kind", "lang", "tags", "source", "summary"}


def test_list_includes_user_rules(user_dir):
    entries = json.loads(run("list", "--json", "--rules", str(user_dir)).output)
    mine = [e for e in entries if e["id"] == "site-promo"]
    assert mine and mine[0]["source"].endswith("site.yml:3")


def test_list_reports_broken_rule_files():
    res = run("list", "--rules", str(BAD / "unknown_key.yml"))
    assert res.exit_code == 2
    assert "unknown_key.yml:7: rule 'ad-label': unknown key 'maxwords'" in res.output


# -- show --------------------------------------------------------------------------------------


def test_show_prints_the_rule_as_written():
    res = run("show", "ad-marker")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("# rules/en/ads.yml:5: ad-marker (drop, lang en)")
    assert lines[1] == "  - id: ad-marker"
    assert "        - Advertisement spending fell by a third." in lines
    assert "# examples: 5 drop, 2 keep; 7 of 7 pass" in lines


def test_show_with_piped_input_lists_what_the_rule_matched():
    text = "Talks resumed on Monday, officials said.\nAdvertisement\nThey ended late.\n"
    res = run("show", "ad-marker", "--lang", "en", input=text)
    assert res.exit_code == 0, res.output
    assert "# on <stdin>: 1 change(s) by ad-marker" in res.output
    assert '<stdin>:2: ad-marker: dropped "Advertisement"' in res.output


def test_show_heuristic_lists_its_settings():
    res = run("show", "unrelated-headline")
    assert res.exit_code == 0
    assert "settings.heuristics.unrelated-headline:" in res.output
    assert "  max_overlap: 0.25" in res.output


def test_show_unknown_id_is_one_line_error():
    res = run("show", "no-such-rule")
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        "clean: error: no rule or heuristic with id 'no-such-rule' (see `clean rules list`)"]


# -- check -------------------------------------------------------------------------------------


def test_check_builtins_has_no_errors():
    res = run("check")
    assert res.exit_code == 0, res.output
    assert "0 error(s)" in res.stderr


def test_check_user_folder_is_clean(user_dir):
    res = run("check", str(user_dir), "--strict")
    assert res.exit_code == 0, res.output
    assert res.stdout == ""


def test_check_error_exits_2_with_path_line_rule_message():
    path = BAD / "never_match.yml"
    res = run("check", "--no-default-rules", str(path))
    assert res.exit_code == 2
    want = (f"{_shown(path)}:9: rule 'more-stories': regex 'more$ stories' can never match"
            " ('$' before text that must follow)")
    assert res.stdout.splitlines() == [want]


def test_check_warnings_fail_only_with_strict():
    path = str(BAD / "no_keep.yml")
    res = run("check", "--no-default-rules", path)
    assert res.exit_code == 0
    assert "no_keep.yml:8: rule 'print-button': warning: has no keep examples" in res.stdout
    assert run("check", "--no-default-rules", "--strict", path).exit_code == 1


def test_check_folder_output_is_sorted_by_file_and_line():
    res = run("check", "--no-default-rules", str(BAD))
    assert res.exit_code == 2
    keys = []
    for line in res.stdout.splitlines():
        m = re.match(r"^(.+?):(\d+): ", line)
        assert m, line
        keys.append((m.group(1), int(m.group(2))))
    assert keys == sorted(keys)
    assert len({k[0] for k in keys}) == len(list(BAD.glob("*.yml")))


def test_check_missing_path():
    res = run("check", "nowhere/rules.yml")
    assert res.exit_code == 2
    assert "nowhere/rules.yml:0: no such rule file or folder" in res.stdout


# -- test --------------------------------------------------------------------------------------


def test_test_passes_on_builtins():
    res = run("test")
    assert res.exit_code == 0, res.output
    m = SUMMARY.match(res.output.splitlines()[-1])
    assert m and int(m.group(1)) > 100 and m.group(2) == "0"


def test_test_on_user_folder_tests_only_its_rules(user_dir):
    res = run("test", str(user_dir))
    assert res.exit_code == 0
    assert res.output.splitlines() == ["2 passed, 0 failed"]


def test_test_prints_each_failure_and_exits_nonzero(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(USER_RULE.replace('keep: ["Example insiders saved the firm, prosecutors said."]',
                                     'keep: ["Example insiders save now"]'), encoding="utf-8")
    res = run("test", str(bad))
    assert res.exit_code == 1
    out = res.output.splitlines()
    assert out[-1] == "1 passed, 1 failed"
    assert out[0].endswith("bad.yml:11: rule 'site-promo': keep example 'Example insiders"
                           " save now': expected the line kept, got dropped")


def test_test_reports_change_failures(tmp_path):
    f = tmp_path / "swap.yml"
    f.write_text("""\
rules:
  - id: term-eu
    kind: swap
    canonical: EU
    aliases: [European Union]
    examples:
      change:
        - in: the European Union met
          out: the EU meets
      keep: [the union met]
""", encoding="utf-8")
    res = run("test", "--no-default-rules", str(f))
    assert res.exit_code == 1
    assert ("swap.yml:8: rule 'term-eu': change example 'the European Union met':"
            " expected 'the EU meets', got 'the EU met'") in res.output
    assert res.output.splitlines()[-1] == "1 passed, 1 failed"


# -- new and schema ----------------------------------------------------------------------------

FILL = {
    "drop": [("TODO one line saying what junk this removes", "our app banner"),
             ('"TODO the junk line, as it appears in a scraped page"', '"Example Insiders save"'),
             ('"TODO the junk line"', '"example insiders save"'),
             ('"TODO a sentence of news that shares words with the junk line."',
              '"Example insiders saved the firm, prosecutors said."')],
    "replace": [("TODO one line saying what this repairs", "a doubled space"),
                ("'TODO a regex'", "'(?<=\\w)  (?=\\w)'"), ("with: 'TODO'", "with: ' '"),
                ('"TODO text with the fault"', '"a  b"'),
                ('"TODO the same text repaired"', '"a b"'),
                ('"TODO correct text the rule must not touch"', '"a b"')],
    "swap": [("TODO the term", "EU"), ("canonical: TODO the canonical form", "canonical: EU"),
             ('"TODO an odd or spun form"', '"Europe Union"'),
             ('"TODO a sentence with the odd form"', '"the Europe Union met"'),
             ('"TODO the same sentence with the canonical form"', '"the EU met"'),
             ('"TODO a sentence where a similar phrase must stay"', '"the union met"')],
}


@pytest.mark.parametrize("kind", sorted(FILL))
def test_new_skeleton_fails_check_until_filled(tmp_path, kind):
    out = tmp_path / "new.yml"
    res = run("new", "--id", "my-rule", "--kind", kind, "--lang", "en", "-o", str(out))
    assert res.exit_code == 0, res.output
    res = run("check", str(out))
    assert res.exit_code == 2
    assert "placeholder" in res.stdout and "rule 'my-rule'" in res.stdout
    text = out.read_text(encoding="utf-8")
    for old, new in FILL[kind]:
        assert old in text, old
        text = text.replace(old, new)
    out.write_text(text, encoding="utf-8")
    res = run("check", "--strict", str(out))
    assert res.exit_code == 0, res.stdout
    res = run("test", str(out))
    assert res.exit_code == 0, res.output


def test_new_refuses_to_overwrite_and_bad_ids(tmp_path):
    out = tmp_path / "x.yml"
    out.write_text("keep me", encoding="utf-8")
    res = run("new", "--id", "a-b", "--kind", "drop", "-o", str(out))
    assert res.exit_code == 2 and "already exists" in res.output
    assert out.read_text(encoding="utf-8") == "keep me"
    res = run("new", "--id", "Not_Kebab", "--kind", "drop")
    assert res.exit_code == 2 and "kebab-case" in res.output


def test_schema_matches_the_loader():
    schema = json.loads(run("schema").output)
    for kind, keys in KIND_KEYS.items():
        props = set(schema["$defs"][kind]["properties"])
        assert props == COMMON_KEYS | keys, kind
    assert set(schema["properties"]) == {"lang", "tags", "rules", "settings"}


# -- layering and settings ---------------------------------------------------------------------


def test_user_rule_replaces_builtin_by_id(tmp_path):
    f = tmp_path / "override.yml"
    f.write_text("""\
lang: en
rules:
  - id: ad-marker
    kind: drop
    summary: only the word advertisement
    match: line
    phrases: [advertisement]
    examples:
      drop: [Advertisement]
      keep: [Sponsored]
""", encoding="utf-8")
    rs = load_rules([f])
    assert rs.by_id()["ad-marker"].summary == "only the word advertisement"
    assert len([r for r in rs.rules if r.id == "ad-marker"]) == 1
    c = Cleaner([f], lang="en")
    assert "Sponsored" in c.clean("Talks resumed on Monday.\nSponsored\n").text
    entry = [e for e in json.loads(run("list", "--json", "--rules", str(f)).output)
             if e["id"] == "ad-marker"]
    assert entry[0]["source"].endswith("override.yml:3")


def test_enabled_false_switches_a_builtin_off(tmp_path):
    f = tmp_path / "off.yml"
    f.write_text("""\
rules:
  - id: ad-marker
    kind: drop
    enabled: false
    phrases: [advertisement]
    examples:
      drop: [Advertisement]
      keep: [Advertisement spending fell.]
""", encoding="utf-8")
    rs = load_rules([f])
    assert "ad-marker" not in rs.by_id() and [r.id for r in rs.disabled] == ["ad-marker"]
    assert "Advertisement" in Cleaner([f], lang="en").clean("Talks resumed.\nAdvertisement\n").text
    listed = run("list", "--rules", str(f)).output.splitlines()
    assert "ad-marker" not in {line.split()[0] for line in listed if line.strip()}


def test_later_layer_wins(tmp_path):
    for name, summary in (("a.yml", "first"), ("b.yml", "second")):
        (tmp_path / name).write_text(USER_RULE.replace("our site's members banner", summary),
                                     encoding="utf-8")
    rs = load_rules([tmp_path / "a.yml", tmp_path / "b.yml"])
    assert rs.by_id()["site-promo"].summary == "second"


def test_settings_override_and_unknown_setting(tmp_path):
    f = tmp_path / "s.yml"
    f.write_text("settings:\n  heuristics:\n    unrelated-headline:\n      max_words: 12\n",
                 encoding="utf-8")
    assert load_rules([f]).settings["heuristics"]["unrelated-headline"]["max_words"] == 12
    f.write_text("settings:\n  budget:\n    max_prose_share: high\n", encoding="utf-8")
    res = run("check", str(f))
    assert res.exit_code == 2
    assert "s.yml:3: setting 'budget.max_prose_share' must be a number, got 'high'" in res.stdout


# -- dispatch in cli.main ----------------------------------------------------------------------


def test_main_dispatches_rules_and_mine(capsys):
    with pytest.raises(SystemExit) as e:
        main(["rules", "show", "nope"])
    assert e.value.code == 2
    assert capsys.readouterr().err.strip() == (
        "clean: error: no rule or heuristic with id 'nope' (see `clean rules list`)")
    main(["rules", "list", "--tag", "ad"])
    assert "ad-marker" in capsys.readouterr().out
    with pytest.raises(SystemExit) as e:
        main(["mine", "no/such/corpus"])
    assert e.value.code == 2
    assert capsys.readouterr().err.strip() == "clean: error: no/such/corpus: no such file or folder"


def test_main_strict_exit_code(capsys):
    with pytest.raises(SystemExit) as e:
        main(["rules", "check", "--strict", "--no-default-rules", str(BAD / "no_keep.yml")])
    assert e.value.code == 1


def test_a_path_named_rules_is_still_input(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("rules").write_text("Talks resumed on Monday, officials said.\nAdvertisement\n",
                             encoding="utf-8")
    main(["./rules", "--lang", "en"])
    assert capsys.readouterr().out == "Talks resumed on Monday, officials said.\n"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
