"""The demo as a newcomer finds it, in Debian's Chromium against the real ASGI app.

``seed_demo`` seeds the live server's database for today's real date; each demo login
signs in (with its code where the role needs one) and opens every entry of its menu. The
pages the seed fills must show content: none of their empty states ("Aucune conversation
pour l'instant.", "Aucune absence ni retard."…) may appear. Each page, once settled, is
also laid out on a phone (390 × 844: the window resized, not the page reloaded, so the
check costs a layout and not a second walk): nothing may be wider than the screen. The
pages no other browser test measures (and the authorities' school and classroom pages,
reached from their dashboards) must pass the contrast and axe-core checks of
test_accessibility.py.
"""

from __future__ import annotations

import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from preau.attendance.models import RollCall
from preau.imports.demo import DEMO_PASSWORD, demo_school_uais, demo_seed
from preau.schools.calendar import school_days, week_start
from preau.schools.models import School
from tests.e2e.accessibility import accessibility_problems
from tests.e2e.second_step import sign_in
from tests.e2e.test_timetable import in_a_plain_thread, new_page

pytestmark = pytest.mark.browser

DEMO_LOGINS = ("parent", "eleve", "enseignant", "directeur", "mairie", "ien", "dasen")
LOADING = "Chargement…"
MIN_HALF_DAYS = 8  # an L131-8 case needs four unjustified half-days in a month
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LAID_OUT = """(width) => window.innerWidth === width && document.getAnimations()
  .every((animation) => !(animation instanceof CSSTransition) || animation.playState !== 'running')"""
# What sticks out past the right edge of the window: the outermost such elements, to say
# which part of the page overflows (a table, a long word, a row of buttons).
OVERFLOWING = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [...document.querySelectorAll('body *')].filter((element) => {
    const box = element.getBoundingClientRect();
    if (box.right <= width + 0.5 || box.width === 0) return false;
    for (let up = element.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return false;
    }
    return true;
  });
  const outer = wide.filter((element) => !wide.includes(element.parentElement));
  return outer.slice(0, 3).map((element) =>
    `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string'
      ? '.' + element.className.trim().split(/\\s+/).slice(0, 2).join('.') : ''}`
    + ` (${Math.round(element.getBoundingClientRect().right)} px)`
    + ` « ${(element.textContent || '').trim().slice(0, 40)} »`);
}"""

# The empty states of the pages the demo fills, whatever the day (fr.json).
ALWAYS_FILLED = (
    "Aucune information n’est encore rattachée à votre compte.",
    "Aucun rôle n’est associé à votre compte",
    "Aucune conversation pour l’instant.",
    "Aucun mot pour l’instant.",
    "Aucune annonce en cours.",
    "Aucun sondage.",
    "Aucune absence ni retard.",
    "Aucune justification en attente.",
    "Aucun dossier.",
    "Aucune évaluation publiée pour le moment.",
    "Aucune évaluation pour cette période.",
    "Aucun appel fait depuis la rentrée : pas encore de tendance.",
    "Aucun périmètre ne vous est attribué",
    "Aucune classe ne vous est attribuée cette année.",
    "Aucun enfant n’est rattaché à votre compte.",
)
# Filled once a school day of this week (this month) is over: on a Monday at 7:00 the
# cahier de textes of the week is rightly empty.
FILLED_ONCE_THE_WEEK_BEGAN = ("Aucune séance écrite cette semaine.",)
FILLED_ONCE_THE_MONTH_BEGAN = ("Aucun appel fait ce mois-ci.",)


def empty_states_to_refuse() -> tuple[str, ...]:
    """The empty states no page may show today, given the home school's calendar."""
    today = timezone.localdate()
    home = School.objects.select_related("circonscription__departement").get(
        uai=demo_school_uais()[0])
    start = min(week_start(today), today.replace(day=1))
    days = [day.date for day in school_days(school=home, start=start, end=today)
            if day.is_school_day and day.date < today]  # today's may not have begun
    refused = list(ALWAYS_FILLED)
    if any(day >= week_start(today) for day in days):
        refused += FILLED_ONCE_THE_WEEK_BEGAN
    if any(day >= today.replace(day=1) for day in days):
        refused += FILLED_ONCE_THE_MONTH_BEGAN
    return tuple(refused)


def settled(page) -> str:
    """The main content once the page has loaded its data: no loader left, and the text
    unchanged for a moment after the requests end (a page renders its heading first)."""
    page.get_by_role("heading", level=1).first.wait_for()
    page.wait_for_load_state("networkidle")
    main = page.locator("main")
    deadline = time.monotonic() + 20
    text, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        current = main.inner_text()
        if current != text or LOADING in current:
            text, stable_since = current, time.monotonic()
        elif time.monotonic() - stable_since >= 0.3:
            break
        page.wait_for_timeout(100)
    return text or ""


