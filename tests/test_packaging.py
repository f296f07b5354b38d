"""A wheel (not only an editable install) ships every built-in rule file."""
from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from cleaner.rules import builtin_rules_dir

ROOT = Path(__file__).resolve().parent.parent


def test_every_rules_folder_is_a_listed_package():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(conf["tool"]["setuptools"]["packages"])
    folders = {f"cleaner.rules_data.{d.name}" for d in (ROOT / "rules").iterdir()
               if d.is_dir() and not d.name.startswith((".", "_"))}
    missing = folders - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"


def test_package_data_covers_every_rule_file():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = conf["tool"]["setuptools"]["package-data"]["cleaner.rules_data"]
    files = [p for p in (ROOT / "rules").rglob("*") if p.is_file() and p.suffix != ".py"
             and "__pycache__" not in p.parts]
    assert files
    for f in files:
        rel = f.relative_to(ROOT / "rules")
        # setuptools globs: "**/" may match no folder at all
        assert any(fnmatch(str(rel), pat) or fnmatch(str(rel), pat.replace("**/", ""))
                   for pat in patterns), rel


def test_installed_rules_are_the_repository_rules():
    shipped = {p.relative_to(builtin_rules_dir()) for p in builtin_rules_dir().rglob("*.yml")}
    repo = {p.relative_to(ROOT / "rules") for p in (ROOT / "rules").rglob("*.yml")}
    assert shipped == repo
