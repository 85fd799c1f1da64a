"""What the review pages show: the queue of new hits, one hit in full, the reviewed lists.

Records come from `nocontact.evidence.hit_records`, so the page shows the same records, sources and
assessment under the order's terms as the report and the evidence export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nocontact.case import Case
from nocontact.evidence import hit_records, images
from nocontact.evidence.marks import shown
from nocontact.language import catalogues, contact_phrases, reasons
from nocontact.store.accounts import names_of_hit
from nocontact.store.hits import hit_status, list_hits, status_counts
from nocontact.store.instants import iso
from nocontact.store.reviews import reviews_of

PAGE_SIZE = 100  # hits per list page: a long list stays quick to load and to scan


def split_locator(locator: str) -> tuple[str, str | None]:
    """'inner/path.json#3' -> ('inner/path.json', '3'); an API URL has no record index.

    >>> split_locator("messages/inbox/a/message_1.json#12")
    ('messages/inbox/a/message_1.json', '12')
    """
    path, _, index = locator.rpartition("#")
    return (path, index) if path and index.isdigit() else (locator, None)


class Pages:
    """Renders review pages for one case; config and reference photos are read once."""

    def __init__(self, case: Case, lang: str, *, page_size: int = PAGE_SIZE) -> None:
        self.case, self.lang, self.page_size = case, lang, page_size
        self.config = case.config()
        self.timezone = getattr(self.config.order, "timezone", "UTC")
        self.env = catalogues.environment(lang, timezone=self.timezone)
        self.env.filters["shown"] = shown
        self.env.filters["utc"] = lambda at: (
            iso(at).replace("T", " ")[:19] + " UTC" if at else catalogues.when(None, "UTC", lang)
        )
        self.env.filters["locator"] = split_locator
        self._photos: dict[Path, str | None] = {}
        with case.store(create=False):
            pass  # no database yet: fail now, with the store's one-line message

    def home(self, **page: Any) -> str:
        """The top of the queue, or a page saying it is empty."""
        with self.case.store(create=False) as store, store.reading() as conn:
            queue = list_hits(conn, status="new")
        if queue:
            return self.hit(queue[0].id, **page) or ""
        return self.listing("new", **page) or ""

    def listing(self, status: str, number: int = 1, **page: Any) -> str | None:
        """One page of the hits with one status, highest score first; None past the last."""
        with self.case.store(create=False) as store, store.reading() as conn:
            found = list_hits(conn, status=status)
        pages = max(1, -(-len(found) // self.page_size))
        if number > pages:
            return None
        start = (number - 1) * self.page_size
        return self._render(
            "review_list.html.j2",
            status=status,
            hits=found[start : start + self.page_size],
            total=len(found),
            first=start + 1,
            number=number,
            pages=pages,
            **page,
        )

    def hit(self, hit_id: int, **page: Any) -> str | None:
        """One hit in full, or None if there is no such hit."""
        # One snapshot, even if another tab decides meanwhile.
        with self.case.store(create=False) as store, store.reading() as conn:
            status = hit_status(conn, hit_id)
            if status is None:
                return None
            queue = list_hits(conn, status=status)  # the order only: one hit is loaded
            order = [h.id for h in queue]
            at = order.index(hit_id)
            record = hit_records.load_one(
                conn, self.config, self.case.root, queue[at], key=self.case.file_key()
            )
            names = names_of_hit(conn, hit_id)
            history = reviews_of(conn, hit_id)
        return self._render(
            "review_hit.html.j2",
            status=status,
            record=record,
            position=at + 1,
            total=len(order),
            previous=order[at - 1] if at > 0 else None,
            next=order[at + 1] if at + 1 < len(order) else None,
            names=names,
            history=history,
            avatar=self._photo(record.avatar) if record.avatar else None,
            references=[(p.name, self._photo(p)) for p in record.references],
            rows=[self._row(c) for c in record.contacts],
            threads=self._threads(record),
            reasons=reasons.reasons(record.hit.reasons, self.lang),
            **page,
        )

    def place(self, hit_id: int) -> tuple[str, int | None] | None:
        """A hit's status and the hit after it in that list; None if there is no such hit."""
        with self.case.store(create=False) as store, store.reading() as conn:
            status = hit_status(conn, hit_id)
            if status is None:
                return None
            order = [h.id for h in list_hits(conn, status=status)]
        after = order[order.index(hit_id) + 1 :] if hit_id in order else []
        return status, after[0] if after else None

    def _render(self, template: str, **context: Any) -> str:
        with self.case.store(create=False) as store, store.reading() as conn:
            counts = status_counts(conn)
        return self.env.get_template(template).render(
            lang=self.lang,
            timezone=self.timezone,
            counts=counts,
            config=self.config,
            **context,
        )

    def _row(self, contact: hit_records.Contact) -> dict[str, Any]:
        return {
            "contact": contact,
            "what": contact_phrases.what_happened(contact.type, contact.direction, self.lang),
            "counts": contact_phrases.counts(contact.assessment, self.lang),
        }

    def _threads(self, record: hit_records.HitRecord) -> list[str]:
        starts = {c.thread.key: c.thread for c in record.contacts if c.thread}
        return [contact_phrases.started(s, self.timezone, self.lang) for s in starts.values()]

    def _photo(self, path: Path) -> str | None:
        if path not in self._photos:
            self._photos[path] = images.photo_uri(path, key=self.case.file_key())
        return self._photos[path]
