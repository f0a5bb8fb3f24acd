"""Hardening of the readers (issue 14): what a file can do before any text is extracted.

Encodings (item 10), .docx zip bombs and damaged parts (items 7 and 9), unreadable
files (item 7), encrypted and image-only PDFs: each either decodes cleanly or is
refused with one line naming the file.
"""

from __future__ import annotations

import builtins
import io
import time
import zipfile
from pathlib import Path

import pytest

from carekg.graph.errors import CarekgError, EncodingError, TooLargeError
from carekg.graph.read.decode import decode_text
from carekg.graph.read.docx_reader import check_zip
from carekg.graph.read.readers import read_source

TEXT = "Strengths\n- The Council’s approach to carers is strong. Staff say it’s “good”.\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- item 10: encodings -------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-16"),  # the platform's order, with its mark
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-32"),
    ],
    ids=["utf-16", "utf-16-le", "utf-16-be", "utf-8-bom", "utf-32"],
)
def test_text_with_a_byte_order_mark_is_decoded(tmp_path, data):
    source = read_source(_write(tmp_path, "r.txt", data))
    assert source.text == TEXT
    assert source.notes == []


def test_a_byte_order_mark_wins_over_the_encoding_asked_for(tmp_path):
    path = _write(tmp_path, "r.txt", TEXT.encode("utf-16"))
    assert read_source(path, encoding="cp1252").text == TEXT
    assert read_source(path, encoding="utf-16").text == TEXT


def test_utf16_without_a_mark_when_asked_for(tmp_path):
    path = _write(tmp_path, "r.txt", TEXT.encode("utf-16-le"))
    assert read_source(path, encoding="utf-16-le").text == TEXT
    with pytest.raises(CarekgError, match="binary"):
        read_source(path)  # NUL bytes and no mark: not text


def test_windows_1252_is_decoded_with_a_note(tmp_path):
    source = read_source(_write(tmp_path, "w.txt", TEXT.encode("cp1252")))
    assert source.text == TEXT
    assert source.notes == ["w.txt is not UTF-8; read it as Windows-1252"]


def test_windows_1252_undefined_bytes_become_spaces(tmp_path):
    # 0x81, 0x8d, 0x8f, 0x90 and 0x9d mean nothing in Windows-1252.
    source = read_source(_write(tmp_path, "w.txt", b"Strengths\n- Good\x81work \x92ok\x9d.\n"))
    assert source.text == "Strengths\n- Good work ’ok .\n"


def test_binary_without_nul_bytes_is_still_binary(tmp_path):
    data = bytes(b for b in range(1, 256) if b not in b"\n\r\t") * 40
    with pytest.raises(CarekgError, match="binary"):
        read_source(_write(tmp_path, "b.txt", data))


def test_bytes_that_contradict_their_mark_are_refused(tmp_path):
    with pytest.raises(EncodingError, match="not valid UTF-8 text .* offset 5"):
        decode_text("x.txt", b"\xef\xbb\xbfab\xff", "utf-8")
    with pytest.raises(EncodingError, match="not valid UTF-16"):
        decode_text("x.txt", b"\xff\xfe\x00\xd8", "utf-8")  # a lone surrogate
    for name in ("klingon", "rot13", "base64", "", "utf\x00", "x" * 10_000):
        with pytest.raises(CarekgError, match="unknown text encoding"):
            decode_text("x.txt", b"abc", name)


def test_an_explicit_single_byte_encoding_is_used(tmp_path):
    path = _write(tmp_path, "l.txt", "Café’s".encode("cp1252"))
    assert read_source(path, encoding="latin-1").text == "Café\x92s".replace("\x92", " ")
    assert read_source(path, encoding="cp1252").text == "Café’s"


# --- item 7: files that cannot be read ------------------------------------------------------
def test_a_permission_error_is_one_line(tmp_path, monkeypatch):
    # Root reads every file, so the refusal of the operating system is simulated.
    path = _write(tmp_path, "secret.txt", TEXT.encode())
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if Path(str(file)) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    with pytest.raises(CarekgError, match=r"^secret\.txt: permission denied"):
        read_source(path)


def test_an_os_error_while_reading_is_one_line(tmp_path, monkeypatch):
    path = _write(tmp_path, "flaky.txt", TEXT.encode())
    real_open = builtins.open

    def failing(file, *args, **kwargs):
        if Path(str(file)) == path:
            raise OSError(5, "Input/output error")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing)
    with pytest.raises(CarekgError, match="flaky.txt: cannot be read .Input/output error"):
        read_source(path)


