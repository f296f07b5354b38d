"""Rule files: YAML in, validated `Rule` objects out.

A rule file is a mapping with optional file-wide defaults (`lang`, `tags`), a `rules:` list and
an optional `settings:` mapping (heuristic thresholds). Every problem is collected with its
`path:line` and the rule id, and reported all at once as a `RuleFileError`.

Layers: the built-in rules form the first layer; each `--rules PATH` adds one more. Inside a
layer an id may appear once. A later layer's rule with an existing id replaces the earlier one,
and `enabled: false` switches a rule off.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import cache
from .document import ends_like_sentence
from .errors import Problem, RuleFileError

try:  # the C loader is ~10x faster on large rule sets
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _BaseLoader = yaml.SafeLoader

KINDS = ("drop", "replace", "swap")
MATCH_MODES = ("line", "start", "search")
POSITIONS = ("any", "head", "tail")
ENDINGS = ("any", "punct", "no-punct")
THEN = ("none", "drop-run", "drop-rest")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_RE = re.compile(r"^(?:any|[a-z]{2,3})$")

COMMON_KEYS = {"id", "kind", "summary", "description", "lang", "tags", "enabled", "examples"}
KIND_KEYS = {
    "drop": {"match", "phrases", "patterns", "case_sensitive", "max_words", "min_words",
             "position", "ending", "then", "max_per_doc"},
    "replace": {"pattern", "with", "case_sensitive"},
    "swap": {"canonical", "aliases", "case_sensitive"},
}
FILE_KEYS = {"lang", "tags", "rules", "settings"}


def builtin_rules_dir() -> Path:
    """The rule folder shipped with the package (the repository's `rules/` in a checkout)."""
    return Path(str(resources.files("cleaner.rules_data")))


# ---------------------------------------------------------------------------------------------
# YAML with line numbers


class _Map(dict):
    """A mapping that remembers where it and each of its keys stood in the file."""

    line: int = 0
    key_lines: dict


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_map(loader, node):
    loader.flatten_mapping(node)
    m = _Map()
    m.line = node.start_mark.line + 1
    m.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in m:
            raise yaml.MarkedYAMLError("while reading a mapping", node.start_mark,
                                       f"duplicate key '{key}'", key_node.start_mark)
        m[key] = loader.construct_object(value_node, deep=True)
        m.key_lines[key] = key_node.start_mark.line + 1
    return m


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
# Rule files hold text: "2020-01-05" in an example is a string, not a date.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _BaseLoader.yaml_implicit_resolvers.items()}


def _line_of(m: Any, key: str | None = None, default: int = 1) -> int:
    if isinstance(m, _Map):
        if key is not None and key in m.key_lines:
            return m.key_lines[key]
        return m.line
    return default


# ---------------------------------------------------------------------------------------------
# Rule objects


@dataclass
class Examples:
    drop: list[str] = field(default_factory=list)  # lines the rule must remove (drop rules)
    change: list[tuple[str, str]] = field(default_factory=list)  # (in, out) for replace/swap
    keep: list[str] = field(default_factory=list)  # lines the rule must leave alone


@dataclass
class Rule:
    """One validated rule. Kind-specific fields are unused by other kinds."""

    id: str
    kind: str
    lang: str
    path: str
    line: int
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    enabled: bool = True
    examples: Examples = field(default_factory=Examples)
    case_sensitive: bool = False
    # drop
    match: str = "line"
    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    max_words: int | None = None
    min_words: int | None = None
    max_per_doc: int | None = None  # more matches than this in one document: drop none of them
    position: str = "any"
    ending: str = "any"
    then: str = "none"
    # replace
    pattern: re.Pattern | None = None
    replacement: str = ""
    # swap
    canonical: str = ""
    aliases: tuple[str, ...] = ()
    order: int = 0  # position in the loaded rule set; earlier rules win ties

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line}"

    def accepts(self, text: str, zone: str | None, n_words: int | None = None) -> bool:
        """Shape constraints of a drop rule. `zone` is "head", "tail", "" (between them) or
        None; None means "assume the rule's zone holds" (used when testing examples).
        `n_words`, when the caller knows it, saves splitting the line again."""
        if self.max_words is not None or self.min_words is not None:
            n = len(text.split()) if n_words is None else n_words
            if self.max_words is not None and n > self.max_words:
                return False
            if self.min_words is not None and n < self.min_words:
                return False
        if self.ending != "any" and ends_like_sentence(text) != (self.ending == "punct"):
            return False
        return not (self.position != "any" and zone is not None and self.position != zone)


