"""A prepared report's N-Quads text is that of its triples put in its named graph,
whatever its literals hold (the text is made from N-Triples, line by line)."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from carekg.graph.extract.report_graph import Report
from carekg.graph.pipeline import PreparedReport

XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def test_graph_text_is_the_n_quads_of_the_triples() -> None:
    report = Report(slug="demo", source_name="demo.txt", sha256="0", text_length=1)
    awkward = "".join(map(chr, range(0x300))) + ' ends .\n "quoted" \\ \u2028 \U0001f600 .\r\n'
    s, p = NamedNode("http://example.org/s"), NamedNode("http://example.org/p")
    triples = [
        Triple(s, p, Literal(awkward)),
        Triple(s, p, Literal(awkward, language="en")),
        Triple(s, p, Literal("12", datatype=XSD_INTEGER)),
        Triple(s, p, NamedNode("http://example.org/o")),
    ]
    quads = [Quad(t.subject, t.predicate, t.object, report.graph) for t in triples]
    expected = serialize(quads, format=RdfFormat.N_QUADS)
    assert PreparedReport(report, [], triples, []).graph_text().n_quads == expected
    assert PreparedReport(report, [], [], []).graph_text().n_quads == b""


def test_report_n_quads_is_the_n_quads_of_report_triples() -> None:
    from carekg.graph.extract.finding import Finding
    from carekg.graph.extract.report_graph import report_n_quads, report_triples

    report = Report(slug="demo", source_name='a "b" \\ c.txt', sha256="0", text_length=9,
                    council="Northmoor County Council", date="2024-05-01")  # fmt: skip
    report.extra_partners["northmoor-icb"] = ("ICB (Northmoor)", "icb")
    awkward = "".join(map(chr, range(0x300))) + ' "q" \\ \u2028 \U0001f600 .\r\n'
    findings = [
        Finding(
            1,
            0,
            4,
            awkward,
            "strength",
            quality_statements=[2],
            partners=["northmoor-icb"],
            duties=["s42"],
            threatens=["people wait"],
            confidence=0.555,
        ),  # fmt: skip
        Finding(2, 5, 9, "Good", "risk", list_item_of=1, curated={"kind"}),
    ]
    args = (report, findings, [], [], "demo.yaml")
    triples = report_triples(*args)
    quads = [Quad(t.subject, t.predicate, t.object, report.graph) for t in triples]
    # The ingest activity's time is the clock's: compared without it.
    expected = serialize(quads, format=RdfFormat.N_QUADS).splitlines()
    text = report_n_quads(*args).splitlines()
    assert [x for x in text if b"endedAtTime" not in x] == [
        x for x in expected if b"endedAtTime" not in x
    ]
    assert len(text) == len(expected)
