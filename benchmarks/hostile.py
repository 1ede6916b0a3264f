"""Hostile inputs: bounded work per article, the web app under a large upload, the SSRF guard's refusals.

1. ``crosswire analyze`` of one text of 10 KB to 2 MB, three shapes built from real development news (SlavicNER
   brexit, ru): *normal* (paragraphs), *one line* (no line break), *no full stop* (one line, no .!?…;), each in
   a fresh process and store: wall and CPU seconds, peak memory, characters analysed. The same with the length
   cap lifted (``CROSSWIRE_MAX_TEXT``) for 25-200 KB shows the stages alone are linear.
2. 2,000 tiny files (one real sentence each) in one run: seconds and peak memory.
3. ``crosswire serve``: latency of ``GET /`` while a 2 MB upload is analysed (and without one).
4. The SSRF guard: every address form that must be refused, public ones that must pass, redirect chains
   through real local servers.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from benchmarks.common import ROOT, parser, serving, table, write_section

NAME = "hostile"
SIZES = [10_000, 100_000, 500_000, 1_000_000, 2_000_000]
UNCAPPED = [25_000, 50_000, 100_000, 200_000]
KINDS = ("normal", "one line", "no full stop")
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def dev_texts(data: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((data / "slavicner" / "raw" / "brexit" / "ru").glob("*.txt"))]


def hostile(texts: list[str], kind: str, size: int) -> str:
    """A text of ``size`` UTF-8 bytes of the given shape, from the development texts cycled."""
    parts, n, i = [], 0, 0
    while n < size:
        t = texts[i % len(texts)]
        i += 1
        if kind != "normal":
            t = " ".join(t.split())
        if kind == "no full stop":
            t = re.sub(r"[.!?…;]", "", t)
        parts.append(t)
        n += len(t.encode()) + 1
    body = ("\n\n" if kind == "normal" else " ").join(parts).encode()[:size].decode("utf-8", "ignore")
    return "Заголовок\n" + body


def run_cli(args: list[str], env: dict | None = None, timeout: float = 1800) -> dict:
    """One CLI run in a fresh process: wall and CPU seconds, peak memory (MB), exit status, stderr."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "crosswire.cli", *args], env=env or ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": time.perf_counter() - t0, "cpu": usage.ru_utime + usage.ru_stime,
            "mb": usage.ru_maxrss / 1024, "rc": proc.returncode, "stderr": err}


def analysed(db: Path) -> tuple[int, list[str], int]:
    """(characters analysed, flags, longest evidence span) of the one stored article."""
    import crosswire

    result = crosswire.load(str(db))
    if not result.articles:
        return 0, [], 0
    a = result.articles[0]
    spans = [len(x.text) for x in (*result.claims, *result.events, *result.quotes)]
    return len(a.text), list(a.flags), max(spans, default=0)


def sizes_table(texts: list[str], tmp: Path, sizes: list[int], env: dict | None = None) -> list[list]:
    rows = []
    for kind in KINDS:
        for size in sizes:
            src = tmp / f"{kind.replace(' ', '-')}-{size}.txt"
            src.write_text(hostile(texts, kind, size), encoding="utf-8")
            db = tmp / f"{src.stem}-{uuid.uuid4().hex[:6]}.db"
            r = run_cli(["analyze", str(src), "--db", str(db), "-q"], env)
            chars, flags, longest = analysed(db)
            failed = [f for f in flags if f.startswith("stage-failed")]
            rows.append([kind, f"{size / 1000:g} KB", chars, round(r["wall"], 1), round(r["cpu"], 1), round(r["mb"]),
                         longest, "truncated" if "truncated" in flags else "", ", ".join(failed) or "none",
                         r["rc"]])
            print(rows[-1], flush=True)
    return rows


def tiny_files(data: Path, tmp: Path, n: int) -> dict:
    sentences = []
    for t in dev_texts(data):
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", t) if 40 < len(s) < 160]
    folder = tmp / "tiny"
    folder.mkdir()
    for i in range(n):
        (folder / f"t{i:04d}.txt").write_text(f"Заметка {i}\n{sentences[i % len(sentences)]}\n", encoding="utf-8")
    r = run_cli(["analyze", str(folder), "--db", str(tmp / "tiny.db"), "-q"], timeout=3600)
    return r


