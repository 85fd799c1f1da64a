"""English and Spanish for the report, the export and the review page.

Messages live in standard gettext catalogues, `nocontact/locale/<lang>/LC_MESSAGES/*.po`
(every `.po` there is merged, so each page may keep its own), read with Babel and compiled
in memory: no build step, and translators edit plain `.po` files. English is the source
language. Dates are written in the case's time zone, in the language's own words.
"""

from __future__ import annotations

import gettext
import io
from datetime import date, datetime, time
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, get_datetime_format
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, PackageLoader, select_autoescape

from nocontact.errors import NocontactError
from nocontact.store.instants import parse_iso

LANGS = ("en", "es")
NO_TIME = "time not given by the archive"  # an undated record, in every output
LOCALE_DIR = Path(str(resources.files("nocontact"))) / "locale"  # package data
PATTERN_CATALOGUES = {"reasons.po"}  # patterns of sentences, not messages: reason_wording.py


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The merged catalogue of one language; English needs none."""
    if lang not in LANGS:
        raise NocontactError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    if lang == "en":
        return gettext.NullTranslations()
    merged = Catalog(locale=lang)
    for po in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        if po.name in PATTERN_CATALOGUES:
            continue
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id and message.string:
                    merged[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def environment(lang: str, *, timezone: str = "UTC") -> Environment:
    """Jinja2 with autoescape, `_()` in `lang`, and `when`/`day` filters in the case's zone."""
    env = Environment(
        loader=PackageLoader("nocontact"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.filters["when"] = lambda at: when(at, timezone, lang)
    env.filters["day"] = lambda d: day(d, lang)
    return env


def when(at: datetime | str | None, timezone: str, lang: str) -> str:
    """A moment as a reader expects it, with its zone spelled out; None says it is unknown.

    >>> when("2026-03-09T21:02:00.000Z", "America/New_York", "es")
    '9 mar 2026, 17:02:00 EDT (UTC-04:00)'
    >>> when(None, "UTC", "en")
    'time not given by the archive'
    """
    if at is None or at == "":
        return translations(lang).gettext(NO_TIME)
    moment = (parse_iso(at) if isinstance(at, str) else at).astimezone(ZoneInfo(timezone))
    return f"{_medium(moment, lang)} {zone(moment)}"


def _medium(moment: datetime, lang: str) -> str:
    """`format_datetime(moment, "medium")` from cached date and time texts: a report writes
    one per record, and records share days and (to the second) times.

    >>> from babel.dates import format_datetime
    >>> moment = datetime(2026, 3, 9, 17, 2, 7, 5000)
    >>> all(_medium(moment, l) == format_datetime(moment, "medium", locale=l) for l in LANGS)
    True
    """
    pattern = get_datetime_format("medium", _locale(lang)).replace("'", "")
    clock = moment.time().replace(microsecond=0)
    return pattern.replace("{0}", _time(clock, lang)).replace("{1}", _date(moment.date(), lang))


@lru_cache(maxsize=4096)
def _date(value: date, lang: str) -> str:
    return format_date(value, "medium", locale=_locale(lang))


@lru_cache(maxsize=65536)
def _time(value: time, lang: str) -> str:
    return format_time(value, "medium", locale=_locale(lang))


@cache
def _locale(lang: str) -> Locale:
    """Parsed once: a report formats a date per record."""
    return Locale.parse(lang)


def zone(moment: datetime) -> str:
    """'EDT (UTC-04:00)', or plain 'UTC': an abbreviation alone is ambiguous.

    >>> from datetime import UTC
    >>> zone(datetime(2026, 1, 1, tzinfo=UTC))
    'UTC'
    """
    offset = moment.strftime("%z")
    abbreviation = moment.tzname() or ""
    if offset == "+0000" and abbreviation in ("UTC", ""):
        return "UTC"
    return f"{abbreviation} (UTC{offset[:3]}:{offset[3:]})".lstrip()


def day(value: date | None, lang: str) -> str:
    """A calendar date in the language's long form.

    >>> day(date(2026, 3, 2), "es")
    '2 de marzo de 2026'
    """
    return "" if value is None else format_date(value, "long", locale=lang)