@dataclass
class RuleSet:
    """All enabled rules in order, plus merged settings and where each setting came from."""

    rules: list[Rule]
    settings: dict
    disabled: list[Rule] = field(default_factory=list)

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def for_lang(self, lang: str | None) -> list[Rule]:
        return [r for r in self.rules if r.lang == "any" or r.lang == lang]


# ---------------------------------------------------------------------------------------------
# Loading


def rule_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    return [path]


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, rule_id: str | None, msg: str, severity="error"):
        self.problems.append(Problem(path, line, rule_id, msg, severity))


def _str_list(value, what: str, err) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        err(f"'{what}' must be a string or a list of strings")
        return None
    return list(value)


def _compile(pattern: str, case_sensitive: bool, err, what: str) -> re.Pattern | None:
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        return re.compile(pattern, flags)
    except re.error as e:
        err(f"bad regex in '{what}': {e} in {pattern!r}")
        return None


def _parse_examples(raw, kind: str, err) -> Examples:
    ex = Examples()
    if raw is None:
        err("has no 'examples' (every rule needs lines it changes and lines it keeps)")
        return ex
    if not isinstance(raw, dict):
        err("'examples' must be a mapping with 'drop'/'change' and 'keep'")
        return ex
    allowed = {"drop", "keep"} if kind == "drop" else {"change", "keep"}
    for k in raw:
        if k not in allowed:
            err(f"unknown key 'examples.{k}' (allowed: {', '.join(sorted(allowed))})")
    if "keep" in raw:
        ex.keep = _str_list(raw["keep"], "examples.keep", err) or []
    if kind == "drop":
        ex.drop = _str_list(raw.get("drop", []), "examples.drop", err) or []
        if not ex.drop:
            err("has no 'examples.drop' (lines the rule must remove)")
    else:
        items = raw.get("change", [])
        if not isinstance(items, list):
            err("'examples.change' must be a list of {in: ..., out: ...}")
            items = []
        for item in items:
            if (not isinstance(item, dict) or set(item) != {"in", "out"}
                    or not all(isinstance(v, str) for v in item.values())):
                err("each 'examples.change' item needs exactly the string keys 'in' and 'out'")
                continue
            ex.change.append((item["in"], item["out"]))
        if not ex.change:
            err("has no 'examples.change' (inputs with the text expected after the rule)")
    return ex


def _parse_rule(raw, path: str, file_lang: str, file_tags: list[str], c: _Collector) -> Rule | None:
    line = _line_of(raw)
    rid = raw.get("id") if isinstance(raw, dict) else None
    rid_s = rid if isinstance(rid, str) else None
    n_before = len(c.problems)

    def err(msg, key=None):
        c.add(path, _line_of(raw, key, line), rid_s, msg)

    if not isinstance(raw, dict):
        c.add(path, line, None, "each item of 'rules' must be a mapping")
        return None
    if not isinstance(rid, str) or not ID_RE.match(rid):
        err("needs an 'id' in kebab-case (lowercase letters, digits and '-')", "id")
    kind = raw.get("kind")
    if kind not in KINDS:
        err(f"'kind' must be one of: {', '.join(KINDS)}", "kind")
        return None
    allowed = COMMON_KEYS | KIND_KEYS[kind]
    for k in raw:
        if k not in allowed:
            err(f"unknown key '{k}' for kind '{kind}' (allowed: {', '.join(sorted(allowed))})", k)
    lang = raw.get("lang", file_lang)
    if not isinstance(lang, str) or not LANG_RE.match(lang):
        err("'lang' must be 'any' or a language code such as 'en'", "lang")
        lang = "any"
    tags = raw.get("tags", [])
    tags = _str_list(tags, "tags", lambda m: err(m, "tags")) or []
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        err("'enabled' must be true or false", "enabled")
    cs = raw.get("case_sensitive", False)
    if not isinstance(cs, bool):
        err("'case_sensitive' must be true or false", "case_sensitive")
        cs = False
    for k in ("summary", "description"):
        if k in raw and not isinstance(raw[k], str):
            err(f"'{k}' must be a string", k)
    rule = Rule(id=rid_s or "?", kind=kind, lang=lang, path=path, line=line,
                summary=str(raw.get("summary", "")).strip(),
                description=str(raw.get("description", "")).strip(),
                tags=tuple(dict.fromkeys([*file_tags, *tags])), enabled=bool(enabled),
                case_sensitive=cs)
    rule.examples = _parse_examples(raw.get("examples"), kind, lambda m: err(m, "examples"))

    if kind == "drop":
        _parse_drop(raw, rule, err)
    elif kind == "replace":
        pat = raw.get("pattern")
        if not isinstance(pat, str) or not pat:
            err("needs a 'pattern' (a regex)", "pattern")
        else:
            rule.pattern = _compile(pat, cs, lambda m: err(m, "pattern"), "pattern")
        repl = raw.get("with", "")
        if not isinstance(repl, str):
            err("'with' must be a string", "with")
        else:
            rule.replacement = repl
            if rule.pattern is not None:
                try:
                    _check_template(rule.pattern, repl)
                except (re.error, IndexError) as e:
                    err(f"bad replacement in 'with': {e}", "with")
    else:
        canon = raw.get("canonical")
        if not isinstance(canon, str) or not canon.strip():
            err("needs a 'canonical' form", "canonical")
        else:
            rule.canonical = canon
        aliases = _str_list(raw.get("aliases", []), "aliases", lambda m: err(m, "aliases")) or []
        if not aliases:
            err("needs 'aliases' (the forms to replace)", "aliases")
        for a in aliases:
            if not a.strip():
                err("has an empty alias", "aliases")
            elif isinstance(canon, str) and a == canon:
                err(f"alias {a!r} equals the canonical form", "aliases")
        rule.aliases = tuple(aliases)
    return rule if len(c.problems) == n_before else None


