"""A person's review of hits: ledgered decisions (`decisions`), the loopback web server
(`server`) and what its pages show (`pages`). May import: `store`, `evidence`, `language`
and the top-level `case`/`errors`.
"""