def web_latency(texts: list[str], tmp: Path, seconds: float = 60.0) -> dict:
    """p50/p95/max of GET / alone, then while a 2 MB upload is analysed."""
    seeds = ROOT / "examples" / "seeds"
    db = tmp / "web.db"
    run_cli(["analyze", str(seeds), "--db", str(db), "-q"])
    with serving(db, ENV) as (_, base, opener):

        def sample(stop: threading.Event | None, n: int | None = None) -> list[float]:
            out: list[float] = []
            while (stop is None and len(out) < n) or (stop is not None and not stop.is_set()):
                t0 = time.perf_counter()
                opener.open(base + "/", timeout=30).read()
                out.append(time.perf_counter() - t0)
                time.sleep(0.1)
            return out

        idle = sample(None, 50)
        body = hostile(texts, "normal", 1_990_000).encode()  # just under the 2 MB upload limit
        boundary = uuid.uuid4().hex
        payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                   f"Content-Type: text/plain\r\n\r\n").encode() + body + f"\r\n--{boundary}--\r\n".encode()
        done = threading.Event()
        answer: dict = {}

        def upload():
            t0 = time.perf_counter()
            req = urllib.request.Request(base + "/analyze", data=payload, headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}"})
            try:
                with opener.open(req, timeout=1800) as resp:
                    answer["status"] = resp.status
            except urllib.error.HTTPError as exc:
                answer["status"] = exc.code
            answer["seconds"] = time.perf_counter() - t0
            done.set()

        threading.Thread(target=upload, daemon=True).start()
        busy = sample(done)
        return {"idle": idle, "busy": busy, **answer}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def ssrf_table() -> tuple[list[list], list[list]]:
    """Literal address forms through ``check_url``, and redirect chains through real servers."""
    sys.path.insert(0, str(ROOT / "tests"))
    from crosswire.errors import BadInput
    from crosswire.ingest.fetch import check_url, fetch_url
    from test_fetch_guard import PUBLIC, REFUSED, _Site

    os.environ.pop("CROSSWIRE_ALLOW_PRIVATE_URLS", None)
    rows = []
    for url, _why in REFUSED + [(u, "") for u in PUBLIC]:
        try:
            check_url(url)
            rows.append([url, "fetched (public unicast)"])
        except BadInput as exc:
            # "refused: HOST resolves to ADDRESS (why)" -> why
            rows.append([url, exc.reason.split(" (", 1)[1][:-1] if " resolves to " in exc.reason else exc.reason])
    chains = []
    os.environ["CROSSWIRE_ALLOW_URL_NETWORKS"] = "127.0.0.2/32"  # plays the public site that redirects
    outside = _Site("127.0.0.2")
    inside = _Site("127.0.0.1")
    try:
        outside.routes["/ok"] = (200, {"Content-Type": "text/plain"}, b"public page")
        cases = [
            ("allowed site, no redirect", "/ok", None),
            ("302 -> http://127.0.0.1/", "/a", f"http://127.0.0.1:{inside.port}/admin"),
            ("302 -> http://localhost/", "/b", f"http://localhost:{inside.port}/admin"),
            ("302 -> http://[::ffff:127.0.0.1]/", "/c", f"http://[::ffff:127.0.0.1]:{inside.port}/admin"),
            ("302 -> http://169.254.169.254/ (metadata)", "/d", "http://169.254.169.254/latest/meta-data/"),
            ("302 -> http://100.64.0.1/", "/e", "http://100.64.0.1/"),
            ("301 -> 307 -> http://127.0.0.1/ (chain)", "/f", "/f2"),
            ("302 -> file:///etc/passwd", "/g", "file:///etc/passwd"),
        ]
        outside.routes["/f2"] = (307, {"Location": f"http://127.0.0.1:{inside.port}/admin"}, b"")
        for label, path, target in cases:
            if target:
                outside.routes[path] = (301 if path == "/f" else 302, {"Location": target}, b"")
            try:
                fetch_url(f"http://127.0.0.2:{outside.port}{path}", timeout=5)
                chains.append([label, "fetched"])
            except BadInput as exc:
                chains.append([label, exc.reason])
        chains.append(["requests that reached the internal server", str(len(inside.hits))])
    finally:
        outside.close()
        inside.close()
        os.environ.pop("CROSSWIRE_ALLOW_URL_NETWORKS", None)
    return rows, chains


