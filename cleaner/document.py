"""The data that flows through a cleaning run. No I/O and no pattern matching here."""
from __future__ import annotations

from dataclasses import dataclass, field

# Characters that end a sentence-like line (closing quotes and brackets count when they follow
# punctuation, which `ends_like_sentence` checks).
TERMINAL = ".!?…"
CLOSERS = "\"'”’»)]"


def ends_like_sentence(text: str) -> bool:
    """True when the line ends with terminal punctuation, possibly inside closing quotes.

    >>> ends_like_sentence('He said "no."'), ends_like_sentence("Read more"), ends_like_sentence("(AP)")
    (True, False, False)
    """
    s = text.rstrip().rstrip(CLOSERS)
    return s != "" and s[-1] in TERMINAL


@dataclass(frozen=True)
class Change:
    """One removal or rewrite, with the rule or heuristic that made it and why."""

    line: int  # 1-based line number in the input
    rule_id: str
    action: str  # "dropped" | "replaced" | "kept" (a removal the deletion budget undid)
    before: str
    after: str | None = None
    reason: str = ""

    def to_dict(self) -> dict:
        d = {"line": self.line, "id": self.rule_id, "action": self.action, "text": self.before}
        if self.after is not None:
            d["after"] = self.after
        if self.reason:
            d["reason"] = self.reason
        return d


class Line:
    """A line of the input. `dropped` holds the Change that removed it, if any.

    The shape facts (`blank`, `n_words`, `sentence_end`) are computed once, when the line is
    made: every stage asks for them, and all decisions are taken before normalization
    rewrites `text`."""

    __slots__ = ("blank", "dropped", "n_words", "no", "sentence_end", "text")

    def __init__(self, no: int, text: str, dropped: Change | None = None):
        self.no = no  # 1-based
        self.dropped = dropped
        self.set_text(text)

    def set_text(self, text: str) -> None:
        """The line's text, and the shape facts of it (normalization rewrites a kept line's
        text after every decision is taken; rendering and counts still read `blank`)."""
        self.text = text
        self.n_words = len(text.split())
        self.blank = self.n_words == 0
        self.sentence_end = ends_like_sentence(text) if self.n_words else False

    def __repr__(self) -> str:
        return f"Line({self.no}, {self.text!r}, dropped={self.dropped!r})"

    def is_prose(self, min_words: int) -> bool:
        """Sentence-like: ends like a sentence and has at least `min_words` words."""
        return self.n_words >= min_words and self.sentence_end

    @property
    def kept(self) -> bool:
        return self.dropped is None and not self.blank


@dataclass
class Document:
    """A document being cleaned: its lines, the language in force, and every change so far."""

    lines: list[Line]
    lang: str | None = None
    changes: list[Change] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str) -> Document:
        return cls([Line(i + 1, t) for i, t in enumerate(text.split("\n"))])

    def content(self) -> list[Line]:
        """Non-blank lines, dropped or not, in order."""
        return [ln for ln in self.lines if not ln.blank]

    def drop(self, line: Line, rule_id: str, reason: str = "") -> None:
        if line.dropped is None and not line.blank:
            line.dropped = Change(line.no, rule_id, "dropped", line.text, reason=reason)

    def render(self) -> str:
        """Kept lines in their layout. Blank runs between kept lines survive; where dropped lines
        stood, the widest blank run of the gap stays, so paragraphs stay paragraphs. Leading and
        trailing blanks go, and the text ends with exactly one newline (none when empty)."""
        out: list[str] = []
        gap_blank = 0  # widest blank run seen since the last kept line
        run = 0
        for ln in self.lines:
            if ln.blank:
                run += 1
                gap_blank = max(gap_blank, run)
                continue
            run = 0
            if ln.dropped is not None:
                continue
            if out:
                out.extend([""] * gap_blank)
            out.append(ln.text)
            gap_blank = 0
        return "\n".join(out) + "\n" if out else ""

    @property
    def removals(self) -> list[Change]:
        return [ln.dropped for ln in self.lines if ln.dropped is not None]


@dataclass
class Result:
    """What `Cleaner.clean` returns: the text, every change in line order, and flags."""

    text: str
    changes: list[Change]
    lang: str | None
    flags: list[str]
    lines_in: int = 0  # non-blank lines of the text cleaned (after newline normalization)
    lines_out: int = 0  # ... and of the result

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def untouched(self) -> bool:
        """No line was removed or rewritten (one the deletion budget restored was left alone):
        callers then keep the input as it was, blank lines and line ends included."""
        return all(c.action == "kept" for c in self.changes)
