"""The docs that are generated from data must stay in step with it."""

from pathlib import Path

from needlesim.parameters.tables import markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_parameter_page_is_current():
    assert (DOCS / "parameters.md").read_text(encoding="utf-8") == markdown(), (
        "regenerate: python -m needlesim.parameters.tables > docs/parameters.md"
    )


def test_docs_pages_linked_from_the_readme_exist():
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for page in ("models.md", "parameters.md", "validation.md", "summary.md", "transport.md",
                 "healing.md", "cohorts.md", "web.md", "actives.md"):
        assert f"docs/{page}" in readme
        assert (DOCS / page).exists()
