"""The case database: schema, every SQL statement, the ledger, hashing and time formats.

Callers ask for typed rows (frozen dataclasses) and never write SQL: they open
`Store.transaction()` to write or `Store.reading()` for one consistent snapshot, and pass
its connection to the functions here.

Owns: `database` (schema, transactions, snapshots), `writes` (interactions and accounts
in, dedup keys), one module per table or view read and written elsewhere (`accounts`,
`avatars`, `enrichments`, `hits` — with the scripts' JSON shape —, `interactions`,
`matches`, `reviews`, `scan_state`, `sources`, `overview`), `ledger` (the hash chain),
`anchor` (its heads kept in a file beside the database), `seals` (per-row seals over what a
person reads), `sweep` (every seal and digest rechecked in bulk, for verify) and `parallel`
(part of that in a second process), `fingerprint` (SHA-256 of archives and texts),
`instants` (ISO 8601 UTC text), `lock` (one writer per case), `untrusted` (platform text
made safe to store, put in a spreadsheet or print), `cipher` (an encrypted case: SQLCipher
keys and sealed files).
May import: the top-level `errors` and crawlers' dataclasses; never another subpackage of
nocontact.
"""
