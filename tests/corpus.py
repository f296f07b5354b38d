"""A generated JSONL corpus for pipeline tests: seed articles cut into pieces and mixed with
junk lines, plus the awkward records a real shard has (no text field, non-string text, odd
number spellings, unicode escapes, a language field). Deterministic for a given seed."""
from __future__ import annotations

import json
import random
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

JUNK = ["Advertisement", "Share this article", "Read more: Markets rally as talks resume",
        "Sign up for our newsletter", "Photo: Reuters", "Follow us on Twitter"]


def texts(n: int, rnd: random.Random) -> list[str]:
    paras = []
    for p in sorted(SEEDS.glob("*.txt")):
        if not p.name.endswith(".expected.txt"):
            paras += [t for t in p.read_text(encoding="utf-8").split("\n") if t.strip()]
    out = []
    for _ in range(n):
        k = rnd.randint(3, 12)
        start = rnd.randrange(max(1, len(paras) - k))
        lines = paras[start:start + k]
        for _ in range(rnd.randint(0, 3)):
            lines.insert(rnd.randint(1, len(lines)), rnd.choice(JUNK))
        out.append(("\n\n" if rnd.random() < 0.5 else "\n").join(lines))
    return out


def records(n: int, seed: int = 7) -> list[str]:
    """JSONL lines (without newlines)."""
    rnd = random.Random(seed)
    lines = []
    for i, text in enumerate(texts(n, rnd)):
        r = rnd.random()
        if r < 0.05:
            lines.append(json.dumps({"id": i, "meta": {"source": "x"}}))
        elif r < 0.08:
            lines.append(json.dumps({"id": i, "text": None}))
        elif r < 0.1:
            lines.append(f'{{"id": {i}, "text": ["a", "b"], "score": 1.0e5}}')
        elif r < 0.2:
            lines.append(f'{{"id":{i},"score":1.50,"text":{json.dumps(text)},"lang":"en"}}')
        else:
            lines.append(json.dumps({"id": i, "url": f"https://example.org/{i}", "text": text},
                                    ensure_ascii=rnd.random() < 0.5))
    return lines


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path
