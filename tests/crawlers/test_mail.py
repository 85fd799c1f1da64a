"""E-mail: Takeout mbox and .eml folders, every header and body encoding, platform notices."""

from __future__ import annotations

import email
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.events import Interaction
from crawlers.exports import mail
from crawlers.exports._notification_mail import read_notice
from tests.helpers import DATA, zip_folder

MAIL = DATA / "exports" / "email"
MBOX = "Takeout/Mail/All mail Including Spam and Trash.mbox"


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return list(mail.parse(archive))


def _by_index(source: Path) -> dict[int | None, Interaction]:
    return {i.locator.index: i for i in _parse(source)}


@pytest.mark.parametrize("variant", ["takeout", "eml"])
def test_detected_by_the_mail_parser_only(variant: str, tmp_path: Path) -> None:
    folder = MAIL / variant
    for source in (folder, zip_folder(folder, tmp_path / "takeout-20260420T000000Z-001.zip")):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["email"]


def test_takeout_mailbox_counts_by_platform_type_and_direction() -> None:
    counts = Counter((i.platform, i.type, i.direction) for i in _parse(MAIL / "takeout"))
    assert counts == {
        ("email", "message", "in"): 4,  # two people, two forged notifications
        ("email", "message", "out"): 1,
        ("instagram", "comment", "in"): 1,
        ("instagram", "follow", "in"): 1,
        ("facebook", "tag", "in"): 1,
        ("tiktok", "mention", "in"): 1,
        ("x", "like", "in"): 1,
        ("threads", "reply", "in"): 1,
    }


def test_header_encodings_and_bodies_are_decoded() -> None:
    items = _by_index(MAIL / "takeout")
    first = items[0]  # RFC 2047 Q-encoded name and subject, quoted-printable body
    assert first.account.handle == "rob.miller82@example.com"
    assert first.account.display_name == "Rob Müller"
    assert first.text == "¿Podemos hablar?\n\nJane, I just want to talk. Lake Placid, remember? — R"
    assert first.occurred_at == datetime(2026, 4, 2, 21, 15, 10, tzinfo=UTC)  # +0200 → UTC
    assert first.target == "<CAF0001@mail.example.com>"
    second = items[1]  # B-encoded subject with an emoji, base64 body
    assert second.text == "Hola Janie-bean 🙂\n\nTe echo de menos.\nNo me bloquees otra vez."
    sent = items[10]
    assert (sent.direction, sent.account.handle) == ("out", "rob.miller82@example.com")


def test_notifications_name_the_account_and_quote_its_words() -> None:
    items = _by_index(MAIL / "takeout")
    comment = items[2]  # the HTML body quotes the comment the subject announces
    assert (comment.account.handle, comment.account.display_name) == ("rob.m1982", "Rob M")
    assert comment.account.url == "https://www.instagram.com/rob.m1982"
    assert comment.text == "you look happy without me"
    assert comment.occurred_at == datetime(2026, 4, 4, 10, 20, tzinfo=UTC)
    assert comment.target == "<a1b2c3.0003@mail.instagram.com>"  # the sealed source
    assert "dkim=pass header.i=@mail.instagram.com" in comment.raw
    assert items[3].account.handle == "robbie_lp"  # Spanish "comenzó a seguirte"
    assert items[4].account.display_name == "Robert Miller" and items[4].account.handle is None
    assert (items[5].account.handle, items[5].text) == ("rob.m1982", "te sigo viendo")
    assert (items[6].account.handle, items[6].account.display_name) == ("robmiller", "Rob Miller")
    assert (items[7].platform, items[7].text) == ("threads", "answer me")


def test_the_same_words_from_a_forged_sender_stay_plain_mail() -> None:
    items = _by_index(MAIL / "takeout")
    lookalike, failed = items[8], items[9]
    assert (lookalike.platform, lookalike.account.handle) == ("email", "no-reply@mail-instagram.co")
    assert (failed.platform, failed.type) == ("email", "message")  # DKIM failed at the receiver
    assert "rob.m1982" in (failed.text or "")


def test_eml_folder_html_only_latin1_and_multipart(tmp_path: Path) -> None:
    items = {i.locator.path: i for i in _parse(MAIL / "eml")}
    assert items["Re- hello.eml"].account.handle == "rob.miller82@example.com"  # folded case
    anonymous = items["sin asunto.eml"]
    assert anonymous.account.display_name == "Señor Anónimo"
    assert (
        anonymous.text
        == "sin asunto\n\nQuerida Jane: ¿por qué no contestas? Señal de vida, por favor."
    )
    like = items["Facebook.eml"]
    assert (like.platform, like.type, like.account.display_name) == (
        "facebook",
        "like",
        "Robert Miller",
    )
    single = Path(shutil.copy(MAIL / "eml" / "Re- hello.eml", tmp_path / "Re- hello.eml"))
    assert [i.account.handle for i in _parse(single)] == ["rob.miller82@example.com"]


