"""Outputs never overlap inputs, each other or a run record: checked before anything is written.

An output file (``--output``, ``--findings``, ``--summary``, ``assess -o``) that is an input,
or that lies inside an input folder, is refused; so is a ``--reports`` folder that is, holds
or lies inside an input folder, or that holds an input file (a report could overwrite it).
Two outputs of one run that are the same file are refused, and so is an output that is the
run record or named like one (``*.resume.json``: it is another run's record). A glob is
expanded when the batch reads it, after the outputs exist: the outputs are left out of its
matches (``exclude``), never read back. An output whose own name holds a national id is
refused too. Every refusal is an ``OutputConflict`` (a usage error
for the command line, exit 2).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from hjemmel.cases.inputs import glob_matches, is_glob
from hjemmel.errors import HjemmelError, Problem
from hjemmel.safe_text import contains_national_id, shown

RECORD_SUFFIX = ".resume.json"


class OutputConflict(HjemmelError):
    """An output would overwrite an input, another output or a run record (nothing was written)."""

    code = "usage"

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message, [Problem(message, file=file)])


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _input_paths(inputs: Iterable[str | os.PathLike[str]]) -> Iterable[tuple[str, str]]:
    """``(input as given, real path)`` of every named input; a glob gives its matches."""
    for entry in inputs:
        text = os.fspath(entry)
        if is_glob(text):
            for match in glob_matches(text):
                yield text, os.path.realpath(match)
        elif os.path.lexists(text):
            yield text, os.path.realpath(text)


Named = Sequence[tuple[str, Path | None]]  # (option, path)


def refuse_id_names(outputs: Named) -> None:
    """``OutputConflict`` when an output's own name holds a national id (in any spelling): hjemmel
    never makes a file whose name identifies a person (a file name is listed, synced and logged
    everywhere)."""
    for option, path in outputs:
        if path is not None and str(path) != "-" and contains_national_id(os.path.basename(os.fspath(path).rstrip(os.sep))):
            raise OutputConflict(f"{option} {shown(str(path))}: a file name must not contain a national id; choose another name", str(path))


def refuse_overlap(inputs: Sequence[str | os.PathLike[str]], files: Named = (), folders: Named = ()) -> None:
    """``OutputConflict`` when an output file or folder overlaps an input (see the module) or its name holds a national id."""
    refuse_id_names([*files, *folders])
    named = list(_input_paths(inputs))
    for option, output in files:
        if output is None or str(output) == "-":
            continue
        out = os.path.realpath(output)
        for given, real in named:
            if out == real or _same_file(out, real):
                raise OutputConflict(f"{option} {shown(str(output))} is also an input: choose another file (an input is never overwritten)", str(output))
            if os.path.isdir(real) and _inside(out, real) and not is_glob(given):
                where = f"lies inside the input folder {shown(given)}: it would be read back as input; write it elsewhere"
                raise OutputConflict(f"{option} {shown(str(output))} {where}", str(output))
    for option, folder in folders:
        if folder is None:
            continue
        out = os.path.realpath(folder)
        for given, real in named:
            if _inside(real, out) or (os.path.isdir(real) and _inside(out, real)):
                raise OutputConflict(
                    f"{option} {shown(str(folder))} overlaps the input {shown(given)}: reports could overwrite or be read as inputs; use a folder of its own",
                    str(folder),
                )


def refuse_shared(files: Named, record: Path | None, folders: Named = ()) -> None:
    """``OutputConflict`` when two outputs of a run are one file, or an output is a run record."""
    seen: dict[str, str] = {}
    for option, path in files:
        if path is None or str(path) == "-":
            continue
        real = os.path.realpath(path)
        if record is not None and (real == os.path.realpath(record) or _same_file(real, str(record))):
            raise OutputConflict(f"{option} {shown(str(path))} is the run record of --output: choose another file", str(path))
        if real.endswith(RECORD_SUFFIX):
            raise OutputConflict(f"{option} {shown(str(path))} is named like a run record (*{RECORD_SUFFIX}): choose another name", str(path))
        for other, earlier in seen.items():
            if real == other or _same_file(real, other):
                raise OutputConflict(f"{option} {shown(str(path))} is also {earlier}: every output of a run needs a file of its own", str(path))
        seen[real] = option
        for folder_option, folder in folders:
            if folder is not None and real == os.path.realpath(folder):
                raise OutputConflict(f"{option} {shown(str(path))} is also the {folder_option} folder", str(path))


def output_paths(*paths: Path | str | None) -> frozenset[str]:
    """Real paths of a run's outputs, for ``iter_items(exclude=…)``."""
    return frozenset(os.path.realpath(p) for p in paths if p is not None and str(p) != "-")
