"""Reading inputs and writing outputs: plain text (UTF-8, BOM, CRLF, invalid bytes), HTML pages,
JSONL streams (line by line, gzip by suffix) and atomic output files.

This is the only module that opens files. HTML support imports trafilatura and BeautifulSoup on
first use only, so plain-text runs start fast.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import sys
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--)", re.IGNORECASE)


@dataclass
class Input:
    """One document to clean: its name (path or <stdin>), text, and HTML-derived hints."""

    name: str
    text: str
    captions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# an HTML page's own word on its encoding, looked for when it is not UTF-8
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_:.-]{1,40})""",
                           re.IGNORECASE)


def _as_declared(data: bytes) -> str | None:
    """The text in the encoding a page's <meta charset> names, or None: no such tag, a codec
    Python does not know, or bytes that are not valid in it either."""
    import codecs

    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    try:
        info = codecs.lookup(m.group(1).decode("ascii"))
        # a text encoding a page can be in: not utf-16/32 (a <meta> readable as ASCII cannot
        # be; browsers then read UTF-8), nor the codecs that rewrite text
        if (not getattr(info, "_is_text_encoding", True) or info.name.startswith(("utf-16",
                "utf-32")) or info.name in ("undefined", "unicode-escape", "raw-unicode-escape",
                                            "idna", "punycode", "utf-7")):
            return None
        return data.decode(info.name)
    except (LookupError, UnicodeError):
        return None


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """UTF-8 with an optional BOM, or UTF-16 with its BOM, or (an HTML page that is not UTF-8)
    the encoding its <meta charset> declares; otherwise invalid bytes become U+FFFD and produce
    a warning."""
    warnings = []
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")  # the BOM says which byte order
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        text = _as_declared(data)
        if text is None:
            text = data.decode("utf-8-sig", errors="replace")
            n = text.count("\ufffd")
            warnings.append(f"{name}: invalid UTF-8 at byte {e.start}; {n} character(s) replaced")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def looks_like_html(name: str, text: str) -> bool:
    return bare_name(name).endswith(HTML_SUFFIXES) or bool(_HTML_START.match(text[:1000]))


@contextmanager
def _readable(path: str):
    """Turn the OS's reasons for not reading `path` into one-line InputErrors."""
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with _readable(path):
        return Path(path).read_bytes()


def parse_input(name: str, data: bytes, fmt: str = "auto") -> Input:
    """Decode a document's bytes; extract the text first when it is HTML."""
    text, warnings = decode(data, name)
    if fmt == "html" or (fmt == "auto" and looks_like_html(name, text)):
        body, captions = html_to_text(text)
        if not body.strip():  # said, so that an empty output is not taken for a clean page
            warnings = [*warnings, f"{name}: trafilatura found no article text in the page"]
        return Input(name, body, captions, warnings)
    return Input(name, text, [], warnings)


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Article text via trafilatura, and the page's caption, alt-text and credit strings via
    BeautifulSoup (the cleaner removes standalone copies of them)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True,
                               favor_precision=True, deduplicate=False) or ""
    return text, page_captions(html)


def page_captions(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(html, "lxml")
    except Exception:  # noqa: BLE001 - lxml missing or unparsable: fall back to the stdlib
        soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for el in soup.find_all("figcaption"):
        found.append(el.get_text(" ", strip=True))
    for el in soup.find_all("img"):
        alt = el.get("alt")
        if isinstance(alt, str):
            found.append(alt.strip())
    for el in soup.find_all(class_=re.compile(r"caption|credit", re.IGNORECASE)):
        found.append(el.get_text(" ", strip=True))
    return [s for s in dict.fromkeys(found) if len(s.split()) >= 3]


# ---------------------------------------------------------------------------------------------
# Streams: JSONL shards and outputs. Compression follows the suffix (".gz") in both directions.

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text")
KNOWN_SUFFIXES = JSONL_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES


def bare_name(path: str) -> str:
    """The name whose suffix says the format: lower case, without a ".gz"."""
    return path.lower().removesuffix(".gz")


def format_of(path: str, fmt: str = "auto") -> str:
    """The format a path is read as: the explicit `fmt`, else JSONL by suffix (also under .gz),
    else "auto" (text, or HTML when the content says so)."""
    if fmt != "auto":
        return fmt
    return "jsonl" if bare_name(path).endswith(JSONL_SUFFIXES) else "auto"


def is_known_input(path: str) -> bool:
    """Files a folder walk picks up when no --format is given."""
    return bare_name(path).endswith(KNOWN_SUFFIXES)


def input_size(path: str) -> int | None:
    """Uncompressed size when cheaply known (for progress ETA); None for stdin and .gz."""
    if path == "-" or path.lower().endswith(".gz"):
        return None
    try:
        return Path(path).stat().st_size
    except OSError:
        return None


def read_document_bytes(path: str) -> bytes:
    """A whole document's bytes, decompressed when the name ends in .gz."""
    data = read_bytes(path)
    if path.lower().endswith(".gz"):
        import gzip  # only for compressed inputs

        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"{path}: not a valid gzip file: {e}") from None
    return data


