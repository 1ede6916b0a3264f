"""The local web app: ``create_app(db)`` builds a FastAPI app over one store (pages, JSON API, upload).

Templates autoescape everything; article text is rendered only as escaped segments (see ``highlight``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 2_000_000  # bytes of pasted text or uploaded file accepted by /analyze
PENDING = 4  # analyses that may wait behind the running one; more are refused (503)
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(db: str = "crosswire.db", *, max_upload: int = MAX_UPLOAD, allow_private_urls: bool | None = None,
               hosts: Iterable[str] = (), users: str | Path | None = None, pending: int = PENDING,
               warm: bool = False):
    """A FastAPI app serving the store ``db`` (SQLite path or postgresql:// URL).

    ``hosts``: host names it answers to besides 127.0.0.1, localhost and ::1; ``users``: a users file
    (``crosswire add-user``): every page then needs a login; ``pending``: analyses that may wait in the queue;
    ``warm``: start the analysis worker with the app and load its models, so the first analysis does not wait."""
    import contextlib

    from fastapi import FastAPI
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates

    from .. import api
    from . import api_routes, auth_routes, monitor_routes, routes
    from .jobs import JobQueue
    from .security import LOOPBACK_HOSTS, Guard, Headers, Sessions, Throttle, Users

    cw = api.open_store(db)
    cw.ensure_search_index()
    jobs = JobQueue(db, pending=pending, warm=warm)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if warm:
            jobs.start()
        yield
        jobs.stop()  # an analysis still running when the server stops is abandoned (its transaction rolls back)

    app = FastAPI(title="crosswire", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Stories, claims and sources read from news articles; every page has a JSON twin.")
    app.state.db = db
    app.state.cw = cw  # the store and its read models, open for the app's lifetime
    app.state.max_upload = max_upload
    app.state.allow_private_urls = allow_private_urls
    app.state.jobs = jobs
    app.state.users = Users(users) if users else None
    if app.state.users is not None and not app.state.users:
        raise ValueError(f"no users in {users}: add one with `crosswire add-user NAME --users {users}`")
    app.state.sessions = Sessions()
    app.state.throttle = Throttle()  # failed logins per address, shared by the login form and HTTP Basic
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True  # every template, whatever its suffix
    templates.env.globals["link"] = lambda href: href  # reports map page links to in-document anchors
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api_routes.router)
    app.include_router(auth_routes.router)
    app.include_router(monitor_routes.api_router)
    app.include_router(routes.router)
    app.include_router(monitor_routes.router)

    # defence in depth behind autoescaping: no inline or foreign script can run on any page, /docs included
    # ('unsafe-eval' because vega compiles its expressions). Referrers stay on this site; "no-referrer" would make
    # browsers send `Origin: null` with the app's own forms, which the same-origin check must refuse.
    app.add_middleware(Headers, headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                                         "Referrer-Policy": "same-origin"})
    # outermost: hosts, same-origin writes, the body cap and login are checked before anything else runs
    app.add_middleware(Guard, hosts=LOOPBACK_HOSTS | {h.lower() for h in hosts}, users=app.state.users,
                       sessions=app.state.sessions, max_body=2 * max_upload + 65_536, throttle=app.state.throttle)
    return app
