"""A cleaning run over many inputs: plan where each output goes, stream the work through
`parallel.ordered_map` in chunks, write each destination atomically, and count everything.

The CLI only parses options into a `RunConfig` and calls `execute`; files are opened only by
`formats`. Chunk results come back in input order, so output is byte-identical for any --jobs.
"""
from __future__ import annotations

import glob
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import formats
from .errors import CleanerError, InputError
from .jsonl import BadRecord, RecordSpec, clean_record, dumps
from .parallel import ordered_map
from .pipeline import Cleaner
from .report import RunStats, diff, explain, render_report

# JSONL lines go to workers in chunks of about this size or this many lines, whichever comes
# first: small enough that one slow chunk does not hold up the ordered output for long, large
# enough that pickling stays a small share of the work.
CHUNK_BYTES = 128 * 1024
CHUNK_LINES = 100
MAX_ERRORS_KEPT = 1000    # error lines kept for the report (all are counted and written)


@dataclass(frozen=True)
class Job:
    """One input and where its output goes (None: the run's shared output)."""

    src: str
    dest: str | None
    fmt: str  # "jsonl", or "auto" | "text" | "html" for whole documents

    @property
    def name(self) -> str:
        """How messages name the input."""
        return "<stdin>" if self.src == "-" else self.src


@dataclass
class RunConfig:
    inputs: tuple[str, ...] = ()
    output: str | None = None
    fmt: str = "auto"
    spec: RecordSpec = field(default_factory=RecordSpec)
    in_place: bool = False
    backup: str | None = None
    jobs: int = 1
    explain: bool = False
    show_diff: bool = False
    quiet: bool = False
    errors_path: str | None = None
    report_path: str | None = None


@dataclass
class ChunkOut:
    """What a worker sends back for one chunk: output bytes, counts, and messages."""

    job: int
    data: bytes = b""
    stats: RunStats = field(default_factory=RunStats)
    rejects: list[tuple[int, str, str]] = field(default_factory=list)  # (line, error, raw)
    warnings: list[str] = field(default_factory=list)
    explain: list[str] = field(default_factory=list)
    consumed: int = 0  # input bytes, for progress
    end: bool = False  # the job's last chunk: commit its destination


# ---------------------------------------------------------------------------------------------
# Planning