def _check_template(pattern: re.Pattern, repl: str) -> None:
    """Raise re.error when `repl` refers to groups the pattern does not have."""
    from re import _parser

    _parser.parse_template(repl, pattern)


def _parse_drop(raw, rule: Rule, err) -> None:
    mode = raw.get("match", "line")
    if mode not in MATCH_MODES:
        err(f"'match' must be one of: {', '.join(MATCH_MODES)}", "match")
    rule.match = mode if mode in MATCH_MODES else "line"
    phrases = _str_list(raw.get("phrases", []), "phrases", lambda m: err(m, "phrases")) or []
    patterns = _str_list(raw.get("patterns", []), "patterns", lambda m: err(m, "patterns")) or []
    if not phrases and not patterns:
        err("needs 'phrases' or 'patterns'")
    for p in phrases:
        if not p.strip():
            err("has an empty phrase", "phrases")
    rule.phrases = tuple(p for p in phrases if p.strip())
    compiled = [_compile(p, rule.case_sensitive, lambda m: err(m, "patterns"), "patterns")
                for p in patterns]
    rule.patterns = tuple(p for p in compiled if p is not None)
    for key in ("max_words", "min_words", "max_per_doc"):
        v = raw.get(key)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            err(f"'{key}' must be a whole number >= 0", key)
        else:
            setattr(rule, key, v)
    for key, allowed in (("position", POSITIONS), ("ending", ENDINGS), ("then", THEN)):
        v = raw.get(key, allowed[0])
        if v not in allowed:
            err(f"'{key}' must be one of: {', '.join(allowed)}", key)
        else:
            setattr(rule, key, v)


# Large rule files (thousands of generated or mined rules) take seconds to parse, mostly PyYAML
# building objects; their validated rules are cached (`cache`), keyed by this code, the file's
# path and its bytes.
CACHE_MIN_BYTES = 64 * 1024


def load_file(path: Path, c: _Collector) -> tuple[list[Rule], dict, dict]:
    """Parse one file. Returns its rules, its raw settings and the settings' line numbers."""
    spath = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        c.add(spath, 0, None, "no such rule file")
        return [], {}, {}
    except (OSError, UnicodeDecodeError) as e:
        c.add(spath, 0, None, f"cannot read rule file: {e}")
        return [], {}, {}
    if len(text) < CACHE_MIN_BYTES:
        return _parse_file(spath, text, c)
    import pickle

    entry = cache.digest(cache.code_digest(), str(path.resolve()).encode(), text.encode())
    mine = _Collector()
    # only valid files are cached; errors are reported every time
    result = cache.through(entry + ".pickle", lambda: _parse_file(spath, text, mine),
                           dump=lambda r: None if mine.problems else pickle.dumps(r))
    c.problems.extend(mine.problems)
    return result


# where a YAML alias ("*name") may stand: only then are the file's events looked through
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}\"']")


def _alias_line(text: str) -> int | None:
    """The line of the first YAML alias in the text, if any. Rule files need none, and an
    alias of an alias of ... ("billion laughs") is a small file that expands beyond memory."""
    if not _MAYBE_ALIAS.search(text):
        return None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return None


