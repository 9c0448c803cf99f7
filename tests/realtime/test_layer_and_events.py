"""The event registry, and the channel layer built from the settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from django.utils.module_loading import autodiscover_modules

from preau.realtime.events import EVENT_TYPES, live_event_union

REPO = Path(__file__).resolve().parents[2]


def test_every_event_type_is_registered_once_with_its_type():
    # The apps' events modules register their types when imported (the URLconf imports
    # them); alone in a process (an xdist worker), this test imports them itself.
    autodiscover_modules("events")
    assert {"message.created", "conversation.read", "conversation.participant_added",
            "liaison_note.created", "liaison_note.acknowledged", "liaison_note.reminded",
            "announcement.created", "announcement.acknowledged", "poll.created",
            "poll.answered"} <= set(EVENT_TYPES)
    for name, serializer in EVENT_TYPES.items():
        assert serializer().fields["type"].choices == {name: name}
    assert set(live_event_union().serializers) == set(EVENT_TYPES)


PROBE = """
import asyncio, json, django
django.setup()
from channels.layers import get_channel_layer

async def shards():
    layer = get_channel_layer()
    loop_layer = layer._get_layer()
    return [shard.host for shard in loop_layer._shards]

print(json.dumps({"hosts": asyncio.run(shards())}))
"""


def test_a_redis_url_listing_two_hosts_gives_a_channel_layer_with_two_shards(tmp_path):
    # given REDIS_URL naming two Redis servers (nothing is contacted to build the layer)
    env = {
        "PATH": "/usr/bin:/bin", "PREAU_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "REDIS_URL": "redis://127.0.0.1:6390/0, redis://127.0.0.1:6391/0",
    }
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO / "backend", env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    hosts = json.loads(result.stdout.strip().splitlines()[-1])["hosts"]
    # then the layer shards groups across both
    assert [host["address"] for host in hosts] == [
        "redis://127.0.0.1:6390/0", "redis://127.0.0.1:6391/0"]