def iter_lines(path: str):
    """Yield (line number, raw bytes without the newline) from a file or stdin, streaming, so a
    shard of any size is never held in memory at once."""
    if path == "-":
        stream, close = sys.stdin.buffer, False
    else:
        with _readable(path):
            if path.lower().endswith(".gz"):
                import gzip

                stream = gzip.open(path, "rb")  # noqa: SIM115 - closed in `finally`
            else:
                stream = open(path, "rb")  # noqa: SIM115 - closed in `finally`
        close = True
    try:
        no = 0
        for no, raw in enumerate(stream, 1):  # `no` is used after the loop
            yield no, raw.rstrip(b"\n").rstrip(b"\r")
    except (OSError, EOFError, zlib.error) as e:  # zlib: a damaged compressed stream
        raise InputError(f"{path}: read error after line {no}: {e}") from None
    finally:
        if close:
            stream.close()


def line_text(no: int, raw: bytes, errors: str = "strict") -> str:
    """A line of `iter_lines` as text: UTF-8, and a byte-order mark may open the first line."""
    return raw.decode("utf-8-sig" if no == 1 else "utf-8", errors)


# the temporary files of outputs being written, for a run that is killed (`remove_temporaries`)
_TEMPORARIES: set[str] = set()


def remove_temporaries() -> None:
    """Delete every temporary file an unfinished Output has made (on SIGTERM: the targets stay
    as they were)."""
    for path in list(_TEMPORARIES):
        try:
            os.unlink(path)
        except OSError:
            pass
        _TEMPORARIES.discard(path)


def _written_as_it_comes(path: str) -> bool:
    """Written as it comes, never renamed over: a device, a pipe or a socket, and whatever
    /dev and /proc name (/dev/stdout may lead to a file a shell opened for appending)."""
    if path.startswith(("/dev/", "/proc/")):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path)
    except OSError:
        return False  # not there yet: a new file


class Output:
    """A destination for cleaned output: stdout, or a file written atomically.

    A file is written to a temporary file beside it and renamed over the target only when the
    run for it completes, so an interrupted run never leaves a half-written file (and, for
    --in-place, never a half-cleaned input). `.gz` names are gzip-compressed. With `backup`, the
    previous file is kept under that suffix before the rename. A symbolic link is followed (the
    file it names is replaced, the link stays); a device or a pipe (/dev/null, a FIFO) is
    written directly, since renaming over it would replace the device with a file.
    """

    def __init__(self, path: str | None, backup: str | None = None):
        self.path = path
        self.backup = backup
        self._direct = False  # a device or pipe, written as it comes
        self._tmp: str | None = None
        self._raw = None
        if path is None or path == "-":
            self._stream = sys.stdout.buffer
            return
        if _written_as_it_comes(path):
            try:
                # appending: /dev/stdout may be a file the shell opened with >>, which "wb"
                # would truncate; for a device or a pipe it is the same
                self._stream = open(path, "ab")  # noqa: SIM115 - closed in commit/abort
            except OSError as e:
                raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
            self._direct = True
            return
        if os.path.islink(path):  # the file it names is replaced, the link stays
            path = self.path = os.path.realpath(path)
        target = Path(path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
            _TEMPORARIES.add(self._tmp)
        except OSError as e:
            raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
        self._raw = os.fdopen(fd, "wb")
        if path.lower().endswith(".gz"):
            import gzip

            self._stream = gzip.GzipFile(filename=target.name[:-3], mode="wb",
                                         fileobj=self._raw, mtime=0)
        else:
            self._stream = self._raw

    def write(self, data: bytes) -> None:
        self._stream.write(data)

    def commit(self) -> None:
        """Finish the file and move it into place (stdout: flush)."""
        if self._direct:
            self._stream.close()
            return
        if self._tmp is None:
            self._stream.flush()
            return
        if self._stream is not self._raw:
            self._stream.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        target = self.path
        if os.path.exists(target):
            os.chmod(self._tmp, os.stat(target).st_mode & 0o7777)
            if self.backup:
                tmp_backup = target + self.backup + ".tmp"
                shutil.copy2(target, tmp_backup)
                os.replace(tmp_backup, target + self.backup)
        else:
            os.chmod(self._tmp, 0o666 & ~_umask())
        os.replace(self._tmp, target)
        _TEMPORARIES.discard(self._tmp)
        self._tmp = None

    def abort(self) -> None:
        """Drop the temporary file; the target stays as it was."""
        if self._direct:
            self._stream.close()
            return
        if self._tmp is None:
            return
        try:
            if self._stream is not self._raw:
                self._stream.close()
            self._raw.close()
        finally:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            _TEMPORARIES.discard(self._tmp)
            self._tmp = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_file(path: str, text: str) -> None:
    """A small file (a report, an errors list), written atomically."""
    with Output(path) as out:
        out.write(text.encode("utf-8"))
