"""One safe Markdown renderer for everything users write (messages, notes, homework).

Markdown is parsed by markdown-it-py in CommonMark mode with raw HTML disabled, then the
HTML is cleaned by nh3 (the Ammonia sanitizer) against a short allow-list: whatever a
parser bug let through, no script, style, image, iframe or event handler survives, and
links keep only ``http``, ``https`` and ``mailto`` targets (``javascript:``, ``data:``,
``vbscript:`` … are dropped). Links open in a new tab without referrer or opener.
"""

from __future__ import annotations

import html
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Headings written with "#" become small headings: a message never shouts an <h1>.
HEADING_SHIFT = {"h1": "h3", "h2": "h4"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
    parser.enable(["table", "strikethrough"])
    return parser


def _adjust(tokens) -> None:
    """Shift headings down; turn images into plain links (no remote image is ever loaded)."""
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag in HEADING_SHIFT:
            token.tag = HEADING_SHIFT[token.tag]
        for index, child in enumerate(token.children or []):
            if child.type == "image":
                link_open = Token("link_open", "a", 1, attrs={"href": child.attrGet("src") or ""})
                text = Token("text", "", 0, content=child.content or "image")
                token.children[index : index + 1] = [link_open, text, Token("link_close", "a", -1)]


def render_markdown(source: str) -> str:
    """Markdown → sanitized HTML, safe to insert in a page as is.

    The same text always gives the same HTML, and lists show the same texts again and again
    (a class's homework to each of its families): the last few thousand texts rendered are
    kept per process rather than parsed and cleaned on every read (texts of up to
    ``CACHED_LENGTH`` characters, so that the cache stays within a few tens of MB)."""
    source = source or ""
    return _render_cached(source) if len(source) <= CACHED_LENGTH else _render(source)


CACHED_LENGTH = 2000


def _render(source: str) -> str:
    parser = _parser()
    tokens = parser.parse(source)
    _adjust(tokens)
    html = parser.renderer.render(tokens, parser.options, {})
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    ).strip()


_render_cached = lru_cache(maxsize=4096)(_render)


def markdown_excerpt(source: str, *, length: int = 140) -> str:
    """A plain-text preview of a Markdown text (for inbox lines and notifications)."""
    text = html.unescape(nh3.clean(render_markdown(source), tags=set()))
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
