"""Login and logout (when the app has users), and the API documentation page served from vendored assets."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .security import COOKIE, client_address, too_many

router = APIRouter(include_in_schema=False)


def _local(target: str) -> str:
    """``target`` when it is a path on this site, else ``/`` (no open redirect through ?next=)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(request: Request, status: int = 200, error: str | None = None, next_: str = "/") -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(
        request, "login.html", {"title": "Log in", "error": error, "next": _local(next_)}, status_code=status)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/"):  # noqa: A002 - the query parameter's name
    if request.app.state.users is None:
        return RedirectResponse(_local(next), status_code=303)
    return _login_page(request, next_=next)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request):
    """Check the name and password (argon2id) and open a session: an HttpOnly, SameSite=Strict cookie."""
    import asyncio

    users = request.app.state.users
    form = await request.form(max_files=0, max_fields=4, max_part_size=4096)
    name, password = str(form.get("name") or ""), str(form.get("password") or "")
    next_ = _local(str(form.get("next") or "/"))
    if users is None:
        return RedirectResponse(next_, status_code=303)
    throttle, client = request.app.state.throttle, client_address(request.scope)
    wait = throttle.wait(client)
    if wait:
        response = _login_page(request, 429, too_many(wait) + ".", next_)
        response.headers["Retry-After"] = str(wait)
        return response
    # argon2 is slow on purpose: verify off the event loop so pages are not held up
    if not await asyncio.to_thread(users.check, name, password):
        throttle.failed(client)
        return _login_page(request, 401, "Wrong name or password.", next_)
    response = RedirectResponse(next_, status_code=303)
    response.set_cookie(COOKIE, request.app.state.sessions.open(name), max_age=int(request.app.state.sessions.seconds),
                        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
def logout(request: Request):
    request.app.state.sessions.close(request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request):
    """Swagger UI over /openapi.json, from the vendored swagger-ui-dist under the app's own CSP (works offline)."""
    return request.app.state.templates.TemplateResponse(request, "docs.html", {"title": "API"})
