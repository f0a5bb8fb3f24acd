"""The view in a real browser: Debian's Chromium, headless, driven by Playwright for Python.

Playwright never downloads a browser here: it launches ``/usr/bin/chromium``
(``.ci/run`` installs Debian's ``chromium``). Without it these tests skip and
say so. The Bexley screenshot is saved in ``$CAREKG_ARTEFACTS`` (default: the
test's temporary folder); with ``CAREKG_UPDATE_SCREENSHOT=1`` it also replaces
``docs/img/bexley-view.png``, the picture the README shows.
"""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest
import test_view
from test_view import HOSTILE_COUNCIL, PAYLOADS

from carekg.graph.show.view import write_view
from carekg.graph.show.view_scope import ViewOptions
from carekg.graph.store import open_store
from conftest import CHROMIUM, CHROMIUM_FLAGS

hostile_store = test_view.hostile_store  # the fixture, shared
ROOT = Path(__file__).resolve().parent.parent
FLAGS = CHROMIUM_FLAGS
VIEWPORT = {"width": 1600, "height": 1000}

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).is_file(),
    reason=f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` (CI installs it)",
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Page:
    """One page opened from a file, with what it logged, asked for and popped up."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.messages: list[tuple[str, str]] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.messages.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.messages.append(("pageerror", str(e))))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()

        def route(r):
            self.requests.append(r.request.url)
            (r.continue_() if r.request.url == self.url else r.abort())

        self.context.route("**/*", route)
        self.page.goto(self.url)
        self.page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def point(self, node: str) -> tuple[float, float]:
        """Where ``node`` is drawn, in page coordinates."""
        return tuple(
            self.js(
                """id => {
            const v = carekgView.network, p = v.canvasToDOM(v.getPosition(id));
            const r = document.getElementById('network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
                node,
            )
        )

    def hidden(self) -> set[str]:
        return set(self.js("carekgView.nodes.get({filter: n => n.hidden}).map(n => n.id)"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def bexley_page(browser, bexley_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("view") / "bexley.html"
    store = open_store(bexley_store)
    result = write_view(store, path)
    store.close()
    gc.collect()
    page = Page(browser, path)
    yield page, result
    page.close()


def test_the_page_loads_with_no_error_and_no_request(bexley_page):
    page, _ = bexley_page
    assert [m for m in page.messages if m[0] in ("error", "warning", "pageerror")] == []
    assert page.requests == [page.url]
    assert page.js("document.title") == "London Borough of Bexley"
    assert page.js("document.getElementById('legend').textContent").count("Partner") >= 3


def test_every_node_of_the_graph_is_drawn(bexley_page):
    page, result = bexley_page
    drawn = page.js("carekgView.network.body.nodeIndices.length")
    assert drawn == result.nodes == len(result.page["nodes"])
    assert page.js("carekgView.network.body.edgeIndices.length") == result.edges
    node = result.page["nodes"][0]
    assert page.js("id => carekgView.network.getPosition(id)", node["id"]) == {
        "x": node["x"],
        "y": node["y"],
    }
    assert page.js("carekgView.network.physics.options.enabled") is False


def test_search_finds_by_quote_and_focuses_the_node(bexley_page):
    page, result = bexley_page
    target = next(n for n in result.page["nodes"] if "both financially challenged" in n["quote"])
    page.page.fill("#search", "both FINANCIALLY challenged")
    page.page.press("#search", "Enter")
    assert page.js("carekgView.focused") == target["id"]
    assert page.js("carekgView.network.getSelectedNodes()") == [target["id"]]
    centre = page.js("carekgView.network.getViewPosition()")
    assert abs(centre["x"] - target["x"]) < 1 and abs(centre["y"] - target["y"]) < 1
    assert target["quote"] in page.js("document.getElementById('results').textContent")
    assert target["quote"] in page.js("document.getElementById('panel').textContent")


def test_search_by_label_prefers_the_exact_name(bexley_page):
    page, _ = bexley_page
    page.page.fill("#search", "integrated care board")
    page.page.press("#search", "Enter")
    assert page.js("carekgView.focused") == "https://w3id.org/carekg/partner/icb"


def test_filters_hide_what_they_should_and_keep_the_rest(bexley_page):
    page, result = bexley_page
    nodes = result.page["nodes"]
    everything = {n["id"] for n in nodes}
    risks = {n["id"] for n in nodes if n["facets"].get("kind") == ["risk"]}
    assert risks and page.hidden() == set()
    page.page.uncheck("input[data-facet=kind][value=risk]")
    assert page.hidden() == risks
    assert page.js("carekgView.network.body.nodeIndices.length") == len(everything - risks)
    # Partner type ICB off as well: the ICB goes, and the findings whose only partner type it is.
    page.page.click("#filters details:has(input[data-facet=ptype]) > summary")
    page.page.uncheck("input[data-facet=ptype][value=icb]")
    icb_only = {n["id"] for n in nodes if n["facets"].get("ptype") == ["icb"]}
    assert "https://w3id.org/carekg/partner/icb" in icb_only
    assert page.hidden() == risks | icb_only
    assert "Showing " + str(len(everything - risks - icb_only)) in page.js(
        "document.getElementById('shown').textContent"
    )
    page.page.click("#reset")
    assert page.hidden() == set()


def test_a_click_highlights_the_neighbourhood_and_lists_links_with_quotes(bexley_page):
    page, result = bexley_page
    icb = "https://w3id.org/carekg/partner/icb"
    page.js("carekgView.network.fit({animation: false})")
    page.page.mouse.click(*page.point(icb))
    assert page.js("carekgView.selected") == icb
    links = [e for e in result.page["edges"] if icb in (e["from"], e["to"])]
    panel = page.js("document.getElementById('panel').innerText")
    assert f"Links ({len(links)})" in panel
    quotes = {n["id"]: n["quote"] for n in result.page["nodes"]}
    assert all(quotes[e["from"]] in panel for e in links)
    faded = page.js("carekgView.nodes.get({filter: n => n.opacity === 0.15}).length")
    assert faded == result.nodes - 1 - len({e["from"] for e in links})
    page.page.mouse.click(
        5 + page.js("document.getElementById('network').getBoundingClientRect().left"), 995
    )
    assert page.js("carekgView.nodes.get({filter: n => n.opacity === 0.15}).length") == 0


def test_gaps_are_drawn_dashed_and_the_bexley_screenshot(
    browser, run_writable, writable_store, tmp_path
):
    assert run_writable("analyse", "--save").exit_code == 0
    store = open_store(writable_store)
    path = tmp_path / "bexley.html"
    result = write_view(store, path)
    store.close()
    gc.collect()
    page = Page(browser, path)
    try:
        gaps = {n["id"] for n in result.page["nodes"] if n["gaps"]}
        dashed = page.js(
            "carekgView.nodes.get({filter: n => !!(n.shapeProperties"
            " && n.shapeProperties.borderDashes)}).map(n => n.id)"
        )
        assert gaps and set(dashed) == gaps
        node = next(n for n in result.page["nodes"] if n["gaps"])
        title = page.js("id => carekgView.nodes.get(id).title", node["id"])
        assert "Gap: " + node["gaps"][0] in title
        assert "Gap (reason in the tooltip)" in page.js(
            "document.getElementById('legend').textContent"
        )
        folder = Path(os.environ.get("CAREKG_ARTEFACTS") or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        shot = folder / "bexley-view.png"
        page.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 50_000  # a drawing, not a blank page
        if os.environ.get("CAREKG_UPDATE_SCREENSHOT"):
            shutil.copyfile(shot, ROOT / "docs" / "img" / "bexley-view.png")
    finally:
        page.close()


def test_hostile_text_stays_text_in_canvas_tooltip_panel_and_search(
    browser, hostile_store, tmp_path
):
    store = open_store(hostile_store)
    path = tmp_path / "hostile.html"
    result = write_view(store, path, ViewOptions(council="hostile"))
    store.close()
    gc.collect()
    page = Page(browser, path)
    try:
        assert page.js("document.getElementById('title').textContent") == HOSTILE_COUNCIL
        for payload in PAYLOADS:
            node = next(n for n in result.page["nodes"] if payload in n["quote"])
            page.js("carekgView.network.fit({animation: false})")
            x, y = page.point(node["id"])
            page.page.mouse.move(x, y)
            page.page.wait_for_function(
                "() => { const t = document.querySelector('div.vis-tooltip');"
                " return t && t.style.visibility === 'visible'; }"
            )
            tip = page.js(
                "(() => { const t = document.querySelector('div.vis-tooltip');"
                " return [t.innerText, [...t.children].map(c => c.tagName)]; })()"
            )
            assert payload in tip[0] and set(tip[1]) <= {"BR"}  # innerText writes lines as <br>
            page.page.mouse.click(x, y)
            assert payload in page.js("document.getElementById('panel').innerText")
            page.page.fill("#search", "alert(")
            assert payload in page.js("document.getElementById('results').innerText")
        for where in ("panel", "results", "title", "legend", "filters"):
            assert (
                page.js(f"document.getElementById('{where}').querySelectorAll('img,script').length")
                == 0
            )
        assert page.js("document.querySelectorAll('img').length") == 0
        assert page.js("document.scripts.length") == 3
        assert page.dialogs == []
        assert page.requests == [page.url]
        assert [m for m in page.messages if m[0] in ("error", "pageerror")] == []
    finally:
        page.close()


def test_the_aggregated_page_draws_counts_and_names_the_detailed_view(browser, run, tmp_path):
    path = tmp_path / "agg.html"
    assert run("view", "--aggregate", "-o", str(path)).exit_code == 0
    page = Page(browser, path)
    try:
        assert [m for m in page.messages if m[0] in ("error", "pageerror")] == []
        data = page.js("carekgView.data")
        assert page.js("carekgView.network.body.nodeIndices.length") == len(data["nodes"])
        page.js("carekgView.focusNode('agg:qs8:risk')")
        assert "carekg view --qs 8" in page.js("document.getElementById('panel').innerText")
    finally:
        page.close()
