"""Monitoring pages and their JSON twins: watchlists ("Watch this" forms), the alerts page, Atom feeds per
watchlist, outlet track records and coverage gaps.

Watchlists made over HTTP deliver to their feed and the alerts page only: channels that make the server post or
mail somewhere (webhook, e-mail) are set from the CLI or the Python API.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ..errors import CrosswireError

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["monitoring"])
FORM_FIELDS = {"entity": "entities", "word": "words", "outlet": "outlets", "language": "languages",
               "measure": "measures", "story": "stories", "thread": "threads"}


def _page(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, watchlist: str = ""):
    """Watchlists and their newest alerts, with evidence links and deliveries."""
    cw = request.app.state.cw
    w = cw.watchlist(watchlist) if watchlist else None
    view = cw.alerts_view(w.id if w else None)
    return _page(request, "alerts.html", v=view, title=f"Alerts: {w.name}" if w else "Alerts")


@router.get("/alerts/{ident}.atom")
def alerts_atom(request: Request, ident: str):
    """The Atom feed of one watchlist's alerts."""
    body = request.app.state.cw.alerts_atom(ident, _base(request))
    if body is None:
        raise HTTPException(404, f"no watchlist {ident!r}")
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.post("/watchlists")
async def watchlist_create(request: Request):
    """Make a watchlist from a "Watch this" form (hidden fields entity, word, outlet, language, measure, story,
    thread; a name), then show its alerts."""
    form = await request.form()
    fields = {plural: [str(v) for v in form.getlist(one)] for one, plural in FORM_FIELDS.items() if form.getlist(one)}
    try:
        w = request.app.state.cw.add_watchlist(str(form.get("name") or "")[:200], base_url=_base(request), **fields)
    except CrosswireError as exc:
        return _page(request, "error.html", 400, title="Cannot watch this", message=str(exc))
    return RedirectResponse(f"/alerts?watchlist={w.id}", status_code=303)


@router.post("/watchlists/{ident}/delete")
def watchlist_delete(request: Request, ident: str):
    request.app.state.cw.remove_watchlist(ident)
    return RedirectResponse("/alerts", status_code=303)


class WatchlistIn(BaseModel):
    """A watchlist to make over the JSON API (channels are set from the CLI or the Python API)."""

    name: str = Field("", max_length=200)
    entities: list[str] = []
    words: list[str] = []
    outlets: list[str] = []
    languages: list[str] = []
    measures: list[str] = []
    stories: list[str] = []
    threads: list[str] = []


@api_router.get("/watchlists", summary="Every watchlist (without channel secrets)")
def api_watchlists(request: Request):
    return {"watchlists": request.app.state.cw.alerts_view(limit=0)["watchlists"]}


@api_router.post("/watchlists", status_code=201, summary="Make a watchlist")
def api_watchlist_create(request: Request, body: WatchlistIn):
    fields = body.model_dump()
    name = fields.pop("name")
    try:
        w = request.app.state.cw.add_watchlist(name, base_url=_base(request), **fields)
    except CrosswireError as exc:
        raise HTTPException(400, str(exc)) from None
    return {"id": w.id, "name": w.name, "feed": f"/alerts/{w.id}.atom"}


@api_router.delete("/watchlists/{ident}", summary="Remove a watchlist and its alerts")
def api_watchlist_delete(request: Request, ident: str):
    if not request.app.state.cw.remove_watchlist(ident):
        raise HTTPException(404, f"no watchlist {ident!r}")
    return {"removed": ident}


@api_router.get("/alerts", summary="The newest alerts with evidence links and deliveries")
def api_alerts(request: Request, watchlist: str = "", limit: int = Query(200, ge=1, le=5000)):
    cw = request.app.state.cw
    w = cw.watchlist(watchlist) if watchlist else None
    if watchlist and w is None:
        raise HTTPException(404, f"no watchlist {watchlist!r}")
    return {"alerts": cw.alerts_view(w.id if w else None, limit=limit)["alerts"]}


# -- outlets and coverage gaps -------------------------------------------------------------------------
@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request):
    """Every named outlet, with a form to put two side by side."""
    return _page(request, "outlets.html", rows=request.app.state.cw.outlets(), title="Outlets")


@router.get("/outlets/compare", response_class=HTMLResponse)
def outlets_compare_page(request: Request, a: str = Query(..., max_length=200), b: str = Query(..., max_length=200)):
    """Two outlets' track records side by side."""
    view = request.app.state.cw.outlets_compare(a, b)
    if view is None:
        return _page(request, "error.html", 404, title="Not found", message=f"No article of {a!r} or {b!r} in this store.")
    return _page(request, "outlets_compare.html", v=view, title=f"{a} and {b}")


@router.get("/outlets/{name:path}", response_class=HTMLResponse)
def outlet_page(request: Request, name: str):
    """One outlet's track record, every figure with its evidence."""
    view = request.app.state.cw.outlet_view(name)
    if view is None:
        return _page(request, "error.html", 404, title="Not found", message=f"No article of {name!r} in this store.")
    return _page(request, "outlet.html", v=view, title=name)


@router.get("/gaps", response_class=HTMLResponse)
def gaps_page(request: Request, by: str = Query("country", pattern="^[a-z_]{1,30}$"), min_outlets: int = Query(2, ge=1)):
    """Stories only one group of outlets covered."""
    view = request.app.state.cw.blindspots(by, min_outlets)
    return _page(request, "gaps.html", v=view, story=None, by=by, title="Coverage gaps")


@router.get("/gaps/{story_id}", response_class=HTMLResponse)
def story_gaps_page(request: Request, story_id: str, by: str = Query("country", pattern="^[a-z_]{1,30}$")):
    """Who covered one story, and who publishing at the time did not."""
    view = request.app.state.cw.story_gaps(story_id, by)
    if view is None:
        return _page(request, "error.html", 404, title="Not found", message=f"No story {story_id!r} in this store.")
    return _page(request, "gaps.html", story=view, v=None, by=by, title=f"Coverage: {view['title']}")


@api_router.get("/outlets", summary="Every named outlet with its outlets.yaml fields")
def api_outlets(request: Request):
    return {"outlets": request.app.state.cw.outlets()}


@api_router.get("/outlets/{name:path}", summary="An outlet's track record (vs: a second one side by side)")
def api_outlet(request: Request, name: str, vs: str = Query("", max_length=200)):
    cw = request.app.state.cw
    view = cw.outlets_compare(name, vs) if vs else cw.outlet_view(name)
    if view is None:
        raise HTTPException(404, f"no article of {name!r}" + (f" or {vs!r}" if vs else ""))
    return view


@api_router.get("/gaps", summary="Stories only one group of outlets covered")
def api_gaps(request: Request, by: str = Query("country", pattern="^[a-z_]{1,30}$"), min_outlets: int = Query(2, ge=1)):
    return request.app.state.cw.blindspots(by, min_outlets)


@api_router.get("/gaps/{story_id}", summary="Who covered a story and who, publishing at the time, did not")
def api_story_gaps(request: Request, story_id: str, by: str = Query("country", pattern="^[a-z_]{1,30}$")):
    view = request.app.state.cw.story_gaps(story_id, by)
    if view is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return view
