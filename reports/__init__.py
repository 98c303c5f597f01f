"""Rendering an Assessment as text, Markdown, HTML or JSON (Jinja2 templates).

A report is a pure function of the Assessment: templates hold layout, not law.
"""

from __future__ import annotations

if __name__ != "hjemmel.reports":  # pragma: no cover - only when the reports/ folder is imported by its folder name
    raise ImportError(f"this folder is the package 'hjemmel.reports' (imported here as {__name__!r}): write `import hjemmel.reports`")

from .renderer import FORMATS, render

__all__ = ["FORMATS", "render"]
