"""The HTML report and batch summary as a person sees them, in a real headless Chromium.

Skipped when no Chromium binary is found (install the Debian package ``chromium``).
Each page is opened twice: ``--dump-dom`` (the rendered DOM, with console messages logged
to stderr) and ``--screenshot`` (a PNG that must not be blank). The pages carry a strict
Content-Security-Policy, so any attempt to load an external asset shows up as a console
message, which fails the test.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest
from hjemmel import Evaluator, load_case
from hjemmel.batch.run import run_batch
from hjemmel.batch.summary import write_summary
from hjemmel.reports import render

from .conftest import CASES, ROOT

CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), *map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found (apt-get install chromium, or set CHROMIUM)")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]  # fmt: skip


def chromium(page: Path, *args: str) -> tuple[str, str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="hjemmel-chromium-") as profile:
        done = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=40,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def png_pixels(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the (filtered) pixel bytes of a PNG, with the standard library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        if data[pos + 4 : pos + 8] == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def look(page: Path, shot: Path, size: str = "1000,1600") -> str:
    dom, log = chromium(page, "--dump-dom")
    assert console_messages(log) == [], "console messages: " + "\n".join(console_messages(log))
    chromium(page, f"--screenshot={shot}", f"--window-size={size}")
    width, height, pixels = png_pixels(shot)
    assert (width, height) == tuple(int(n) for n in size.split(","))
    assert len(set(pixels)) > 20, "the screenshot looks blank"
    return dom


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory, evaluator: Evaluator) -> Path:
    path = tmp_path_factory.mktemp("browser") / "rapport.html"
    assessment = evaluator.assess(load_case(CASES / "loslatelse-uten-bolig-2024.yaml"))
    path.write_text(render(assessment, "html"), encoding="utf-8")
    return path


def test_report_renders_in_chromium(report_page: Path) -> None:
    dom = look(report_page, report_page.with_suffix(".png"))
    assert '<html lang="nb">' in dom
    for visible in ("Hvem må eller kan handle", "Kriminalomsorgen", "Frister og viktige datoer", "Løslatelse", "Klageadgang", "Fordi"):
        assert visible in dom, visible
    assert "<svg" in dom and "Tidslinje over frister og datoer" in dom


def test_report_in_english_renders(tmp_path: Path, evaluator: Evaluator) -> None:
    path = tmp_path / "report.html"
    path.write_text(render(evaluator.assess(load_case(CASES / "utkastelse-2024.yaml"), lang="en"), "html"), encoding="utf-8")
    dom = look(path, tmp_path / "report.png", "800,1200")
    assert '<html lang="en">' in dom and "Who must or may act" in dom and "Eviction" in dom


def test_batch_summary_renders_in_chromium(tmp_path: Path, evaluator: Evaluator) -> None:
    summary = run_batch([CASES, ROOT / "tests" / "data" / "bad"], io.StringIO(), evaluator)
    path = tmp_path / "sammendrag.html"
    write_summary(summary, path, "nb")
    dom = look(path, tmp_path / "sammendrag.png")
    assert "Sammendrag av kjøring" in dom and "Hvorfor saker feilet" in dom and "<svg" in dom


def test_a_page_with_an_external_asset_is_caught(tmp_path: Path, report_page: Path) -> None:
    """The console check works: an external image breaks the report's CSP."""
    bad = tmp_path / "bad.html"
    bad.write_text(report_page.read_text(encoding="utf-8").replace("</main>", '<img src="https://example.invalid/x.png" alt=""></main>'), encoding="utf-8")
    _, log = chromium(bad, "--dump-dom")
    assert any("Content Security Policy" in line for line in console_messages(log))


def _pdf_pages(data: bytes) -> int:
    """The number of pages of a PDF Chromium printed (its page objects)."""
    return data.count(b"/Type /Page") - data.count(b"/Type /Pages")


def test_the_release_case_prints_to_at_most_four_a4_pages(tmp_path: Path, evaluator: Evaluator) -> None:
    """Paper keeps the summary and the findings and drops what is only for the screen."""
    assessment = evaluator.assess(load_case(CASES / "loslatelse-uten-bolig-2024.yaml"), on=dt.date(2024, 11, 4))
    page = tmp_path / "report.html"
    page.write_text(render(assessment, "html"), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    chromium(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    pages = _pdf_pages(pdf.read_bytes())
    assert 1 <= pages <= 4, pages
