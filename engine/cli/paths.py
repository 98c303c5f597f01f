"""Outputs never overlap inputs (``hjemmel.batch.overlap``), as a usage error for the command line."""

from __future__ import annotations

import os
from collections.abc import Sequence

import click
from hjemmel.batch import overlap
from hjemmel.batch.overlap import Named, output_paths

__all__ = ["output_paths", "refuse_overlap"]


def refuse_overlap(inputs: Sequence[str | os.PathLike[str]], files: Named = (), folders: Named = ()) -> None:
    """``click.UsageError`` when an output file or folder overlaps an input (exit 2)."""
    try:
        overlap.refuse_overlap(inputs, files, folders)
    except overlap.OutputConflict as exc:
        raise click.UsageError(exc.message) from None
