"""Console entry point: refuses an unsupported Python with one sentence, not a traceback."""

from __future__ import annotations

import sys


def main() -> None:
    from engine import UNSUPPORTED_MESSAGE, python_supported

    if not python_supported():
        print(UNSUPPORTED_MESSAGE, file=sys.stderr)
        sys.exit(1)
    from engine.cli import main as cli

    cli()
