"""Rendering results: --explain lines, --diff, and the run statistics of --report."""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

from .document import Change, Result
from .jsonl import dumps  # a file name that is not UTF-8 is written as an escape


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def explain_line(name: str, ch: Change) -> str:
    """`<input>:<line>: <id>: dropped "<text>" (<reason>)` and the like, one line per change."""
    if ch.action == "replaced":
        body = f"replaced {_q(ch.before)} -> {_q(ch.after or '')}"
    else:
        body = f"{ch.action} {_q(ch.before)}"
    why = f" ({ch.reason})" if ch.reason and ch.action != "replaced" else ""
    return f"{name}:{ch.line}: {ch.rule_id}: {body}{why}"


def explain(name: str, result: Result) -> list[str]:
    lines = [explain_line(name, ch) for ch in result.changes]
    lines += [f"{name}: flagged: {f}" for f in result.flags]
    return lines


def diff(name: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True),
                                        after.splitlines(keepends=True),
                                        fromfile=name, tofile=f"{name} (cleaned)"))


# ---------------------------------------------------------------------------------------------
# Run statistics (--report FILE.json)


def utf8_size(text: str) -> int:
    """The text's size in UTF-8, without encoding it when it is ASCII (a flag CPython keeps).
    A JSONL record's text may hold a lone surrogate (an unpaired "\\ud800" escape): it counts
    as the three bytes "surrogatepass" gives it."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


@dataclass
class RunStats:
    """Counts for a run. Workers fill one per chunk; the parent merges them in input order, so
    a report does not depend on --jobs (except `elapsed_s`)."""

    documents: int = 0          # texts cleaned (files, or records with a string text field)
    passed_through: int = 0     # records without the field or with a non-string field
    rejected: int = 0           # lines that are not valid JSON (see `errors`)
    lines_in: int = 0           # non-blank lines of the texts cleaned (Result.lines_in)
    lines_out: int = 0
    bytes_in: int = 0           # UTF-8 bytes of the texts cleaned
    bytes_out: int = 0
    flagged: int = 0            # documents that hit the deletion budget
    removals: Counter = field(default_factory=Counter)   # rule/heuristic id -> lines dropped
    replacements: Counter = field(default_factory=Counter)  # id -> in-line replacements
    restored: Counter = field(default_factory=Counter)   # id -> lines the budget kept
    errors: list[str] = field(default_factory=list)  # the first messages (run.MAX_ERRORS_KEPT)
    files: int = 0

    def add_result(self, text_in: str, text_out: str, result: Result) -> None:
        self.documents += 1
        self.lines_in += result.lines_in
        self.lines_out += result.lines_out
        n_in = utf8_size(text_in)
        self.bytes_in += n_in
        self.bytes_out += n_in if text_out is text_in else utf8_size(text_out)
        if result.flags:
            self.flagged += 1
        for ch in result.changes:
            if ch.action == "dropped":
                self.removals[ch.rule_id] += 1
            elif ch.action == "replaced":
                self.replacements[ch.rule_id] += 1
            else:
                self.restored[ch.rule_id] += 1

    def merge(self, other: RunStats) -> None:
        for name in ("documents", "passed_through", "rejected", "lines_in", "lines_out",
                     "bytes_in", "bytes_out", "flagged", "files"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.removals.update(other.removals)
        self.replacements.update(other.replacements)
        self.restored.update(other.restored)
        self.errors.extend(other.errors)

    def to_dict(self, elapsed: float | None = None) -> dict:
        d = {
            "files": self.files,
            "documents": self.documents,
            "records_passed_through": self.passed_through,
            "records_rejected": self.rejected,
            "lines_in": self.lines_in,
            "lines_out": self.lines_out,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "removals": dict(sorted(self.removals.items(), key=lambda kv: (-kv[1], kv[0]))),
            "replacements": dict(sorted(self.replacements.items(),
                                        key=lambda kv: (-kv[1], kv[0]))),
            "restored_by_budget": dict(sorted(self.restored.items())),
            "documents_flagged": self.flagged,
            "errors": self.rejected,
            "error_list": self.errors,
        }
        if elapsed is not None:
            d["elapsed_s"] = round(elapsed, 3)
        return d


def render_report(stats: RunStats, elapsed: float) -> str:
    """The --report file: one JSON object, keys in a fixed order."""
    return dumps(stats.to_dict(elapsed), indent=2) + "\n"
