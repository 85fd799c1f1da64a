"""What a court receives and how it is checked: hits with every record (`hit_records`), the
order's terms, the HTML report and its timeline (platform text shown with `marks` made
visible, as on the review page), the CSV/PDF export, and verification of
a case and of an export folder (`verification`). May import: `store`, `language` and the
top-level `case`/`config`/`errors`.
"""
