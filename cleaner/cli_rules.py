"""`clean rules ...` and `clean mine`: read, extend, test and grow the rule files.

Thin commands over `cleaner.lint`, `cleaner.examples` and `cleaner.mine`. User errors (broken
rule files, unreadable input) become one line each and exit status 2, here as in `cli.main`, so
the commands behave the same under `CliRunner` and from the shell.
"""
from __future__ import annotations

import inspect
import json
import os
import sys
from importlib import resources
from pathlib import Path

import click

from .errors import CleanerError, Problem

CONTEXT = {"help_option_names": ["-h", "--help"]}
SCHEMA_FILE = "rule-schema.json"


def _rel(path: str) -> str:
    """Paths under the working directory are shown relative to it (shorter, clickable)."""
    try:
        p = Path(path).resolve()
        return str(p.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return path


def _fmt(p: Problem) -> str:
    rule = f" rule '{p.rule_id}':" if p.rule_id else ""
    sev = " warning:" if p.severity != "error" else ""
    return f"{_rel(p.path)}:{p.line}:{rule}{sev} {p.message}"


def _map_errors(invoke):
    """Wrap a command's `invoke` so user errors print as one line each and exit 2."""
    def wrapper(self, ctx):
        try:
            return invoke(self, ctx)
        except CleanerError as e:
            from .cli import report_error

            report_error(e, _fmt)
            ctx.exit(2)
    return wrapper


class _Group(click.Group):
    invoke = _map_errors(click.Group.invoke)


class _Command(click.Command):
    invoke = _map_errors(click.Command.invoke)


def _rule_options(f):
    f = click.option("--no-default-rules", is_flag=True, help="Leave out the built-in rules.")(f)
    return click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
                        help="Extra rule file or folder, layered over the built-ins "
                             "(repeatable).")(f)


def _load(rule_paths, no_default_rules, paths=()):
    from .rules import load_rules

    return load_rules([*rule_paths, *paths], default_rules=not no_default_rules)


def _in_targets(path: str, targets) -> bool:
    if not targets:
        return True
    p = Path(path).resolve()
    return any(p == t or t in p.parents for t in targets)


# ---------------------------------------------------------------------------------------------


@click.group(cls=_Group, context_settings=CONTEXT)
def rules_group():
    """Read, check, test and write rule files.

    \b
    Examples:
      clean rules list --lang en --tag newsletter
      clean rules show ad-marker < article.txt
      clean rules check my-rules/ --strict
      clean rules test my-rules/
      clean rules new --id site-promo --kind drop --lang en -o my-rules/site.yml
    """


def _entries(ruleset, lang, tag) -> list[dict]:
    from .heuristics import HEURISTICS

    out = []
    for r in ruleset.rules:
        out.append({"id": r.id, "kind": r.kind, "lang": r.lang, "tags": list(r.tags),
                    "source": f"{_rel(r.path)}:{r.line}", "summary": r.summary})
    for cls in HEURISTICS.values():
        src = inspect.getsourcefile(cls) or "?"
        line = inspect.getsourcelines(cls)[1]
        out.append({"id": cls.id, "kind": "heuristic", "lang": "any", "tags": list(cls.tags),
                    "source": f"{_rel(src)}:{line}", "summary": cls.summary})
    if lang:
        out = [e for e in out if e["lang"] in (lang, "any")]
    if tag:
        out = [e for e in out if tag in e["tags"]]
    return out


@rules_group.command("list", cls=_Command)
@click.option("--lang", metavar="CODE", help="Only rules for this language (and 'any').")
@click.option("--tag", metavar="TAG", help="Only rules and heuristics with this tag.")
@click.option("--json", "as_json", is_flag=True, help="One JSON list instead of a table.")
@_rule_options
def list_cmd(lang, tag, as_json, rule_paths, no_default_rules):
    """Every rule and heuristic: id, kind, language, tags, source and summary."""
    entries = _entries(_load(rule_paths, no_default_rules), lang, tag)
    if as_json:
        click.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    cols = [("id", lambda e: e["id"]), ("kind", lambda e: e["kind"]),
            ("lang", lambda e: e["lang"]), ("tags", lambda e: ",".join(e["tags"]) or "-"),
            ("source", lambda e: e["source"])]
    widths = [max([len(h)] + [len(f(e)) for e in entries]) for h, f in cols]
    click.echo("  ".join(h.ljust(w) for (h, _), w in zip(cols, widths)) + "  summary")
    for e in entries:
        click.echo("  ".join(f(e).ljust(w) for (_, f), w in zip(cols, widths))
                   + "  " + e["summary"])


