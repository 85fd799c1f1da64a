"""A batch sealed column by column carries the seals each row would get alone."""

from __future__ import annotations

from nocontact.store import batch_seals, seals


def test_a_batch_is_sealed_as_each_row_alone_would_be() -> None:
    """Writers seal a batch column by column: the same encoded values and seals as row by row,
    whatever the values (repeated, unique, NULL, ints, quotes, non-ASCII)."""
    rows = [
        (
            f"{n:064x}",
            None if n % 3 else f'say "hi" {n} Zoë',
            "2026-03-10T21:01:00.000Z",
            "message",
            "in",
            "instagram:handle:ann",
            "instagram",
            None,
            f"inbox/a/message_1.json#{n}",
            7,
        )
        for n in range(12)
    ]
    columns = list(zip(*rows, strict=True))
    encoded, sealed = batch_seals.sealed_interaction_columns(columns)
    assert [seals.sealed_interaction(row) for row in rows] == list(
        zip(encoded, sealed, strict=True)
    )
    assert batch_seals.new_row_seals(columns) == [seals.make_seal(row, 32) for row in rows]
    mixed = [1, True, 1.0, "1", None, 2**70]
    assert batch_seals.column_crcs(mixed) == [seals.make_seal((v,)).split(":")[1] for v in mixed]


def test_each_kind_of_column_gets_the_crc_each_value_would_alone() -> None:
    """One text throughout, a lone surrogate among texts, ids alike or distinct, True
    beside 1: the quick ways a column takes give each value its own CRC all the same."""
    columns = [
        ["message"] * 9,
        ["a\udc80b", "é", "a\udc80b", "x"],
        ["a\udc80b"] * 5,
        [7] * 6,
        list(range(9)),
        [1, True, 1, True],
        [True] * 3,
        ["1", 1, None],
        [],
    ]
    for column in columns:
        assert batch_seals.column_crcs(column) == [seals._columns((v,)) for v in column]