def test_a_device_or_a_pipe_is_refused_unread(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would wait for a writer for ever
    with pytest.raises(CarekgError, match=r"^pipe\.txt is not a regular file"):
        read_source(fifo)
    if Path("/dev/zero").exists():
        link = tmp_path / "zero.txt"
        link.symlink_to("/dev/zero")  # endless
        with pytest.raises(CarekgError, match=r"^zero\.txt is not a regular file"):
            read_source(link)


def test_file_names_are_one_line_and_text(tmp_path):
    import os

    with pytest.raises(CarekgError) as caught:
        read_source(tmp_path / "a\nb.txt")
    assert "\n" not in str(caught.value) and "a\\nb.txt: no such file" in str(caught.value)
    (tmp_path / "e\x1bf.txt").write_bytes(b"")
    with pytest.raises(CarekgError, match=r"^e\\x1bf\.txt is empty$"):
        read_source(tmp_path / "e\x1bf.txt")
    raw = os.fsencode(tmp_path) + b"/bad\xff.txt"  # a name that is not UTF-8
    with open(raw, "wb") as out:
        out.write(TEXT.encode())
    source = read_source(os.fsdecode(raw))
    assert source.name == "bad\ufffd.txt" and source.text == TEXT


# --- items 7 and 9: .docx -------------------------------------------------------------------
def _docx(parts: dict[str, bytes], path: Path, compression=zipfile.ZIP_DEFLATED) -> Path:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", compression) as target:
        for item in source.infolist():
            target.writestr(item.filename, parts.pop(item.filename, source.read(item.filename)))
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def _body(paragraphs: int, size: int = 1000) -> bytes:
    body = b"<w:p><w:r><w:t>" + b"a" * size + b"</w:t></w:r></w:p>"
    return (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + body * paragraphs + b"</w:body></w:document>"
    )


def test_a_docx_is_read(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Strengths", level=1)
    document.add_paragraph("The Council is ambitious.")
    document.add_paragraph("Staff are valued.", style="List Bullet")
    document.save(tmp_path / "r.docx")
    source = read_source(tmp_path / "r.docx")
    assert source.text == "Strengths\nThe Council is ambitious.\nStaff are valued.\n"
    assert source.heading_lines == {0} and source.bullet_lines == {2}


def test_a_docx_whose_parts_unpack_past_the_limit_is_refused_unread(tmp_path, monkeypatch):
    path = _docx({"word/document.xml": _body(30_000)}, tmp_path / "big.docx")  # 30 MB of XML
    monkeypatch.setattr("docx.Document", lambda *a, **k: pytest.fail("the XML was parsed"))
    with pytest.raises(
        TooLargeError, match=r"big.docx unpacks to 31.8 MB of XML, over the \d+ MB limit"
    ):
        read_source(path)


def test_a_docx_bomb_in_a_media_part_is_refused(tmp_path):
    path = _docx({"word/media/image1.png": b"\0" * 30_000_000}, tmp_path / "image.docx")
    with pytest.raises(CarekgError, match=r"image.docx looks like a zip bomb: word/media"):
        read_source(path)


def test_all_parts_together_are_bounded(tmp_path):
    # Fifty parts, each under the size where the ratio is checked, 45 MB in all.
    parts = {f"word/media/image{i}.bin": b"\0" * 900_000 for i in range(50)}
    path = _docx(parts, tmp_path / "many.docx")
    assert path.stat().st_size < 1_000_000
    with pytest.raises(TooLargeError, match="many.docx unpacks to 45.* over 4 times the 10 MB"):
        read_source(path, max_bytes=10_000_000)
    check_zip("many.docx", path.read_bytes(), 12_000_000)  # within the bounds: no error


def test_check_zip_reads_only_the_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", _body(100_000))  # 100 MB, about 300 KB packed
    started = time.monotonic()
    with pytest.raises(CarekgError):
        check_zip("bomb.docx", buffer.getvalue(), 20_000_000)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "part, xml",
    [
        ("word/document.xml", b"<w:document><w:body><w:p>unclosed"),
        ("word/styles.xml", b"<w:styles><broken"),
        ("[Content_Types].xml", b"not xml"),
        ("word/document.xml", b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;&a;</x>"),
    ],
    ids=["document", "styles", "content-types", "entities"],
)
def test_a_damaged_docx_part_is_one_line(tmp_path, part, xml):
    path = _docx({part: xml}, tmp_path / "damaged.docx")
    with pytest.raises(CarekgError, match=r"^damaged\.docx is not a readable \.docx file \("):
        read_source(path)


def test_a_zip_that_is_not_a_docx_is_one_line(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(CarekgError, match=r"^other\.docx is not a readable \.docx file"):
        read_source(_write(tmp_path, "other.docx", buffer.getvalue()))


# --- PDFs -----------------------------------------------------------------------------------
def _pdf(path: Path, text: str | None, user: str | None = None, owner: str | None = None):
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    if text:
        pdf.drawString(72, 720, text)
    else:
        pdf.rect(72, 600, 200, 100, fill=1)
    pdf.save()
    if user is not None:
        writer = PdfWriter(clone_from=PdfReader(str(path)))
        writer.encrypt(user, owner_password=owner)
        with open(path, "wb") as out:
            writer.write(out)
    return path


def test_a_password_protected_pdf_is_one_line(tmp_path):
    path = _pdf(tmp_path / "locked.pdf", "Strengths", user="secret")
    with pytest.raises(CarekgError, match=r"^locked\.pdf is password-protected"):
        read_source(path)


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    path = _pdf(tmp_path / "owner.pdf", "Strengths", user="", owner="owner")
    assert read_source(path).text.strip() == "Strengths"


def test_an_image_only_pdf_is_one_line(tmp_path):
    with pytest.raises(CarekgError, match=r"^scan\.pdf has no text layer"):
        read_source(_pdf(tmp_path / "scan.pdf", None))
