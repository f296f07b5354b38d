"""clean: remove scraper junk from news text and normalize spun terms, explaining every change.

    >>> from cleaner import clean
    >>> clean("Ministers met in Brussels on Tuesday.\\nShare this article\\n")
    'Ministers met in Brussels on Tuesday.\\n'

For many documents, build a `Cleaner` once and call `Cleaner.clean`, which returns a `Result`
with the text, every `Change` (rule or heuristic id, action, text, reason), the language and
any flags.
"""
from __future__ import annotations

from functools import lru_cache

from .document import Change, Result
from .errors import CleanerError, InputError, RuleFileError
from .pipeline import Cleaner

__all__ = ["Change", "Cleaner", "CleanerError", "InputError", "Result", "RuleFileError", "clean"]


@lru_cache(maxsize=1)
def _default_cleaner() -> Cleaner:
    # The default rules compile once per process; a Cleaner keeps no per-document state.
    return Cleaner()


def clean(text: str, lang: str | None = None) -> str:
    """Clean one document with the built-in rules and return the text."""
    return _default_cleaner().clean(text, lang=lang).text
