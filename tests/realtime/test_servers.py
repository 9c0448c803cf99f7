"""The suite's throw-away servers stop with the test that started them."""

from __future__ import annotations

from tests.realtime.servers import RedisServer


def test_a_redis_server_started_then_entered_is_one_process_stopped_at_the_end():
    with RedisServer().start() as redis:
        process = redis.process
        assert redis.start() is redis
        assert redis.process is process
        assert redis._answers()

    assert process.poll() is not None, "the redis-server outlived its test"
    assert not redis._answers()
