"""Outputs never overlap inputs: checked before anything is written.

An output file (``--output``, ``--summary``, ``assess -o``) that is an input, or that lies
inside an input folder, is a usage error (exit 2); so is a ``--reports`` folder that is,
holds or lies inside an input folder, or that holds an input file (a report could overwrite
it). A glob is expanded when the batch reads it, after the outputs exist: the outputs are
left out of its matches (``exclude``), never read back.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import click
from hjemmel.cases.inputs import glob_matches, is_glob
from hjemmel.safe_text import shown


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


def refuse_overlap(inputs: Sequence[str | os.PathLike[str]], files: Named = (), folders: Named = ()) -> None:
    """``click.UsageError`` when an output file or folder overlaps an input (see the module)."""
    named = list(_input_paths(inputs))
    for option, output in files:
        if output is None or str(output) == "-":
            continue
        out = os.path.realpath(output)
        for given, real in named:
            if out == real or _same_file(out, real):
                raise click.UsageError(f"{option} {shown(str(output))} is also an input: choose another file (an input is never overwritten)")
            if os.path.isdir(real) and _inside(out, real) and not is_glob(given):
                where = f"lies inside the input folder {shown(given)}: it would be read back as input; write it elsewhere"
                raise click.UsageError(f"{option} {shown(str(output))} {where}")
    for option, folder in folders:
        if folder is None:
            continue
        out = os.path.realpath(folder)
        for given, real in named:
            if _inside(real, out) or (os.path.isdir(real) and _inside(out, real)):
                raise click.UsageError(
                    f"{option} {shown(str(folder))} overlaps the input {shown(given)}: reports could overwrite or be read as inputs; use a folder of its own"
                )


def output_paths(*paths: Path | str | None) -> frozenset[str]:
    """Real paths of a run's outputs, for ``iter_items(exclude=…)``."""
    return frozenset(os.path.realpath(p) for p in paths if p is not None and str(p) != "-")
