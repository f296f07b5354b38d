"""Errors a user can act on. The CLI turns each into one line and a non-zero exit."""
from __future__ import annotations

from dataclasses import dataclass


class CleanerError(Exception):
    """Base class: anything the user caused and can fix (bad input, bad rules, bad options)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rule file, located as precisely as we can."""

    path: str
    line: int
    rule_id: str | None
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        rule = f" rule '{self.rule_id}':" if self.rule_id else ""
        return f"{where}:{rule} {self.message}"


class RuleFileError(CleanerError):
    """Rule files failed validation. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.rule_id or ""))
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(CleanerError):
    """An input file or record cannot be read or understood."""
