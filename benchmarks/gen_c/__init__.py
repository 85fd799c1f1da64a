"""Generator C: independently written no-contact cases in real archive layouts.

`build_case(seed, folder)` writes config.toml, the platform downloads and truth.json; see
README.md for how it was written apart from the matcher.
"""

from benchmarks.gen_c.case import build_case

__all__ = ["UNTRACED", "build_case"]

# Tactics that carry nothing the config names: found, if at all, by behaviour (README).
UNTRACED = frozenset({"shared_memory", "burst", "stranger_relay_first_name"})
