"""A catalogue of bad input: each gets one clear line on stderr, exit 1, and the store unchanged.

Text in other encodings is decoded instead (cp1252, UTF-16 with a BOM, UTF-8 with a BOM).
Every case runs the real command line on a copy of the Bexley store and compares
the whole store, quad for quad, before and after.
"""

from __future__ import annotations

import io
import os
import stat
import threading
import time
import zipfile
from pathlib import Path

import pytest

from conftest import SEEDS

TEXT = (SEEDS / "lga-peer-challenge-bexley-key-messages.txt").read_text(encoding="utf-8")


def dump(run) -> list[str]:
    result = run("export", "--format", "nq")
    assert result.exit_code == 0, result.output
    return sorted(result.stdout.splitlines())


def refused(run, *args: str, input: bytes | None = None) -> str:
    """Run a command that must fail cleanly; return its one line."""
    before = dump(run)
    result = run(*args, input=input)
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert dump(run) == before, "the store changed"
    return lines[0]


def _docx_with(document_xml: bytes, path: Path) -> Path:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = document_xml
            target.writestr(item, data)
    return path


def _pdf(path: Path, text: str | None, password: str | None = None) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    if text:
        pdf.drawString(72, 720, text)
    else:
        pdf.rect(72, 600, 200, 100, fill=1)  # an image-like page with no text layer
    pdf.save()
    if password:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(str(path)))
        writer.encrypt(password)
        with open(path, "wb") as out:
            writer.write(out)
    return path


