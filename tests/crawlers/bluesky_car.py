"""Build a small Bluesky repo CAR with libipld, as the fixture `bluesky/2026/repo.car` was built."""

from __future__ import annotations

import hashlib
from typing import Any

import libipld

OWNER = "did:plc:janedoe4a1b2c3d4e5f6g7h"
ROB = "did:plc:robmiller82aaaabbbbcccc"
ALT = "did:plc:lakewatcher82ddddeeeeff"
KIM = "did:plc:kimlee0099gggghhhhiiii"
RECORDS: list[tuple[str, dict[str, Any]]] = [  # in key order, as the tree keeps them
    (
        "app.bsky.feed.like/3lprcc55bb222",
        {
            "$type": "app.bsky.feed.like",
            "subject": {
                "uri": f"at://{KIM}/app.bsky.feed.post/3lpr0000000aa",
                "cid": "bafyreia2kimpostcidxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            },
            "createdAt": "2026-04-01T10:00:00.000Z",
        },
    ),
    (
        "app.bsky.feed.post/3lprdd66cc333",
        {
            "$type": "app.bsky.feed.post",
            "text": "@lakewatcher82.bsky.social please stop",
            "facets": [
                {
                    "index": {"byteStart": 0, "byteEnd": 26},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": ALT}],
                }
            ],
            "reply": {
                "root": {"uri": f"at://{ROB}/app.bsky.feed.post/3lpr1111111bb", "cid": "x"},
                "parent": {"uri": f"at://{ROB}/app.bsky.feed.post/3lpr1111111bb", "cid": "x"},
            },
            "langs": ["en"],
            "createdAt": "2026-04-02T21:15:10.123Z",
        },
    ),
    (
        "app.bsky.feed.post/3lpree77dd444",
        {"$type": "app.bsky.feed.post", "text": "Lake day.", "createdAt": "2026-04-03T09:00:00Z"},
    ),
    (
        "app.bsky.graph.block/3lprff88ee555",
        {"$type": "app.bsky.graph.block", "subject": ROB, "createdAt": "2026-04-03T09:30:00.000Z"},
    ),
    (
        "app.bsky.graph.block/3lprgg99ff666",
        {"$type": "app.bsky.graph.block", "subject": ALT, "createdAt": "2026-04-04T22:00:00.000Z"},
    ),
    (
        "app.bsky.graph.follow/3lprhhaagg777",
        {"$type": "app.bsky.graph.follow", "subject": KIM, "createdAt": "2025-12-01T12:00:00.000Z"},
    ),
]


def _cid(data: bytes) -> bytes:
    """CIDv1, dag-cbor codec (0x71), sha2-256 multihash."""
    return bytes([0x01, 0x71, 0x12, 0x20]) + hashlib.sha256(data).digest()


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _node(entries: list[tuple[bytes, bytes]], left: bytes | None) -> dict[str, Any]:
    """An MST node: each key stored as the bytes it does not share with the previous one."""
    found, previous = [], b""
    for key, value in entries:
        shared = next(
            (i for i, (a, b) in enumerate(zip(key, previous, strict=False)) if a != b), None
        )
        prefix = min(len(key), len(previous)) if shared is None else shared
        found.append({"p": prefix, "k": key[prefix:], "v": value, "t": None})
        previous = key
    return {"l": left, "e": found}


def build(records: list[tuple[str, dict[str, Any]]] | None = None) -> bytes:
    """The repo as a CAR v1 file: header, commit, a two-level tree, records (the fixture's
    unless others are given, in key order)."""
    blocks: list[tuple[bytes, bytes]] = []

    def put(value: Any) -> bytes:
        data = libipld.encode_dag_cbor(value)
        blocks.append((_cid(data), data))
        return blocks[-1][0]

    leaves = [
        (key.encode(), put(record)) for key, record in (RECORDS if records is None else records)
    ]
    left = put(_node(leaves[:2], None))  # the first keys hang below the root
    root = put(_node(leaves[2:], left))
    commit = put(
        {"did": OWNER, "version": 3, "data": root, "rev": "3lprzz00zz999", "prev": None,
         "sig": b"\x00" * 64}
    )  # fmt: skip
    header = libipld.encode_dag_cbor({"version": 1, "roots": [commit]})
    body = b"".join(_varint(len(cid) + len(data)) + cid + data for cid, data in reversed(blocks))
    return _varint(len(header)) + header + body
