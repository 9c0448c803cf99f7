"""What every browser test checks on what it shows: the contrast of every visible text, and
axe-core with all its rules.

axe-core files low-contrast text as "incomplete" when it cannot tell the background (a
badge, a button on a tinted card), so a clean axe run does not prove contrast: every visible
text of the page (or of its open dialog) is measured from its computed colours against its
effective background (the first opaque background colour among its ancestors, with the
translucent ones above it blended in), and must reach 4.5:1 (3:1 for large text: 24 px, or
18.66 px bold). axe-core then runs with every rule enabled but the AAA ones, with no serious
or critical violation allowed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

# Every visible text of `root` (the open dialog, else the page) against its effective
# background. Returns the texts under the WCAG threshold, the colours it could not read
# and how many texts it measured.
CONTRAST_JS = r"""
() => {
  const parse = (value) => {
    if (!value) return null;
    let m = value.match(/^rgba?\(([^)]+)\)$/);
    if (m) {
      const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    }
    m = value.match(/^color\(srgb ([^)]+)\)$/);
    if (m) {
      const p = m[1].split(/[\s\/]+/).filter(Boolean).map(parseFloat);
      return { r: p[0] * 255, g: p[1] * 255, b: p[2] * 255, a: p.length > 3 ? p[3] : 1 };
    }
    return null;
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const ratio = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

  const unreadable = [];
  /** The first opaque background among the ancestors, the translucent ones blended over it. */
  const backgroundOf = (element) => {
    const layers = [];
    let opacity = 1;
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      opacity *= parseFloat(style.opacity);
      if (style.backgroundImage && style.backgroundImage !== 'none') return { image: true };
      const color = parse(style.backgroundColor);
      if (color === null) { unreadable.push(style.backgroundColor); return { image: true }; }
      if (color.a > 0) {
        layers.push(color);
        if (color.a >= 1) break;
      }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };  // the canvas
    for (const layer of layers.reverse()) result = over(layer, result);
    return { color: result, opacity };
  };

  const dialogs = [...document.querySelectorAll('[role="dialog"]')].filter((d) => d.checkVisibility());
  const root = dialogs.length ? dialogs[dialogs.length - 1] : document.body;
  const failures = [];
  let measured = 0;

  const measure = (element, text, colorValue) => {
    if (element.closest(':disabled, [aria-disabled="true"]')) return;  // inactive controls are exempt
    const style = getComputedStyle(element);
    const color = parse(colorValue);
    if (color === null) { unreadable.push(colorValue); return; }
    const background = backgroundOf(element);
    if (background.image) return;
    // Opacity of the element and its ancestors fades the text into its background.
    const shown = over({ ...color, a: color.a * background.opacity }, background.color);
    const size = parseFloat(style.fontSize);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (size >= 18.66 && bold);
    let value = ratio(shown, background.color);
    let under = background.color;
    measured += 1;
    if (value < (large ? 3 : 4.5) && !element.matches('input, textarea, select')) {
      // What is painted under the text may be no ancestor (the sliding indicator of a
      // segmented control): check again with the elements under its centre, top first.
      element.scrollIntoView({ block: 'center' });
      const box = element.getBoundingClientRect();
      const stack = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const start = stack.indexOf(element);
      if (start >= 0) {
        const layers = [];
        for (const node of stack.slice(start)) {
          const c = parse(getComputedStyle(node).backgroundColor);
          if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
        }
        let painted = { r: 255, g: 255, b: 255, a: 1 };
        for (const layer of layers.reverse()) painted = over(layer, painted);
        under = painted;
        value = ratio(over({ ...color, a: color.a * background.opacity }, painted), painted);
      }
    }
    if (value < (large ? 3 : 4.5)) {
      failures.push(`"${text.slice(0, 50)}": ${value.toFixed(2)}:1, ${hex(shown)} on ${hex(under)}, ${size}px${bold ? ' bold' : ''}`);
    }
  };

  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const element = node.parentElement;
    if (!text || !element || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE', 'OPTION'].includes(element.tagName)) continue;
    if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden (screen readers only)
    measure(element, text, getComputedStyle(element).color);
  }
  for (const field of root.querySelectorAll('input, textarea, select')) {
    if (['hidden', 'checkbox', 'radio', 'file', 'range', 'color'].includes(field.type)) continue;
    if (!field.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const box = field.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (field.value) measure(field, field.value, getComputedStyle(field).color);
    else if (field.placeholder) measure(field, field.placeholder, getComputedStyle(field, '::placeholder').color);
  }
  return { failures, unreadable: [...new Set(unreadable)], measured, dialog: dialogs.length > 0 };
}
"""


def contrast_failures(page) -> list[str]:
    result = page.evaluate(CONTRAST_JS)
    # A small dialog (a link box: its field and its button) has few texts; a page many.
    assert result["measured"] > (1 if result["dialog"] else 5), "no text was measured: the page is not shown"
    return result["failures"] + [f"unreadable colour: {value}" for value in result["unreadable"]]


def axe_violations(page) -> list[str]:
    """axe-core with every rule enabled (experimental and best-practice ones included) but
    the AAA ones (enhanced contrast 7:1…): the legal target is WCAG 2.1 AA (RGAA 4).
    Serious and critical violations."""
    axe = Axe()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):  # once per document
        page.evaluate(axe.axe_script)
    rules = page.evaluate(
        "axe.getRules().filter((rule) => !rule.tags.includes('wcag2aaa')).map((rule) => rule.ruleId)")
    results = axe.run(page, options={"rules": {rule: {"enabled": True} for rule in rules},
                                     "resultTypes": ["violations"]})
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}" for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}]


# Transitions and finite animations (a dialog fading in, a hovered button) over, and every
# dialog opened in full: colours are measured once they are final. Spinners loop forever and
# are not waited for.
SETTLED_JS = """() => document.getAnimations().every(
    (a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)
  && [...document.querySelectorAll('[role=dialog]')].every(
    (dialog) => getComputedStyle(dialog).opacity === '1')"""


def accessibility_problems(page, where: str | None = None) -> list[str]:
    """The texts under the contrast threshold and axe-core's serious and critical
    violations of the page (or of its open dialog), each line naming `where` (by default
    the page's path)."""
    where = where or urlsplit(page.url).path
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED_JS)
    return ([f"{where}: contrast {failure}" for failure in contrast_failures(page)]
            + [f"{where}: axe-core {violation}" for violation in axe_violations(page)])


def assert_accessible(page, where: str | None = None) -> None:
    problems = accessibility_problems(page, where)
    assert problems == [], "\n".join(problems)