def _walk(folder: str, fmt: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if fmt != "auto" or formats.is_known_input(name):
                found.append(os.path.join(root, name))
    return found


def _outside(files: list[str], output: str | None, root: str) -> list[str]:
    """The files found under `root` that are not under an output folder inside it: with
    `clean d/ -o d/clean/` (or a glob over d/), a second run would clean the first run's
    output. (An output that is `root` itself, or holds it, is refused later, file by file.)"""
    if not output:
        return files
    folder = os.path.realpath(output) + os.sep
    if (os.path.realpath(root) + os.sep).startswith(folder):
        return files
    return [f for f in files if not os.path.realpath(f).startswith(folder)]


def _glob_base(pattern: str) -> str:
    parts = Path(pattern).parts
    static = []
    for p in parts:
        if glob.has_magic(p):
            break
        static.append(p)
    return str(Path(*static)) if static else "."


def expand_inputs(inputs: tuple[str, ...], fmt: str,
                  output: str | None = None) -> list[tuple[str, str | None, bool]]:
    """(path, path relative to what was named, came from a folder or glob) for every input;
    a folder walk or a glob leaves out the output folder."""
    out: list[tuple[str, str | None, bool]] = []
    for arg in inputs or ("-",):
        if arg == "-":
            out.append(("-", None, False))
        elif os.path.isdir(arg):
            files = _outside(_walk(arg, fmt), output, arg)
            if not files:
                raise InputError(f"{arg}: no input files in this folder")
            for f in files:  # before anything is written, not halfway through the run
                if not os.path.exists(f):
                    raise InputError(f"{f}: no such file (a broken or looping link)")
            out.extend((f, os.path.relpath(f, arg), True) for f in files)
        elif os.path.exists(arg):
            rel = os.path.normpath(arg) if not os.path.isabs(arg) else os.path.basename(arg)
            out.append((arg, rel, False))
        elif glob.has_magic(arg):
            files = _outside(sorted(f for f in glob.glob(arg, recursive=True)
                                    if os.path.isfile(f)), output, _glob_base(arg))
            if not files:
                raise InputError(f"{arg}: no files match")
            base = _glob_base(arg)
            out.extend((f, os.path.relpath(f, base), True) for f in files)
        else:
            raise InputError(f"{arg}: no such file")
    return out


def plan(cfg: RunConfig) -> list[Job]:
    """Decide every input's destination, refusing anything that would write outside the output
    folder, overwrite an input without --in-place, send two inputs to one file, or write the
    errors or the report over an input or an output."""
    for opt, path in (("-o", cfg.output), ("--errors", cfg.errors_path),
                      ("--report", cfg.report_path), ("--backup", cfg.backup)):
        if path == "":
            raise CleanerError(f"{opt}: empty value")
    if cfg.backup and (os.sep in cfg.backup or "/" in cfg.backup):
        raise CleanerError(f"--backup {cfg.backup}: a suffix such as .orig, not a path")
    spec = cfg.spec
    if spec.keep_removed and spec.removed_field in (spec.text_field, spec.output_field):
        raise CleanerError(f"--keep-removed writes the field '{spec.removed_field}': it cannot "
                           "also be the text or output field")
    jobs = _destinations(cfg, expand_inputs(cfg.inputs, cfg.fmt, cfg.output))
    _check_side_files(cfg, jobs)
    return jobs


def _same_file(a: str, b: str) -> bool:
    """Both name one regular file (a device or a pipe, /dev/null say, may take two outputs);
    for a path not there yet, the same path."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
    return stat.S_ISREG(sa.st_mode) and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _check_side_files(cfg: RunConfig, jobs: list[Job]) -> None:
    """--errors and --report must name files of their own: not an input, not an output, not
    each other (each would be written over the other, and records lost)."""
    inputs = [j.src for j in jobs if j.src != "-"]
    outputs = [j.dest for j in jobs if j.dest is not None]
    if cfg.output and any(j.dest is None for j in jobs):
        outputs.append(cfg.output)
        for src in inputs:
            if _same_file(cfg.output, src):
                raise CleanerError(f"{src}: output would overwrite the input; use --in-place")
    sides = [(opt, path) for opt, path in (("--errors", cfg.errors_path),
                                           ("--report", cfg.report_path)) if path]
    for i, (opt, path) in enumerate(sides):
        for what, others in (("an input", inputs), ("an output", outputs),
                             ("the other side file", [p for _, p in sides[i + 1:]])):
            if any(_same_file(path, other) for other in others):
                raise CleanerError(f"{opt} {path}: that is {what} of this run")


def _destinations(cfg: RunConfig, found: list[tuple[str, str | None, bool]]) -> list[Job]:
    if cfg.in_place:
        if cfg.output:
            raise CleanerError("--in-place and -o exclude each other")
        if any(p == "-" for p, _, _ in found):
            raise CleanerError("--in-place needs files, not stdin")
        return [Job(p, p, formats.format_of(p, cfg.fmt)) for p, _, _ in found]
    if cfg.backup:
        raise CleanerError("--backup only goes with --in-place")
    out = cfg.output
    to_folder = bool(out) and (os.path.isdir(out) or out.endswith(("/", os.sep))
                               or any(multi for _, _, multi in found))
    if not to_folder:
        return [Job(p, None, formats.format_of(p, cfg.fmt)) for p, _, _ in found]
    root = Path(out).resolve()
    jobs: list[Job] = []
    seen: dict[Path, str] = {}
    for p, rel, _ in found:
        if p == "-":
            raise CleanerError("stdin cannot be mirrored into a folder; use -o FILE")
        dest = (root / rel).resolve()
        if dest != root and root not in dest.parents:
            raise CleanerError(f"{p}: refusing to write outside {out} ({dest})")
        if _same_file(str(dest), p):
            raise CleanerError(f"{p}: output would overwrite the input; use --in-place")
        if dest in seen:
            raise CleanerError(f"{p} and {seen[dest]} would both be written to {dest}")
        seen[dest] = p
        jobs.append(Job(p, str(dest), formats.format_of(p, cfg.fmt)))
    return jobs


# ---------------------------------------------------------------------------------------------
# Work units (module-level so worker processes can unpickle them by reference)


def _clean_doc(cleaner: Cleaner, payload) -> ChunkOut:
    job_no, name, path, data, fmt, want_explain, want_diff = payload
    if data is None:
        data = formats.read_document_bytes(path)
    doc = formats.parse_input(name, data, fmt)
    result = cleaner.clean(doc.text, captions=doc.captions)
    out = ChunkOut(job_no, consumed=len(data))
    out.stats.add_result(doc.text, result.text, result)
    out.warnings = doc.warnings
    if want_explain:
        out.explain = explain(doc.name, result)
    text = diff(doc.name, doc.text, result.text) if want_diff else result.text
    # (a diff's header holds the file's name: one that is not UTF-8 comes back as its bytes)
    out.data = text.encode("utf-8", "surrogateescape")
    return out


def _clean_lines(cleaner: Cleaner, payload) -> ChunkOut:
    job_no, name, spec, want_explain, lines = payload
    out = ChunkOut(job_no)
    st = out.stats
    pieces: list[str] = []
    for no, raw in lines:
        out.consumed += len(raw) + 1
        try:
            line = formats.line_text(no, raw)
        except UnicodeDecodeError as e:
            why = f"invalid UTF-8 at byte {e.start}"
            if no == 1 and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                why += " (the file starts like UTF-16; JSONL is UTF-8: convert it first)"
            out.rejects.append((no, why, raw.decode("utf-8", "replace")))
            continue
        if not line.strip():
            continue  # blank lines are not records
        try:
            c = clean_record(cleaner, spec, line)
        except BadRecord as e:
            out.rejects.append((no, str(e), line))
            continue
        pieces.append(c.line)
        if c.result is None:
            st.passed_through += 1
            continue
        st.add_result(c.text_in, c.text_out, c.result)
        if want_explain:
            out.explain.extend(explain(f"{name}:{no}", c.result))
    st.rejected = len(out.rejects)  # the messages are made by the parent (Run._take)
    if pieces:
        out.data = ("\n".join(pieces) + "\n").encode("utf-8")
    return out


def _end_marker(cleaner: Cleaner, payload) -> ChunkOut:
    return ChunkOut(payload, end=True)


def _dispatch(cleaner: Cleaner, item) -> ChunkOut:
    fn, payload = item
    return fn(cleaner, payload)


def _chunks(path: str) -> Iterator[list[tuple[int, bytes]]]:
    chunk: list[tuple[int, bytes]] = []
    size = 0
    for no, raw in formats.iter_lines(path):
        chunk.append((no, raw))
        size += len(raw)
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_LINES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _payloads(jobs: list[Job], cfg: RunConfig, stdin_data: bytes | None):
    for i, job in enumerate(jobs):
        name = job.name
        if job.fmt == "jsonl":
            for chunk in _chunks(job.src):
                yield _clean_lines, (i, name, cfg.spec, cfg.explain, chunk)
        else:
            data = stdin_data if job.src == "-" else None
            yield _clean_doc, (i, name, job.src, data, job.fmt, cfg.explain, cfg.show_diff)
        yield _end_marker, i


# ---------------------------------------------------------------------------------------------
# The run


class Run:
    """Executes a plan; `stats` and `exit_status` are read by the caller afterwards."""

    def __init__(self, cleaner: Cleaner, cfg: RunConfig, echo: Callable[[str], None],
                 progress=None):
        self.cleaner = cleaner
        self.cfg = cfg
        self.echo = echo  # one line to stderr
        self.progress = progress
        self.stats = RunStats()
        self.elapsed = 0.0

    @property
    def exit_status(self) -> int:
        return 1 if self.stats.rejected else 0

    def execute(self, jobs: list[Job]) -> None:
        cfg = self.cfg
        if cfg.show_diff and any(j.fmt == "jsonl" for j in jobs):
            raise CleanerError("--diff works on text and HTML inputs, not JSONL")
        start = time.monotonic()
        stdin_data = None
        if any(j.src == "-" and j.fmt != "jsonl" for j in jobs):
            stdin_data = formats.read_document_bytes("-")
        shared = None
        errors_out = formats.Output(cfg.errors_path) if cfg.errors_path else None
        current: formats.Output | None = None
        try:
            if any(j.dest is None for j in jobs):
                shared = formats.Output(cfg.output)
            results = ordered_map(_dispatch, _payloads(jobs, cfg, stdin_data),
                                  self.cleaner.options, cfg.jobs, cleaner=self.cleaner)
            for res in results:
                job = jobs[res.job]
                if job.dest is not None and current is None:
                    # opened on the job's first result, its end marker at the latest: an
                    # empty input still gets its (empty) output file
                    current = formats.Output(job.dest, cfg.in_place and cfg.backup or None)
                if res.end:
                    self.stats.files += 1
                    if current is not None:
                        current.commit()
                        current = None
                    continue
                self._take(job, res, errors_out)
                (current or shared).write(res.data)
            if shared is not None:
                shared.commit()
                shared = None
            if errors_out is not None:
                errors_out.commit()
                errors_out = None
        finally:
            for o in (current, shared, errors_out):
                if o is not None:
                    o.abort()
            if self.progress is not None:
                self.progress.close()
        self.elapsed = time.monotonic() - start
        if cfg.report_path:
            formats.write_text_file(cfg.report_path, render_report(self.stats, self.elapsed))

    def _take(self, job: Job, res: ChunkOut, errors_out) -> None:
        if not self.cfg.quiet:
            for w in res.warnings:
                self.echo(f"clean: warning: {w}")
        for line in res.explain:
            self.echo(line)
        name = job.name
        kept = self.stats.errors  # the report lists the first MAX_ERRORS_KEPT
        for no, msg, raw in res.rejects:
            if errors_out is not None:
                rec = {"file": name, "line": no, "error": msg, "raw": raw}
                errors_out.write((_json_line(rec)).encode("utf-8"))
            else:
                self.echo(f"clean: {name}:{no}: {msg}")
            if len(kept) < MAX_ERRORS_KEPT:
                kept.append(f"{name}:{no}: {msg}")
        self.stats.merge(res.stats)
        if self.progress is not None:
            self.progress.update(res.stats.documents + res.stats.passed_through, res.consumed)


def _json_line(rec: dict) -> str:
    return dumps(rec) + "\n"


def total_size(jobs: list[Job]) -> int | None:
    sizes = [formats.input_size(j.src) for j in jobs]
    return None if any(s is None for s in sizes) else sum(sizes)
