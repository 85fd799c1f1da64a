"""Catalogues: every language has its translations, dates and zones spelled out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nocontact.errors import NocontactError
from nocontact.language import catalogues


@pytest.mark.parametrize("lang", catalogues.LANGS)
def test_every_language_loads_and_renders_templates(lang: str) -> None:
    env = catalogues.environment(lang, timezone="Europe/Madrid")
    page = env.from_string('{{ _("confirmed") }} {{ at|when }}').render(at="2026-07-01T10:00:00Z")
    assert "CEST (UTC+02:00)" in page and "12:00:00" in page


def test_spanish_is_spanish_and_an_unknown_language_is_refused() -> None:
    assert catalogues.translations("es").gettext("confirmed") != "confirmed"
    assert catalogues.when(datetime(2026, 1, 1, 12, tzinfo=UTC), "UTC", "en").endswith(" UTC")
    with pytest.raises(NocontactError, match="unknown language 'xx'"):
        catalogues.translations("xx")
