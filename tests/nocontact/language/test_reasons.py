"""The matcher's reasons read in Spanish where every part is known, and stay English otherwise."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PIL import Image

from matcher import avatars, drawing, explain, rules, synth, variants, vectors
from matcher.types import Candidate, Profile, Subject
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
            "handle rule: 'smithr85' = surname + first initial + birth year, from the restrained"
            " person's name 'Robert Smith'",
            "regla del nombre de usuario: 'smithr85' = apellido + inicial del nombre + año de"
            " nacimiento, a partir del nombre de la persona sujeta a la orden, 'Robert Smith'",
        ),
        (
            "name rule: display name 'Bill Smith' reads as associate Mary Miller's name"
            " 'William Smith' (with the nickname Bill for William)",
            "regla del nombre: el nombre visible 'Bill Smith' se lee como el nombre de la persona"
            " asociada Mary Miller, 'William Smith' (con el hipocorístico Bill de William)",
        ),
        (
            "contact rule: the restrained person's phone number '+1 555 0100' appears in its"
            " messages",
            "regla de contacto: el número de teléfono de la persona sujeta a la orden,"
            " '+1 555 0100', aparece en sus mensajes",
        ),
        (
            "keyword rule: its own words use 'Janie-bean', 'Lake Placid', keywords from the config",
            "regla de palabras clave: sus propias palabras usan 'Janie-bean', 'Lake Placid',"
            " palabras clave de la configuración",
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
        found |= {r.text for f in rules.floors(case.profile, case.candidates) for r in f.reasons}
    found |= _every_floor_reason()
    owners = ("the restrained person's", "associate Mary Miller's")
    found |= {plain.format(owner=owner) for plain in explain.PLAIN.values() for owner in owners}
    grey = np.asarray(drawing.face(3).convert("L"))
    for variant in variants.variants(grey):
        said = f"avatar is 7 bits from reference photo 1 ({variant.label})"
        found.add(f"{said}: 4 differ, 3 added as many crops were tried" if variant.cost else said)
    blank = avatars.describe_image(Image.new("RGB", (64, 64), "white"))
    found.add(f"no photo of anyone: the avatar is {blank.reason}")
    found.add(f"no photo of anyone: the avatar is {avatars.NONE.reason}")
    return found


def _every_floor_reason() -> set[str]:
    """Each floor and each of its wordings, for the restrained person and an associate."""
    restrained = Subject(
        "restrained",
        "restrained",
        names=("Robert James Smith",),
        handles={"x": ("rsmith_real",)},
        birth_year=1985,
        birth_date=date(1985, 3, 12),
        keywords=("Janie-bean", "Lake Placid", "the cabin"),
        emails=("rob@example.com",),
        phones=("+1 555 0100",),
        urls=("https://linktr.ee/robs",),
    )
    associates = (
        Subject("Mary Miller", "associate", names=("Mary Miller",)),
        Subject("José García López", "associate", names=("José García López",)),
    )
    said = {
        "handle": ("smithr85", "5m1thr85", "robertsmiht85", "rsmith1203", "rsmith120385")
        + ("smithr85_backup", "the_real_5m1thr85", "robertsmiht85.new", "its.rob.smith"),
        "user_id": ("+1 555 0100", "rob@example.com"),
        "display_name": ("Rob Smith", "Smith R.", "R. J. Smith", "R. Smith", "Smith Robert"),
        "bio": ("linktr.ee/robs", "@rsmith_real", "Janie-bean", "Janie-bean, Lake Placid"),
        "links": (("https://x.com/rsmith_real",),),
        "texts": (("call +15550100 or rob@example.com",),),
    }
    said["display_name"] += ("Robert James Smith", "Molly Miller", "José García", "Pepe García")
    said["display_name"] += ("Robert J. Smith", "SMITH, Robert J.", "Rob J. Smith | Photos")
    candidates = [
        Candidate(f"{field}{i}", "x", **{"handle": "bob_jones", field: value})
        for field, values in said.items()
        for i, value in enumerate(values)
    ]
    candidates.append(Candidate("t", "x", handle="rsmith85", texts=("the cabin",)))
    candidates.append(Candidate("p", "x", texts=("text 555-0100 at the cabin",)))
    candidates.append(Candidate("j", "x", display_name="Rob Jones", texts=("the cabin",)))
    found = rules.floors(Profile(restrained, associates), candidates)
    return {r.text for f in found for r in f.reasons}


def test_every_reason_the_matcher_writes_has_a_spanish_reading() -> None:
    written = _every_reason()
    assert len(written) > 300 and any("≈" in s for s in written)
    assert sorted(s for s in written if translate(s, "es") is None) == []
