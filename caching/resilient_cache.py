"""A Redis cache that fails fast and, once it failed, is skipped for a while.

Everything the site keeps in the cache (whole pages, directory counts, rate
limits, import progress) can be done without it, only slower. Without this, each
request waits on a Redis that is down (connect timeout, retries) and the
site crawls: here a failed call answers as a cache miss, and for the next
`SKIP_SECONDS` every call does so at once, without touching the network.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError, TimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Shared by the threads of a process: one failure spares them all the wait.
_skip_until: dict[tuple[str, ...], float] = {}
_clock = time.monotonic


class _FailFastClient(RedisCacheClient):
    def __init__(self, servers, *, skip_seconds: float = 30, **options):
        # No retries: a retried connect multiplies the wait the timeouts bound.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(servers, **options)
        self._key = tuple(servers)
        self._skip_seconds = skip_seconds
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # Django makes a redis.Redis per call, and redis-py fills each one's
        # table of reply parsers anew: about a fifth of a cached page's time.
        # One per pool serves every thread (a Redis takes a connection from
        # its pool for each command).
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _guarded(self, name: str, miss, *args, **kwargs):
        if _clock() < _skip_until.get(self._key, 0):
            return miss
        try:
            return getattr(super(), name)(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            _skip_until[self._key] = _clock() + self._skip_seconds
            logger.warning(
                "Redis does not answer; the cache is skipped for %s s.",
                self._skip_seconds,
                exc_info=True,
            )
            return miss

    def get(self, key, default):
        return self._guarded("get", default, key, default)

    def get_many(self, keys):
        return self._guarded("get_many", {}, keys)

    def has_key(self, key):
        return self._guarded("has_key", False, key)

    def add(self, key, value, timeout):
        return self._guarded("add", False, key, value, timeout)

    def set(self, key, value, timeout):
        return self._guarded("set", None, key, value, timeout)

    def set_many(self, data, timeout):
        return self._guarded("set_many", None, data, timeout)

    def touch(self, key, timeout):
        return self._guarded("touch", False, key, timeout)

    def delete(self, key):
        return self._guarded("delete", False, key)

    def delete_many(self, keys):
        return self._guarded("delete_many", None, keys)

    def incr(self, key, delta):
        value = self._guarded("incr", None, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    def clear(self):
        return self._guarded("clear", False)


class FailFastRedisCache(RedisCache):
    """Django's RedisCache, answering as a miss while Redis is unreachable.

    OPTIONS may hold `skip_seconds`; the rest goes to redis-py's connection
    pool as usual (short `socket_connect_timeout` and `socket_timeout` there).
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _FailFastClient
