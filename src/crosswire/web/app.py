"""The local web app: ``create_app(db)`` builds a FastAPI app over one store (pages, JSON API, upload).

Templates autoescape everything; article text is rendered only as escaped segments (see ``highlight``).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 2_000_000  # bytes of pasted text or uploaded file accepted by /analyze
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(db: str = "crosswire.db", *, max_upload: int = MAX_UPLOAD, allow_private_urls: bool | None = None):
    """A FastAPI app serving the store ``db`` (SQLite path or postgresql:// URL)."""
    from fastapi import FastAPI
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates

    from .. import api
    from . import api_routes, monitor_routes, routes

    cw = api.open_store(db)
    cw.ensure_search_index()
    app = FastAPI(title="crosswire", version="0.1.0",
                  description="Stories, claims and sources read from news articles; every page has a JSON twin.")
    app.state.db = db
    app.state.cw = cw  # the store and its read models, open for the app's lifetime
    app.state.max_upload = max_upload
    app.state.allow_private_urls = allow_private_urls
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True  # every template, whatever its suffix
    templates.env.globals["link"] = lambda href: href  # reports map page links to in-document anchors
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api_routes.router)
    app.include_router(monitor_routes.api_router)
    app.include_router(routes.router)
    app.include_router(monitor_routes.router)

    @app.middleware("http")
    async def _headers(request, call_next):
        response = await call_next(request)
        # defence in depth behind autoescaping: no inline or foreign script can run on our pages
        # ('unsafe-eval' because vega compiles its expressions; FastAPI's /docs loads its own CDN assets)
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return app
