"""``Idempotency-Key``: a write that a phone or a tablet may resend is carried out once.

The client sends a key of its choosing (a UUID) with a write. The first request with that
key is carried out and its answer stored **in the same transaction** as the write;
a later request from the same user with the same key and the same request (method, path,
body) gets the stored answer back, with ``Idempotent-Replayed: true``, and nothing is
written again. The same key with another request answers 422. A request that failed
(4xx raised by the service) stores nothing: its write was rolled back, the client may
retry with the same key.

Two requests with the same key at the same moment: the second one's insert of the key
waits on the unique constraint until the first commits (PostgreSQL row lock, SQLite's
single writer), then replays the first one's answer.

Keys are kept ``PREAU_IDEMPOTENCY_TTL_SECONDS`` (24 hours by default); an older key is
taken over when it is reused (by the same statement that claims it), and
``idempotency_records_purge`` deletes them in bulk.

The claim is one statement (an insert that does nothing on a live key), the stored answer
one more. A write run inside ``idempotent`` may open its block with ``write_atomic()``:
it joins the request's block without a savepoint, since any error leaving the view rolls
that whole block back.

Use it on a view method (inside ``extend_schema``)::

    @extend_schema(parameters=[IDEMPOTENCY_KEY_PARAMETER], responses={…, **IDEMPOTENCY_ERRORS})
    @idempotent
    def post(self, request, classroom_id: int): …
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from preau.common.errors import ApplicationError
from preau.common.models import IdempotencyRecord
from preau.common.schema import error

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
DEFAULT_TTL_SECONDS = 24 * 60 * 60

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    HEADER, str, location=OpenApiParameter.HEADER, required=False,
    description="Clé choisie par le client (un UUID) : renvoyer la même requête avec la même "
                "clé rend la réponse enregistrée sans rien réécrire.",
)
IDEMPOTENCY_ERRORS = {
    422: error("Cette clé d'idempotence a déjà servi pour une autre requête"),
}


def ttl() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "PREAU_IDEMPOTENCY_TTL_SECONDS",
                                         DEFAULT_TTL_SECONDS)))


def _refuse(message: str, *, code: str = "invalid", status_code: int = 400) -> ApplicationError:
    return ApplicationError(message, code=code, fields={HEADER: [message]},
                            status_code=status_code)


def _clean_key(raw: str) -> str:
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise _refuse(f"La clé d'idempotence doit compter 1 à {MAX_KEY_LENGTH} caractères ASCII "
                      "imprimables.")
    return key


def _canonical(value):
    if isinstance(value, UploadedFile):
        value.seek(0)
        digest = hashlib.sha256(value.read()).hexdigest()
        value.seek(0)
        return {"file": value.name, "size": value.size, "sha256": digest}
    if hasattr(value, "getlist") and hasattr(value, "keys"):  # QueryDict / MultiValueDict
        return {key: [_canonical(v) for v in value.getlist(key)] for key in sorted(value.keys())}
    if isinstance(value, dict):
        return {str(key): _canonical(v) for key, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def request_fingerprint(request) -> str:
    """What makes two requests "the same": method, path and body (files by their content)."""
    payload = {"method": request.method, "path": request.path, "body": _canonical(request.data)}
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    headers = {REPLAYED_HEADER: "true"}
    if record.response_etag:
        headers["ETag"] = record.response_etag
    return Response(record.response_body, status=record.status_code, headers=headers)


# A live key is left alone (the earlier request's answer is read next); an expired one is
# taken over as if new. On PostgreSQL, an uncommitted insert of the same key by a concurrent
# request makes this one wait for its commit (or rollback), as the unique constraint does.
CLAIM_SQL = (
    'INSERT INTO "common_idempotencyrecord" '
    '("user_id", "key", "request_hash", "status_code", "response_body", "response_etag", '
    '"created_at") VALUES (%s, %s, %s, NULL, NULL, \'\', %s) '
    'ON CONFLICT ("user_id", "key") DO UPDATE SET "request_hash" = excluded."request_hash", '
    '"status_code" = NULL, "response_body" = NULL, "response_etag" = \'\', '
    '"created_at" = excluded."created_at" '
    'WHERE "common_idempotencyrecord"."created_at" < %s '
    'RETURNING "id"'
)


def _claim(*, user, key: str, fingerprint: str) -> IdempotencyRecord | Response:
    """Insert the key, or answer with what an earlier request with this key got."""
    now = timezone.now()
    created_at = IdempotencyRecord._meta.get_field("created_at")
    with connection.cursor() as cursor:
        cursor.execute(CLAIM_SQL, [user.pk, key, fingerprint,
                                   created_at.get_db_prep_value(now, connection),
                                   created_at.get_db_prep_value(now - ttl(), connection)])
        row = cursor.fetchone()
    if row is not None:
        return IdempotencyRecord(pk=row[0], user=user, key=key, request_hash=fingerprint,
                                 created_at=now)
    earlier = IdempotencyRecord.objects.get(user=user, key=key)
    if earlier.request_hash != fingerprint:
        raise _refuse("Cette clé d'idempotence a déjà servi pour une autre requête : "
                      "utilisez une nouvelle clé.", code="idempotency_key_reused",
                      status_code=422)
    return _replay(earlier)


STORE_SQL = ('UPDATE "common_idempotencyrecord" SET "status_code" = %s, '
             '"response_body" = %s, "response_etag" = %s WHERE "id" = %s')


def _store(record: IdempotencyRecord, response: Response) -> None:
    """Keep the answer with the key (one statement written once: this runs on every
    write that carries a key)."""
    body = json.loads(json.dumps(response.data, cls=DjangoJSONEncoder))
    body_field = IdempotencyRecord._meta.get_field("response_body")
    with connection.cursor() as cursor:
        cursor.execute(STORE_SQL, [response.status_code,
                                   body_field.get_db_prep_save(body, connection),
                                   response.get("ETag", ""), record.pk])


# True while a view method runs straight inside ``idempotent``'s block, until a write
# opens its block there (``write_atomic``): a block opened inside that one is an ordinary one.
_inside_request_block: contextvars.ContextVar = contextvars.ContextVar(
    "inside_idempotent_block", default=False)


@contextlib.contextmanager
def write_atomic() -> Iterator[None]:
    """The atomic block of a service's write: without a savepoint when it is the first
    block opened inside ``idempotent``'s block (an error leaving the view rolls that block
    back whole); an ordinary ``transaction.atomic()`` anywhere else."""
    if not _inside_request_block.get():
        with transaction.atomic():
            yield
        return
    token = _inside_request_block.set(False)
    try:
        with transaction.atomic(savepoint=False):
            yield
    finally:
        _inside_request_block.reset(token)


def idempotent(view_method):
    """Make a view method honour ``Idempotency-Key`` (no header: the method runs as is)."""

    @functools.wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        raw = request.headers.get(HEADER)
        if raw is None:
            return view_method(view, request, *args, **kwargs)
        key = _clean_key(raw)
        fingerprint = request_fingerprint(request)
        with transaction.atomic():
            claimed = _claim(user=request.user, key=key, fingerprint=fingerprint)
            if isinstance(claimed, Response):
                return claimed
            token = _inside_request_block.set(True)
            try:
                response = view_method(view, request, *args, **kwargs)
            finally:
                _inside_request_block.reset(token)
            if response.status_code >= 400:
                transaction.set_rollback(True)  # an error is not an answer to keep
                return response
            _store(claimed, response)
        return response

    return wrapper


def idempotency_records_purge(*, now=None) -> int:
    """Delete the keys older than the retention; returns how many."""
    limit = (now or timezone.now()) - ttl()
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=limit).delete()
    return deleted
