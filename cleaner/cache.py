"""A disk cache for what large rule sets cost to build again in every process.

Thousands of generated or mined rules cost seconds per process: parsing their YAML, finding
each regex's required literals, compiling the literal scanner. What comes out of that work is a
function of its input, so it is kept in the user's cache folder under a digest of that input
(and of the code that made it). Small rule sets (the built-in ones) never touch the disk.

An entry that is missing, damaged or stale only means building again; a folder that cannot be
written only means building every time. `CLEAN_CACHE=0` turns the cache off.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path


def cache_dir() -> Path | None:
    """`$CLEAN_CACHE_DIR`, else `$XDG_CACHE_HOME/clean` or `~/.cache/clean`; None when off."""
    if os.environ.get("CLEAN_CACHE", "1") == "0":
        return None
    base = os.environ.get("CLEAN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "clean")
    return Path(base)


def digest(*parts: bytes) -> str:
    """The name of an entry: a digest of everything its content depends on."""
    import hashlib  # only for large rule sets

    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))  # so that parts cannot run into each other
        h.update(p)
    return h.hexdigest()


@functools.cache
def code_digest() -> bytes:
    """What an entry depends on besides its input: the code that made it. That is all of this
    package's code (parsing a rule file also runs the linter's regex analysis, building a
    matcher the folding of `matching`), read once per process."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(f.read_bytes())
    return h.digest()


def _check(data: bytes) -> bytes:
    import hashlib

    return hashlib.sha256(data).digest()


def load(name: str) -> bytes | None:
    """The entry's bytes, or None: no cache, no such entry, or one whose checksum fails (a
    damaged entry is never taken for another set of rules)."""
    d = cache_dir()
    if d is None:
        return None
    try:
        raw = (d / name).read_bytes()
    except OSError:
        return None
    data, check = raw[:-32], raw[-32:]
    return data if len(raw) >= 32 and _check(data) == check else None


def store(name: str, data: bytes) -> None:
    """Write an entry, with its checksum, atomically (a temporary file, then a rename: a reader
    never sees half an entry); a folder that cannot be written is no error."""
    d = cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f"{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data + _check(data))
        os.replace(tmp, d / name)
    except OSError:
        pass


def through(name: str, build, dump=None, undump=None):
    """Entry `name`'s value: read back (`undump`, default unpickling) from a good entry, else
    made by `build()` and stored (`dump`, default pickling; a `dump` that returns None stores
    nothing). With no cache, just `build()`."""
    import pickle

    if cache_dir() is None:
        return build()
    data = load(name)
    if data is not None:
        try:
            return (undump or pickle.loads)(data)  # our own entry, in the user's cache folder
        except Exception:  # noqa: BLE001, S110 - a damaged or foreign entry: build again
            pass
    value = build()
    out = dump(value) if dump else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    if out is not None:
        store(name, out)
    return value