def test_an_mbox_body_line_starting_with_from_does_not_split_it(tmp_path: Path) -> None:
    box = tmp_path / "Inbox.mbox"
    box.write_bytes(
        b"From a@b Thu Apr 02 21:15:10 +0000 2026\n"
        b"From: Rob <rob@example.com>\nDate: Thu, 2 Apr 2026 21:15:10 +0000\nSubject: hi\n\n"
        b"line one\nFrom the lake, with love\n\n"
        b"From a@b Thu Apr 02 22:15:10 +0000 2026\n"
        b"From: Rob <rob@example.com>\nDate: Thu, 2 Apr 2026 22:15:10 +0000\nSubject: again\n\n"
        b"two\n"
    )
    items = _parse(box)
    assert [i.text for i in items] == ["hi\n\nline one\nFrom the lake, with love", "again\n\ntwo"]


def test_a_message_without_a_date_is_kept_undated_and_a_bad_date_reported(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "a.eml").write_bytes(b"From: Rob <rob@example.com>\nSubject: x\n\nbody\n")
    (folder / "b.eml").write_bytes(b"From: Rob <rob@example.com>\nDate: someday\n\nbody\n")
    skipped: list[str] = []
    with Archive(folder) as archive:
        found = list(mail.parse(archive, on_skip=lambda loc, why: skipped.append(why)))
    assert [(i.locator.path, i.occurred_at) for i in found] == [("a.eml", None)]
    assert len(skipped) == 1 and "Date" in skipped[0]


@pytest.mark.parametrize(
    ("subject", "kind", "handle", "name"),
    [
        ("rob.m1982 and 3 others liked your post", "like", "rob.m1982", None),
        ("Rob M (@rob.m1982) y 2 personas más comentaron tu foto", "comment", "rob.m1982", "Rob M"),
        ("rob.m1982 te etiquetó en una publicación", "tag", "rob.m1982", None),
        ("rob.m1982 requested to follow you", "follow_request", "rob.m1982", None),
        ("Rob M (@rob.m1982) sent you a message", "message", "rob.m1982", "Rob M"),
    ],
)
def test_batched_and_plural_wordings_name_the_first_account(
    subject: str, kind: str, handle: str, name: str | None
) -> None:
    raw = (
        "Authentication-Results: mx.google.com; dkim=pass header.i=@mail.instagram.com\n"
        f"From: Instagram <no-reply@mail.instagram.com>\nSubject: {subject}\n\nSee it.\n"
    )
    message = email.message_from_string(raw)
    notice = read_notice(message, subject, "See it.")
    assert notice is not None
    assert (notice.type, notice.account.handle, notice.account.display_name) == (kind, handle, name)


def test_a_thunderbird_folder_without_extension_is_an_mbox(tmp_path: Path) -> None:
    folder = tmp_path / "Local Folders"
    folder.mkdir()
    (folder / "Inbox").write_bytes(
        b"From - Thu Apr 02 21:15:10 2026\r\nX-Mozilla-Status: 0001\r\n"
        b"From: Rob <rob.miller82@example.com>\r\nDate: Thu, 2 Apr 2026 21:15:10 +0000\r\n"
        b"Subject: hi\r\n\r\nbody\r\n"
    )
    (folder / "Inbox.msf").write_bytes(b'// <!-- <mdb:mork:z v="1.4"/> -->')
    (folder / "README").write_bytes(b"Date: not mail\n")
    with Archive(folder) as archive:
        assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["email"]
        (item,) = mail.parse(archive)
    assert (item.account.handle, item.text) == ("rob.miller82@example.com", "hi\n\nbody")


def test_a_reply_keeps_only_its_senders_words(tmp_path: Path) -> None:
    mail_file = tmp_path / "reply.eml"
    mail_file.write_bytes(
        b"From: Rob <rob.miller82@example.com>\nDate: Thu, 2 Apr 2026 21:15:10 +0000\n"
        b"Subject: Re: stop\n\nYou can't mean that.\n\n"
        b"On Thu, Apr 2, 2026 at 9:00 PM Jane Doe <jane.doe@example.org> wrote:\n"
        b"> Do not contact me again.\n"
    )
    (item,) = _parse(mail_file)
    assert item.text == "Re: stop\n\nYou can't mean that."


def test_the_owner_is_the_one_address_mail_was_delivered_to_and_sent_from(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    head = b"From: Rob <rob@example.com>\nDate: Mon, 13 Apr 2026 18:00:00 -0400\n"
    (folder / "a.eml").write_bytes(
        head + b"Delivered-To: Jane@example.org\nTo: x@example.net\n\nhi\n"
    )
    (folder / "b.eml").write_bytes(head + b"To: jane@example.org\n\nhi\n")
    with Archive(folder) as archive:
        assert [a.handle for a in mail.owners(archive)] == ["jane@example.org"]
    (folder / "c.eml").write_bytes(head + b"Delivered-To: other@example.org\n\nhi\n")
    with Archive(folder) as archive:
        assert mail.owners(archive) == ()  # two mailboxes: whose it is is not certain