CASES = {
    "empty": lambda d: (d / "empty.txt", b""),
    "whitespace": lambda d: (d / "blank.txt", b"  \n\t\n   \n"),
    "binary": lambda d: (d / "binary.txt", bytes(range(256)) * 64),
    "corrupt-docx": lambda d: (d / "corrupt.docx", b"PK\x03\x04 not really a zip"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_unreadable_files_are_refused(run_writable, tmp_path, case):
    path, data = CASES[case](tmp_path)
    path.write_bytes(data)
    line = refused(run_writable, "ingest", str(path))
    assert path.name in line


def test_image_only_and_password_pdfs_are_refused(run_writable, tmp_path):
    assert "text" in refused(run_writable, "ingest", str(_pdf(tmp_path / "scan.pdf", None)))
    locked = _pdf(tmp_path / "locked.pdf", "Strengths", password="secret")
    assert "locked.pdf" in refused(run_writable, "ingest", str(locked))


def test_malformed_docx_xml_is_refused(run_writable, tmp_path):
    path = _docx_with(b"<w:document><w:body><w:p>unclosed", tmp_path / "malformed.docx")
    assert "malformed.docx" in refused(run_writable, "ingest", str(path))


def test_a_docx_zip_bomb_is_refused_quickly(run_writable, tmp_path):
    body = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + body * 100_000 + b"</w:body></w:document>"
    )  # 100 MB of XML, a few hundred KB zipped
    path = _docx_with(xml, tmp_path / "bomb.docx")
    assert path.stat().st_size < 2_000_000
    started = time.monotonic()
    assert "bomb.docx" in refused(run_writable, "ingest", str(path))
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cp1252.txt", TEXT.replace("'", "\u2019").encode("cp1252")),
        ("utf16.txt", TEXT.encode("utf-16")),  # with its byte order mark
        ("utf8bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ],
)
def test_other_encodings_are_decoded(run_writable, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = run_writable("ingest", str(path))
    assert result.exit_code == 0, result.output
    assert " 0 findings" not in result.stdout


def test_a_file_over_the_limit_is_refused_without_reading_it(run_writable, tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as out:
        out.truncate(200 * 1024 * 1024)  # 200 MB, sparse: refused by its size
    assert "limit" in refused(run_writable, "ingest", str(path))


def test_an_unreadable_file_is_one_line(run_writable, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    assert "secret.txt" in refused(run_writable, "ingest", str(path))


@pytest.mark.parametrize(
    "curation",
    [
        "findings: [",  # malformed YAML
        "findings:\n  - match: Bexley\n    quality_statements: 8\n",
        "findings:\n  - match: Bexley\n    threatens: [42]\n",
        "findings:\n  - match: Bexley\n    threatens: people's wellbeing\n",
        "findings:\n  - match: Bexley\n    partners: icb\n",
        "findings:\n  - match: Bexley\n    drop: 'no'\n",
        "findings:\n  - match: ''\n    kind: risk\n",
        "findings:\n  - match: Bexley\n    quality_statements: [12]\n",
        "findings:\n  - match: Bexley\n    colour: red\n",
    ],
)
def test_bad_curation_is_refused_naming_the_file(run_writable, tmp_path, curation):
    folder = tmp_path / "curation"
    folder.mkdir()
    report = tmp_path / "report.txt"
    report.write_text(TEXT, encoding="utf-8")
    (folder / "report.yaml").write_text(curation, encoding="utf-8")
    line = refused(run_writable, "ingest", str(report), "--curation-dir", str(folder))
    assert "report.yaml" in line


def test_a_curation_path_that_is_a_folder(run_writable, tmp_path):
    folder = tmp_path / "curation"
    (folder / "report.yaml").mkdir(parents=True)
    report = tmp_path / "report.txt"
    report.write_text(TEXT, encoding="utf-8")
    refused(run_writable, "ingest", str(report), "--curation-dir", str(folder))


def test_bad_dates_and_malformed_turtle(run_writable, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(TEXT, encoding="utf-8")
    assert "2024-13-45" in refused(run_writable, "ingest", str(report), "--date", "2024-13-45")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <http://x/> .\nx:a x:b", encoding="utf-8")
    assert "broken.ttl" in refused(run_writable, "validate", str(broken))


def test_a_sparql_syntax_error(run_writable):
    assert "syntax" in refused(run_writable, "sparql", "SELECT * WHERE {")


def test_a_query_nested_deep_enough_to_crash_the_engine(run_writable):
    # 3,000 nested groups overflowed the parser's stack: a segmentation fault, no message.
    deep = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
    assert "3000 deep" in refused(run_writable, "sparql", deep)


@pytest.mark.parametrize("target", ["missing-folder/out.html", "a-file/out.html"])
@pytest.mark.parametrize("command", ["export", "view"])
def test_output_into_a_missing_or_impossible_folder(run_writable, tmp_path, target, command):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    refused(run_writable, command, "-o", str(tmp_path / target))


def test_output_to_a_full_device_fails_and_the_device_stays(run_writable):
    full = Path("/dev/full")
    if not full.exists() or not stat.S_ISCHR(full.stat().st_mode):
        pytest.skip("no /dev/full character device here")
    assert "No space left" in refused(run_writable, "export", "-o", str(full))
    assert stat.S_ISCHR(full.stat().st_mode)  # written into, never renamed over


def test_output_into_a_pipe_and_through_a_link(run_writable, tmp_path):
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_writable("export", "--format", "ttl", "-o", str(fifo))
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode) and b"ckg:Finding" in received[0]
    real, link = tmp_path / "real.ttl", tmp_path / "link.ttl"
    real.write_text("old", encoding="utf-8")
    link.symlink_to(real)
    assert run_writable("export", "--format", "ttl", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and "ckg:Finding" in real.read_text(encoding="utf-8")


def test_non_ascii_file_names_do_not_collide(run_writable, tmp_path):
    first, second = tmp_path / "報告.md", tmp_path / "✓✓.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(TEXT.replace("Bexley", "Bexley "), encoding="utf-8")
    result = run_writable("ingest", str(first), str(second))
    assert result.exit_code == 0, result.output
    ids = [line.split(" -> ")[1].split(" ")[0] for line in result.stdout.splitlines()]
    assert len(set(ids)) == 2, ids


def test_store_folders_that_cannot_be_used(tmp_path, bexley_store):
    from click.testing import CliRunner

    from carekg.cli import cli

    def one_line(*args):
        result = CliRunner().invoke(cli, list(args))
        assert result.exit_code == 1 and result.stderr.startswith("Error: "), result.output
        assert "Traceback" not in result.output
        return result.stderr

    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8")
    assert "not a carekg store" in one_line("--store", str(other), "build")
    assert (other / "holiday.jpg").exists() and len(list(other.iterdir())) == 1
    afile = tmp_path / "store.txt"
    afile.write_text("x")
    assert "file" in one_line("--store", str(afile), "summary")
    assert "no carekg store" in one_line("--store", str(tmp_path / "missing"), "summary")


@pytest.mark.parametrize("location", ["http://[::1", "ftp://example.org/sparql", "file:///tmp/x"])
def test_store_locations_that_are_not_a_folder_or_a_server(location):
    from click.testing import CliRunner

    from carekg.cli import cli

    result = CliRunner().invoke(cli, ["--store", location, "findings"])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: store location"), result.output
