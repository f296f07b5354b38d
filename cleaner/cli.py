"""The `clean` command: parse options, call the library, render, map errors to one line.

No cleaning logic lives here.
"""
from __future__ import annotations

import sys

import click

from .errors import CleanerError, RuleFileError

EPILOG = """\b
Examples:
  clean < article.txt > article.clean.txt
  clean article.txt --explain           # why each line went, on stderr
  clean page.html --diff                # HTML is detected; show a unified diff
  clean --rules my-rules/ --skip unrelated-headline a.txt b.txt -o out.txt
"""


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the cleaned text here instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "html"]), default="auto",
              show_default=True, help="Input format; auto detects HTML by suffix or content.")
@click.option("--explain", is_flag=True, help="Print every removal and change on stderr.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the text.")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
              help="Extra rule file or folder, layered over the built-ins (repeatable).")
@click.option("--skip", multiple=True, metavar="ID_OR_TAG",
              help="Turn off a rule, heuristic or tag (repeatable).")
@click.option("--no-default-rules", is_flag=True, help="Use only the --rules files.")
@click.option("--lang", metavar="CODE", help="Language code; skips detection (e.g. en).")
@click.option("-q", "--quiet", is_flag=True, help="No warnings on stderr.")
def clean_cmd(inputs, output, fmt, explain, show_diff, rule_paths, skip, no_default_rules, lang,
              quiet):
    """Remove scraper junk from news text and normalize spun terms.

    Reads INPUTS (files, or - for stdin; stdin when none is given) and writes the cleaned text.
    Every kept line is left as it was, except for term and spacing normalization.
    """
    from .formats import read_input
    from .pipeline import Cleaner
    from .report import diff
    from .report import explain as explain_lines

    if lang is not None and not (lang.isalpha() and 2 <= len(lang) <= 3):
        raise click.BadParameter(f"{lang!r} is not a language code such as 'en'", param_hint="--lang")
    cleaner = Cleaner(rule_paths, default_rules=not no_default_rules, skip=skip,
                      lang=lang.lower() if lang else None)
    pieces = []
    for path in inputs or ("-",):
        doc = read_input(path, fmt)
        if not quiet:
            for w in doc.warnings:
                click.echo(f"clean: warning: {w}", err=True)
        result = cleaner.clean(doc.text, captions=doc.captions)
        if explain:
            for line in explain_lines(doc.name, result):
                click.echo(line, err=True)
        pieces.append(diff(doc.name, doc.text, result.text) if show_diff else result.text)
    out = "".join(pieces)
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(out)
    else:
        sys.stdout.write(out)


def main(argv: list[str] | None = None) -> None:
    """Entry point: `clean [OPTIONS] [INPUT]...`, or `clean rules ...` / `clean mine ...` when
    that is the first word (so `./rules` is still an input path); errors become one line and
    exit status 2."""
    argv = sys.argv[1:] if argv is None else argv
    cmd, args, prog = clean_cmd, argv, "clean"
    if argv and argv[0] in ("rules", "mine"):
        from .cli_rules import mine_cmd, rules_group

        cmd = rules_group if argv[0] == "rules" else mine_cmd
        args, prog = argv[1:], f"clean {argv[0]}"
    try:
        rc = cmd.main(args=args, prog_name=prog, standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("clean: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except RuleFileError as e:
        for p in e.problems:
            click.echo(str(p), err=True)
        sys.exit(2)
    except CleanerError as e:
        click.echo(f"clean: error: {e}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    if isinstance(rc, int) and rc:
        sys.exit(rc)


if __name__ == "__main__":
    main()
