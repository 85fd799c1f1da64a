"""The crawler's own process: `python -m crawlers.spiders JOB.json` (see runner.py)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess

from crawlers.spiders.profiles import ProfilesSpider, settings
from crawlers.spiders.records import ProfileResult, Target
from crawlers.spiders.runner import RESULTS


def crawl(job: dict[str, Any]) -> None:
    """One crawl with a fresh reactor; each result is appended as one JSON line."""
    spool = Path(job["spool"])
    process = CrawlerProcess(
        settings(user_agent=job["user_agent"], cache_dir=Path(job["cache_dir"]), delay=job["delay"])
    )
    crawler = process.create_crawler(ProfilesSpider)
    with (spool / RESULTS).open("a", encoding="utf-8") as out:

        def write(item: ProfileResult) -> None:
            out.write(item.to_json() + "\n")
            out.flush()

        crawler.signals.connect(write, signal=signals.item_scraped)
        process.crawl(
            crawler,
            targets=[Target(**t) for t in job["targets"]],
            spool=spool,
            max_avatar_bytes=job["max_avatar_bytes"],
        )
        process.start()


def main(argv: Sequence[str]) -> int:
    os.umask(0o077)  # the HTTP cache and the spool hold other people's profile data
    crawl(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
