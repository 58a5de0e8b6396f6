"""Kohtaamo's benchmarks: synthetic national-scale data and timed scenarios (``make bench``)."""
