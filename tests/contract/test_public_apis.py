"""The backend uses the libraries' public, documented APIs only: a grep over ``backend/``
fails on the private names it once reached for (model state, Django's atomic-block stack,
the SQL compiler's internals, a kept-SQL query class, channels-redis's helpers and its
channel-name format)."""

from __future__ import annotations

import re
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"

# Documented names of channels-redis: its two layer classes, in their modules.
CHANNELS_REDIS_PUBLIC = {"channels_redis.core.RedisChannelLayer",
                         "channels_redis.pubsub.RedisPubSubChannelLayer"}

FORBIDDEN = {
    "model state (``_state``)": re.compile(r"\b_state\."),
    "Django's atomic-block stack": re.compile(r"\batomic_blocks\b"),
    # In a custom expression, ``compiler.compile(...)`` is the documented way to compile a
    # part; anything else of the compiler is Django's internals.
    "the SQL compiler's internals": re.compile(
        r"\bcompiler\.(?!compile\()|\bget_compiler\(|\bget_related_populators\b"
        r"|django\.db\.models\.sql\b"),
    "PreparedQuery": re.compile(r"\bPreparedQuery\b|\bpreau\.common\.prepared\b"),
    "channels-redis's private helpers or channel names": re.compile(
        r"\b_consistent_hash\b|\bdecode_hosts\b|channels_redis\.utils\b|__group__"),
    "a private name imported from a library": re.compile(
        r"^\s*from\s+(?!preau\b|config\b|\.)[\w.]+\s+import\s+(?:\(\s*)?_[a-z]", re.M),
}
CHANNELS_REDIS_NAME = re.compile(r"channels_redis(?:\.\w+)*")
CHANNELS_REDIS_IMPORT = re.compile(r"^\s*from\s+(channels_redis[\w.]*)\s+import\s+([\w, ()]+)",
                                   re.M)


def backend_sources() -> list[Path]:
    return sorted(p for p in BACKEND.rglob("*.py") if "migrations" not in p.parts)


def offences(text: str) -> list[str]:
    found = [what for what, pattern in FORBIDDEN.items() if pattern.search(text)]
    for module, names in CHANNELS_REDIS_IMPORT.findall(text):
        for name in re.findall(r"\w+", names):
            if f"{module}.{name}" not in CHANNELS_REDIS_PUBLIC:
                found.append(f"channels-redis name {module}.{name}")
    for match in CHANNELS_REDIS_NAME.finditer(text):
        name = match.group(0)
        if name.count(".") >= 2 and name not in CHANNELS_REDIS_PUBLIC:
            found.append(f"channels-redis name {name}")
    return found


def test_the_grep_finds_each_kind_of_private_reach():
    samples = [
        "absence._state.adding = False",
        "if connection.atomic_blocks[-1] is block:",
        "compiler = queryset.query.get_compiler(using=using)",
        "for row in compiler.results_iter(rows):",
        "from preau.common.prepared import PreparedQuery",
        "from channels_redis.utils import _consistent_hash, decode_hosts",
        'channel = f"{prefix}__group__{group}"',
        "from channels_redis.core import RedisChannelLayer, _close_redis",
        "from django.db.models.query import _private_helper",
        'BACKEND = "channels_redis.pubsub.RedisSingleShardConnection"',
    ]
    for sample in samples:
        assert offences(sample), sample
    fine = [
        "return compiler.compile(self.lhs)",
        "def as_sql(self, compiler, connection):",
        "from channels_redis.pubsub import RedisPubSubChannelLayer",
        '"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",',
        "from preau.common.errors import _refuse",
        "queryset = Model._default_manager.all()",
    ]
    for sample in fine:
        assert not offences(sample), sample


def test_the_backend_reaches_no_library_internals():
    found = {str(path.relative_to(BACKEND)): offences(path.read_text(encoding="utf-8"))
             for path in backend_sources()}
    assert {path: what for path, what in found.items() if what} == {}
