"""Everything that brings records into a case: archive imports, live scans, profile
enrichment and the scan timer. May import: `store`, the top-level `case`/`config`/`errors`,
`crawlers` and `matcher.avatars` (to hash pictures as the matcher does).
"""