def _block(path: str, line: int) -> list[str]:
    """The rule's YAML as written: from its first key to the next line at or left of its "-"."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    first = lines[line - 1]
    col = len(first) - len(first.lstrip(" "))
    limit = col if first.lstrip().startswith("- ") else col - 1
    out = [first]
    for text in lines[line:]:
        if text.strip() and len(text) - len(text.lstrip(" ")) <= limit:
            break
        out.append(text)
    while out and not out[-1].strip():
        out.pop()
    return out


def _read_piped() -> str | None:
    stream = sys.stdin
    try:
        if stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    text = stream.read()
    return text if text.strip() else None


@rules_group.command("show", cls=_Command)
@click.argument("rule_id", metavar="ID")
@click.option("--lang", metavar="CODE", help="Language of the piped text (skips detection).")
@_rule_options
def show_cmd(rule_id, lang, rule_paths, no_default_rules):
    """A rule as written (file:line) with its examples, and what it matches in piped input.

    \b
    Example:
      clean rules show newsletter-prompt < article.txt
    """
    from .examples import check_rule
    from .heuristics import HEURISTICS

    ruleset = _load(rule_paths, no_default_rules)
    rules = {r.id: r for r in [*ruleset.rules, *ruleset.disabled]}
    if rule_id in rules:
        r = rules[rule_id]
        state = "" if r.enabled else "  (disabled)"
        click.echo(f"# {_rel(r.path)}:{r.line}: {r.id} ({r.kind}, lang {r.lang}){state}")
        for text in _block(r.path, r.line):
            click.echo(text)
        n, fails = check_rule(r)
        acted = (f"{len(r.examples.drop)} drop" if r.kind == "drop"
                 else f"{len(r.examples.change)} change")
        click.echo(f"# examples: {acted}, {len(r.examples.keep)} keep;"
                   f" {n - len(fails)} of {n} pass")
    elif rule_id in HEURISTICS:
        cls = HEURISTICS[rule_id]
        src = inspect.getsourcefile(cls) or "?"
        click.echo(f"# {_rel(src)}:{inspect.getsourcelines(cls)[1]}: {cls.id} (heuristic)")
        click.echo(f"# {cls.summary}")
        click.echo(f"# tags: {', '.join(cls.tags)}")
        click.echo(f"settings.heuristics.{cls.id}:")
        for k, v in ruleset.settings["heuristics"][cls.id].items():
            click.echo(f"  {k}: {json.dumps(v)}")
    else:
        raise CleanerError(f"no rule or heuristic with id '{rule_id}' (see `clean rules list`)")
    text = _read_piped()
    if text is None:
        return
    from .pipeline import Cleaner
    from .report import explain_line

    result = Cleaner(rule_paths, default_rules=not no_default_rules,
                     lang=lang.lower() if lang else None).clean(text)
    hits = [ch for ch in result.changes if ch.rule_id == rule_id]
    click.echo(f"# on <stdin>: {len(hits)} change(s) by {rule_id}")
    for ch in hits:
        click.echo(explain_line("<stdin>", ch))


@rules_group.command("check", cls=_Command)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
@_rule_options
def check_cmd(paths, strict, rule_paths, no_default_rules):
    """Validate and lint rule files (default: the built-ins plus --rules paths).

    Prints `path:line: rule 'id': message`, sorted by file and line. Exit status 2 on errors;
    1 on warnings with --strict.
    """
    from .lint import check

    res = check([*rule_paths, *paths], default_rules=not no_default_rules, only=paths)
    for p in res.problems:
        click.echo(_fmt(p))
    n_err, n_warn = len(res.errors), len(res.warnings)
    click.echo(f"{n_err} error(s), {n_warn} warning(s)", err=True)
    if n_err:
        sys.exit(2)
    if n_warn and strict:
        sys.exit(1)


@rules_group.command("test", cls=_Command)
@click.argument("paths", nargs=-1, type=click.Path())
@_rule_options
def test_cmd(paths, rule_paths, no_default_rules):
    """Run every rule's embedded examples (the runner pytest uses).

    With PATHs, only the rules in those files or folders are tested (the built-ins still load
    underneath, unless --no-default-rules). Ends with `N passed, N failed`.
    """
    from .examples import check_rule
    from .lint import _Locator

    ruleset = _load(rule_paths, no_default_rules, paths)
    targets = [Path(p).resolve() for p in paths]
    loc = _Locator()
    passed = failed = 0
    for r in ruleset.rules:
        if not _in_targets(r.path, targets):
            continue
        n, fails = check_rule(r)
        passed += n - len(fails)
        failed += len(fails)
        for f in fails:
            line = loc.line(r, "examples", f.example)
            click.echo(f"{_rel(r.path)}:{line}: rule '{r.id}': {f.kind} example {f.example!r}:"
                       f" expected {f.expected}, got {f.got}")
    click.echo(f"{passed} passed, {failed} failed")
    if failed:
        sys.exit(1)


SKELETONS = {
    "drop": """\
  - id: {id}
    kind: drop
    summary: TODO one line saying what junk this removes
    # line: the whole line is a phrase; start: the line starts with it; search: anywhere
    match: line
    max_words: 12          # longer lines are left alone (real sentences are long)
    # position: tail       # any | head | tail
    # ending: no-punct     # any | punct | no-punct
    # then: drop-run       # none | drop-run (the teaser list after a header) | drop-rest
    phrases:               # compared case-insensitively, edge punctuation ignored
      - "TODO the junk line"
    # patterns:            # regexes (Python `re`), for lines that vary
    #   - 'read more: .+'
    examples:
      drop:                # lines the rule must remove
        - "TODO the junk line, as it appears in a scraped page"
      keep:                # look-alike lines of real article text it must leave alone
        - "TODO a sentence of news that shares words with the junk line."