def main() -> None:
    p = parser(__doc__.split("\n")[0])
    p.add_argument("--tiny", type=int, default=2000, help="tiny files in the many-files run (0: skip)")
    p.add_argument("--no-web", action="store_true", help="skip the web latency run")
    args = p.parse_args()
    texts = dev_texts(args.data)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="crosswire-hostile-") as tmp_name:
        tmp = Path(tmp_name)
        ssrf, chains = ssrf_table()
        capped = sizes_table(texts, tmp, SIZES)
        uncapped = sizes_table(texts, tmp, UNCAPPED, {**ENV, "CROSSWIRE_MAX_TEXT": "10000000"})
        tiny = tiny_files(args.data, tmp, args.tiny) if args.tiny else None
        web = None if args.no_web else web_latency(texts, tmp)
    load_end = os.getloadavg()

    head = ["shape", "input", "chars analysed", "wall s", "CPU s", "peak MB", "longest evidence", "cut",
            "stage failures", "exit"]
    body = [
        "**What:** `crosswire analyze` of one hostile text in a fresh process and store (models loaded in every "
        "run: about 8 CPU s and 700 MB of the figures are the process starting). Texts are real development news "
        "(SlavicNER brexit, ru) cycled to the size: *normal* keeps its paragraphs, *one line* has no line break, "
        "*no full stop* has no line break and no .!?…; at all. **Targets:** linear, at most 30 s and 1 GB for 2 MB.",
        "",
        "Each article is analysed up to 60,000 characters (`CROSSWIRE_MAX_TEXT`); the rest is kept in its noise "
        "(flag `truncated`), so the cost of a larger text is its reading and cleaning only:",
        "",
        table(head, capped),
        "",
        "With the cap lifted, the stages alone: CPU time grows in step with the text (sentences are cut at "
        "1,000 characters, so a line with no full stop is no worse than prose). Before this work one 100 KB line "
        "with no full stop took 270 s (events 219 s) and kept 54,777-character claims; a 1 MB one did not finish "
        "in 300 s:",
        "",
        table(head, uncapped),
    ]
    if tiny:
        body += ["", f"**2,000 tiny files** (one real sentence each, one run): {tiny['wall']:.0f} s wall, "
                 f"{tiny['cpu']:.0f} s CPU, peak {tiny['mb']:.0f} MB (was 1,014 MB here and 832 MB in the issue: "
                 "an English line loaded lingua's 14 full Latin-script models, about 340 MB; they now load only "
                 "when the trigram models are unsure)."]
    if web:
        body += ["", "**Web latency** of `GET /` (the story list) on `crosswire serve` over the seeds, sampled every "
                 "0.1 s: alone, and while a 2 MB upload is analysed in the worker process "
                 f"(the upload answered {web.get('status')} after {web.get('seconds', float('nan')):.0f} s). "
                 "**Target:** p95 under 200 ms.", "",
                 table(["while", "requests", "p50 ms", "p95 ms", "max ms"],
                       [[name, len(v), round(pct(v, .5) * 1000), round(pct(v, .95) * 1000), round(max(v) * 1000)]
                        for name, v in (("idle", web["idle"]), ("2 MB upload analysed", web["busy"]))])]
    body += ["", "**SSRF guard.** Each URL through `check_url` (the same check runs where every connection is "
             "opened, for every redirect hop, against the address actually connected to):", "",
             table(["URL", "result"], ssrf), "",
             "Redirect chains through real local servers (127.0.0.2 opened by `CROSSWIRE_ALLOW_URL_NETWORKS` plays "
             "the public site; an internal server listens on 127.0.0.1):", "",
             table(["chain", "result"], chains), "",
             f"Machine load (1-minute load average) at start {load[0]:.1f}, at end {load_end[0]:.1f}: the machine "
             "is shared, so wall times carry other work; CPU seconds are this process's own."]
    write_section(NAME, "Hostile inputs: bounded work, the web app under load, the SSRF guard", "\n".join(body),
                  "nice .venv/bin/python -m benchmarks.hostile [--data ../shared/data] [--tiny 2000]",
                  no_write=args.no_write)


if __name__ == "__main__":
    main()
