"""Word lists shipped as data in `rules/`: stopwords per language and the photo-agency gazetteer.

Files: `rules/<lang>/stopwords.txt`, `rules/common/agencies.txt` and
`rules/common/photo-words.txt`, one entry per line, `#`
comments. They are read once per `Cleaner`; nothing is cached at module level.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, RuleFileError


def read_list(path: Path) -> list[str]:
    """One entry per line, `#` comments. A file that cannot be read is a rule-file problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        why = f"not UTF-8 ({e.reason} at byte {e.start})" if isinstance(e, UnicodeDecodeError) \
            else (e.strerror or str(e))
        raise RuleFileError([Problem(str(path), 0, None, f"cannot read word list: {why}")]) \
            from None
    out = []
    for raw in text.splitlines():
        s = raw.split("#", 1)[0].strip()
        if s:
            out.append(s)
    return out


@dataclass
class Lexicon:
    stopwords: dict[str, frozenset[str]] = field(default_factory=dict)  # lang -> words
    agencies: tuple[str, ...] = ()
    photo_words: tuple[str, ...] = ()

    @classmethod
    def load(cls, dirs: list[Path]) -> Lexicon:
        """Merge the word lists found in each rule folder (later folders add entries)."""
        stop: dict[str, set[str]] = {}
        agencies: list[str] = []
        photo_words: list[str] = []
        for d in dirs:
            if not d.is_dir():
                continue
            for f in sorted(d.glob("*/stopwords.txt")):
                stop.setdefault(f.parent.name, set()).update(w.lower() for w in read_list(f))
            for f in sorted(d.glob("*/agencies.txt")):
                agencies.extend(read_list(f))
            for f in sorted(d.glob("*/photo-words.txt")):
                photo_words.extend(w.lower() for w in read_list(f))
        return cls({k: frozenset(v) for k, v in stop.items()}, tuple(dict.fromkeys(agencies)),
                   tuple(dict.fromkeys(photo_words)))

    def stop(self, lang: str | None) -> frozenset[str]:
        return self.stopwords.get(lang or "", frozenset())