def phone_overflow(page) -> list[str]:
    """The page laid out 390 px wide: what sticks out past the screen (nothing, or the
    outermost elements that do); then back to the desktop width."""
    page.set_viewport_size(PHONE)
    try:
        # The shell slides its navigation away (a CSS transition on the main area's
        # padding) unless motion is reduced: measure once it has, as a page opened on the
        # phone would be.
        deadline = time.monotonic() + 3
        while not page.evaluate(LAID_OUT, PHONE["width"]) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        if page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            return []
        return page.evaluate(OVERFLOWING) or ["the page (scrollWidth > innerWidth)"]
    finally:
        page.set_viewport_size(DESKTOP)


# Contrast and axe-core (tests/e2e/test_accessibility.py) on the pages no other browser
# test checks: pages shown alike to every role once, a role's own home, « Mon espace » and
# dashboard for each role, and the authorities' drill-down pages.
CHECKED_ELSEWHERE = {
    ("parent", "/"), ("parent", "/moi"), ("parent", "/absences"), ("parent", "/messagerie"),
    ("enseignant", "/"), ("directeur", "/"),
    ("directeur", "/direction/justificatifs"), ("directeur", "/direction/appels"),
}
CHECKED_FOR_EACH_ROLE = {"/", "/moi", "/tableau-de-bord"}
DRILL_DOWNS = {
    "mairie": ("/tableau-de-bord/ecoles/", "/tableau-de-bord/classes/"),
    "dasen": ("/tableau-de-bord/circonscriptions/",),
}


def should_check(username: str, href: str, checked: set[str]) -> bool:
    if (username, href) in CHECKED_ELSEWHERE or (username == "enseignant" and href.endswith("/appel")):
        return False
    if href in CHECKED_FOR_EACH_ROLE:
        return True
    if href in checked:
        return False
    checked.add(href)
    return True


def walk(page, username: str, refused: tuple[str, ...], checked: set[str]) -> list[str]:
    """Open every menu entry; the problems found (an empty state, a page without content,
    a page wider than a phone, text under the contrast threshold, an axe-core violation)."""
    sign_in(page, username, DEMO_PASSWORD)
    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()  # the home page
    expect(page.locator("main [aria-busy='true']")).to_have_count(0)
    nav = page.get_by_role("navigation", name="Navigation principale")
    hrefs = [link.get_attribute("href") for link in nav.get_by_role("link").all()]
    assert len(hrefs) >= 3, f"{username}: a menu of {hrefs}"
    problems = []
    for href in dict.fromkeys(hrefs):
        nav.locator(f'a[href="{href}"]').first.click()
        page.wait_for_url(f"**{href}")
        text = settled(page)
        heading = page.get_by_role("heading", level=1).first.inner_text()
        problems += [f"{username} {href} ({heading}): « {state} »"
                     for state in refused if state in text]
        if len(text.strip()) < 40:
            problems.append(f"{username} {href} ({heading}): almost nothing shown")
        problems += [f"{username} {href} ({heading}) at 390 px: {part} overflows"
                     for part in phone_overflow(page)]
        if should_check(username, href, checked):
            problems += accessibility_problems(page, f"{username} {href} ({heading})")
    if username in DRILL_DOWNS:
        nav.locator('a[href="/tableau-de-bord"]').first.click()
        settled(page)
    for prefix in DRILL_DOWNS.get(username, ()):
        # An authority's drill-down pages, each reached through a link of the page above.
        page.locator(f'main a[href^="{prefix}"]').first.click()
        page.wait_for_url(f"**{prefix}*")
        settled(page)
        heading = page.get_by_role("heading", level=1).first.inner_text()
        problems += accessibility_problems(page, f"{username} {page.url} ({heading})")
    return problems


def test_every_demo_login_walks_its_menu_and_finds_content(browser, asgi_live_server,
                                                           transactional_db):
    in_a_plain_thread(demo_seed)
    if RollCall.objects.values("date", "half_day").distinct().count() < MIN_HALF_DAYS:
        pytest.skip("the first days after the rentrée: too few half-days behind the demo "
                    "for an L131-8 case")
    refused = empty_states_to_refuse()
    problems = []
    checked: set[str] = set()
    for username in DEMO_LOGINS:
        context, page = new_page(browser, asgi_live_server, DESKTOP)
        # No sliding menu when the window is resized: the phone layout is there at once.
        page.emulate_media(reduced_motion="reduce")
        try:
            problems += walk(page, username, refused, checked)
        finally:
            context.close()

    assert not problems, "\n".join(problems)
