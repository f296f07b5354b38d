"""Heuristic thresholds and other tunables, as data.

The built-in `rules/settings.yml` is both the defaults and the schema: a user file may change a
value it lists (with a value of the same type) but may not invent a key, so a typo is an error
rather than a silently ignored setting. Values are checked too: no number is negative, a share
lies between 0 and 1, and a setting with named choices takes one of them.
"""
from __future__ import annotations

import copy
import math

SETTINGS_FILE = "settings.yml"

# settings that take one of a few words
CHOICES = {"budget.policy": ("keep", "apply")}
# a setting whose name ends so is a share of something: from 0 to 1
SHARE_SUFFIXES = ("_share", "overlap", "title_case")


def _type_name(v) -> str:
    return {bool: "true/false", int: "a whole number", float: "a number", str: "a string",
            list: "a list", dict: "a mapping"}.get(type(v), type(v).__name__)


def _compatible(default, value) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _bad_value(dotted: str, v) -> str | None:
    """What is wrong with a value of the right type, or None."""
    if dotted in CHOICES and v not in CHOICES[dotted]:
        return "must be " + " or ".join(repr(c) for c in CHOICES[dotted])
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    if not math.isfinite(v):
        return "must be a finite number"
    if v < 0:
        return "must not be negative"
    if dotted.endswith(SHARE_SUFFIXES) and v > 1:
        return "is a share: it must lie between 0 and 1"
    return None


def merge_settings(base: dict, layers: list[tuple[str, dict, dict]], collector) -> dict:
    """Apply each (path, settings, key_lines) layer over `base`; report unknown keys and bad
    types through `collector` (a rules._Collector)."""
    merged = copy.deepcopy(base)

    def apply(target: dict, values: dict, path: str, lines: dict, prefix: str) -> None:
        for k, v in values.items():
            dotted = prefix + k
            line = lines.get(dotted, 1)
            if k not in target:
                known = ", ".join(sorted(target)) or "none"
                collector.add(path, line, None, f"unknown setting '{dotted}' (known here: {known})")
            elif isinstance(target[k], dict):
                if not isinstance(v, dict):
                    collector.add(path, line, None, f"setting '{dotted}' must be a mapping")
                else:
                    apply(target[k], v, path, lines, dotted + ".")
            elif not _compatible(target[k], v):
                collector.add(path, line, None,
                              f"setting '{dotted}' must be {_type_name(target[k])}, got {v!r}")
            elif problem := _bad_value(dotted, v):
                collector.add(path, line, None, f"setting '{dotted}' {problem}, got {v!r}")
            else:
                target[k] = float(v) if isinstance(target[k], float) else v

    for path, values, lines in layers:
        apply(merged, values, path, lines, "")
    return merged

