"""The OpenAPI description says what the service accepts (the scenario schema), the Allow
header lists every method of a path, and /docs works offline."""

from __future__ import annotations

import re

import jsonschema_rs  # comes with schemathesis (the test extra)
import pytest
from web_helpers import small_scenario

from needlesim.web.models import EXAMPLE_SCENARIO


@pytest.fixture
def scenario_validator(client):
    description = client.get("/openapi.json").json()
    body = description["paths"]["/api/runs"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert body["required"] and schema == {"$ref": "#/components/schemas/Scenario"}
    return jsonschema_rs.Draft202012Validator({**schema, "components": description["components"]})


def with_steps() -> dict:
    scenario = small_scenario()
    scenario["protocol"] = {"steps": ["Pen at 1 mm, 2 passes", "Wait 4 weeks", "Repeat 2 times"],
                            "area_cm2": "4 cm^2"}
    return scenario


def test_request_body_is_the_scenario_schema(client, scenario_validator):
    text_units = small_scenario(needle_length_mm="1.2 mm", interval_days="4 weeks")
    text_units["patient"]["age_years"] = "40 years"
    text_units["output"]["report_days"] = ["1 month", 90]
    valid = [EXAMPLE_SCENARIO, small_scenario(), text_units, with_steps(),
             small_scenario(numbing="lidocaine_4pct", numbing_min=45)]
    for scenario in valid:  # what the schema accepts, the service queues
        assert scenario_validator.is_valid(scenario), scenario
        assert client.post("/api/runs", json=scenario).status_code == 202, scenario

    elbow = small_scenario()
    elbow["patient"]["site"] = "elbow"
    many_days = small_scenario()
    many_days["output"]["report_days"] = list(range(30))
    invalid = [{}, {"patient": small_scenario()["patient"]}, elbow, many_days,
               small_scenario(serum="tea"), small_scenario(device="drill"),
               small_scenario(occlusion_hours=1000), small_scenario(colour="red"),
               dict(small_scenario(), transport={"resolution": "patch"}),
               {**small_scenario(), "protocol": {"steps": [], "passes": 2}},
               small_scenario(numbing_min=45)]  # minutes of a cream without a cream
    for scenario in invalid:  # what it refuses, the service refuses
        assert not scenario_validator.is_valid(scenario), scenario
        assert client.post("/api/runs", json=scenario).status_code == 422, scenario


def test_allow_lists_every_method_of_the_path(client):
    for method in ("OPTIONS", "PUT", "DELETE"):
        response = client.request(method, "/api/runs")
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, POST"
    one = client.request("DELETE", "/api/runs/" + "0" * 32)
    assert one.status_code == 405 and one.headers["allow"] == "GET"


def test_docs_page_loads_nothing_from_other_hosts(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    assert not re.search(r"(https?:)?//[a-z]", page.text, re.IGNORECASE), "an external URL"
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) == 3
    types = {"js": "text/javascript", "css": "text/css", "png": "image/png"}
    for url in assets:
        assert url.startswith("/static/vendor/")
        response = client.get(url)
        assert response.status_code == 200 and len(response.content) > 1000, url
        assert response.headers["content-type"].startswith(types[url.rsplit(".", 1)[-1]])
    assert client.get("/redoc").status_code == 404  # a CDN page, not served


def test_vendor_files_come_from_a_fixed_list(client):
    plotly = client.get("/static/vendor/plotly.min.js")
    assert plotly.status_code == 200 and b"plotly.js" in plotly.content[:300]
    assert "max-age" in plotly.headers["cache-control"]
    for name in ("x.js", "..%2Fapp.py", "%2e%2e%2f%2e%2e%2fconfig.py"):
        assert client.get(f"/static/vendor/{name}").status_code == 404
