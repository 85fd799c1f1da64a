"""The matcher's reasons read in Spanish where every part is known, and stay English otherwise."""

from __future__ import annotations

import pytest
from PIL import Image

from matcher import avatars, drawing, explain, synth, vectors
from nocontact.language.reasons import reasons, translate


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        (
            "display name 'Bobby Miller' ≈ 'Robert James Miller': Bobby is a nickname of Robert",
            "el nombre visible 'Bobby Miller' ≈ 'Robert James Miller': Bobby es un hipocorístico"
            " de Robert",
        ),
        (
            "handle 'r0b_m1ll3r' ≈ listed handle 'rob.miller82' after leetspeak and ignoring"
            " digits: both read 'robmiller' ignoring separators",
            "el nombre de usuario 'r0b_m1ll3r' ≈ el nombre de usuario registrado 'rob.miller82'"
            " tras leer los números como letras (leetspeak) y ignorar los dígitos: ambos se leen"
            " 'robmiller' sin separadores",
        ),
        (
            "avatar is 6 bits from reference photo 1 (mirrored, cropped to 80% off centre)",
            "la foto de perfil está a 6 bits de la foto de referencia 1 (en espejo, recortada al"
            " 80%, descentrada)",
        ),
        (
            "wording resembles associate Mary Miller's writing (similarity 0.41 of 1)",
            "la redacción se parece a la forma de escribir de la persona asociada Mary Miller"
            " (similitud 0.41 de 1)",
        ),
        (
            "first contact less than a day after the known account instagram:rob.m was blocked"
            " or fell silent",
            "primer contacto menos de un día después de que la cuenta conocida instagram:rob.m"
            " fuera bloqueada o dejara de usarse",
        ),
        (
            "looks like a throwaway account: no display name, no avatar, 3 followers",
            "parece una cuenta desechable: sin nombre visible, sin foto de perfil, 3 seguidores",
        ),
    ],
)
def test_reasons_read_in_spanish_with_the_record_data_kept(english: str, spanish: str) -> None:
    assert translate(english, "es") == spanish
    assert translate(english, "en") == english


def test_a_sentence_with_any_unknown_part_stays_as_the_matcher_wrote_it() -> None:
    unknown_note = "display name 'Bob M' ≈ 'Robert Miller': Bob sounds like Robert"
    said = ["uses 'Janie-bean' from the config", unknown_note, "a brand new sentence"]
    assert reasons(said, "es") == ["usa 'Janie-bean', de la configuración", *said[1:]]


def test_names_in_the_data_are_never_translated() -> None:
    # a display name that reads like a catalogue phrase is data, not a phrase
    english = "display name 'no avatar' ≈ 'No Avatar Smith': only the first name matches"
    assert translate(english, "es") == (
        "el nombre visible 'no avatar' ≈ 'No Avatar Smith': solo coincide el nombre de pila"
    )


def _every_reason() -> set[str]:
    """Every sentence the matcher writes for synthetic cases, rule and model fallbacks too."""
    found: set[str] = set()
    for case in synth.cases("test", 8):
        for subject in case.profile.subjects:
            comparison = vectors.compare(case.profile, subject, case.candidates)
            found |= {r.text for rule in comparison.rules if rule for r in rule.reasons}
            found |= {r.text for rs in comparison.reasons for r in rs}
    owners = ("the restrained person's", "associate Mary Miller's")
    found |= {plain.format(owner=owner) for plain in explain.PLAIN.values() for owner in owners}
    photo = drawing.face(3)
    labels = [how for how, _ in avatars.variants(photo)]
    found |= {f"avatar is 3 bits from reference photo 1 ({how})" for how in labels}
    blank = avatars.describe_image(Image.new("RGB", (64, 64), "white"))
    found.add(f"no photo of anyone: the avatar is {blank.reason}")
    found.add(f"no photo of anyone: the avatar is {avatars.NONE.reason}")
    return found


def test_every_reason_the_matcher_writes_has_a_spanish_reading() -> None:
    written = _every_reason()
    assert len(written) > 300 and any("≈" in s for s in written)
    assert sorted(s for s in written if translate(s, "es") is None) == []
