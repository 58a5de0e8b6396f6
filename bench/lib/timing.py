"""Timing: :func:`measure` (warm-up, samples, an untimed sanity check per sample),
:func:`summarize` (p50/p95/p99/mean in milliseconds), a stopwatch and the progress log.
"""

import math
import time


def log(message):
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Stopwatch:
    """``with Stopwatch() as watch: ...``; then ``watch.seconds``."""

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = round(time.perf_counter() - self.started, 2)
        return False


def percentile(sorted_values, fraction):
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * fraction
    low = math.floor(position)
    high = math.ceil(position)
    if low == high:
        return sorted_values[low]
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def summarize(samples_ms, **extra):
    """p50/p95/p99/mean/min/max (milliseconds) and count of a list of timings."""
    values = sorted(samples_ms)
    result = {
        "count": len(values),
        "p50_ms": _round(percentile(values, 0.50)),
        "p95_ms": _round(percentile(values, 0.95)),
        "p99_ms": _round(percentile(values, 0.99)),
        "mean_ms": _round(sum(values) / len(values)) if values else None,
        "min_ms": _round(values[0]) if values else None,
        "max_ms": _round(values[-1]) if values else None,
    }
    result.update(extra)
    return result


def _round(value):
    return None if value is None else round(value, 3)


class SanityError(AssertionError):
    """The measured code returned a wrong answer: its timing would mean nothing."""


def sanity(condition, message):
    if not condition:
        raise SanityError(message)


def measure(fn, *, samples, warmup=20, prepare=None, check=None, max_seconds=None, min_samples=100):
    """Time ``fn`` ``samples`` times after ``warmup`` untimed calls; milliseconds.

    ``prepare(i)`` (untimed) returns the arguments of call ``i``; ``check(result, *args)``
    (untimed) raises :class:`SanityError` when a call returned a wrong answer. With
    ``max_seconds``, sampling stops early once that much time has gone on measured calls
    and at least ``min_samples`` were taken.
    """
    timings = []
    measuring_since = None
    for index in range(warmup + samples):
        args = prepare(index) if prepare else ()
        started = time.perf_counter()
        result = fn(*args)
        elapsed = time.perf_counter() - started
        if check is not None:
            check(result, *args)
        if index < warmup:
            continue
        if measuring_since is None:
            measuring_since = time.perf_counter()
        timings.append(elapsed * 1000)
        if (
            max_seconds is not None
            and len(timings) >= min_samples
            and time.perf_counter() - measuring_since > max_seconds
        ):
            break
    return timings
