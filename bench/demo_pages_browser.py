"""How long the authorities' pages take on the demo, as a person sees them in a browser.

Seeds the demo (``seed_demo --flush``) into the database of ``DATABASE_URL`` with the demo's
settings (config.settings.local, DEBUG off), collects the built web app (frontend/dist) into
a temporary STATIC_ROOT, and for each of the commune, the IEN and the DASEN signs in through
the login page with Chromium (Playwright, the demo's password and second factor), then opens
each of their pages by address and times navigation start → content shown: the page's
``h1`` in ``main``, no ``main [aria-busy='true']`` and no loader left in ``main`` (every
section has its data). The time is the browser's own clock (``performance.now()`` at the
first frame where the content is shown); the network need not be idle.

Each page is timed against a server of its own: the real ASGI server (uvicorn, as ``make
serve`` does) started in a subprocess just before. "cold" is the first visit, the first
request that server answers (the session, kept in the database, outlives the server that
signed in; the browser has the web app's files from the sign-in); "warm" is the median of
five more visits.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/preau_demo_pages \\
    python bench/demo_pages_browser.py

The database is emptied and re-seeded: never point it at a database you keep. Without
``DATABASE_URL`` (and ``REDIS_URL``), the demo as ``make demo`` runs it: SQLite, in a
scratch directory (``PREAU_VAR_DIR``), and no Redis.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, redirect_stdout
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("PREAU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ROLES = ("mairie", "ien", "dasen")
CODE_LABEL = "Code à 6 chiffres de votre application d'authentification"

# The first frame where the page's content is shown; its time since navigation start.
CONTENT_SHOWN = """() => {
  const main = document.querySelector('main');
  if (!main || !main.querySelector('h1')) return false;
  if (main.matches('[aria-busy="true"]') || main.querySelector('[aria-busy="true"]')) return false;
  if (main.querySelector('[role="status"] .mantine-Loader-root')) return false;
  return performance.now();
}"""


def targets(username: str) -> dict[str, str]:
    """The addresses of the role's authority pages, on a school and a class of its scope."""
    from preau.accounts.models import User
    from preau.authority.selectors import inspected_circonscriptions, scope_schools
    from preau.schools.models import Classroom

    viewer = User.objects.get(username=username)
    classroom = (
        Classroom.objects.filter(school__in=scope_schools(viewer=viewer), enrolments__isnull=False)
        .select_related("school")
        .order_by("pk")
        .first()
    )
    found = {
        "accueil": "/",
        "tableau de bord": "/tableau-de-bord",
        "une école": f"/tableau-de-bord/ecoles/{classroom.school_id}",
        "une classe": f"/tableau-de-bord/classes/{classroom.pk}",
    }
    circonscription = inspected_circonscriptions(viewer=viewer).order_by("code").first()
    if username == "dasen" and circonscription is not None:  # linked from the DASEN's board
        found["une circonscription"] = f"/tableau-de-bord/circonscriptions/{circonscription.code}"
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()


@contextmanager
def serving(env: dict[str, str]):
    """uvicorn on the ASGI application, as ``make serve``, from its start to its stop;
    ready when its port accepts. Always the same port: the browser keeps its cookies."""
    server = subprocess.Popen(  # noqa: S603 — this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        cwd=ROOT / "backend",
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server stopped (exit {server.returncode})")
            try:
                with socket.create_connection(("127.0.0.1", PORT), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start within 60 s") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{PORT}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def sign_in(page, base_url: str, username: str, password: str) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(base_url + "/connexion")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:
        page.get_by_label(CODE_LABEL).wait_for()
        while device.last_t >= int((time.time() - device.t0) // device.step):  # one use a step
            time.sleep(1)
            device.refresh_from_db()
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.get_by_label(CODE_LABEL).fill(f"{code:06d}")
        page.get_by_role("button", name="Valider").click()
    page.wait_for_url(lambda url: "/connexion" not in url)
    page.wait_for_function(CONTENT_SHOWN, polling="raf")


def shown_in(page, path: str) -> float:
    """Navigation start → content shown, in seconds, by the browser's clock."""
    page.goto(path, wait_until="commit")
    return page.wait_for_function(CONTENT_SHOWN, polling="raf").json_value() / 1000


def revisit(env: dict[str, str], after: float) -> int:
    """Each page opened, then again ``after`` seconds later: the files the browser asks for
    again (``304``) and the time of that second visit."""
    from playwright.sync_api import sync_playwright

    from preau.imports.demo import DEMO_PASSWORD

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_context(locale="fr-FR").new_page()
        page.set_default_timeout(30_000)
        with serving(env) as base_url:
            sign_in(page, base_url, "mairie", DEMO_PASSWORD)
            for name in ("tableau de bord", "une école"):
                path = base_url + targets("mairie")[name]
                shown_in(page, path)
                time.sleep(after)
                asked_again = []

                def count(response, asked_again=asked_again):
                    if response.status == 304:
                        asked_again.append(response.url)

                page.on("response", count)
                shown = shown_in(page, path)
                page.remove_listener("response", count)
                print(
                    f"mairie   {name:22} again after {after:.0f} s: {shown * 1000:.0f} ms, "
                    f"{len(asked_again)} files asked again (304)",
                    flush=True,
                )
        browser.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="warm visits (median)")
    parser.add_argument(
        "--revisit-after",
        type=float,
        default=0,
        metavar="SECONDS",
        help="instead of the table: the commune's board and school opened, "
        "then again after SECONDS on the same server (the browser's cache aged)",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        # The demo as `make demo` runs it: SQLite, here in a scratch directory of its own.
        os.environ["PREAU_VAR_DIR"] = tempfile.mkdtemp(prefix="preau-demo-var-")
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        raise SystemExit("frontend/dist is not built (npm --prefix frontend run build)")
    static_root = tempfile.mkdtemp(prefix="preau-demo-static-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["STATIC_ROOT"] = static_root
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # ORM reads beside Playwright's loop
    sys.path[:0] = [str(ROOT), str(ROOT / "backend")]
    import django

    django.setup()
    from django.core.management import call_command
    from playwright.sync_api import sync_playwright

    from preau.imports.demo import DEMO_PASSWORD

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with redirect_stdout(StringIO()):  # the demo's logins: printed by seed_demo
        call_command("seed_demo", "--flush", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    print(
        f"demo seeded in {time.perf_counter() - started:.1f} s; "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "backend")])}
    if args.revisit_after:
        return revisit(env, args.revisit_after)
    print(f"{'role':8} {'page':22} {'cold (ms)':>10} {'warm (ms)':>10}")
    slowest = 0.0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for username in ROLES:
            context = browser.new_context(locale="fr-FR")
            page = context.new_page()
            page.set_default_timeout(30_000)
            with serving(env) as base_url:  # the session outlives the server (database)
                sign_in(page, base_url, username, DEMO_PASSWORD)
            for name, path in targets(username).items():
                with serving(env) as base_url:  # cold: the first request after start
                    cold = shown_in(page, base_url + path)
                    warm = statistics.median(
                        shown_in(page, base_url + path) for _ in range(args.repeats)
                    )
                slowest = max(slowest, cold, warm)
                print(f"{username:8} {name:22} {cold * 1000:10.0f} {warm * 1000:10.0f}", flush=True)
            context.close()
        browser.close()
    print(
        f"slowest: {slowest * 1000:.0f} ms; load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
