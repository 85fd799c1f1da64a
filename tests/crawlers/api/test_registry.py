"""Every registered scanner has the interface, a config table and real-shaped fixtures."""

from __future__ import annotations

import inspect

import pytest

from crawlers import api
from crawlers.errors import ScanError
from nocontact import config
from tests.helpers import DATA


@pytest.mark.parametrize("scanner", api.SCANNERS, ids=lambda m: m.NAME)
def test_a_scanner_module_has_the_interface(scanner: object) -> None:
    assert api.get(scanner.NAME) is scanner
    assert scanner.VERSION and scanner.SETTINGS
    assert list(inspect.signature(scanner.scan).parameters) == ["http", "settings", "cursor"]
    table = config._TABLES[f"scan.{scanner.NAME}"]
    assert set(scanner.SETTINGS) <= table, "every required setting is an allowed config key"
    assert any((DATA / "api" / scanner.NAME / "scan").glob("*.json")), "replay fixtures missing"


def test_names_are_unique_and_unknown_names_fail_clearly() -> None:
    assert api.names() == sorted({m.NAME for m in api.SCANNERS})
    with pytest.raises(ScanError, match="no scanner named 'myspace'"):
        api.get("myspace")
