"""End to end in a real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright:
fill the form, run, see the figures, compare two protocols, download the reports."""

from __future__ import annotations

import os

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
    page.wait_for_function(
        "[...document.querySelectorAll('img.figure')].every(i => i.complete && i.naturalWidth > 0)")
    for p in ("a", "b"):
        names = page.eval_on_selector_all(f"#result-{p} img.figure", "els => els.map(e => e.dataset.name)")
        assert {"puncture_map.png", "channel_depth.png", "barrier_recovery.png"} <= set(names)
        assert page.locator(f"#result-{p} .key-numbers tbody tr").count() >= 5
        assert page.locator(f"#result-{p} .schedule tbody tr").count() == 1
    assert "roller" in page.inner_text("#result-b .schedule")
    comparison = page.inner_text("#comparison-table")
    assert "channels.depth_um_mean" in comparison
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
