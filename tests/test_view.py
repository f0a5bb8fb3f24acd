"""The view without a browser: what the page holds, its options, its one escape, its bytes.

The browser tests (``test_view_browser.py``) open the same pages in Chromium.
"""

from __future__ import annotations

import gc
import json
import re
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from carekg.graph.analyse.projection import project
from carekg.graph.errors import CarekgError
from carekg.graph.model.namespaces import CKG, RDF
from carekg.graph.show import view as view_module
from carekg.graph.show.view import view_page, write_view
from carekg.graph.show.view_analysis import ANALYSIS_GRAPH
from carekg.graph.show.view_page import script_json
from carekg.graph.show.view_scope import ViewOptions
from carekg.graph.store import open_store

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
HOSTILE_REPORT = """# LGA Adult Social Care Peer Challenge

## Theme 4: Leadership

### Quality Statement 8: Governance, management and sustainability

#### Strengths

The Council has strong governance <script>alert(1)</script> and clear leadership.

#### Areas for development

The ICB <img src=x onerror=alert(1)> needs to reduce waiting lists for assessments.

There is a risk that "</script><script>alert(2)</script>" budgets & staff fall short.
"""
HOSTILE_COUNCIL = "Hostile <img src=x onerror=alert(3)> Council"


def page_data(html: str) -> dict:
    """The JSON data island of a written page."""
    match = re.search(
        r'<script type="application/json" id="carekg-data">(.*?)</script>', html, re.S
    )
    assert match, "no data island"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def bexley(bexley_store):
    store = open_store(bexley_store)
    yield store
    store.close()
    gc.collect()


@pytest.fixture
def hostile_store(writable_store, tmp_path) -> Path:
    """The Bexley store plus a report whose quotes and council name are HTML attacks."""
    from click.testing import CliRunner

    from carekg.cli import cli

    report = tmp_path / "hostile.md"
    report.write_text(HOSTILE_REPORT, encoding="utf-8")
    args = ["--store", str(writable_store), "ingest", str(report), "--council", HOSTILE_COUNCIL]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    gc.collect()
    return writable_store


