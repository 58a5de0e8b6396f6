"""How long and how often each question is timed."""

from bench.lib import measure

SAMPLES = 300
WARMUP = 20
# A measurement stops after this many seconds once it has MIN_SAMPLES (slow queries).
MAX_SECONDS = 30
MIN_SAMPLES = 200
# The what-if measurements with candidate indexes take fewer samples.
WHAT_IF_SAMPLES = 100


PAGE = 50


def time_each(users, fn, check, *, warmup=WARMUP, samples=SAMPLES):
    """Time ``fn(user)`` over the people in turn (a sample each), checking each answer."""
    return measure(
        fn,
        samples=samples,
        warmup=warmup,
        prepare=lambda index: (users[index % len(users)],),
        check=check,
        max_seconds=MAX_SECONDS,
        min_samples=min(MIN_SAMPLES, samples),
    )
