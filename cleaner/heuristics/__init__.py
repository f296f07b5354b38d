"""The heuristics: detectors that need context (repetition, position, vocabulary) rather than a
pattern. Each has an id, a summary and thresholds under `settings.heuristics.<id>`; `HEURISTICS`
is the registry, in the order they run."""
from __future__ import annotations

from ..lexicon import Lexicon
from .base import DocContext, Heuristic, ShapeHeuristic
from .captions import DuplicateCaption, PageCaption
from .credits import CreditShapes, PhotoCredit
from .headlines import RelatedList, UnrelatedHeadline
from .navigation import NavigationRun
from .runs import JunkRun
from .teasers import CapsTeaser

HEURISTICS: dict[str, type[Heuristic]] = {
    PageCaption.id: PageCaption,
    DuplicateCaption.id: DuplicateCaption,
    PhotoCredit.id: PhotoCredit,
    CapsTeaser.id: CapsTeaser,
    NavigationRun.id: NavigationRun,
    UnrelatedHeadline.id: UnrelatedHeadline,
    RelatedList.id: RelatedList,
    JunkRun.id: JunkRun,
}


def build(settings: dict, lexicon: Lexicon, skip: set[str]) -> list[Heuristic]:
    """Instantiate the enabled heuristics with their settings, in registry order."""
    shapes = CreditShapes(lexicon.agencies, lexicon.photo_words)
    out: list[Heuristic] = []
    for hid, cls in HEURISTICS.items():
        if hid in skip or any(t in skip for t in cls.tags):
            continue
        conf = settings["heuristics"][hid]
        if not conf.get("enabled", True):
            continue
        if issubclass(cls, ShapeHeuristic):
            out.append(cls(conf, shapes))
        else:
            out.append(cls(conf))
    return out


__all__ = ["HEURISTICS", "DocContext", "Heuristic", "build"]
