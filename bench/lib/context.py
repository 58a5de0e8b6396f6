"""The run: Django pointed at the run's database, and what a scenario gets."""

import os
import random
from dataclasses import dataclass, field

from .network import build_network


def setup_django(url):
    """Point Django at the run's database (also in each worker process)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    # Debug mode keeps every query in memory; benchmarks run as production does.
    os.environ["DEBUG"] = "0"
    # Production keeps database connections open between requests (settings: 60 s);
    # without it every API request in a benchmark would pay for a new server process.
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    import django

    django.setup()


@dataclass
class Context:
    """What a scenario's ``run(context)`` gets."""

    scale: float
    seed: int
    database_url: str
    database_name: str
    shared: dict = field(default_factory=dict)

    def rng(self, name):
        """A random number generator of its own for ``name``, the same on every run."""
        return random.Random(f"{self.seed}:{name}")

    def scaled(self, count, minimum=1):
        return max(minimum, round(count * self.scale))

    def network(self):
        """The national network (built once per run, by whichever scenario asks first)."""
        if "network" not in self.shared:
            self.shared["network"] = build_network(self)
        return self.shared["network"]
