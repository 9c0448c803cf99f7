"""The web app under its Content-Security-Policy, in Debian's Chromium, on the real ASGI app.

A guardian and a teacher log in, open their pages and get the live socket: the browser
reports no CSP violation. An inline script slipped into the page is refused by the browser
(the policy is really enforced, not only sent). The API docs (Swagger UI) and the Django
admin work under the same policy.
"""

from __future__ import annotations

import pytest

from preau.accounts.models import User
from tests.e2e.second_step import admin_sign_in
from tests.e2e.test_timetable import in_a_plain_thread, log_in, new_page
from tests.world import build_world

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def csp_world(browser, transactional_db):
    holder = {}
    in_a_plain_thread(lambda: holder.setdefault("world", build_world()))
    return holder["world"]


def watched_page(browser, base_url):
    context, page = new_page(browser, base_url)
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    return context, page, console


def violations(page, console) -> list[str]:
    reported = page.evaluate("window.__cspViolations || []")
    return reported + [line for line in console if "Content Security Policy" in line]


@pytest.mark.parametrize(("username", "link"), [
    ("guardian", "Devoirs"), ("teacher", "Cahier de textes")])
def test_logging_in_and_browsing_reports_no_csp_violation(
        browser, asgi_live_server, csp_world, username, link):
    context, page, console = watched_page(browser, asgi_live_server)
    try:
        with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
            log_in(page, username)
        policy = page.evaluate(
            "fetch('/').then((r) => r.headers.get('content-security-policy'))")
        directives = {words[0]: words[1:] for words in (part.split() for part in policy.split(";"))
                      if words}
        assert directives["script-src"] == ["'self'"]  # directive order varies between runs
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name=link).first.click()
        page.get_by_role("heading", level=1).first.wait_for()
        page.wait_for_load_state("networkidle")

        assert violations(page, console) == []
    finally:
        context.close()


def test_an_inline_script_slipped_into_the_page_does_not_run(
        browser, asgi_live_server, csp_world):
    context, page, console = watched_page(browser, asgi_live_server)
    try:
        page.goto("/connexion")
        page.get_by_label("Identifiant").wait_for()

        page.evaluate("""() => {
            const script = document.createElement('script');
            script.textContent = 'window.__injected = true;';
            document.body.appendChild(script);
        }""")
        page.wait_for_function("window.__cspViolations.length > 0")

        assert page.evaluate("window.__injected === undefined")
        assert any(line.startswith("script-src") for line in violations(page, console))
    finally:
        context.close()


def test_the_api_docs_load_under_the_policy(browser, asgi_live_server, csp_world):
    context, page, console = watched_page(browser, asgi_live_server)
    try:
        page.goto("/api/docs/")
        page.locator(".swagger-ui .information-container").wait_for()
        page.wait_for_load_state("networkidle")

        assert violations(page, console) == []
    finally:
        context.close()


def test_the_admin_works_under_the_policy(browser, asgi_live_server, csp_world):
    def make_operator() -> None:
        User.objects.create_superuser("operateur", "op@example.org", "motdepasse-operateur")

    in_a_plain_thread(make_operator)
    context, page, console = watched_page(browser, asgi_live_server)
    try:
        admin_sign_in(page, "operateur", "motdepasse-operateur")  # password, then code
        page.goto("/admin/accounts/user/")
        page.locator("#result_list").wait_for()
        page.locator("#action-toggle").check()  # the admin's own script runs
        assert page.locator("#result_list input.action-select:checked").count() > 0
        page.goto("/admin/accounts/user/add/")
        page.locator("#id_username").wait_for()
        page.wait_for_load_state("networkidle")

        assert violations(page, console) == []
    finally:
        context.close()
