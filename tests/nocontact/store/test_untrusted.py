"""Platform text made safe per destination (properties in tests/adversarial)."""

from __future__ import annotations

from nocontact.store.untrusted import all_storable, csv_cell, printable, storable


def test_storage_escapes_only_what_breaks_it() -> None:
    assert storable("Zoë 😀 ok") == "Zoë 😀 ok"
    assert storable("a\x00b\udc80") == "a\\u0000b\\udc80"


def test_a_batch_stores_as_it_is_only_without_nul_or_lone_surrogate() -> None:
    assert all_storable("ok", None, "", "Zoë 😀", "日本")
    assert not all_storable("ok", "a\x00b")
    assert not all_storable("Zoë", "\ud83d")  # half an emoji, left alone
    assert not all_storable("\udfff")


def test_formulas_are_neutralised_even_after_spaces_and_line_breaks() -> None:
    for cell in (
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        " \n=1",
        "\u00a0=1",
    ):
        assert csv_cell(cell).startswith("'"), cell
    assert (
        csv_cell("Rob said = hi") == "Rob said = hi" and csv_cell(None) == "" and csv_cell(3) == "3"
    )


def test_terminal_sees_no_control_or_direction_characters() -> None:
    assert printable("ok\x1b]0;x\x07\u202egnp.exe") == "ok\\x1b]0;x\\x07\\u202egnp.exe"
    assert printable("Zoë\ttab") == "Zoë\ttab"
