"""The case database: schema, every SQL statement, the ledger, hashing and time formats.

Owns: `database` (schema, transactions), `writes` (interactions and accounts in),
`hits` (hits out, in the scripts' JSON shape), `ledger` (the hash chain), `fingerprint`
(SHA-256 of archives and texts), `instants` (ISO 8601 UTC text), `lock` (one writer per
case), `untrusted` (platform text made safe to store, put in a spreadsheet or print).
May import: the top-level `errors` and crawlers' dataclasses; never another subpackage of
nocontact.
"""
