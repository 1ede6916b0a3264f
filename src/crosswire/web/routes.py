"""The HTML pages: stories, story, article, entity, thread, search, and analysing a pasted article or URL."""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..api import StoryFilter

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
ROW_LIMIT = 500  # stories listed at once; filters narrow the rest
ANALYSE_LOCK = threading.Lock()  # corrections regroup in this process one at a time (the store's run lock
# serialises them with the analyses of the worker process)


def _page(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)


def _missing(request: Request, what: str) -> HTMLResponse:
    return _page(request, "error.html", 404, title="Not found", message=f"No {what} in this store.")


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, date_from: str = "", date_to: str = "", entity: str = "", outlet: str = "",
                 language: str = "", q: str = Query("", max_length=500)):
    """The story list with filters; an HTMX request gets the table rows only."""
    cw = request.app.state.cw
    f = StoryFilter(date_from, date_to, entity, outlet, language, q)
    rows = cw.story_rows(f, limit=ROW_LIMIT)
    if request.headers.get("HX-Request"):
        response = _page(request, "_story_rows.html", rows=rows)
    else:
        response = _page(request, "stories.html", rows=rows, f=f, **request.app.state.cw.filter_menus(entity),
                         limit=ROW_LIMIT, title="Stories")
    response.headers["Vary"] = "HX-Request"  # the same URL answers rows or a page: caches must keep both apart
    return response


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=500)):
    """Full-text search over articles, with the stories they belong to."""
    found = request.app.state.cw.search_view(q)
    return _page(request, "search.html", q=q, hits=found["hits"], stories=found["stories"], title=f"Search: {q}")


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request):
    """Every stored article, newest first."""
    return _page(request, "search.html", q="", hits=request.app.state.cw.article_rows(), stories=[],
                 title="Articles")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    """Sources side by side, contradictions, the claims table and the timeline of one story."""
    from ..api import story_charts

    cw = request.app.state.cw
    view = cw.story_view(story_id)
    if view is None:
        live = cw.resolve_story(story_id)  # a retired id: the story that took its articles
        if live and live != story_id:
            return RedirectResponse(request.url_for("story_page", story_id=live).path, status_code=301)
        return _missing(request, f"story {story_id!r}")
    from ..api import derivation_svg

    return _page(request, "story.html", v=view, title=view["story"]["title"] or story_id,
                 derivation_graph=derivation_svg(view["provenance"]), **story_charts(view))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    """An article's text with its facts highlighted; removed noise folded."""
    view = request.app.state.cw.article_view(article_id)
    if view is None:
        return _missing(request, f"article {article_id!r}")
    return _page(request, "article.html", v=view, title=view["article"]["title"] or article_id)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str):
    """An entity across languages, articles, events and quotes."""
    view = request.app.state.cw.entity_view(entity_id)
    if view is None:
        return _missing(request, f"entity {entity_id!r}")
    return _page(request, "entity.html", v=view, title=view["entity"]["name"])


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
def thread_page(request: Request, thread_id: str):
    """A thread's stories on a timeline."""
    from ..api import thread_charts

    view = request.app.state.cw.thread_view(thread_id)
    if view is None:
        return _missing(request, f"thread {thread_id!r}")
    return _page(request, "thread.html", v=view, title=view["thread"]["title"] or thread_id, **thread_charts(view))


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request):
    """The form to paste, upload or point at an article."""
    return _page(request, "analyze.html", title="Analyse an article", error=None,
                 max_upload=request.app.state.max_upload)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_post(request: Request):
    """Analyse pasted text, an uploaded file or a URL into the store (in the worker queue), then show the article.
    The analysis is dropped or stopped if the client leaves before it is done."""
    from starlette.datastructures import UploadFile
    from starlette.exceptions import HTTPException

    from ..api import check_url
    from ..errors import CrosswireError
    from .jobs import Busy, Gone
    from .security import BodyTooLarge
    from .uploads import TooLarge, save_upload

    limit = request.app.state.max_upload

    def fail(message: str, status: int = 400) -> HTMLResponse:
        return _page(request, "analyze.html", status, title="Analyse an article", error=message, max_upload=limit)

    try:  # a pasted text may be as large as a file (Starlette's default part limit is 1 MiB)
        form = await request.form(max_files=1, max_fields=8, max_part_size=limit + 1)
    except BodyTooLarge:
        return fail(f"The request is larger than {limit // 1000} kB.", 413)
    except HTTPException as exc:  # a malformed form, or a text part past the limit
        too_big = "maximum size" in str(exc.detail)
        return fail(f"The text is larger than {limit // 1000} kB." if too_big else str(exc.detail),
                    413 if too_big else 400)
    upload, text, url = form.get("file"), str(form.get("text") or ""), str(form.get("url") or "")
    inputs: list[str] = []
    with tempfile.TemporaryDirectory(prefix="crosswire-upload-") as tmp:
        if isinstance(upload, UploadFile) and upload.filename:
            try:  # the client's base name, made safe, in a folder of its own (``uploads``)
                inputs.append(str(await save_upload(upload, Path(tmp), 0, limit)))
            except TooLarge:
                return fail(f"The file is larger than {limit // 1000} kB.", 413)
        elif text.strip():
            if len(text.encode("utf-8")) > limit:
                return fail(f"The text is larger than {limit // 1000} kB.", 413)
            path = Path(tmp) / "pasted.txt"
            path.write_text(text, encoding="utf-8")
            inputs.append(str(path))
        elif url.strip():
            try:
                check_url(url.strip(), request.app.state.allow_private_urls)
            except CrosswireError as exc:
                return fail(str(exc))
            inputs.append(url.strip())
        else:
            return fail("Paste a text, choose a file or give a URL.")
        try:
            answer = await request.app.state.jobs.run(inputs, request.is_disconnected)
        except Busy:
            return fail("Too many analyses are waiting; try again in a minute.", 503)
        except Gone:
            return HTMLResponse("", status_code=499)  # nobody is listening any more
    if "failed" in answer:
        return fail(f"The analysis failed: {answer['failed']}", 500)
    if not answer["articles"]:
        reason = "; ".join(error for _, error in answer["errors"]) or "nothing could be read"
        return fail(f"Nothing was analysed: {reason}", 422)
    return RedirectResponse(f"/articles/{answer['articles'][0]}", status_code=303)


@router.post("/stories/{story_id}/split", response_class=HTMLResponse)
def story_split(request: Request, story_id: str, article: str = Form(...)):
    """Take one article out of this story for good (a stored correction, replayed at every regroup)."""
    from ..errors import CrosswireError

    try:
        with ANALYSE_LOCK:  # a correction regroups the store, like an analysis
            request.app.state.cw.split_article(article)
    except CrosswireError as exc:
        return _page(request, "error.html", 400, title="Not done", message=str(exc))
    return RedirectResponse(f"/stories/{story_id}", status_code=303)  # a retired id redirects on


@router.post("/stories/{story_id}/merge", response_class=HTMLResponse)
def story_merge(request: Request, story_id: str, other: str = Form(...)):
    """Merge another story into this one for good (a stored correction, replayed at every regroup)."""
    from ..errors import CrosswireError

    try:
        with ANALYSE_LOCK:
            request.app.state.cw.merge_stories(story_id, other.strip())
    except CrosswireError as exc:
        return _page(request, "error.html", 400, title="Not done", message=str(exc))
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request) -> dict:
    """Liveness probe for tests and scripts, with the analysis queue's counters."""
    jobs = request.app.state.jobs
    return {"ok": True, "jobs": {**jobs.stats, "waiting": len(jobs.line), "running": jobs.running}}
