"""The REST API through FastAPI's TestClient: validation, limits, errors, a finished run."""

from __future__ import annotations

import io
import json

import xarray as xr
from fastapi.testclient import TestClient
from web_helpers import small_scenario

from needlesim import RESEARCH_USE
from needlesim.web import Settings, create_app

PROBLEM_KEYS = {"field", "value", "allowed", "unit"}


def problems(response) -> list[dict]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid input"
    for problem in body["problems"]:
        assert set(problem) == PROBLEM_KEYS
    return body["problems"]


def test_health_and_options(client):
    assert client.get("/api/health").json()["status"] == "ok"
    options = client.get("/api/options").json()
    assert "cheek" in options["sites"] and "pen" in options["devices"]
    assert "vitamin_c" in options["serums"] and "acne_scars" in options["conditions"]
    assert options["research_use"] == RESEARCH_USE


def test_openapi_lists_the_minimum_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/runs", "/api/runs/{run_id}", "/api/runs/{run_id}/summary",
                 "/api/runs/{run_id}/figures/{name}", "/api/runs/{run_id}/data.nc",
                 "/api/runs/{run_id}/report.html", "/api/runs/{run_id}/report.pdf"):
        assert path in paths


def test_submit_queues_and_persists(client):
    response = client.post("/api/runs", json=small_scenario())
    assert response.status_code == 202
    run_id = response.json()["id"]
    status = client.get(f"/api/runs/{run_id}").json()
    assert status["status"] == "queued" and status["progress"] == 0
    assert client.get(f"/api/runs/{run_id}/scenario").json() == small_scenario()
    assert client.get(f"/api/runs/{run_id}/summary").status_code == 409
    assert client.get(f"/api/runs/{run_id}/report.pdf").status_code == 409
    assert run_id in [run["id"] for run in client.get("/api/runs").json()]


def test_out_of_range_value_names_field_value_range_and_unit(client):
    scenario = small_scenario()
    scenario["patient"]["age_years"] = 300
    [problem] = problems(client.post("/api/runs", json=scenario))
    assert problem == {"field": "patient.age_years", "value": 300.0,
                       "allowed": ">= 12 and <= 100", "unit": "year"}


def test_catalogue_and_shape_errors(client):
    unknown_site = small_scenario()
    unknown_site["patient"]["site"] = "elbow"
    assert problems(client.post("/api/runs", json=unknown_site))[0]["field"] == "patient.site"
    extra = dict(small_scenario(), colour="red")
    assert problems(client.post("/api/runs", json=extra))[0]["field"] == "colour"
    assert problems(client.post("/api/runs", json=[1, 2]))
    broken = client.post("/api/runs", content=b"{not json",
                         headers={"content-type": "application/json"})
    assert problems(broken)[0]["field"] == "request body"


def test_simulation_size_is_bounded(client):
    huge = small_scenario(area_cm2=2000, passes=10, sessions=2)
    [problem] = problems(client.post("/api/runs", json=huge))
    assert problem["field"] == "protocol" and problem["unit"] == "cm2"
    assert problem["value"] == 40000
    many_days = small_scenario()
    many_days["output"]["report_days"] = list(range(1, 100))
    assert problems(client.post("/api/runs", json=many_days))[0]["field"] == "output.report_days"
    three_d = dict(small_scenario(), transport={"resolution": "patch"})
    assert problems(client.post("/api/runs", json=three_d))[0]["field"] == "transport.resolution"


def test_oversized_request_is_rejected(client):
    body = json.dumps(dict(small_scenario(), name="x" * 100_000)).encode()
    response = client.post("/api/runs", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "larger than" in response.json()["error"]

    def chunks():  # no Content-Length: the body is counted as it streams in
        for _ in range(100):
            yield b" " * 1024

    streamed = client.post("/api/runs", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_ids_and_names_are_validated_and_paths_stay_inside(client, app_no_workers):
    data_dir = app_no_workers.state.settings.data_dir
    (data_dir.parent / "secret.txt").write_text("secret")
    run_id = client.post("/api/runs", json=small_scenario()).json()["id"]
    attempts = [
        "/api/runs/../../secret.txt",
        "/api/runs/..%2F..%2Fsecret.txt",
        "/api/runs/%2e%2e/summary",
        f"/api/runs/{run_id}/figures/..%2F..%2F..%2Fsecret.txt",
        f"/api/runs/{run_id}/figures/%2e%2e%2fneedlesim.sqlite3",
        "/api/runs/" + "0" * 32 + "/report.html",
        "/static/..%2F__init__.py",
        "/static/%2e%2e%2fapp.py",
    ]
    for path in attempts:
        response = client.get(path)
        assert response.status_code in (404, 409, 422), (path, response.status_code)
        assert b"secret" not in response.content and b"SQLite" not in response.content
        assert "Traceback" not in response.text


def test_unexpected_errors_are_short_json(tmp_path):
    app = create_app(Settings.make(tmp_path, workers=0))

    @app.get("/boom")
    def boom():
        raise RuntimeError("internal detail /secret/path")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"] == "internal server error"
    assert "secret" not in response.text and "Traceback" not in response.text


def test_finished_run_serves_summary_figures_data_and_reports(finished):
    client, run_id = finished
    status = client.get(f"/api/runs/{run_id}").json()
    assert status["progress"] == 1 and "report.pdf" in status["links"]
    summary = client.get(f"/api/runs/{run_id}/summary").json()
    assert summary["channels"]["density_per_cm2"] > 0
    assert summary["provenance"]["seed"] == 3 and summary["research_use"] == RESEARCH_USE
    download = client.get(f"/api/runs/{run_id}/summary?download=true")
    assert "attachment" in download.headers["content-disposition"]

    figures = client.get(f"/api/runs/{run_id}/figures").json()
    names = [f["name"] for f in figures]
    assert {"puncture_map.png", "channel_depth.png", "barrier_recovery.png"} <= set(names)
    png = client.get(figures[0]["url"])
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"

    nc = client.get(f"/api/runs/{run_id}/data.nc")
    assert nc.status_code == 200
    groups = xr.open_dataset(io.BytesIO(nc.content), group="sessions", engine="h5netcdf")
    assert int(groups.sizes["session"]) == 1

    html = client.get(f"/api/runs/{run_id}/report.html")
    assert RESEARCH_USE in html.text and "data:image/png;base64" in html.text
    assert "Schedule" in html.text and "Sources used by this run" in html.text
    assert "default-src 'none'" in html.headers["content-security-policy"]
    pdf = client.get(f"/api/runs/{run_id}/report.pdf?download=true")
    assert pdf.content[:5] == b"%PDF-" and "attachment" in pdf.headers["content-disposition"]

    schedule = client.get(f"/api/runs/{run_id}/schedule").json()
    assert schedule[0]["session"] == "1" and schedule[0]["serum"] == "vitamin_c"
    assert client.get(f"/api/runs/{run_id}/schedule.csv").text.startswith("session,day")


def test_dashboard_page_and_assets(client):
    page = client.get("/")
    assert page.status_code == 200 and "needlesim" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
