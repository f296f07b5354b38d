"""Rendering results for people: --explain lines and --diff."""
from __future__ import annotations

import difflib

from .document import Change, Result


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
