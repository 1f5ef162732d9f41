"""Token buckets for the position receiver: a phone's backlog passes at full speed, a flood does not.

Traccar Client keeps every fix while out of coverage and sends them back to back when the network
returns; a bucket that holds a day of 60-second fixes lets that through at once, while a device
(or a crowd of them) sending faster than any phone does, for longer than that, runs dry.
"""
from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

# A day of one fix a minute is 1,440; the margin covers phones set to report more often for a while.
DEVICE_BURST = 2000
# Sustained: a phone reporting every second is the fastest Traccar Client and OsmAnd can be set to.
DEVICE_RATE_PER_S = 1.0
# All devices together: several phones emptying their queues at once after a mast comes back.
GLOBAL_BURST = 20_000
GLOBAL_RATE_PER_S = 500.0
# Buckets kept for this many devices at most; a full bucket is the same as none, so those go first.
MAX_TRACKED_DEVICES = 10_000


@dataclass
class TokenBucket:
    capacity: float
    rate_per_s: float
    tokens: float
    updated: float

    def refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate_per_s)
            self.updated = now

    def wait_for_one(self) -> float:
        """Seconds until the next token (0 when one is there)."""
        if self.tokens >= 1:
            return 0.0
        return (1 - self.tokens) / self.rate_per_s if self.rate_per_s > 0 else math.inf

    @property
    def full(self) -> bool:
        return self.tokens >= self.capacity


class RateLimiter:
    """Per-device buckets and one global bucket; thread-safe."""

    def __init__(self, device_burst: float = DEVICE_BURST, device_rate_per_s: float = DEVICE_RATE_PER_S,
                 global_burst: float = GLOBAL_BURST, global_rate_per_s: float = GLOBAL_RATE_PER_S,
                 clock: Callable[[], float] | None = None, max_devices: int = MAX_TRACKED_DEVICES):
        import time

        for name, value in (("device burst", device_burst), ("global burst", global_burst)):
            if not value >= 1:
                raise ValueError(f"{name} must be at least 1, got {value!r}")
        self._clock = clock or time.monotonic
        self._device_burst, self._device_rate = float(device_burst), float(device_rate_per_s)
        self._max_devices = max_devices
        self._lock = threading.Lock()
        self._devices: dict[str, TokenBucket] = {}
        now = self._clock()
        self._global = TokenBucket(float(global_burst), float(global_rate_per_s), float(global_burst), now)

    @property
    def device_rate_per_s(self) -> float:
        return self._device_rate

    def take(self, device_id: str) -> float:
        """0 when the report may go ahead (a token is taken from both buckets), else seconds to wait."""
        with self._lock:
            now = self._clock()
            bucket = self._devices.get(device_id)
            if bucket is None:
                self._make_room(now)
                bucket = self._devices[device_id] = TokenBucket(
                    self._device_burst, self._device_rate, self._device_burst, now)
            bucket.refill(now)
            self._global.refill(now)
            wait = max(bucket.wait_for_one(), self._global.wait_for_one())
            if wait > 0:
                return wait
            bucket.tokens -= 1
            self._global.tokens -= 1
            return 0.0

    def _make_room(self, now: float) -> None:
        if len(self._devices) < self._max_devices:
            return
        for key, bucket in list(self._devices.items()):
            bucket.refill(now)
            if bucket.full:
                del self._devices[key]
        if len(self._devices) >= self._max_devices:
            # Every tracked device is mid-burst: forget the one that has been quiet longest.
            del self._devices[min(self._devices, key=lambda k: self._devices[k].updated)]
