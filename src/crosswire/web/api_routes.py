"""The JSON API: the same read models as the pages, documented by FastAPI's OpenAPI (/docs)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..api import StoryFilter
from ..serialize import to_dict

router = APIRouter(prefix="/api", tags=["api"])


def _cw(request: Request):
    return request.app.state.cw


@router.get("/stories", summary="Stories, newest first, with verdict counts")
def api_stories(request: Request, date_from: str = "", date_to: str = "", entity: str = "", outlet: str = "",
                language: str = "", q: str = Query("", max_length=500), limit: int = Query(500, ge=1, le=5000)):
    """The story list, filtered like the home page."""
    f = StoryFilter(date_from, date_to, entity, outlet, language, q)
    return {"stories": _cw(request).story_rows(f, limit=limit)}


@router.get("/stories/{story_id}", summary="One story: sources, contradictions, claims by measure, timeline")
def api_story(request: Request, story_id: str):
    """The story page's data."""
    cw = _cw(request)
    view = cw.story_view(story_id)
    if view is None:
        live = cw.resolve_story(story_id)  # a retired id keeps resolving
        if live and live != story_id:
            return RedirectResponse(request.url_for("api_story", story_id=live).path, status_code=301)
        raise HTTPException(404, f"no story {story_id!r}")
    return view


@router.post("/stories/{story_id}/split", summary="Take one article out of a story (a stored correction)")
def api_story_split(request: Request, story_id: str, article: str = Query(...)):
    """Split ``article`` off its story; returns the stories of the article and its former companions."""
    return _correct(request, "split", article)


@router.post("/stories/{story_id}/merge", summary="Merge another story into this one (a stored correction)")
def api_story_merge(request: Request, story_id: str, other: str = Query(...)):
    """Merge story ``other`` into ``story_id``; returns the merged story."""
    return _correct(request, "merge", story_id, other)


def _correct(request: Request, action: str, *args: str) -> dict:
    from ..errors import CrosswireError
    from .routes import ANALYSE_LOCK

    cw = _cw(request)
    try:
        with ANALYSE_LOCK:
            done = cw.split_article(*args) if action == "split" else cw.merge_stories(*args)
    except CrosswireError as exc:
        raise HTTPException(404, str(exc)) from None
    return {"stories": [to_dict(s) for s in done]}


@router.get("/articles", summary="Stored articles, or full-text search hits for q")
def api_articles(request: Request, q: str = Query("", max_length=500), limit: int = Query(200, ge=1, le=5000)):
    """Article rows (id, title, outlet, language, date, snippet)."""
    return {"articles": _cw(request).article_rows(q, limit)}


@router.get("/articles/{article_id}", summary="One article with every fact read from it")
def api_article(request: Request, article_id: str):
    """The article and its facts (entities, mentions, dates, events, claims, quotes, framing), and its stories."""
    out = _cw(request).article_json(article_id)
    if out is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return out


@router.get("/entities/{entity_id:path}", summary="One entity: aliases, articles, events, quotes, co-occurring entities")
def api_entity(request: Request, entity_id: str):
    """The entity page's data."""
    view = _cw(request).entity_view(entity_id)
    if view is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return view


@router.get("/threads/{thread_id}", summary="One thread: its stories over time and cross-story groups")
def api_thread(request: Request, thread_id: str):
    """The thread page's data."""
    view = _cw(request).thread_view(thread_id)
    if view is None:
        raise HTTPException(404, f"no thread {thread_id!r}")
    return view


@router.post("/analyze", summary="Analyse uploaded files and URLs into the store (`crosswire analyze --server`)",
             responses={413: {"description": "a request past the server's limit"}, 422: {"description": "nothing "
                        "could be analysed"}, 503: {"description": "the queue of analyses is full"}})
async def api_analyze(request: Request):
    """A multipart form of ``file`` parts (each at most the server's ``--max-upload``) and ``url`` fields, analysed
    as one run by the app's analysis worker: a process that stays up between runs, so a run pays no start-up, model
    load or first read of the store's kept state. Answers ``{"articles": [ids], "errors": [{"source", "error"}],
    "failures": [{"article", "source", "failure"}] (reading stages that failed), "truncated": [ids]}`` with the
    client's own file names: 200 when something was analysed, 422 when nothing could be (each input's
    reason listed), 413 when the request is larger than the server takes, 503 when the queue is full."""
    import tempfile
    from pathlib import Path

    from starlette.datastructures import UploadFile
    from starlette.exceptions import HTTPException as FormError

    from ..api import check_url
    from ..errors import CrosswireError
    from .jobs import Busy, Gone
    from .security import BodyTooLarge
    from .uploads import MAX_FILES, TooLarge, client_names, save_upload

    limit = request.app.state.max_upload
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES, max_part_size=limit + 1)
    except BodyTooLarge:
        raise HTTPException(413, f"the request is larger than this server takes ({(2 * limit) // 1000} kB in all): "
                                 "send fewer files at once") from None
    except FormError as exc:  # a malformed form, too many parts, a url field past the limit
        raise HTTPException(413 if "maximum size" in str(exc.detail) else 400, str(exc.detail)) from None
    inputs: list[str] = []
    errors: list[dict[str, str]] = []
    names: dict[str, str] = {}  # the upload's path here -> the client's file name
    with tempfile.TemporaryDirectory(prefix="crosswire-upload-") as tmp:
        for i, upload in enumerate(form.getlist("file")):
            if not isinstance(upload, UploadFile):
                errors.append({"source": str(upload)[:200], "error": "a file field without a file"})
                continue
            try:
                path = await save_upload(upload, Path(tmp), i, limit)
            except TooLarge as exc:
                errors.append({"source": upload.filename or f"file {i + 1}", "error": str(exc)})
                continue
            names[str(path)] = upload.filename or path.name
            inputs.append(str(path))
        for url in (str(u).strip() for u in form.getlist("url")):
            try:
                check_url(url, request.app.state.allow_private_urls)
            except CrosswireError as exc:
                errors.append({"source": url, "error": str(exc)})
                continue
            inputs.append(url)
        if not inputs:
            return JSONResponse({"articles": [], "errors": errors or [{"source": "", "error": "no file or url given"}]},
                                status_code=422)
        try:
            answer = await request.app.state.jobs.run(inputs, request.is_disconnected)
        except Busy:
            raise HTTPException(503, "too many analyses are waiting; try again in a minute") from None
        except Gone:
            return Response(status_code=499)  # nobody is listening any more
    if "failed" in answer:
        raise HTTPException(500, f"the analysis failed: {client_names(answer['failed'], names)}")
    errors += [{"source": client_names(source, names), "error": client_names(error, names)}
               for source, error in answer["errors"]]
    # a reading stage that failed on an article (it keeps what the other stages found) is said, never hidden
    failures = [{"article": a, "source": client_names(source, names), "failure": f}
                for a, source, f in answer.get("failures", ())]
    return JSONResponse({"articles": answer["articles"], "errors": errors, "failures": failures,
                         "truncated": answer.get("truncated", [])}, status_code=200 if answer["articles"] else 422)
