"""Words a person reads, in English and Spanish: gettext catalogues and Jinja2
(`catalogues`), plain words for records (`contact_phrases`), the matcher's reasons
(`reasons`) and jurisdiction texts. May import: `store.instants` and the top-level
`errors`; the order's terms only for type hints.
"""
