"""What the provider received: one JSON line per request to its authorization and token
endpoints, for the tests to read (the query of an authorization request; the names of the
fields of a token request and the answer's status — never a secret's value)."""

from __future__ import annotations

import json

from django.conf import settings


class JournalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        entry = None
        if request.path == "/o/authorize/":
            entry = {"endpoint": "authorize", "query": request.GET.dict()}
        elif request.path == "/o/token/" and request.method == "POST":
            entry = {"endpoint": "token", "fields": sorted(request.POST.keys()),
                     "grant_type": request.POST.get("grant_type", "")}
        response = self.get_response(request)
        if entry is not None:
            entry["status"] = response.status_code
            with (settings.STATE_DIR / "journal.jsonl").open("a", encoding="utf-8") as journal:
                journal.write(json.dumps(entry) + "\n")
        return response
