"""The rate limiter's memory stays bounded and its token cache expires."""

from __future__ import annotations

from chokepoints.api.security import RateLimiter, TokenValidityCache


def test_budget_per_key_and_sliding_window() -> None:
    lim = RateLimiter(per_minute=3)
    assert [lim.check("a", now=t) for t in (0.0, 1.0, 2.0)] == [0.0, 0.0, 0.0]
    assert lim.check("a", now=3.0) == 57.0  # the first hit leaves the window at t = 60
    assert lim.check("b", now=3.0) == 0.0  # another client has its own budget
    assert lim.check("a", now=60.5) == 0.0


def test_idle_clients_are_forgotten() -> None:
    lim = RateLimiter(per_minute=5)
    for i in range(1000):
        lim.check(f"address:10.0.{i // 256}.{i % 256}", now=float(i) / 100)
    assert len(lim) == 1000
    lim.check("late", now=200.0)  # more than a minute after all of them
    assert len(lim) == 1


def test_table_never_exceeds_max_keys_and_evicts_the_least_recent() -> None:
    lim = RateLimiter(per_minute=5, max_keys=10)
    for i in range(50):
        lim.check(f"k{i}", now=float(i) / 1000)  # all within one second: none is stale
        assert len(lim) <= 10
    assert lim.check("k49", now=0.1) == 0.0
    assert "k0" not in lim._hits and "k49" in lim._hits


def test_rate_limit_off() -> None:
    lim = RateLimiter(per_minute=0)
    assert all(lim.check("a", now=0.0) == 0.0 for _ in range(100)) and len(lim) == 0


def test_token_cache_expires_and_is_bounded() -> None:
    cache = TokenValidityCache(ttl_s=30.0, max_entries=3)
    assert cache.get("d1", now=0.0) is None
    cache.put("d1", True, now=0.0)
    cache.put("d2", False, now=1.0)
    assert cache.get("d1", now=10.0) is True and cache.get("d2", now=10.0) is False
    assert cache.get("d1", now=31.0) is None  # expired: looked up again
    cache.put("d3", True, now=2.0)
    cache.put("d4", True, now=3.0)  # full: the oldest entry goes
    assert cache.get("d1", now=4.0) is None and cache.get("d4", now=4.0) is True
    assert len(cache._seen) == 3
