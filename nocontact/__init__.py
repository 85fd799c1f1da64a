"""nocontact: a local, private evidence log of contact forbidden by a no-contact order."""

__version__ = "0.1.0"
