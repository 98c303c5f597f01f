"""Rendering an Assessment as text, Markdown, HTML or JSON (Jinja2 templates).

A report is a pure function of the Assessment: templates hold layout, not law.
"""

from __future__ import annotations

from .renderer import FORMATS, render

__all__ = ["FORMATS", "render"]
