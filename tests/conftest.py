from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed_pairs():
    for exp in sorted(SEEDS.glob("*.expected.txt")):
        yield exp.name.removesuffix(".expected.txt"), SEEDS / (exp.name.replace(".expected", "")), exp


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()
