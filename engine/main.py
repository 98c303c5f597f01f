"""Console entry point: refuses an unsupported Python with one sentence, not a traceback."""

from __future__ import annotations

import sys


def main() -> None:
    from hjemmel import python_supported, unsupported_message

    if not python_supported():
        print(unsupported_message(), file=sys.stderr)
        sys.exit(1)
    from hjemmel.cli import main as cli

    cli()
