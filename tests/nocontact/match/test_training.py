"""Matching with the trained model: rich inputs, rules as fallback, train and evaluate."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher import drawing, model
from matcher.avatars import AvatarHash
from nocontact import demo
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.intake import archives
from nocontact.match.inputs import candidates_of, own_words, profile_of
from nocontact.match.scoring import run_match
from tests.nocontact.test_demo import FLAGGED


@pytest.fixture(scope="module")
def demo_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    case, downloads = demo.build(tmp_path_factory.mktemp("demo") / "case")
    for archive in downloads:
        archives.import_archive(case, archive)
    return case


def _flagged(case: Case) -> dict[str, str]:
    result = CliRunner().invoke(cli, ["--case", str(case.root), "hits", "--format", "json"])
    assert result.exit_code == 0, result.output
    return {h["handle"] or h["display_name"]: h["kind"] for h in json.loads(result.output)}


def test_the_committed_model_flags_the_demo_with_plain_reasons(demo_case: Case) -> None:
    assert model.MODEL_FILE.is_file() and model.MODEL_FILE.stat().st_size < 2_000_000
    run_match(demo_case)
    assert _flagged(demo_case) == FLAGGED
    with sqlite3.connect(demo_case.db_path) as conn:
        versions = {v for (v,) in conn.execute("SELECT DISTINCT model_version FROM matches")}
        reasons = dict(
            conn.execute(
                "SELECT a.display_name, h.reasons FROM hits h JOIN accounts a"
                " ON a.id = h.account_id WHERE a.display_name IS NOT NULL"
            ).fetchall()
        )
    assert versions == {model.VERSION}
    said = json.loads(reasons["Bobby Miller"])
    assert any("Bobby is a nickname of Robert" in r for r in said)
    assert any("'Janie-bean'" in r for r in said)


def test_writing_samples_unlike_his_messages_do_not_clear_him(tmp_path: Path) -> None:
    """Samples in the config that his new messages do not resemble must not clear an account
    bearing his very name: a few short messages say little about who wrote them."""
    case, downloads = demo.build(tmp_path / "case")
    (case.root / "samples.txt").write_text(
        "Janie-bean please just talk to me, I miss you\n"
        "I still think about Lake Placid every day\n"
        "Why did you block me? I only want to talk\n",
        encoding="utf-8",
    )
    config = case.config_path.read_text(encoding="utf-8")
    assert "writing_samples = []" in config
    case.config_path.write_text(
        config.replace("writing_samples = []", 'writing_samples = ["samples.txt"]'),
        encoding="utf-8",
    )
    for archive in downloads:
        archives.import_archive(case, archive)
    run_match(case)
    assert case.config().restrained.writing_samples
    assert _flagged(case) == FLAGGED


def test_without_a_model_file_the_rules_decide(
    demo_case: Case, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(model, "MODEL_FILE", tmp_path / "none.skops")
    run_match(demo_case)
    assert _flagged(demo_case) == FLAGGED
    with sqlite3.connect(demo_case.db_path) as conn:
        assert {v for (v,) in conn.execute("SELECT model_version FROM matches")} == {"rules-1"}


def test_an_unreadable_model_file_is_a_one_line_error(
    demo_case: Case, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "matcher.skops"
    broken.write_bytes(b"not a zip")
    monkeypatch.setattr(model, "MODEL_FILE", broken)
    result = CliRunner().invoke(cli, ["--case", str(demo_case.root), "match"])
    assert result.exit_code == 1
    error = result.stderr.splitlines()[-1]  # after the progress line
    assert error.startswith("error: ") and "nocontact train" in error


def test_candidates_carry_what_the_store_knows(demo_case: Case) -> None:
    hashed = str(AvatarHash.of(drawing.face(4)))
    phash, dhash = hashed.split(":")
    with sqlite3.connect(demo_case.db_path) as conn:
        (account_id,) = conn.execute(
            "SELECT id FROM accounts WHERE handle = 'r0b_m1ll3r'"
        ).fetchone()
        conn.execute(
            "UPDATE accounts SET created_at = '2026-03-13T08:00:00Z', bio = 'linktr.ee/robm'"
            " WHERE id = ?",
            (account_id,),
        )
        conn.execute(
            "INSERT INTO avatars (account_id, image_sha256, phash, dhash, quality, is_default)"
            " VALUES (?, 'x', ?, ?, 1.0, 0)",
            (account_id, phash, dhash),
        )
        (other_id,) = conn.execute(
            "SELECT id FROM accounts WHERE handle = 'bob.miller.82'"
        ).fetchone()
        conn.execute(
            "INSERT INTO avatars (account_id, image_sha256, phash, dhash, quality, is_default)"
            " VALUES (?, 'y', ?, ?, 1.0, 1)",
            (other_id, phash, dhash),
        )
        found = {c.key: c for c in candidates_of(conn)}
    alt = found[str(account_id)]
    assert alt.avatar_hash == hashed and alt.has_avatar is True
    placeholder = found[str(other_id)]  # a stored placeholder: no picture of anyone
    assert placeholder.avatar_hash is None and placeholder.has_avatar is False
    assert alt.created_at is not None and alt.created_at.tzinfo is not None
    assert alt.bio == "linktr.ee/robm" and alt.times
    known = next(c for c in found.values() if c.handle == "rob.miller82")
    assert known.blocked_at is not None and known.blocked_at.isoformat().startswith("2026-03-11")
    assert any("Janie-bean" in t for c in found.values() for t in c.texts)


@pytest.mark.parametrize(
    ("platform", "kind", "text", "kept"),
    [
        ("instagram", "message", "i miss you Janie-bean", True),
        ("facebook", "comment", "miss you Janie-bean, come home", True),
        ("facebook", "comment", "Robert Miller commented on your post.", False),
        ("x", "follow", "on your followers list when X made this archive", False),
        ("facebook", "follow_request", "sent you a friend request", False),
        ("instagram", "reaction", "❤️", False),
        ("mastodon", "mention", None, False),
    ],
)
def test_only_the_accounts_own_words_feed_the_style_features(
    platform: str, kind: str, text: str | None, kept: bool
) -> None:
    assert own_words(platform, kind, text) is kept


def test_profile_reads_photos_samples_and_order(demo_case: Case) -> None:
    profile = profile_of(demo_case.config())
    assert profile.order_issued is not None and profile.order_issued.isoformat() == "2026-03-02"
    assert profile.restrained.photos and profile.restrained.photos[0][:3] == b"\xff\xd8\xff"
    assert profile.restrained.keywords == ("Janie-bean", "Lake Placid")


def test_train_and_evaluate_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "models" / "matcher.skops"
    args = ["train", "--cases", "20", "--test-cases", "10", "--output", str(output)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "R@P.98" in result.output and "rapidfuzz ratio" in result.output
    card = (output.parent / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "never proof" in card and "horizontal flip" in card and "--cases 20" in card
    assert model.load(output).version == model.VERSION
    monkeypatch.setattr(model, "MODEL_FILE", output)
    result = CliRunner().invoke(cli, ["evaluate", "--cases", "20", "--test-cases", "10"])
    assert result.exit_code == 0, result.output
    assert "MRR persons" in result.output and "avatar robustness" not in result.output
    monkeypatch.setattr(model, "MODEL_FILE", tmp_path / "missing.skops")
    result = CliRunner().invoke(cli, ["evaluate"])
    assert result.exit_code == 1 and "run `nocontact train` first" in result.output
