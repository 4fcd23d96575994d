"""The web chat page: static HTML, CSS and JavaScript shipped in the package, served at `/`.

No build step and nothing from a CDN: the files under `static/` are what the browser runs, so the
page works on a machine with no network. Every response of the page and its files carries a strict
Content Security Policy (scripts, styles and requests from this origin only, no inline code, no
framing), so that even if model or document text ever reached the DOM as markup it could not run.
The API routes keep their own headers; only the page needs these.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC = Path(__file__).parent / "static"

CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Revalidate on every load (cheap: ETag / Last-Modified), so an upgraded server's page is never
    # mixed with an older module still in the browser cache.
    "Cache-Control": "no-cache",
}


class PageFiles(StaticFiles):
    """`StaticFiles` whose responses carry the page's security headers."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(HEADERS)
        return response


async def page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8", headers=HEADERS)


def mount_web(app: FastAPI) -> None:
    """Serve the page at `/` and its files under `/static/` (outside the OpenAPI schema)."""
    app.add_api_route("/", page, methods=["GET", "HEAD"], include_in_schema=False)
    app.mount("/static", PageFiles(directory=STATIC), name="static")
