"""The start-up cache (``hjemmel.cache``): used while the files are the same, never wrong, never personal."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hjemmel import cache, load_rules
from hjemmel.errors import RuleFileError

ROOT = Path(__file__).resolve().parent.parent
HJEMMEL = str(Path(sys.executable).parent / "hjemmel")
CASE = ROOT / "cases" / "ettervern-19-ar-2024.yaml"
SYNTHETIC_ID = "15850410019"  # valid check digits, no real person (as in test_privacy)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("HJEMMEL_CACHE_DIR", str(where))
    return where


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", copy)
    return copy


def test_a_cached_rule_base_is_the_rule_base(folder: Path, rules_copy: Path) -> None:
    fresh = load_rules(rules_copy)
    assert list(folder.glob("rules-*.pickle")), "the first load stores the rule base"
    again = load_rules(rules_copy)
    assert again == fresh and again.digest == fresh.digest and again.locations == fresh.locations
    assert again is not fresh


def test_a_changed_rule_file_is_read_again(folder: Path, rules_copy: Path) -> None:
    first = load_rules(rules_copy)
    path = next(p for p in sorted(rules_copy.glob("*.yaml")) if p.name not in ("laws.yaml", "actors.yaml"))
    lines = path.read_text("utf-8").splitlines(keepends=True)
    rule = next(r for r in first.rules if first.locations[r.id][0].endswith(path.name))
    old = f'nb: "{rule.title.nb}"'
    at = next(n for n in range(first.locations[rule.id][1] - 1, len(lines)) if old in lines[n])
    lines[at] = lines[at].replace(old, 'nb: "Endret tittel"')
    path.write_text("".join(lines), "utf-8")
    changed = load_rules(rules_copy)
    assert changed.digest != first.digest
    assert changed.rule(rule.id).title.nb == "Endret tittel" != first.rule(rule.id).title.nb


def test_a_broken_rule_file_is_an_error_whatever_the_cache_holds(folder: Path, rules_copy: Path) -> None:
    load_rules(rules_copy)
    laws = rules_copy / "laws.yaml"
    laws.write_text(laws.read_text("utf-8") + "\nnot: [closed\n", "utf-8")
    with pytest.raises(RuleFileError):
        load_rules(rules_copy)


def test_a_damaged_or_foreign_entry_is_ignored_and_rebuilt(folder: Path, rules_copy: Path) -> None:
    fresh = load_rules(rules_copy)
    for entry in folder.glob("rules-*.pickle"):
        entry.write_bytes(b"\x80\x05not a pickle at all")
    assert load_rules(rules_copy) == fresh
    for entry in folder.glob("rules-*.pickle"):
        entry.write_bytes(entry.read_bytes()[:100])  # cut off
    assert load_rules(rules_copy) == fresh


def test_another_program_version_never_reads_an_entry(folder: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_rules(rules_copy)
    before = {p.name for p in folder.glob("rules-*.pickle")}
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    load_rules(rules_copy)
    assert len({p.name for p in folder.glob("rules-*.pickle")} - before) == 1


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules_copy: Path) -> None:
    monkeypatch.setenv("HJEMMEL_CACHE_DIR", "off")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache.folder() is None
    load_rules(rules_copy)
    assert not (tmp_path / "home").exists()


def test_the_folder_is_private_and_holds_nothing_of_a_case(folder: Path, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE.read_text("utf-8").replace("  birth_date: 2004-11-02", f'  national_id: "{SYNTHETIC_ID}"'), "utf-8")
    env = {**os.environ, "HJEMMEL_CACHE_DIR": str(folder)}
    for fmt in ("text", "html"):
        done = subprocess.run([HJEMMEL, "assess", str(case), "--format", fmt], capture_output=True, text=True, env=env, cwd=tmp_path)
        assert done.returncode in (0, 1), done.stderr
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    kinds = {entry.name.split("-", 1)[0] for entry in folder.iterdir()}
    assert {"rules", "code", "templates"} <= kinds, kinds
    for entry in folder.iterdir():
        data = entry.read_bytes()
        assert SYNTHETIC_ID.encode() not in data and str(tmp_path).encode() not in data, entry.name


def test_an_unwritable_cache_folder_costs_only_time(tmp_path: Path, rules_copy: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    env = {**os.environ, "HJEMMEL_CACHE_DIR": str(blocked / "cache")}
    done = subprocess.run([HJEMMEL, "--rules", str(rules_copy), "assess", str(CASE)], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stderr == "" and "Traceback" not in done.stdout


def test_a_folder_others_can_write_to_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules_copy: Path) -> None:
    """An entry is a pickle: a cache folder someone else could have written is off for the start."""
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv("HJEMMEL_CACHE_DIR", str(shared))
    load_rules(rules_copy)
    (entry,) = shared.glob("rules-*.pickle")
    planted = entry.read_bytes()
    os.chmod(shared, 0o777)
    assert cache.usable() is None and cache.load("rules", entry.name[6:-7], lambda found: True) is None
    load_rules(rules_copy)
    assert [p.name for p in shared.iterdir()] == [entry.name], "nothing written beside it either"
    os.chmod(shared, 0o700)
    os.chmod(entry, 0o666)  # an entry anyone could have replaced
    assert cache.load("rules", entry.name[6:-7], lambda found: True) is None
    os.chmod(entry, 0o600)
    assert entry.read_bytes() == planted and cache.load("rules", entry.name[6:-7], lambda found: True) is not None


def test_a_linked_folder_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules_copy: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv("HJEMMEL_CACHE_DIR", str(link))
    load_rules(rules_copy)
    assert cache.usable() is None and list(real.iterdir()) == []


_PLUGINS_LOOKED_UP = r"""
import atexit, sys
def report():
    from pydantic.plugin import _loader
    print("looked-up" if _loader._plugins is not None else "skipped", file=sys.stderr)