def _parse_file(spath: str, text: str, c: _Collector) -> tuple[list[Rule], dict, dict]:
    try:
        alias = _alias_line(text)
        if alias is not None:
            c.add(spath, alias, None, "invalid YAML: aliases (*name) are not allowed in rule files")
            return [], {}, {}
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        c.add(spath, (mark.line + 1) if mark else 0, None, f"invalid YAML: {e.problem}")
        return [], {}, {}
    except yaml.YAMLError as e:
        c.add(spath, 0, None, f"invalid YAML: {e}")
        return [], {}, {}
    except RecursionError:  # PyYAML builds nested lists and mappings recursively
        c.add(spath, 0, None, "invalid YAML: nested too deeply to read")
        return [], {}, {}
    if data is None:
        return [], {}, {}
    if not isinstance(data, dict):
        c.add(spath, 1, None, "a rule file must be a mapping with a 'rules' list")
        return [], {}, {}
    for k in data:
        if k not in FILE_KEYS:
            c.add(spath, _line_of(data, k), None,
                  f"unknown top-level key '{k}' (allowed: {', '.join(sorted(FILE_KEYS))})")
    file_lang = data.get("lang", "any")
    if not isinstance(file_lang, str) or not LANG_RE.match(file_lang):
        c.add(spath, _line_of(data, "lang"), None, "'lang' must be 'any' or a language code")
        file_lang = "any"
    file_tags = data.get("tags", []) or []
    if not isinstance(file_tags, list):
        c.add(spath, _line_of(data, "tags"), None, "'tags' must be a list")
        file_tags = []
    raw_rules = data.get("rules", []) or []
    if not isinstance(raw_rules, list):
        c.add(spath, _line_of(data, "rules"), None, "'rules' must be a list")
        raw_rules = []
    rules = [r for r in (_parse_rule(x, spath, file_lang, file_tags, c) for x in raw_rules) if r]
    if not Path(spath).resolve().is_relative_to(builtin_rules_dir().resolve()):
        _refuse_risky_regexes(rules, c)  # (the built-ins are linted by the test suite)
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        c.add(spath, _line_of(data, "settings"), None, "'settings' must be a mapping")
        settings = {}
    return rules, settings, _settings_lines(settings)


def _refuse_risky_regexes(rules: list[Rule], c: _Collector) -> None:
    """A regex that can backtrack catastrophically would hang a run on some line: it is an
    error when the file is loaded, as `clean rules check` says (same message)."""
    from .lint import risk_message  # the regex analysis lives with the linter

    for r in rules:
        for pat in [*r.patterns, *([r.pattern] if r.pattern is not None else [])]:
            msg = risk_message(pat)
            if msg:
                c.add(r.path, r.line, r.id, msg)


def _settings_lines(settings: Any, prefix: str = "") -> dict:
    out = {}
    if isinstance(settings, _Map):
        for k, v in settings.items():
            out[prefix + k] = settings.key_lines.get(k, settings.line)
            out.update(_settings_lines(v, f"{prefix}{k}."))
    return out


def load_rules(paths: Iterable[Path | str] = (), default_rules: bool = True) -> RuleSet:
    """Load the built-in rules (unless `default_rules` is False), then each path as a layer.

    Settings always start from the built-in `settings.yml` (defaults and schema in one), even
    with `default_rules=False`: turning off the built-in rules does not unset the thresholds.
    """
    from .settings import SETTINGS_FILE, merge_settings

    c = _Collector()
    builtin = builtin_rules_dir()
    base_path = builtin / SETTINGS_FILE
    _, base, _ = load_file(base_path, c)
    layers: list[list[Path]] = []
    if default_rules:
        layers.append([f for f in rule_files(builtin) if f != base_path])
    for p in paths:
        p = Path(p)
        if not p.exists():
            c.add(str(p), 0, None, "no such rule file or folder")
            continue
        layers.append(rule_files(p))
    merged: dict[str, Rule] = {}
    settings_layers: list[tuple[str, dict, dict]] = []
    for files in layers:
        seen: dict[str, Rule] = {}
        for f in files:
            rules, settings, lines = load_file(f, c)
            if settings:
                settings_layers.append((str(f), settings, lines))
            for r in rules:
                if r.id in seen:
                    c.add(r.path, r.line, r.id, f"duplicate id (first defined at {seen[r.id].source})")
                    continue
                seen[r.id] = r
        for rid, r in seen.items():
            merged.pop(rid, None)  # a later layer replaces the earlier rule and takes its place
            merged[rid] = r
    settings = merge_settings(_plain(base), settings_layers, c)
    if c.problems:
        raise RuleFileError(c.problems)
    enabled = [r for r in merged.values() if r.enabled]
    for i, r in enumerate(enabled):
        r.order = i
    return RuleSet(enabled, settings, [r for r in merged.values() if not r.enabled])


def _plain(v):
    """Settings as plain dicts (no line bookkeeping), so they pickle and compare simply."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v
