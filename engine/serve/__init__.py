"""``hjemmel serve``: the caseworker's interview and report in a browser, and an HTTP API.

A composing layer like the CLI (the core never imports it), on the same engine and the
same assessment contract:

- ``app``: ``create_app`` builds the FastAPI application;
- ``pages``, ``views``, ``state``: the interview and report pages (server-rendered, the
  interview's state carried by the page, nothing stored);
- ``api``, ``docs``: the versioned HTTP API and its description;
- ``security``: size limits, security headers, a strict Content-Security-Policy;
- ``engine``: the one durable-rules host per process, used from the event loop's thread only;
- ``workers``: the listening socket and the worker processes;
- ``connections``: timeouts and fair bounds on connections (uvicorn's httptools protocol, guarded);
- ``inputs``: a case from a request body or an uploaded file, with the case readers' limits;
- ``texts``: every fixed text of the pages, in bokmål, nynorsk and English.

Needs the optional dependencies: ``pip install 'hjemmel[serve]'``.
"""

from __future__ import annotations

from hjemmel.serve.app import create_app

__all__ = ["create_app"]
