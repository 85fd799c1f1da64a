"""E-mail addresses compared by the mailbox they reach, as people write them.

'Rob.Miller82+ig@googlemail.com', 'robmiller82@gmail.com' and 'rob.miller82 at gmail' all
reach one mailbox: an evader who leaves their address in a message rarely writes it the way
the config lists it.
"""

from __future__ import annotations

from collections.abc import Iterable

_GMAIL = frozenset({"gmail.com", "googlemail.com"})
_WEBMAIL = frozenset(  # providers people name without the ending: 'rob.m@gmail'
    {"gmail", "googlemail", "hotmail", "outlook", "yahoo", "ymail", "icloud", "aol", "gmx"}
    | {"protonmail", "proton", "yandex", "zoho"}
)


def email(word: str) -> str | None:
    """The word as a case-folded e-mail address, if it is one.

    >>> email("mailto:Rob.M+x@Mail.Example.com"), email("@rob.m"), email("a@b")
    ('rob.m+x@mail.example.com', None, None)
    """
    local, at, domain = word.rpartition(":")[2].partition("@")  # "mailto:a@b", "mail:a@b"
    if not at or not local or "@" in domain or not is_host(domain):
        return None
    if not all(c.isalnum() or c in "._+-" for c in local):
        return None
    return f"{local}@{domain}".casefold()


def mailbox(address: str) -> str:
    """The mailbox an e-mail address delivers to, for comparing two addresses: a '+tag' at
    the end of the local part is a sub-address (RFC 5233) of the same mailbox, and Gmail
    ignores the dots of its local part and answers to googlemail.com as well. So
    'robmiller82+ig@googlemail.com' reaches the same person as 'rob.miller82@gmail.com'.

    >>> mailbox("Rob.Miller82+IG@GoogleMail.com"), mailbox("rob.m+x@example.com")
    ('robmiller82@gmail.com', 'rob.m@example.com')
    """
    local, _, domain = address.strip().casefold().rpartition("@")
    if local.find("+") > 0:
        local = local.partition("+")[0]
    if domain in _GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def webmail(word: str) -> str | None:
    """A webmail address named without its ending, as the key its mailbox is filed under.

    >>> webmail("Rob.Miller82@GMail"), webmail("rob@googlemail"), webmail("rob@example")
    ('robmiller82@gmail', 'rob@gmail', None)
    """
    local, at, host = word.casefold().partition("@")
    if (
        not at
        or host not in _WEBMAIL
        or not local
        or not all(c.isalnum() or c in "._+-" for c in local)
    ):
        return None
    return mailbox(f"{local}@{host}.com").removesuffix(".com")


def mailboxes(emails: Iterable[str]) -> dict[str, str]:
    """Each configured address's mailbox -> the address; webmail ones also without ending."""
    boxes: dict[str, str] = {}
    for configured in emails:
        if address := email(configured.strip()):
            boxes[mailbox(address)] = configured
            local, _, host = address.rpartition("@")
            if key := webmail(f"{local}@{host.partition('.')[0]}"):
                boxes.setdefault(key, configured)
    return boxes


def mailbox_key(word: str) -> str | None:
    """The key of the mailbox a word names, whole address or webmail without ending."""
    return mailbox(address) if (address := email(word)) else webmail(word)


def is_host(text: str) -> bool:
    """Whether text is a host name: dot-separated labels, the last one letters only."""
    labels = text.casefold().split(".")
    if len(labels) < 2 or len(labels[-1]) < 2 or not labels[-1].isalpha():
        return False
    return all(label and all(c.isalnum() or c == "-" for c in label) for label in labels)
