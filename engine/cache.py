"""The start-up cache: what a start would otherwise rebuild from unchanged files.

A command starts by loading and checking the rule base (YAML, pydantic, the quote check: about
90 ms of CPU) and by compiling the report templates. Both depend only on files that rarely
change, so the result is kept on disk and used again while those files are byte for byte the
same:

- **Where**: ``$HJEMMEL_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/hjemmel``, else
  ``~/.cache/hjemmel``; ``HJEMMEL_CACHE_DIR=off`` (or an empty value) turns the cache off. The
  folder is created private to the user (mode 0700). Deleting it is always safe.
- **Keyed** by everything the result depends on: the program version, the Python version, the
  program's own files (name, size and modification time of each: a changed checker in a source
  checkout is a new key), the digest of the files read and where they were read from. Another
  version of hjemmel or of Python never reads an entry it did not write.
- **Checked on load**: an entry holds its own key, and the loader checks the object it gets
  back (``valid``); anything unreadable, truncated or of the wrong kind is ignored and rebuilt.
- **Never personal**: only the rule base and templates are cached, never a case or a result.
- **Trust**: an entry is a pickle, so only a folder that no one else can write to is used:
  it must be a real folder (not a link) owned by the user and not writable by group or
  others, and each entry a file of the user's that no one else can write (else the cache is
  off for that start, and nothing is read). Whoever can still write there can already change
  what the user runs. Entries are written whole (a temporary file renamed into place), so a
  crash or a second process never leaves half an entry.

A failure to read or write the cache never fails a command: it only costs the time it saves.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import marshal
import os
import pickle
import stat
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hjemmel import __version__

T = TypeVar("T")

KEEP = 16  # entries of one kind kept; older ones are removed when a new one is written
_OFF = ("", "off", "0", "no", "false")


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("HJEMMEL_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in _OFF else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hjemmel"


@functools.cache
def program_stamp() -> str:
    """The program's files as this process sees them: each file's path, size and modification time."""
    digest = hashlib.sha256()

    # What os.walk gives (files in name order, then each folder but __pycache__ in name order,
    # links to folders not followed), with one scandir per folder and no relpath: half the time.
    def walk(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            return
        folders = []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if entry.name != "__pycache__" and not entry.is_symlink():
                    folders.append(entry)
                continue
            with contextlib.suppress(OSError):
                stat = entry.stat()  # (follows the editable install's links to the source files)
                digest.update(f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
        for entry in folders:
            walk(entry.path, prefix + entry.name + os.sep)

    walk(str(Path(__file__).parent), "")
    return digest.hexdigest()


def key(*parts: str) -> str:
    """A cache key over ``parts``, the program version, its files and the Python version."""
    digest = hashlib.sha256()
    for part in (__version__, sys.version, program_stamp(), *parts):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _owned(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    mine = info.st_uid == os.getuid() if hasattr(os, "getuid") else True  # (no owners to compare on Windows)
    return mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def usable(*, create: bool = False) -> Path | None:
    """The cache folder if it is on and safe to read (``_owned``, a real folder), made when ``create``."""
    where = folder()
    if where is None:
        return None
    try:
        if create and not os.path.lexists(where):
            where.mkdir(mode=0o700, parents=True)
        info = os.lstat(where)
    except OSError:
        return None
    return where if stat.S_ISDIR(info.st_mode) and _owned(info) else None


def load(kind: str, entry_key: str, valid: Callable[[Any], bool]) -> Any | None:
    """The object stored under ``kind``/``entry_key`` if there is one and ``valid`` accepts it."""
    where = usable()
    if where is None:
        return None
    try:
        with open(where / f"{kind}-{entry_key}.pickle", "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or not _owned(info):
                return None
            stored_key, value = pickle.load(stream)
    except Exception:  # missing, unreadable, truncated, from another layout: rebuilt
        return None
    if stored_key != entry_key:
        return None
    try:
        return value if valid(value) else None
    except Exception:
        return None


def store(kind: str, entry_key: str, value: Any) -> None:
    """Keep ``value`` under ``kind``/``entry_key`` (whole or not at all; errors are ignored)."""
    where = usable(create=True)
    if where is None:
        return
    with contextlib.suppress(Exception):
        data = pickle.dumps((entry_key, value), protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=where)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, where / f"{kind}-{entry_key}.pickle")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(where, kind)


def _prune(where: Path, kind: str) -> None:
    entries = sorted(where.glob(f"{kind}-*.pickle"), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def program_yaml(package: str, name: str) -> Any:
    """A YAML data file of the program (``facts.yaml``, ``texts.yaml``), parsed once per program stamp."""
    from importlib import resources

    import yaml

    def parse() -> Any:
        loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10× faster
        return yaml.load(resources.files(package).joinpath(name).read_text("utf-8"), Loader=loader)

    return cached("data", key(package, name), parse, lambda found: isinstance(found, dict))


class CodeCache:
    """The generated Python of the compiled conditions (``hjemmel.rulebase.codegen``), compiled once.

    Building a plan generates a small function per rule and compiles each (a third of a first
    assessment's CPU); the code objects are kept, marshalled, under the program stamp, and
    ``save`` writes the new ones after a plan is built. The source is the key, so a changed
    rule is simply a new entry.
    """

    LIMIT = 20_000  # entries; beyond it the cache starts again (many reforms in one folder)

    def __init__(self) -> None:
        self._codes: dict[str, bytes] | None = None
        self._added = False
        self._saved = self._at_exit = False
        self._objects: dict[tuple[str, str], types.CodeType] = {}  # this process: the plans of other dates share most conditions

    def compile(self, source: str, filename: str) -> types.CodeType:
        found = self._objects.get((source, filename))
        if found is None:
            found = self._objects[(source, filename)] = self._compiled(source, filename)
        return found

    def _compiled(self, source: str, filename: str) -> types.CodeType:
        if self._codes is None:
            found = load("code", key("code"), lambda found: isinstance(found, dict))
            self._codes = found if found is not None else {}
        stored = self._codes.get(source)
        if stored is not None:
            with contextlib.suppress(Exception):
                code = marshal.loads(stored)
                if isinstance(code, types.CodeType) and code.co_filename == filename:
                    return code
        code = compile(source, filename, "exec")
        if len(self._codes) >= self.LIMIT:
            self._codes = {}
        self._codes[source] = marshal.dumps(code)
        self._added = True
        return code

    def save(self) -> None:
        """Store the new code objects: at once the first time (a command that builds one plan), then
        once more when the process ends (a batch builds a plan per date of law: writing the whole
        table after each would cost more than it saves)."""
        if not self._added or self._codes is None:
            return
        if self._saved:
            if not self._at_exit:
                self._at_exit = True
                atexit.register(self._store)
            return
        self._saved = True
        self._store()

    def _store(self) -> None:
        if self._added and self._codes is not None:
            store("code", key("code"), self._codes)
            self._added = False


CODE = CodeCache()


def templates() -> Any:
    """A Jinja bytecode cache in the cache folder (the report templates compile once), or None when off.

    Jinja checks each entry against the template's source (a checksum) and its own version.
    """
    where = usable(create=True)
    if where is None:
        return None
    from jinja2 import FileSystemBytecodeCache

    return FileSystemBytecodeCache(str(where), pattern="templates-%s.cache")


def cached(kind: str, entry_key: str, build: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """``build()``, or the result a previous start stored under the same key."""
    found = load(kind, entry_key, valid)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = build()
    store(kind, entry_key, value)
    return value
