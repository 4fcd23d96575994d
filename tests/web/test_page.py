"""The page's files as served (headers, types) and as written (no inline code, no HTML sinks)."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.web import STATIC
from rag.assistant import Assistant

ROOT = Path(__file__).resolve().parents[2]
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}
FILES = sorted(p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def web(assistant: Assistant):
    with TestClient(create_app(assistant.settings, assistant)) as client:
        yield client


def assert_secured(response) -> None:
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_page_is_served_at_the_root_with_its_policy(web: TestClient) -> None:
    response = web.get("/")
    assert_secured(response)
    assert response.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/js/main.js">' in response.text
    assert "/" not in {route.path for route in web.app.routes if getattr(route, "include_in_schema", False)}


@pytest.mark.parametrize("name", FILES)
def test_every_file_is_served_with_its_type_and_policy(web: TestClient, name: str) -> None:
    response = web.get(f"/static/{name}")
    assert_secured(response)
    assert response.headers["content-type"].startswith(TYPES[Path(name).suffix])
    assert response.content == (STATIC / name).read_bytes()


def test_the_page_needs_no_key_but_the_api_does(assistant: Assistant) -> None:
    settings = assistant.settings.replace(api_key="s3cret")
    with TestClient(create_app(settings, assistant)) as client:
        assert client.get("/").status_code == 200
        assert client.get("/static/js/api.js").status_code == 200
        assert client.get("/documents").status_code == 401


def test_a_missing_file_is_a_404(web: TestClient) -> None:
    assert web.get("/static/js/nothing.js").status_code == 404
    assert web.get("/static/../__init__.py").status_code == 404


class InlineCode(HTMLParser):
    """Collects what the CSP would block: inline scripts, <style>, style="…" and on…= handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "")
            if "src" not in names:
                self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f'{name}= on <{tag}>' for name in names if name == "style" or name.startswith("on")]


def test_the_html_has_no_inline_script_or_style() -> None:
    parser = InlineCode()
    parser.feed((STATIC / "index.html").read_text(encoding="utf-8"))
    assert parser.found == []
    assert parser.scripts == ["/static/js/main.js"]


def test_the_scripts_never_parse_text_as_html() -> None:
    """Model and document text must only become text nodes: no HTML sinks anywhere, and nothing
    loaded from another origin (the page has to work with no network)."""
    sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function")
    remote = re.compile(r"(src|href)=\"(https?:)?//|url\((https?:)?//|import .* from \"http")
    for path in STATIC.rglob("*"):
        if path.suffix in {".js", ".html", ".css"}:
            text = path.read_text(encoding="utf-8")
            assert not sinks.search(text), path
            assert not remote.search(text), path


def package_data() -> list[str] | None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config.get("tool", {}).get("setuptools", {}).get("package-data", {}).get("api.web")


@pytest.mark.skipif(package_data() is None,
                    reason="pyproject.toml has no [tool.setuptools.package-data] entry for api.web yet")
def test_every_file_ships_in_the_package() -> None:
    """A wheel only holds non-Python files that package-data names: each of the page's must be."""
    patterns = package_data() or []
    assert [f for f in FILES if not any(fnmatch(f"static/{f}", p) for p in patterns)] == []
