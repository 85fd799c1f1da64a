"""The matcher's glue: its inputs read from the store (`inputs`), re-scoring a case into
matches and hits (`scoring`), and training/evaluation on synthetic cases (`training`).
May import: `store`, the top-level `case`/`config`/`errors`, and `matcher`.
"""
