"""Benchmark scenarios: each module here exposes ``run(context) -> dict``.

``bench/run.py`` finds them by file name; adding a scenario is adding a file. An optional
module attribute ``ORDER`` (default 100) sorts scenarios that should run first, and
``DESCRIPTION`` is printed in ``bench/run.py --list``.
"""