def drawn_types(graph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        counts[data["type"]] = counts.get(data["type"], 0) + 1
    return counts


def test_the_bexley_page_draws_every_node_of_the_graph(bexley):
    html, result = view_page(bexley)
    data = page_data(html)
    graph = project(bexley)
    types = drawn_types(graph)
    linked_duties = {t for _, t, k in graph.edges(keys=True) if k == "careActDuty"}
    expected = (
        types["finding"]
        + types["partner"]
        + types.get("outcome", 0)
        + types["quality_statement"]
        + types["theme"]
        + len(linked_duties)
    )
    assert result.mode == "detail"
    assert len(data["nodes"]) == result.nodes == expected
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"]), "overlap"


def test_title_names_the_council_reports_and_build_date(bexley):
    data = view_page(bexley)[1].page
    assert data["title"] == "London Borough of Bexley"
    assert "2 reports: lga-peer-challenge-bexley-key-messages.txt" in data["subtitle"]
    assert re.search(r"built \d{4}-\d\d-\d\d", data["subtitle"])


def test_legend_covers_every_group_and_relation_used(bexley):
    data = view_page(bexley)[1].page
    assert {n["group"] for n in data["nodes"]} == set(data["groups"])
    assert {e["relation"] for e in data["edges"]} == set(data["relations"])
    assert all(style["legend"] and style["color"] for style in data["groups"].values())
    assert "partner:icb" in data["groups"] and "risk" in data["groups"]


def test_finding_tooltips_carry_quote_kind_qs_partners_confidence_and_position(bexley):
    data = view_page(bexley)[1].page
    finding = next(
        n for n in data["nodes"] if n["quote"].startswith("The Council and the ICB are both")
    )
    assert finding["heading"].startswith("Context")
    info = "\n".join(finding["info"])
    assert "Quality statements: 8 Governance" in info
    assert "Integrated Care Board" in info
    assert re.search(
        r"Source: lga-peer-challenge-bexley-theme4-leadership\.txt, characters \d+–\d+", info
    )
    assert len(finding["label"]) <= 17 and finding["label"] != finding["quote"]


def test_the_same_store_writes_the_same_bytes(bexley, tmp_path):
    write_view(bexley, tmp_path / "a.html")
    write_view(bexley, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_the_page_is_offline_and_inlined(bexley):
    html = view_page(bexley)[0]
    assert "default-src 'none'" in html
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", html, re.I)
    assert "vis.DataSet" in html and "https://cdn" not in html
    assert html.count("</script>") == 3  # data, vis-network, the page's own
    assert "sourceMappingURL" not in html


def test_script_json_is_the_one_escape():
    text = script_json({"q": "</script><img src=x onerror=alert(1)>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"q": "</script><img src=x onerror=alert(1)>&\u2028"}


def test_hostile_text_is_only_data_in_the_page(hostile_store):
    store = open_store(hostile_store)
    try:
        html, result = view_page(store, ViewOptions(council="hostile"))
    finally:
        store.close()
        gc.collect()
    for payload in (*PAYLOADS, "</script><script>alert(2)</script>", HOSTILE_COUNCIL):
        assert payload not in html
    data = page_data(html)
    assert data["title"] == HOSTILE_COUNCIL
    quotes = [n["quote"] for n in data["nodes"]]
    assert any(PAYLOADS[0] in q for q in quotes) and any(PAYLOADS[1] in q for q in quotes)
    assert html.count("</script>") == 3


@pytest.mark.parametrize(
    ("options", "check"),
    [
        (ViewOptions(qs=8), lambda n: 8 in n["facets"]["qs"]),
        (ViewOptions(theme=2), lambda n: 2 in n["facets"]["theme"]),
        (ViewOptions(partner="ICB"), lambda n: "Integrated Care Board" in "".join(n["info"])),
        (ViewOptions(partner="housing"), lambda n: "Housing" in "".join(n["info"])),
        (
            ViewOptions(report="lga-peer-challenge-bexley-key-messages"),
            lambda n: "key-messages" in "".join(n["info"]),
        ),
    ],
)
def test_options_keep_only_matching_findings(bexley, options, check):
    data = view_page(bexley, options)[1].page
    findings = [n for n in data["nodes"] if n["type"] == "finding"]
    everything = [n for n in view_page(bexley)[1].page["nodes"] if n["type"] == "finding"]
    assert findings and len(findings) < len(everything)
    assert all(check(n) for n in findings)
    assert {n["id"] for n in findings} == {n["id"] for n in everything if check(n)}


def test_focus_keeps_a_node_and_its_neighbourhood(bexley):
    graph = project(bexley)
    icb = "https://w3id.org/carekg/partner/icb"
    near = {icb} | set(graph.predecessors(icb))
    data = view_page(bexley, ViewOptions(focus="ICB", depth=1))[1].page
    assert {n["id"] for n in data["nodes"]} == near
    wider = view_page(bexley, ViewOptions(focus="ICB", depth=2))[1].page
    assert len(wider["nodes"]) > len(data["nodes"])


def test_unknown_names_are_one_line_errors(run, tmp_path):
    for args in (["--partner", "Nobody"], ["--focus", "zzz no such"], ["--council", "Atlantis"]):
        result = run("view", "-o", str(tmp_path / "v.html"), *args)
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
    assert run("view", "--qs", "10").exit_code == 2
    assert not (tmp_path / "v.html").exists()


def test_saved_gaps_are_marked_with_their_reason(writable_store):
    gap = NamedNode("https://w3id.org/carekg/id/gap/test-1")
    store = open_store(writable_store, write=True)
    try:
        risk_node = next(n for n, d in project(store).nodes(data=True) if d.get("kind") == "risk")
        store.replace_graphs(
            {
                ANALYSIS_GRAPH: [
                    Triple(gap, RDF.type, CKG.Gap),
                    Triple(gap, CKG.gapKind, Literal("unaddressed-risk")),
                    Triple(gap, CKG.reason, Literal("No recommendation addresses this risk.")),
                    Triple(gap, CKG.forCouncil, Literal("London Borough of Bexley")),
                    Triple(gap, CKG.about, NamedNode(risk_node)),
                ]
            }
        )
        data = view_page(store)[1].page
        only = view_page(store, ViewOptions(gaps=True))[1].page
    finally:
        store.close()
        gc.collect()
    marked = [n for n in data["nodes"] if n["gaps"]]
    assert [n["id"] for n in marked] == [risk_node]
    assert marked[0]["gaps"] == ["No recommendation addresses this risk. (unaddressed risk)"]
    assert any(f["name"] == "gap" for f in data["facets"])
    assert [n["id"] for n in only["nodes"] if n["type"] == "finding"] == [risk_node]


def test_large_stores_aggregate_by_quality_statement_and_kind(bexley, monkeypatch):
    monkeypatch.setattr(view_module, "AGGREGATE_ABOVE", 50)
    html, result = view_page(bexley)
    assert result.mode == "aggregate"
    data = result.page
    counts = {
        n["id"]: int(n["label"].replace(",", "")) for n in data["nodes"] if n["type"] == "aggregate"
    }
    graph = project(bexley)
    findings = [d for _, d in graph.nodes(data=True) if d["type"] == "finding"]
    assert counts["agg:qs8:risk"] == sum(
        1 for d in findings if d["kind"] == "risk" and 8 in d["quality_statements"]
    )
    assert sum(counts.values()) == sum(max(1, len(d["quality_statements"])) for d in findings)
    council = next(n for n in data["nodes"] if n["type"] == "council")
    assert council["drill"] == "write_view(store, path, council='London Borough of Bexley')"
    # A narrowing option asks for the detail, however big the store.
    assert view_page(bexley, ViewOptions(qs=8))[1].mode == "detail"


def test_view_command_writes_names_the_drill_down_in_its_own_words(run, tmp_path):
    page = tmp_path / "agg.html"
    result = run("view", "--aggregate", "-o", str(page))
    assert result.exit_code == 0, result.output
    assert "aggregated" in result.stdout
    data = page_data(page.read_text(encoding="utf-8"))
    drills = {n["drill"] for n in data["nodes"] if n.get("drill")}
    assert "carekg view --qs 8" in drills
    assert "carekg view --council 'London Borough of Bexley'" in drills


def test_the_saved_analysis_sizes_partners_and_marks_its_gaps(run_writable, writable_store):
    result = run_writable("analyse", "--save")
    assert result.exit_code == 0, result.output
    store = open_store(writable_store)
    try:
        data = view_page(store)[1].page
        from carekg.graph.show.view_analysis import saved_gaps

        gaps = saved_gaps(store)
    finally:
        store.close()
        gc.collect()
    about = {n for gap in gaps for n in gap.about}
    marked = {n["id"] for n in data["nodes"] if n["gaps"]}
    assert marked and marked == about & {n["id"] for n in data["nodes"]}
    qs2 = next(n for n in data["nodes"] if n["id"].endswith("/cqc/qs2"))
    assert qs2["gaps"], "a quality statement with no finding is a coverage gap"
    assert "Node size: partners by betweenness" in data["sizeNote"]
    assert not any("No analysis" in note for note in data["notes"])


def test_the_aggregated_view_of_one_council_counts_only_its_findings(bexley):
    everything = view_page(bexley, aggregate=True)[1].page
    one = view_page(bexley, ViewOptions(council="bexley"), aggregate=True)[1].page
    assert one["title"].startswith("London Borough of Bexley")
    assert [n["label"] for n in one["nodes"]] == [n["label"] for n in everything["nodes"]]
    with pytest.raises(CarekgError):
        view_page(bexley, ViewOptions(council="Atlantis"), aggregate=True)
