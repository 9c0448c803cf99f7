"""What one page's load is made of, in Chromium: its requests, the main thread's long tasks and
where the main thread's CPU went.

The companion of ``bench/demo_pages_browser.py`` (which times pages; this explains one). On a
database already seeded with the demo (run that bench once, or ``seed_demo``), it signs the
role in through the login page, then opens the page by its address twice against a uvicorn
of its own each time: "cold" (the first request that server answers) and "warm" (a second
visit). For each visit it prints, from the browser's clock (ms since navigation start):

- every request: when it left, when its first byte came, when it ended, its size on the wire
  (0: served from the browser's cache);
- the main thread's long tasks (over 50 ms: rendering, parsing);
- a CPU profile of the page (DevTools protocol, sampled every 0.2 ms): time per script and the
  functions with the most time of their own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/preau_demo_pages \\
    python bench/page_profile.py ien "tableau de bord"

Without ``DATABASE_URL``, ``PREAU_VAR_DIR`` must name the demo's SQLite directory. The role is
a demo login; the page is a name of ``demo_pages_browser.targets`` ("accueil", "tableau de
bord", "une école", "une classe", "une circonscription").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RECORD_JS = """
  window.__profile = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__profile.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
"""
RESOURCES_JS = """() => performance.getEntriesByType('resource').map(
  (e) => [e.startTime, e.responseStart, e.responseEnd, e.transferSize, e.name])"""


def cpu_summary(profile: dict, top: int) -> list[str]:
    """Time per script and the functions with the most time of their own."""
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    per_script: Counter = Counter()
    per_function: Counter = Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[sample]
        script = frame["url"].rsplit("/", 1)[-1] or frame["functionName"]
        per_script[script] += delta
        per_function[f"{frame['functionName'] or '(anonymous)'} {script}:{frame['lineNumber']}"] += delta
    lines = [f"  script   {micro / 1000:7.1f} ms  {name}" for name, micro in per_script.most_common(top)]
    lines += [f"  function {micro / 1000:7.1f} ms  {name}" for name, micro in per_function.most_common(top)]
    return lines


def visit(page, context, url: str, base_url: str, top: int) -> None:
    import demo_pages_browser as pages

    cdp = context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    shown = pages.shown_in(page, url)
    profile = cdp.send("Profiler.stop")["profile"]
    print(f"content shown at {shown * 1000:.0f} ms")
    for started, first_byte, ended, size, name in page.evaluate(RESOURCES_JS):
        print(f"  {started:7.0f} → first byte {first_byte:7.0f}, end {ended:7.0f}, "
              f"{size:7} B  {name.removeprefix(base_url)[:100]}")
    for started, duration in page.evaluate("() => window.__profile"):
        print(f"  long task at {started:7.0f} ms: {duration:5.0f} ms")
    print("\n".join(cpu_summary(profile, top)))
    cdp.detach()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("role", help="a demo login: mairie, ien, dasen, directeur…")
    parser.add_argument("page", help="a page of demo_pages_browser.targets")
    parser.add_argument("--top", type=int, default=12, help="lines per CPU table")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="preau-page-static-")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # ORM reads beside Playwright's loop
    sys.path[:0] = [str(ROOT), str(ROOT / "backend"), str(ROOT / "bench")]
    import django

    django.setup()
    import demo_pages_browser as pages
    from django.core.management import call_command
    from playwright.sync_api import sync_playwright

    from preau.imports.demo import DEMO_PASSWORD

    call_command("collectstatic", "--noinput", verbosity=0)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "backend")])}
    path = pages.targets(args.role)[args.page]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(pages.CHROMIUM), headless=True, args=pages.CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-FR")
        context.add_init_script(RECORD_JS)
        page = context.new_page()
        page.set_default_timeout(30_000)
        with pages.serving(env) as base_url:
            pages.sign_in(page, base_url, args.role, DEMO_PASSWORD)
        for label in ("cold", "warm"):
            with pages.serving(env) as base_url:
                if label == "warm":
                    pages.shown_in(page, base_url + path)
                print(f"--- {args.role}, {args.page}, {label}: ", end="")
                visit(page, context, base_url + path, base_url, args.top)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
