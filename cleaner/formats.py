"""Reading inputs: plain text (UTF-8, BOM, CRLF, invalid bytes) and HTML pages.

This is the only module that opens input files. HTML support imports trafilatura and
BeautifulSoup on first use only, so plain-text runs start fast.
"""
from __future__ import annotations

import re
import sys
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


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """UTF-8 with an optional BOM; invalid bytes become U+FFFD and produce a warning."""
    warnings = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        text = data.decode("utf-8-sig", errors="replace")
        n = text.count("\ufffd")
        warnings.append(f"{name}: invalid UTF-8 at byte {e.start}; {n} character(s) replaced")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def looks_like_html(name: str, text: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES) or bool(_HTML_START.match(text[:1000]))


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None


def read_input(path: str, fmt: str = "auto") -> Input:
    """Read a text or HTML document. `fmt` is "auto", "text" or "html"."""
    name = "<stdin>" if path == "-" else path
    text, warnings = decode(read_bytes(path), name)
    if fmt == "html" or (fmt == "auto" and looks_like_html(name, text)):
        body, captions = html_to_text(text)
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
