"""Claims on already-seen deliveries: once only, expiring, bounded, and safe across threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from api.slack.dedupe import SeenKeys


def test_a_key_is_claimed_once_until_it_expires() -> None:
    now = [1000.0]
    seen = SeenKeys(ttl_s=60, clock=lambda: now[0])
    assert seen.claim("C1:1.0") and not seen.claim("C1:1.0")
    now[0] += 59
    assert not seen.claim("C1:1.0")
    now[0] += 2
    assert seen.claim("C1:1.0"), "Slack stopped retrying long ago; the key may be reused"


def test_the_set_is_bounded() -> None:
    seen = SeenKeys(max_keys=3)
    for key in "abcd":
        assert seen.claim(key)
    assert len(seen) == 3
    assert seen.claim("a"), "the oldest key was forgotten first"
    assert not seen.claim("d")


def test_of_many_racing_claims_exactly_one_wins() -> None:
    seen = SeenKeys()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: seen.claim("C1:42.0"), range(200)))
    assert results.count(True) == 1
