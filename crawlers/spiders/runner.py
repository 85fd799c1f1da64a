"""Run the profile spider in a child process and read back what it found.

Twisted's reactor can be started only once per process, so an in-process crawl would
work for one `nocontact enrich` but fail on a second call in the same process (tests, a
long-running review server). The child (`python -m crawlers.spiders`) runs Scrapy's
`CrawlerProcess` with a fresh reactor, writes one JSON line per result and the avatars
into a private spool folder, and exits; the caller stores the results afterwards in one
short transaction. This module itself imports no Scrapy, so the CLI stays quick.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from crawlers.errors import CrawlError
from crawlers.spiders.records import MAX_AVATAR_BYTES, ProfileResult, Target

logger = logging.getLogger(__name__)

RESULTS = "results.jsonl"
JOB = "job.json"
_ROOT = Path(__file__).resolve().parents[2]


def fetch(
    targets: Sequence[Target],
    spool: Path,
    *,
    cache_dir: Path,
    user_agent: str,
    delay: float = 1.0,
    max_avatar_bytes: int = MAX_AVATAR_BYTES,
) -> list[ProfileResult]:
    """Crawl the targets in a child process; one result per target, in completion order."""
    job = {
        "targets": [asdict(t) for t in targets],
        "spool": str(spool),
        "cache_dir": str(cache_dir),
        "user_agent": user_agent,
        "delay": delay,
        "max_avatar_bytes": max_avatar_bytes,
    }
    (spool / JOB).write_text(json.dumps(job), encoding="utf-8")
    paths = [str(_ROOT), os.environ.get("PYTHONPATH", "")]
    path = os.pathsep.join(filter(None, paths))
    done = subprocess.run(
        [sys.executable, "-m", "crawlers.spiders", str(spool / JOB)],
        capture_output=True,
        text=True,
        # Temporary files of the crawler's libraries stay in the spool and go with it.
        env={**os.environ, "PYTHONPATH": path, "TMPDIR": str(spool)},
        check=False,
    )
    for line in done.stderr.splitlines():
        logger.debug("crawler: %s", line)
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise CrawlError(f"the profile crawler stopped (exit code {done.returncode}): {last[0]}")
    return read_results(spool)


def read_results(spool: Path) -> list[ProfileResult]:
    path = spool / RESULTS
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [ProfileResult.from_json(line) for line in lines if line.strip()]
