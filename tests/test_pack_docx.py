"""Issue 12: the Word pack opens in LibreOffice, and its first page is the overview.

LibreOffice converts the Bexley pack to PDF (``libreoffice --headless
--convert-to pdf``, Debian's libreoffice-writer-nogui, which ``.ci/run``
installs); pdftotext reads what is on each page and pdftoppm renders page one
to a PNG, kept in ``$CAREKG_ARTEFACTS`` (or the test's folder). Skipped, with
the reason, only when those programs are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Run

MISSING = [p for p in ("libreoffice", "pdftoppm", "pdftotext", "pdfinfo") if not shutil.which(p)]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"{', '.join(MISSING)} not installed (Debian: libreoffice-writer-nogui, poppler-utils)",
)


def artefacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CAREKG_ARTEFACTS") or tmp_path / "artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def to_pdf(docx: Path, folder: Path) -> Path:
    """The PDF LibreOffice makes of ``docx``, with a profile of its own (no shared lock)."""
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = folder / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF of {docx.name}"
    return pdf


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


def test_the_bexley_pack_opens_in_libreoffice_with_the_overview_on_page_one(bexley_store, tmp_path):
    docx = tmp_path / "bexley-pack.docx"
    result = Run(bexley_store)("pack", "-o", str(docx))
    assert result.exit_code == 0, result.output
    pdf = to_pdf(docx, tmp_path)
    assert pages(pdf) >= 5
    first = page_text(pdf, 1)
    assert "Readiness pack: London Borough of Bexley" in first
    assert "Safeguarding" in first and "Governance" in first and "Open" in first
    assert "Findings by kind and quality statement" in first  # the heat map's caption
    assert "Theme 1" not in first  # the themes start after the overview page
    assert "Theme 1: Working with people" in page_text(pdf, 2)
    png = artefacts(tmp_path) / "bexley-pack-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
        check=True,
        capture_output=True,
    )
    image = png.with_suffix(".png")
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.stat().st_size > 20_000  # a page with a table and a chart, not a blank one
