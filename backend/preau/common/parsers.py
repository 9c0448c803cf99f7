"""The JSON parser of the API: DRF's, with a bound on nesting.

Python's ``json`` recurses once per level: a body of 100,000 ``[`` raises
``RecursionError`` (a 500), and a body just below the interpreter's limit would still
exhaust it later, in validation or in the error renderer. No request of the API nests
deeper than a few levels; beyond ``MAX_DEPTH`` the body is refused with a 400.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
TOO_DEEP = f"Le corps JSON est imbriqué trop profondément (au plus {MAX_DEPTH} niveaux)."


def nesting_depth(value: Any) -> int:
    """The depth of nested lists and objects, computed without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        pending.extend((child, depth + 1) for child in item)
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP, code="too_deep") from None
        if nesting_depth(data) > MAX_DEPTH:
            raise ParseError(TOO_DEEP, code="too_deep")
        return data
