"""The pages: the trainers' page at / with its files under /static, and the API
documentation at /docs, both served by the service itself, nothing from a CDN."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from goaltext_api.routers.pages import DOCS_DIR
from goaltext_api.settings import PACKAGE_DIR

EXTERNAL = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)


@pytest.fixture
def static_dir(tmp_path: Path) -> Path:
    (tmp_path / "js").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><html lang="da"><title>Mål</title></html>', encoding="utf-8")
    (tmp_path / "app.css").write_text("body { color: #222; }", encoding="utf-8")
    (tmp_path / "js" / "main.js").write_text("export const x = 1;", encoding="utf-8")
    return tmp_path


def test_the_page_and_its_files_are_served(make_client: Callable[..., TestClient], static_dir: Path) -> None:
    client = make_client(static_dir=static_dir)
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<title>Mål</title>" in page.text
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/js/main.js").status_code == 200


@pytest.mark.parametrize("path", ["/static/../settings.py", "/static/%2e%2e/settings.py", "/static/findes-ikke.js"])
def test_nothing_outside_the_static_folder_is_served(
    make_client: Callable[..., TestClient], static_dir: Path, path: str
) -> None:
    response = make_client(static_dir=static_dir).get(path)
    assert response.status_code == 404
    assert "PACKAGE_DIR" not in response.text


def test_without_the_page_the_root_says_so_and_the_api_still_works(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = make_client(static_dir=tmp_path / "mangler")
    response = client.get("/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "page_missing"
    assert client.get("/static/app.css").status_code == 404
    assert client.get("/v1/health").status_code == 200


def test_the_installed_page_is_served_by_default(client: TestClient) -> None:
    if not (PACKAGE_DIR / "static" / "index.html").is_file():
        pytest.skip("the web page is not in this checkout")
    assert client.get("/").status_code == 200


def test_docs_is_a_page_of_our_own_that_renders_openapi_json(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'src="docs/assets/docs.js"' in page.text and 'href="docs/assets/docs.css"' in page.text
    script = client.get("/docs/assets/docs.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert 'fetch("openapi.json"' in script.text
    assert client.get("/docs/assets/docs.css").headers["content-type"].startswith("text/css")
    assert client.get("/openapi.json").json()["openapi"].startswith("3.")


@pytest.mark.parametrize("name", sorted(p.name for p in DOCS_DIR.iterdir()))
def test_the_docs_load_nothing_from_other_servers(name: str) -> None:
    text = (DOCS_DIR / name).read_text(encoding="utf-8")
    assert EXTERNAL.findall(text) == []
    assert "<script>" not in text and "style=" not in text  # the CSP allows no inline code


@pytest.mark.parametrize("path", ["/redoc", "/docs/oauth2-redirect"])
def test_fastapis_cdn_pages_are_switched_off(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404
