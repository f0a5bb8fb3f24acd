"""Issue 12: the HTML pack prints well: A4 in Chromium, the overview alone on page one.

Uses Debian's Chromium (which ``.ci/run`` installs for the view's browser
tests) in headless mode and pdftotext from poppler-utils; skipped, with the
reason, only when they are missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_FLAGS, Run

MISSING = [
    n
    for n, found in (
        ("chromium", Path(CHROMIUM).is_file()),
        ("pdftotext", shutil.which("pdftotext")),
    )
    if not found
]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"{', '.join(MISSING)} not installed (Debian: chromium, poppler-utils)"
)
FLAGS = [*CHROMIUM_FLAGS, "--no-pdf-header-footer"]


def page_text(pdf, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_the_html_pack_prints_the_overview_alone_on_page_one(bexley_store, tmp_path):
    html = tmp_path / "bexley-pack.html"
    result = Run(bexley_store)("pack", "-o", str(html))
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "bexley-pack.pdf"
    subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    first = page_text(pdf, 1)
    assert "Readiness pack: London Borough of Bexley" in first
    assert "Learning, improvement" in first and "Open" in first
    assert "marks a quality statement with gaps" in first  # the heat map's caption
    assert "Theme 1" not in first
    second = page_text(pdf, 2)
    assert "Reports" in second and "Theme 1: Working with people" in second