atexit.register(report)
sys.argv = ["hjemmel", "assess", sys.argv[1]]
from hjemmel.main import main
main()
"""


@pytest.mark.parametrize(("setting", "looked_up"), [(None, False), ("", True)])
def test_the_command_line_skips_pydantics_plugin_lookup_unless_the_user_asks(setting: str | None, looked_up: bool) -> None:
    """The lookup reads every installed package's metadata (about 60 ms of one `assess`);
    an explicit PYDANTIC_DISABLE_PLUGINS (empty: every plugin) is the user's and is kept."""
    env = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    done = subprocess.run([sys.executable, "-c", _PLUGINS_LOOKED_UP, str(CASE)], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == ("looked-up" if looked_up else "skipped")


_VALIDATORS_BUILT = r"""
import atexit, sys
def report():
    from hjemmel.rulebase import model, municipalities
    models = [model.Period, model.ActorName, model.Rule, model.LawsFile, municipalities.NamePeriod, municipalities.MunicipalitiesFile]
    print(" ".join(m.__name__ for m in models if m.__pydantic_complete__) or "none", file=sys.stderr)
atexit.register(report)
sys.argv = ["hjemmel", "assess", sys.argv[1]]
from hjemmel.main import main
main()
"""


def test_a_start_with_the_cached_rule_base_builds_none_of_its_validators(folder: Path) -> None:
    """The rule files' models are only needed to read them (defer_build); a default (``Period()``)
    or an eager model would build its validator at import, in every start."""
    env = {**os.environ, "HJEMMEL_CACHE_DIR": str(folder)}
    for _ in ("cold", "warm"):  # the first start fills the cache
        done = subprocess.run([sys.executable, "-c", _VALIDATORS_BUILT, str(CASE)], capture_output=True, text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "none"


_MODULES_IMPORTED = r"""
import atexit, sys
NOT_NEEDED = ("hjemmel.rulebase.checks", "hjemmel.cases.csvrows", "difflib")
# Python 3.11's importlib.metadata (which pydantic's plugin loader imports) imports csv itself.
NOT_NEEDED += ("csv",) if sys.version_info >= (3, 12) else ()
atexit.register(lambda: print(" ".join(m for m in NOT_NEEDED if m in sys.modules) or "none", file=sys.stderr))
sys.argv = ["hjemmel", "assess", sys.argv[1]]
from hjemmel.main import main
main()
"""


def test_assessing_one_case_with_the_cached_rule_base_imports_only_what_it_uses(folder: Path) -> None:
    """The rule base's checks (and difflib, for their suggestions) only when the files are read,
    the CSV reader only for CSV input."""
    env = {**os.environ, "HJEMMEL_CACHE_DIR": str(folder)}
    for _ in ("cold", "warm"):  # the first start fills the cache
        done = subprocess.run([sys.executable, "-c", _MODULES_IMPORTED, str(CASE)], capture_output=True, text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "none"


def _walked_stamp(package: Path) -> str:
    """The program stamp as os.walk gives the files (what ``program_stamp`` computes faster)."""
    import contextlib
    import hashlib

    digest = hashlib.sha256()
    for top, folders, names in os.walk(package):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(names):
            path = os.path.join(top, name)
            with contextlib.suppress(OSError):
                info = os.stat(path)
                digest.update(f"{os.path.relpath(path, package)}\0{info.st_size}\0{info.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def test_the_program_stamp_covers_every_program_file_and_changes_with_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "hjemmel"
    (package / "cli" / "__pycache__").mkdir(parents=True)
    (package / "reports" / "templates").mkdir(parents=True)
    for name in ("cache.py", "b.py", "a.yaml", "cli/x.py", "cli/__pycache__/x.pyc", "reports/templates/t.j2"):
        (package / name).write_text(name)
    (tmp_path / "elsewhere").mkdir()
    (package / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)  # not followed
    (package / "c.py").symlink_to(package / "b.py")  # a file's link is (the editable install's)
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    stamp = cache.program_stamp.__wrapped__()
    assert stamp == _walked_stamp(package)
    os.utime(package / "cli" / "x.py", ns=(0, 0))
    assert cache.program_stamp.__wrapped__() != stamp


_RULE_BASE_IMPORTED = r"""
import atexit, sys
atexit.register(lambda: print("hjemmel.rulebase.loading" in sys.modules, file=sys.stderr))
sys.argv = ["hjemmel", *sys.argv[1:]]
from hjemmel.main import main
main()
"""


@pytest.mark.parametrize("args", [["no-such-command"], ["schema"]])
def test_a_usage_error_or_a_command_without_rules_does_not_import_the_rule_base(args: list[str]) -> None:
    """(``hjemmel.cli.common`` loads it only in ``rule_base``: a usage error costs a third.)"""
    done = subprocess.run([sys.executable, "-c", _RULE_BASE_IMPORTED, *args], capture_output=True, text=True, timeout=120, check=False)
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
