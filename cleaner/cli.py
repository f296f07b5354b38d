"""The `clean` command: parse options, call the library, render, map errors to one line.

No cleaning logic lives here.
"""
from __future__ import annotations

import os
import signal
import sys

import click

from .errors import CleanerError, RuleFileError

EPILOG = """\b
Examples:
  clean < article.txt > article.clean.txt
  clean article.txt --explain           # why each line went, on stderr
  clean page.html --diff                # HTML is detected; show a unified diff
  clean --rules my-rules/ --skip unrelated-headline a.txt b.txt -o out.txt
  clean shard.jsonl.gz -o clean/ -j 0 --report run.json   # JSONL, all cores
  clean data/ -o clean/                 # a folder, mirrored into clean/
  clean --in-place --backup .orig 'news/*.jsonl'
  clean rules --help                    # list, show, check, test and write rules
  clean mine corpus.jsonl -o drafts.yml  # propose rules from lines many documents share
"""


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(writable=True),
              help="Write here instead of stdout: a file, or a folder (ending in / or existing, "
                   "or when an input is a folder or glob) that mirrors the inputs' paths.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "html", "jsonl"]),
              default="auto", show_default=True,
              help="Input format; auto: JSONL by suffix (.jsonl, .ndjson, also .gz), "
                   "HTML by suffix or content, else text.")
@click.option("--text-field", default="text", show_default=True, metavar="NAME",
              help="JSONL: the field holding the text.")
@click.option("--output-field", metavar="NAME",
              help="JSONL: write the cleaned text to this field (default: --text-field).")
@click.option("--keep-removed", is_flag=True,
              help="JSONL: add a 'removed' field listing every removal and change with its id.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="JSONL: write invalid lines here (default: report them on stderr).")
@click.option("--in-place", is_flag=True, help="Replace each input atomically with its result.")
@click.option("--backup", metavar="SUFFIX", help="With --in-place: keep the original as NAME+SUFFIX.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: all cores; no more than the cores are started). "
                   "Output is identical for any value.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), metavar="FILE.json",
              help="Write run statistics (documents, lines, bytes, removals per id, errors).")
@click.option("--explain", is_flag=True, help="Print every removal and change on stderr.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the text.")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
              help="Extra rule file or folder, layered over the built-ins (repeatable).")
@click.option("--skip", multiple=True, metavar="ID_OR_TAG",
              help="Turn off a rule, heuristic or tag (repeatable).")
@click.option("--no-default-rules", is_flag=True, help="Use only the --rules files.")
@click.option("--lang", metavar="CODE",
              help="Language code; skips detection (e.g. en). JSONL records may carry their own "
                   "in a 'lang' field, used when this is not given.")
@click.option("-q", "--quiet", is_flag=True, help="No warnings and no progress on stderr.")
def clean_cmd(inputs, output, fmt, text_field, output_field, keep_removed, errors_path, in_place,
              backup, jobs, report_path, explain, show_diff, rule_paths, skip, no_default_rules,
              lang, quiet):
    """Remove scraper junk from news text and normalize spun terms.

    Reads INPUTS (files, folders, globs, or - for stdin; stdin when none is given) and writes the
    cleaned text. Every kept line is left as it was, except for term and spacing normalization.
    JSONL records keep every other field exactly; invalid lines are reported, processing goes
    on, and the exit status is 1.
    """
    from .jsonl import RecordSpec
    from .pipeline import Options, cleaner_for
    from .progress import Progress
    from .run import Run, RunConfig, plan, total_size

    if lang is not None and not (lang.isascii() and lang.isalpha() and 2 <= len(lang) <= 3):
        raise click.BadParameter(f"{lang!r} is not a language code such as 'en'", param_hint="--lang")
    # through the per-process cache, emptied first (the rule files may have changed since an
    # earlier run in this process): forked workers find this Cleaner there, so every one
    # cleans with the rules read here (a --rules pipe or a file edited meanwhile included)
    cleaner_for.cache_clear()
    cleaner = cleaner_for(Options(tuple(rule_paths), not no_default_rules, tuple(skip),
                                  lang.lower() if lang else None))
    if lang and not quiet:
        packs = cleaner.packs()
        if lang.lower() not in packs:
            click.echo(f"clean: warning: --lang {lang}: no rule pack for it (packs: "
                       f"{', '.join(packs)}); only rules for any language apply", err=True)
    cfg = RunConfig(tuple(inputs), output, fmt,
                    RecordSpec(text_field, output_field, keep_removed), in_place, backup, jobs,
                    explain, show_diff, quiet, errors_path, report_path)
    jobs_planned = plan(cfg)
    progress = None
    if not quiet and sys.stderr.isatty():
        progress = Progress(total_size(jobs_planned), enabled=True)
    run = Run(cleaner, cfg, lambda line: click.echo(line, err=True), progress)
    # a scheduler's SIGTERM ends the run as Ctrl-C does: temporary files removed, inputs and
    # earlier outputs untouched (workers put the default back: the pool ends them with it)
    before = signal.signal(signal.SIGTERM, _terminated)
    try:
        run.execute(jobs_planned)
    finally:  # (None: a handler set outside Python, which cannot be put back)
        signal.signal(signal.SIGTERM, signal.SIG_DFL if before is None else before)
    if run.exit_status:
        sys.exit(run.exit_status)


def _terminated(_signum, _frame) -> None:
    """SIGTERM: remove the temporary files, stop the workers, exit 143. Nothing that takes a
    lock: a scheduler signals the whole process group, and a worker killed while holding one of
    the pool's queue locks would make an orderly pool shutdown wait forever."""
    from .formats import remove_temporaries

    remove_temporaries()
    if "multiprocessing" in sys.modules:
        import multiprocessing

        for child in multiprocessing.active_children():
            child.kill()
    os._exit(143)


def report_error(e: CleanerError, fmt=str) -> None:
    """A user error on stderr: each rule-file problem on its own `path:line` line, anything
    else as one `clean: error:` line. The one place errors are rendered for people."""
    if isinstance(e, RuleFileError):
        for p in e.problems:
            click.echo(fmt(p), err=True)
    else:
        click.echo(f"clean: error: {e}", err=True)


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
    except CleanerError as e:
        report_error(e)
        sys.exit(2)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as e:  # a full disk, a file that cannot be replaced, ...
        where = f"{e.filename}: " if e.filename else ""
        click.echo(f"clean: error: {where}{e.strerror or e}", err=True)
        sys.exit(2)
    if isinstance(rc, int) and rc:
        sys.exit(rc)


if __name__ == "__main__":
    main()