""",
    "replace": """\
  - id: {id}
    kind: replace
    summary: TODO one line saying what this repairs
    case_sensitive: true
    pattern: 'TODO a regex'   # Python `re`; `with` may use \\1 for groups
    with: 'TODO'
    examples:
      change:
        - in: "TODO text with the fault"
          out: "TODO the same text repaired"
      keep:
        - "TODO correct text the rule must not touch"
""",
    "swap": """\
  - id: {id}
    kind: swap
    summary: TODO the term
    canonical: TODO the canonical form
    aliases: ["TODO an odd or spun form"]   # matched as written, ALL CAPS or Title Case
    examples:
      change:
        - in: "TODO a sentence with the odd form"
          out: "TODO the same sentence with the canonical form"
      keep:
        - "TODO a sentence where a similar phrase must stay"
""",
}


@rules_group.command("new", cls=_Command)
@click.option("--id", "rule_id", required=True, help="The rule id, in kebab-case.")
@click.option("--kind", type=click.Choice(list(SKELETONS)), required=True)
@click.option("--lang", default="any", show_default=True, metavar="CODE",
              help="Language code, or 'any'.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write a new file here (never overwrites) instead of stdout.")
def new_cmd(rule_id, kind, lang, output):
    """A commented skeleton rule with example slots; fill in every TODO, then
    `clean rules check FILE` and `clean rules test FILE`."""
    from .rules import ID_RE, LANG_RE

    if not ID_RE.match(rule_id):
        raise click.BadParameter(f"{rule_id!r} is not kebab-case (e.g. site-promo)",
                                 param_hint="--id")
    if not LANG_RE.match(lang):
        raise click.BadParameter(f"{lang!r} is not 'any' or a language code such as 'en'",
                                 param_hint="--lang")
    text = (f"# A new rule. Fill in every TODO; `clean rules check` lists any left.\n"
            f"lang: {lang}\nrules:\n" + SKELETONS[kind].format(id=rule_id))
    _write_new(output, text)


def _write_new(output: str | None, text: str) -> None:
    if not output:
        click.echo(text, nl=False)
        return
    try:
        Path(output).parent.mkdir(parents=True, exist_ok=True)  # as `clean -o` does
        with open(output, "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        raise CleanerError(f"{output}: already exists; choose a new file name") from None
    except OSError as e:
        raise CleanerError(f"{output}: cannot write: {e.strerror or e}") from None
    click.echo(f"wrote {output}", err=True)


@rules_group.command("schema", cls=_Command)
def schema_cmd():
    """Print the JSON Schema of rule files (for editor completion and validation)."""
    click.echo(resources.files("cleaner").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"),
               nl=False)


# ---------------------------------------------------------------------------------------------


@click.command("mine", cls=_Command, context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the drafted rule file here (a new file; never overwrites).")
@click.option("--text-field", metavar="NAME",
              help="JSON/JSONL field holding the text (default: text, articleBody, content).")
@click.option("--min-docs", type=click.IntRange(min=2), default=5, show_default=True,
              help="A line must occur in at least this many documents.")
@click.option("--min-site-docs", type=click.IntRange(min=2), default=3, show_default=True,
              help="Per-site view (records with url/domain): documents of one site.")
@click.option("--top", type=click.IntRange(min=1), default=50, show_default=True,
              help="How many candidates to rank (and per site).")
@click.option("--lang", default="any", show_default=True, metavar="CODE",
              help="Language of the drafted rules.")
@click.option("--id-prefix", default="mined", show_default=True, help="Id prefix of the rules.")
@click.option("--max-entries", type=click.IntRange(min=16), default=500_000, show_default=True,
              help="Distinct lines held in memory at once (8-byte hashes).")
@_rule_options
def mine_cmd(inputs, output, text_field, min_docs, min_site_docs, top, lang, id_prefix, max_entries,
             rule_paths, no_default_rules):
    """Find lines that recur across many documents and draft drop rules for them.

    INPUTS are text files (one document each), folders, JSONL (one record per line) or JSON
    files, optionally .gz. Lines are compared after masking digits, dates and case. Candidates
    a loaded rule already drops are marked and left out of the draft.

    \b
    Example:
      clean mine corpus.jsonl.gz --text-field body --min-docs 20 -o drafts/site.yml
    """
    from .mine import draft_rules, mark_covered, mine, read_corpus
    from .rules import ID_RE, LANG_RE

    if not ID_RE.match(id_prefix):
        raise click.BadParameter(f"{id_prefix!r} is not kebab-case", param_hint="--id-prefix")
    if not LANG_RE.match(lang):
        raise click.BadParameter(f"{lang!r} is not 'any' or a language code",
                                 param_hint="--lang")
    if output and os.path.exists(output):
        raise CleanerError(f"{output}: already exists; `clean mine` never overwrites a file")
    if output:  # found now, not after mining the whole corpus
        folder = Path(output).parent
        while not folder.exists():
            folder = folder.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise CleanerError(f"{output}: cannot write: {folder} is not a writable folder")
    result = mine(read_corpus(inputs, text_field), min_docs=min_docs, top=top,
                  max_entries=max_entries, min_site_docs=min_site_docs)
    ruleset = _load(rule_paths, no_default_rules)
    rules = ruleset.rules if lang == "any" else ruleset.for_lang(lang)
    mark_covered(result.candidates + result.site_candidates, rules)
    _print_table(result, min_docs)
    if output:
        _write_new(output, draft_rules(result, lang, id_prefix, ", ".join(inputs)))


def _print_table(result, min_docs: int) -> None:
    click.echo(f"# {result.docs} documents; lines in >= {min_docs} of them"
               + (f"; counts may be low by up to {result.error_bound}" if result.error_bound
                  else ""))
    sections = [("", result.candidates)]
    if result.site_candidates:
        sections.append(("per site", result.site_candidates))
    for title, cands in sections:
        if title:
            click.echo(f"# {title} ({result.sites} sites)")
        click.echo(f"{'rank':>4}  {'docs':>6}  {'share':>6}  {'covered by':<20}  {'example doc':<16}"
                   "  line")
        for i, c in enumerate(cands, 1):
            share = c.docs / result.docs if result.docs else 0
            doc = c.doc if len(c.doc) <= 16 else c.doc[:15] + "…"
            line = c.line if not c.site else f"[{c.site}] {c.line}"
            click.echo(f"{i:>4}  {c.docs:>6}  {share:>6.1%}  {c.covered or '-':<20}  {doc:<16}"
                       f"  {line}")
