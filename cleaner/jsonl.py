"""JSONL records: clean one field, keep every other byte of the record as it was.

A record is edited by splicing: the top-level object is walked with the stdlib's own (C) value
scanner to find where the text field's value sits, and only that span is replaced (or a new
field is appended before the closing brace). Other fields keep their order, spacing, escapes and
number spelling exactly, which a `loads`/`dumps` round trip would not promise (1.0e5, \\u00e9,
duplicate keys).

No files are opened here; `formats.iter_lines` streams the lines and `run` drives them.
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass

from .document import Result


def _parse_int(digits: str):
    """A JSON integer. One longer than `int()` reads (4,300 digits, `sys.set_int_max_str_digits`)
    is still valid JSON: it comes back as a Decimal. Only the text and language fields' values
    are used, and every other field is written back byte for byte."""
    try:
        return int(digits)
    except ValueError:
        from decimal import Decimal

        return Decimal(digits)


_DECODER = json.JSONDecoder(parse_int=_parse_int)
_WS = " \t\n\r"


@dataclass(frozen=True)
class RecordSpec:
    """Where the text is and where the cleaned text and the change list go."""

    text_field: str = "text"
    output_field: str | None = None  # None: write back to text_field
    keep_removed: bool = False
    removed_field: str = "removed"
    lang_field: str = "lang"


class BadRecord(ValueError):
    """The line is not one JSON value; the message says where and why."""


# Python's JSON reader recurses once per level of arrays and objects
TOO_DEEP = "JSON nested too deeply to read (arrays or objects over about 1,000 levels deep)"


@contextmanager
def _reading():
    """What the JSON reader raises, as a BadRecord with the message people see."""
    try:
        yield
    except json.JSONDecodeError as e:  # (json's own message may already end in "at")
        where = f"line {e.lineno} column {e.colno}" if e.lineno > 1 else f"column {e.colno}"
        raise BadRecord(f"invalid JSON: {e.msg.removesuffix(' at')} at {where}") from None
    except RecursionError:
        raise BadRecord(TOO_DEEP) from None


def loads(text: str):
    """`json.loads`, reading integers of any length; BadRecord for what is not JSON."""
    with _reading():
        return _DECODER.decode(text)


def _skip_ws(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] in _WS:
        i += 1
    return i


def scan_object(line: str) -> tuple[dict[str, tuple[object, int, int]], int] | None:
    """Parse a JSON line. Return ({key: (value, start, end)}, index of the closing brace) for an
    object (the last occurrence wins for a duplicate key, as in `json.loads`), None for any other
    JSON value; raise BadRecord for anything that is not exactly one JSON value."""
    i = _skip_ws(line, 0)
    if i >= len(line):
        raise BadRecord("empty line")
    if line[i] != "{":
        with _reading():
            _value, end = _DECODER.raw_decode(line, i)
        if _skip_ws(line, end) != len(line):
            raise BadRecord(f"invalid JSON: extra data at column {end + 1}")
        return None
    fields: dict[str, tuple[object, int, int]] = {}
    i = _skip_ws(line, i + 1)
    with _reading():
        if line.startswith("}", i):
            close = i
        else:
            while True:
                if not line.startswith('"', i):
                    raise BadRecord(f"invalid JSON: expected a key at column {i + 1}")
                key, i = json.decoder.scanstring(line, i + 1)
                i = _skip_ws(line, i)
                if not line.startswith(":", i):
                    raise BadRecord(f"invalid JSON: expected ':' at column {i + 1}")
                start = _skip_ws(line, i + 1)
                value, end = _DECODER.raw_decode(line, start)
                fields[key] = (value, start, end)
                i = _skip_ws(line, end)
                if line.startswith(",", i):
                    i = _skip_ws(line, i + 1)
                    continue
                if line.startswith("}", i):
                    close = i
                    break
                raise BadRecord(f"invalid JSON: expected ',' or '}}' at column {i + 1}")
    if _skip_ws(line, close + 1) != len(line):
        raise BadRecord(f"invalid JSON: extra data at column {close + 2}")
    return fields, close


# A "\ud800" escape with no partner decodes to a lone surrogate, which UTF-8 cannot encode:
# written back, it keeps its escape (valid JSON, the same value when read again).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogate(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def dumps(value, **kw) -> str:
    """JSON text that UTF-8 can always encode: a lone surrogate (from an unpaired escape, or a
    file name that is not UTF-8) is written as its escape."""
    s = json.dumps(value, ensure_ascii=False, **kw)
    return s if s.isascii() else _SURROGATE.sub(_escape_surrogate, s)


def record_text(result: Result, original: str) -> str:
    """A record's cleaned text. A text the cleaner left alone (no line removed or rewritten)
    comes back as it was, blank lines, line ends and all, so its record stays byte-identical.
    Otherwise the text keeps the original's ending: the cleaner ends text with one newline,
    but a field that had none gets none back."""
    if result.untouched:
        return original
    if not original.endswith("\n") and result.text.endswith("\n"):
        return result.text[:-1]
    return result.text


def record_lang(value) -> str | None:
    """A record's own language code ("en", "en-GB"), when it looks like one."""
    if isinstance(value, str):
        code = value.split("-")[0].split("_")[0].strip().lower()
        if code.isalpha() and 2 <= len(code) <= 3:
            return code
    return None


@dataclass
class Cleaned:
    """The outcome of one record: the output line, and the Result when the field was cleaned."""

    line: str
    result: Result | None
    text_in: str | None
    text_out: str | None


def clean_record(cleaner, spec: RecordSpec, line: str) -> Cleaned:
    """Clean one JSONL line. A record without the field, or whose field is not a string, comes
    back unchanged with `result` None. Raises BadRecord for a line that is not valid JSON."""
    scanned = scan_object(line)
    if scanned is None:
        return Cleaned(line, None, None, None)
    fields, close = scanned
    entry = fields.get(spec.text_field)
    if entry is None or not isinstance(entry[0], str):
        return Cleaned(line, None, None, None)
    text = entry[0]
    out_text, result = clean_value(cleaner, text, fields.get(spec.lang_field, (None,))[0])
    target = spec.output_field or spec.text_field
    if out_text == text and target == spec.text_field and not spec.keep_removed:
        return Cleaned(line, result, text, out_text)  # nothing to write: no JSON encoding
    edits: list[tuple[str, str]] = [(target, dumps(out_text))]
    if spec.keep_removed:
        edits.append((spec.removed_field, dumps([c.to_dict() for c in result.changes])))
    return Cleaned(splice(line, fields, close, edits), result, text, out_text)


def splice(line: str, fields, close: int, edits: list[tuple[str, str]]) -> str:
    """Replace existing fields' values in place; append new fields before the closing brace."""
    replace = sorted((fields[k][1], fields[k][2], v) for k, v in edits if k in fields)
    append = [(k, v) for k, v in edits if k not in fields]
    out, pos = [], 0
    for start, end, v in replace:
        out.append(line[pos:start])
        out.append(v)
        pos = end
    out.append(line[pos:close])
    if append:
        sep = ", " if fields else ""
        out.append(sep + ", ".join(f"{dumps(k)}: {v}" for k, v in append))
    out.append(line[close:])
    return "".join(out)


def clean_value(cleaner, text: str, lang=None) -> tuple[str, Result]:
    """The same cleaning a JSONL record's field gets (for adapters such as `cleaner.dask`);
    `lang` is the record's raw language value, used as the CLI uses a `lang` field."""
    lang = None if cleaner.options.lang is not None else record_lang(lang)
    result = cleaner.clean(text, lang=lang)
    return record_text(result, text), result
