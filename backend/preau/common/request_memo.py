"""Values computed once per request, forgotten when it ends.

An access rule may need the same small fact many times while one request is served (an
authority's scope, read by most of its page's queries). ``RequestMemoMiddleware`` opens a
memo for each request; ``get_or_compute`` answers from it, or computes and keeps the value.
Outside a request (a WebSocket consumer, which holds its user for hours, a task, the shell,
a test calling a selector) there is no memo: the value is computed each time, so nothing
read there can be stale. Only facts that the request itself does not change belong here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("preau_request_memo", default=None)


def get_or_compute(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemoMiddleware:
    """Opens the request's memo; the view and the middleware inside it share it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
