"""Platform knowledge: read archives and APIs into plain Interaction records. Never scores."""
