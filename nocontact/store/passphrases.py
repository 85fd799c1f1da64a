"""Where an encrypted case's passphrase comes from when nobody types it: a scheduled scan.

Never a command-line argument (other users see those in `ps`, shells keep them in history).
In order: the variable NOCONTACT_PASSPHRASE; a file named by NOCONTACT_PASSPHRASE_FILE,
which must be readable by its owner only; the OS keyring, if the case opted in.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from nocontact.errors import PassphraseError

ENV = "NOCONTACT_PASSPHRASE"
FILE_ENV = "NOCONTACT_PASSPHRASE_FILE"
KEYRING_SERVICE = "nocontact"
KEYRING_OPT_IN = ".keyring"  # an empty file in the case: this case's passphrase is there


def unattended(root: Path) -> str | None:
    """The passphrase from the environment, a private file or the keyring; None if none."""
    found = from_environment()
    if found is None and (root / KEYRING_OPT_IN).is_file():
        found = _keyring().get_password(KEYRING_SERVICE, _account(root))
    return found


def from_environment() -> str | None:
    """NOCONTACT_PASSPHRASE, else the file NOCONTACT_PASSPHRASE_FILE names, else None."""
    if os.environ.get(ENV):
        return os.environ[ENV]
    if os.environ.get(FILE_ENV):
        return read_file(Path(os.environ[FILE_ENV]))
    return None


def read_file(path: Path) -> str:
    """The first line of a passphrase file that only its owner can read."""
    try:
        info = path.stat()
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PassphraseError(f"{path}: passphrase file not readable ({exc.strerror})") from None
    if stat.S_IMODE(info.st_mode) & 0o077 or info.st_uid != os.getuid():
        raise PassphraseError(
            f"{path}: a passphrase file must be yours and private: run `chmod 600 {path}`"
        )
    line = text.splitlines()[0] if text else ""
    if not line:
        raise PassphraseError(f"{path}: the passphrase file is empty")
    return line


def remember(root: Path, passphrase: str) -> None:
    """Opt in: keep this case's passphrase in the OS keyring for scheduled scans."""
    _keyring().set_password(KEYRING_SERVICE, _account(root), passphrase)
    fd = os.open(root / KEYRING_OPT_IN, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)


def _account(root: Path) -> str:
    return str(root.resolve())


def _keyring():  # type: ignore[no-untyped-def]
    try:
        import keyring
    except ImportError:
        raise PassphraseError(
            "the OS keyring needs the `keyring` package: pip install 'nocontact[keyring]'"
        ) from None
    return keyring
