"""A one-line progress display on stderr, only when stderr is a terminal.

Redrawn at most a few times a second, so it costs nothing measurable; when stderr is a file or
a pipe nothing is written at all (logs stay clean).
"""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total_bytes: int | None = None, stream=None, enabled: bool | None = None,
                 interval: float = 0.25):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.total = total_bytes
        self.interval = interval
        self.start = time.monotonic()
        self._last = 0.0
        self.docs = 0
        self.bytes = 0
        self._drawn = False

    def update(self, docs: int, nbytes: int) -> None:
        self.docs += docs
        self.bytes += nbytes
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        el = max(now - self.start, 1e-6)
        mb = self.bytes / 1e6
        parts = [f"{self.docs:,} docs", f"{self.docs / el:,.0f} docs/s", f"{mb:,.1f} MB",
                 f"{mb / el:,.1f} MB/s"]
        if self.total:
            share = min(self.bytes / self.total, 1.0)
            rate = self.bytes / el
            eta = (self.total - self.bytes) / rate if rate > 0 else 0
            parts.insert(0, f"{share:4.0%}")
            parts.append(f"ETA {int(eta // 60)}:{int(eta % 60):02d}")
        return "clean: " + " | ".join(parts)

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self.enabled and self._drawn:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
