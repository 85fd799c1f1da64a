"""Every registered parser and scanner has the shape its registry's Protocol names."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import timedelta
from typing import Any

import pytest

from crawlers import api, exports
from crawlers.archive import Archive
from crawlers.errors import ScanError
from crawlers.events import Gap
from tests.helpers import DATA

FIXTURES = sorted(p for p in (DATA / "exports").glob("*/*") if p.is_dir())


def _methods(protocol: type) -> dict[str, inspect.Signature]:
    """The Protocol's methods as a module must define them: the same parameters, no self."""
    found = {}
    for name, member in vars(protocol).items():
        if inspect.isfunction(member) and not name.startswith("_"):
            signature = inspect.signature(member)
            found[name] = signature.replace(parameters=list(signature.parameters.values())[1:])
    return found


def _shape(signature: inspect.Signature) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


def _problems(module: object, protocol: type) -> list[str]:
    problems = [
        f"{name} missing" for name in inspect.get_annotations(protocol) if not hasattr(module, name)
    ]
    for name, wanted in _methods(protocol).items():
        found = getattr(module, name, None)
        if not callable(found):
            problems.append(f"{name}() missing")
        elif _shape(inspect.signature(found)) != _shape(wanted):
            problems.append(f"{name}{inspect.signature(found)} is not {name}{wanted}")
    return problems


@pytest.mark.parametrize("parser", exports.PARSERS, ids=lambda m: m.NAME)
def test_a_parser_has_the_protocol(parser: exports.Parser) -> None:
    assert _problems(parser, exports.Parser) == []
    assert exports.get(parser.NAME) is parser
    assert all(isinstance(gap, Gap) for gap in parser.GAPS)


@pytest.mark.parametrize("parser", exports.PARSERS, ids=lambda m: m.NAME)
def test_a_parser_reads_a_fixture_of_its_own(parser: exports.Parser) -> None:
    own = []
    for folder in FIXTURES:
        with Archive(folder) as archive:
            if parser.detect(archive):
                own.append(folder)
    assert own, f"no fixture under {DATA / 'exports'} that {parser.NAME} recognises"
    with Archive(own[0]) as archive:
        found = list(parser.parse(archive))
    dated = [i.occurred_at for i in found if i.occurred_at is not None]
    assert found and all(at.utcoffset() == timedelta(0) for at in dated)  # wall clock: 0 too


@pytest.mark.parametrize("scanner", api.SCANNERS, ids=lambda m: m.NAME)
def test_a_scanner_has_the_protocol(scanner: api.Scanner) -> None:
    assert _problems(scanner, api.Scanner) == []
    assert api.get(scanner.NAME) is scanner


@pytest.mark.parametrize("scanner", api.SCANNERS, ids=lambda m: m.NAME)
def test_scanner_settings_are_typed_and_required_keys_enforced(scanner: Any) -> None:
    fields = dataclasses.fields(scanner.Settings)
    required = [f.name for f in fields if f.default is dataclasses.MISSING]
    assert required, "a scanner needs at least one setting to know whose account to read"
    table = {f.name: "value" for f in fields}
    settings = scanner.settings(table)
    assert isinstance(settings, scanner.Settings) and not hasattr(settings, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.__setattr__(required[0], "other")
    for name in required:
        with pytest.raises(ScanError, match=rf"scan\.{scanner.NAME}\.{name}: missing"):
            scanner.settings({**table, name: " "})


def test_fixtures_exist_for_every_scanner() -> None:
    for scanner in api.SCANNERS:
        assert any((DATA / "api" / scanner.NAME / "scan").glob("*.json")), scanner.NAME


def test_names_are_unique_and_unknown_names_fail_clearly() -> None:
    assert exports.names() == sorted({m.NAME for m in exports.PARSERS})
    assert api.names() == sorted({m.NAME for m in api.SCANNERS})
    with pytest.raises(ScanError, match="no scanner named 'myspace'"):
        api.get("myspace")


def test_a_module_missing_a_member_fails_the_check() -> None:
    class Incomplete:
        NAME = "incomplete"

        @staticmethod
        def detect(archive: Archive, strict: bool) -> bool:
            return strict

    assert _problems(Incomplete, exports.Parser) == [
        "VERSION missing",
        "GAPS missing",
        f"detect{inspect.signature(Incomplete.detect)} is not "
        f"detect{_methods(exports.Parser)['detect']}",
        "parse() missing",
        "owners() missing",
    ]
