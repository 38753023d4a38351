"""End to end in a real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright:
fill the form, run, see the figures, compare two protocols, download the reports."""

from __future__ import annotations

import os
import re

import pytest
from web_helpers import ARTIFACTS

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture
def page(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS,
            accept_downloads=True, viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fill_protocol(page, p: str, device: str, needle: str) -> None:
    page.select_option(f"#{p}-device", device)
    page.fill(f"#{p}-needle", needle)
    page.fill(f"#{p}-passes", "2")
    page.fill(f"#{p}-sessions", "1")
    page.fill(f"#{p}-area", "3")


def test_fill_run_compare_and_download(page, server_factory, tmp_path):
    server = server_factory(tmp_path / "data", workers=2)
    page.goto(server.url + "/")
    page.wait_for_selector("#site option[value=forehead]", state="attached")
    assert "research and education only" in page.inner_text("#research-use")

    page.fill("#age", "33")
    page.select_option("#sex", "male")
    page.select_option("#fitzpatrick", "4")
    page.select_option("#site", "forehead")
    page.select_option("#condition", "acne_scars")
    page.fill("#report-days", "30, 90")
    fill_protocol(page, "a", "pen", "1.0")
    page.check("#compare")
    fill_protocol(page, "b", "roller", "0.5")
    page.select_option("#b-serum", "")
    shot(page, "01-form")
    page.click("#run")

    for p in ("a", "b"):
        page.wait_for_selector(f"#result-{p} .status.done, #result-{p} .status.failed",
                               timeout=120_000)
        assert page.inner_text(f"#result-{p} .status") == "done", page.inner_text(f"#result-{p}")
    page.wait_for_selector("#comparison:not([hidden]) tbody tr")
    # predicates are functions, not expressions: Playwright polls an expression with eval,
    # which the app's Content-Security-Policy forbids once the first check fails
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.figure')].every(i => i.complete && i.naturalWidth > 0)")
    for p in ("a", "b"):
        names = page.eval_on_selector_all(f"#result-{p} img.figure", "els => els.map(e => e.dataset.name)")
        assert {"puncture_map.png", "channel_depth.png", "barrier_recovery.png"} <= set(names)
        assert page.locator(f"#result-{p} .results-table tbody tr").count() >= 5
        assert page.locator(f"#result-{p} .schedule tbody tr").count() == 1
        widths = page.eval_on_selector(f"#result-{p} table.schedule", "t => [t.scrollWidth, t.clientWidth]")
        assert widths[0] <= widths[1] + 1  # the schedule fits its half of the page
    assert "roller" in page.inner_text("#result-b .schedule")
    comparison = page.inner_text("#comparison-table")
    assert "Mean channel depth [µm]" in comparison and "channels.depth_um_mean" not in comparison
    page.wait_for_selector("#comparison .chart.js-plotly-plot")
    names = page.eval_on_selector("#comparison .chart[data-chart=collagen_elastin]",
                                  "el => el.data.map(t => t.name).filter(Boolean)")
    assert any(n.startswith("A: ") for n in names) and any(n.startswith("B: ") for n in names)
    shot(page, "02-compared")

    with page.expect_download() as html_download:
        page.click("#result-a .export-html")
    html_path = tmp_path / "report.html"
    html_download.value.save_as(html_path)
    text = html_path.read_text()
    assert "research and education only" in text and "data:image/png;base64" in text
    with page.expect_download() as pdf_download:
        page.click("#result-b .export-pdf")
    pdf_path = tmp_path / "report.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as nc_download:
        page.click("#result-a .export-nc")
    assert nc_download.value.suggested_filename.endswith(".nc")

    page.goto(server.url + f"/api/runs/{page_run_id(server)}/report.html")
    shot(page, "03-report")


def page_run_id(server) -> str:
    return server.get("/api/runs").json()[0]["id"]


def test_invalid_input_is_shown_next_to_the_run(page, server_factory, tmp_path):
    server = server_factory(tmp_path / "data", workers=0)
    page.goto(server.url + "/")
    page.wait_for_selector("#site option[value=cheek]", state="attached")
    page.fill("#age", "300")
    page.click("#run")
    page.wait_for_selector("#result-a .errors li")
    message = page.inner_text("#result-a .errors")
    assert "patient.age_years" in message and "year" in message
    shot(page, "04-invalid")


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_results_table_and_interactive_charts(page, server_factory, tmp_path):
    server = server_factory(tmp_path / "data", workers=1)
    errors = console_errors(page)
    page.goto(server.url + "/")
    page.wait_for_selector("#site option[value=cheek]", state="attached")
    fill_protocol(page, "a", "pen", "1.0")
    page.fill("#report-days", "30, 90")
    page.click("#run")
    page.wait_for_selector("#result-a .status.done, #result-a .status.failed", timeout=120_000)
    assert page.inner_text("#result-a .status") == "done", page.inner_text("#result-a")
    page.wait_for_selector("#result-a .done-only:not([hidden])")

    # warnings first, then the table in plain words: label with its unit, value, interval
    assert page.locator("#result-a ul.warnings:not([hidden]) li").count() >= 1
    row = page.locator('#result-a .results-table tr[data-key="at_day.90.collagen_I_change_pct"]')
    assert row.locator("td.label").inner_text() == "Collagen I change at day 90 [%]"
    assert re.fullmatch(r"[-+][\d.,]+", row.locator("td.value").inner_text())
    assert " to " in row.locator("td.interval").inner_text()
    groups = page.eval_on_selector_all("#result-a .results-table > table thead th:first-child",
                                       "els => els.map(e => e.textContent)")
    assert groups[:2] == ["Channels and comfort", "Downtime and risks"]
    assert "Skin changes by day" in groups
    schedule = page.eval_on_selector("#result-a table.schedule", "t => [t.scrollWidth, t.clientWidth]")
    assert schedule[0] <= schedule[1] + 1  # fits its column, no scrolling

    # an interactive chart: Plotly traces, a value on hover, zoom by dragging
    chart = "#result-a .chart[data-chart=collagen_elastin]"
    page.wait_for_selector(chart + ".js-plotly-plot .main-svg")
    traces = page.eval_on_selector(chart, "el => el.data.map(t => [t.name, t.y.length])")
    assert {"Collagen I", "Collagen III", "Elastin"} <= {name for name, _ in traces}
    assert all(length > 5 for _, length in traces)
    page.locator(chart).scroll_into_view_if_needed()
    box = page.locator(chart + " .nsewdrag").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    hover = f"document.querySelector('{chart} .hoverlayer').textContent"
    page.wait_for_function(f"() => {hover}.includes('Collagen I') && /[0-9]/.test({hover})")
    before = page.eval_on_selector(chart, "el => el.layout.xaxis.range.slice()")
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.5, steps=5)
    page.mouse.up()
    page.wait_for_function(f"() => document.querySelector('{chart}').layout.xaxis.range[1] < {before[1]}")
    assert {"redness", "barrier", "delivery"} <= set(page.eval_on_selector_all(
        "#result-a .chart", "els => els.map(e => e.dataset.chart)"))
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    shot(page, "05-results-and-charts")
    assert not errors, errors  # nothing the page's Content-Security-Policy blocked, no script error


def test_docs_page_works_offline(page, server_factory, tmp_path):
    server = server_factory(tmp_path / "data", workers=0)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server.url + "/docs")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/runs']", timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(server.url + "/") for url in requested), requested
    assert "Scenario" in page.inner_text("body")
    shot(page, "06-docs")
