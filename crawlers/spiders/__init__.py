"""Scrapy spiders for public data that needs no login (see docs/enrichment.md).

Only documented, login-free JSON APIs are asked; pages behind a login and the sites whose
terms forbid automated collection (Instagram, Facebook, X) are never fetched.
"""
