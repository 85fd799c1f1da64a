"""Evidence floors through the real pipeline: archives in the platforms' layouts, imported and
matched into a real case, for the failures seen on independently written cases (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.intake.archives import import_archive
from nocontact.language.reasons import translate
from nocontact.match.scoring import run_match
from tests.nocontact.match import archives

BASE_KEYWORDS = 'keywords = ["Janie-bean", "Lake Placid"]'
BASE = """
[order]
issued = 2026-03-02

[[protected.accounts]]
platform = "instagram"
handle = "jane.doe"

[restrained]
names = [{names}]
birth_year = 1985
birth_date = 1985-03-12
keywords = ["Janie-bean", "Lake Placid"]
phones = ["+1 212 555 0147"]
emails = ["r.heaffy@example.net"]

[[associates]]
name = "Mary Walsh"
relation = "sister"
"""


def _case(tmp_path: Path, *names: str, changed: tuple[str, str] = ("", "")) -> Case:
    """A case for these restrained person's names; `changed` replaces a line of `BASE`."""
    root = tmp_path / "case"
    root.mkdir()
    config = BASE.replace("{names}", ", ".join(json.dumps(n) for n in names))
    (root / "config.toml").write_text(config.replace(*changed), encoding="utf-8")
    return Case(root)


def _hits(case: Case, *archives_: Path) -> dict[str, dict[str, object]]:
    """Import, match, then read the hits as scripts do (`hits --format json`)."""
    for archive in archives_:
        import_archive(case, archive)
    run_match(case)
    result = CliRunner().invoke(cli, ["--case", str(case.root), "hits", "--format", "json"])
    assert result.exit_code == 0, result.output
    return {h["handle"] or h["display_name"] or h["user_id"]: h for h in json.loads(result.output)}


def test_an_associate_writing_under_exactly_their_name_is_a_third_party_hit(
    tmp_path: Path,
) -> None:
    case = _case(tmp_path, "Michael John Heaffy")
    archive = archives.instagram(
        tmp_path,
        {
            "Mary Walsh": ["Rob wants you to know he is sorry"],
            "Mary Jenkins": ["are you coming to yoga?"],  # same first name only
            "Tom Walsh": ["hi, we met at the conference"],  # same surname only
        },
    )
    hits = _hits(case, archive)
    assert hits["Mary Walsh"]["kind"] == "third_party"
    assert hits["Mary Walsh"]["score"] >= 0.5
    assert (
        "name rule: display name 'Mary Walsh' reads as associate Mary Walsh's name"
        in (hits["Mary Walsh"]["reasons"][0])
    )
    assert "Mary Jenkins" not in hits and "Tom Walsh" not in hits


def test_an_associate_passing_on_a_message_from_the_restrained_person_is_a_decisive_relay(
    tmp_path: Path,
) -> None:
    case = _case(tmp_path, "Michael John Heaffy")
    archive = archives.instagram(
        tmp_path,
        {
            "Mary Walsh": ["Michael asked me to tell you he is sorry"],
            "Tom Jenkins": ["did Michael call you back about the flat?"],  # names him, no associate
        },
    )
    hits = _hits(case, archive)
    relay = hits["Mary Walsh"]
    assert relay["kind"] == "third_party" and relay["score"] >= 0.96
    assert relay["reasons"][0] == (
        "relay rule: an account under associate Mary Walsh's name speaks of the restrained"
        " person ('Michael') in its own words"
    )
    assert translate(relay["reasons"][0], "es").startswith("regla de intermediario:")
    assert "Tom Jenkins" not in hits


def test_a_stranger_naming_the_restrained_person_in_full_is_a_third_party_lead(
    tmp_path: Path,
) -> None:
    """Contact 'through third parties' comes from anyone: an account under no listed name
    that names the restrained person in full in its words, or passes on contact for their
    given name or its nickname ('Michael asked me to', 'de parte de Mikey'), is a lead."""
    case = _case(tmp_path, "Michael John Heaffy")
    archive = archives.facebook(
        tmp_path,
        {
            "Dana Cole": ["Michael Heaffy asked me to write to you. He is sorry"],
            "Rosa Vidal": ["mikey heaffy wants his things back"],
            "Ivy Chen": ["Michael asked me to say hi"],  # a given name, passing on contact
            "Ana Ruiz": ["te escribo de parte de Mikey"],
            "Sam Ortiz": ["is that Heaffy's car outside?"],
            "Lena Ortiz": ["Michael and I are coming on Friday"],  # a given name alone
        },
    )
    hits = _hits(case, archive)
    for sender, said in (("Ivy Chen", "michael asked me to"), ("Ana Ruiz", "de parte de mikey")):
        assert hits[sender]["kind"] == "third_party" and hits[sender]["score"] < 0.96
        assert f"restrained person's given name ('{said}')" in hits[sender]["reasons"][0]
    assert translate(hits["Ivy Chen"]["reasons"][0], "es").startswith(
        "regla de intermediario: sus propias palabras transmiten un contacto de alguien con el"
    )
    lead = hits["Dana Cole"]
    assert lead["kind"] == "third_party" and 0.5 <= lead["score"] < 0.96
    assert lead["reasons"][0] == (
        "relay rule: its own words name the restrained person ('Michael John Heaffy', without"
        " the middle name); it may pass on contact for them"
    )
    assert translate(lead["reasons"][0], "es").startswith("regla de intermediario:")
    assert "with the nickname Mi" in hits["Rosa Vidal"]["reasons"][0]  # Mikey, or Mickey
    assert not {"Lena Ortiz", "Sam Ortiz"} & set(hits)


def test_a_dm_using_both_keywords_from_an_unrelated_name_is_a_hit(tmp_path: Path) -> None:
    case = _case(tmp_path, "Michael John Heaffy")
    archive = archives.facebook(
        tmp_path,
        {
            "Oliver Grant": ["hey janie bean", "remember Lake Placid? we were happy there"],
            "Nina Park": ["going to the lake this weekend, placid water all day"],
            "Ruth Amsel": ["anyone been to Lake Placid lately?"],  # a place others name too
            "Tess Moran": ["j a n i e - b e a n!! lake placiddd"],  # letters set apart, drawn out
        },
    )
    hits = _hits(case, archive)
    assert hits["Tess Moran"]["score"] >= 0.96
    assert hits["Oliver Grant"]["score"] >= 0.96  # two keywords, one of them private
    assert hits["Oliver Grant"]["kind"] == "alias"
    assert hits["Oliver Grant"]["reasons"][0] == (
        "keyword rule: its own words use 'Janie-bean', 'Lake Placid', keywords from the config"
    )
    assert "Nina Park" not in hits and "Ruth Amsel" not in hits


def test_a_display_name_written_as_a_handle_follows_the_handle_patterns(tmp_path: Path) -> None:
    """A one-word display name dressed as gamers do ('xX_mikeheaffy_Xx') is read as a handle."""
    case = _case(tmp_path, "Michael John Heaffy")
    written = {"xX_mikeheaffy_Xx": ["hey"], "xX_heaffyfan_Xx": ["hey"], "xX_mheaffy_Xx": ["yo"]}
    hits = _hits(case, archives.facebook(tmp_path, written))
    assert hits["xX_mikeheaffy_Xx"]["reasons"][0].startswith(
        "handle rule: 'xX_mikeheaffy_Xx' read as 'mikeheaffy' = nickname + surname"
    )
    assert not {"xX_heaffyfan_Xx", "xX_mheaffy_Xx"} & set(hits)  # no name; an initial only


def test_a_common_place_asked_back_is_a_hit_and_a_pet_name_said_alone_is_not(
    tmp_path: Path,
) -> None:
    """A place that is a common word too ('Zakopane'), asked back ('pamiętasz Zakopane?',
    'weißt du noch, Zakopane?'), is a second sign; the place visited, or a pet name others use
    too said to the reader ('buonanotte Patatina': friends say it as well), is not."""
    keywords = 'keywords = ["Patatina", "Zakopane", "Honey"]'
    case = _case(tmp_path, "Michael John Heaffy", changed=(BASE_KEYWORDS, keywords))
    signed = {
        "Ruth Amsel": ["pamiętasz Zakopane? byłem tam dzisiaj"],
        "Eva Lind": ["weißt du noch, Zakopane?"],
    }
    alone = {
        "Ana Ruiz": ["buonanotte Patatina"],
        "Lena Ortiz": ["ho visto Patatina al parco, che gatta!"],
        "Tom Berg": ["jadę do Zakopane jutro"],
        "Ida Moser": ["good night Honey"],
        "Nick Pappas": ["Zakopane było super, pamiętasz?"],
    }
    hits = _hits(case, archives.facebook(tmp_path, signed | alone))
    for sender in signed:
        assert hits[sender]["kind"] == "alias" and hits[sender]["score"] >= 0.5, sender
    assert hits["Eva Lind"]["reasons"][0].endswith("a shared past ('weisst du noch')")
    assert translate(hits["Ruth Amsel"]["reasons"][0], "es").endswith(
        "sus palabras hablan de él como de un pasado compartido ('pamietasz')"
    )
    assert not set(alone) & set(hits)


def test_one_word_no_list_knows_may_be_a_place_and_one_shared_name_is_no_second_sign(
    tmp_path: Path,
) -> None:
    """'Hollókő' or 'Baobei' is unknown to the word lists, like a coined pet name, but it is a
    village and a common Chinese endearment: friends write them too, so alone they are no
    hit; asked back, it is. A given name shared with the restrained person is no second sign
    ('Michael Okafor'); a surname with the initial of the given name is ('Heaffy M.')."""
    keywords = 'keywords = ["Hollókő", "Baobei", "Janie-bean"]'
    case = _case(tmp_path, "Michael John Heaffy", changed=(BASE_KEYWORDS, keywords))
    signed = {
        "Ana Ruiz": ["emlékszel Hollókő? remember Hollókő?"],
        "Heaffy M.": ["jövőre Hollókő?"],
        "Omar Haddad": ["miss you janie-bean"],  # a coined word made of parts: decisive
    }
    alone = {
        "Nagy Margit": ["jövőre Hollókő?"],
        "Guo Jiahui": ["miss you Baobei!"],  # longing beside one word: friends say it too
        "Michael Okafor": ["most jöttem vissza Hollókő környékéről"],
    }
    hits = _hits(case, archives.facebook(tmp_path, signed | alone))
    for sender in signed:
        assert hits[sender]["kind"] == "alias" and hits[sender]["score"] >= 0.5, sender
    assert not set(alone) & set(hits)


def test_a_place_keyword_spoken_of_as_a_shared_past_is_a_hit(tmp_path: Path) -> None:
    """A place others name too needs a second sign: from a stranger, 'remember Lake Placid?'
    or 'Lake Placid was ours' is one; news of the place, or a reminder, is not."""
    case = _case(tmp_path, "Michael John Heaffy")
    archive = archives.facebook(
        tmp_path,
        {
            "Ana Ruiz": ["remember Lake Placid? we were happy there"],
            "Omar Haddad": ["Lake Placid was ours. I still think about it"],
            "Pia Conte": ["I miss Lake Placid so much"],  # longing, beside a place of two words
            "Ruth Amsel": ["anyone been to Lake Placid lately?"],
            "Lena Ortiz": ["remember to book Lake Placid for the club trip"],
            "Tom Berg": ["miss you guys! see you at Lake Placid"],
        },
    )
    hits = _hits(case, archive)
    for sender, cue in (("Ana Ruiz", "remember"), ("Omar Haddad", "ours"), ("Pia Conte", "miss")):
        assert hits[sender]["kind"] == "alias"
        assert hits[sender]["reasons"][0].endswith(
            f"and its words speak of it as a shared past ('{cue}')"
        )
    assert translate(hits["Ana Ruiz"]["reasons"][0], "es").endswith(
        "sus palabras hablan de él como de un pasado compartido ('remember')"
    )
    assert not {"Ruth Amsel", "Lena Ortiz", "Tom Berg"} & set(hits)


def test_keywords_in_other_languages_need_and_find_their_second_sign(tmp_path: Path) -> None:
    """A pet name or a place in its own language ('Зайка', 'Tatlım', 'Königssee') is a word
    others write too, not a coined one: alone it is no hit; with words that say the writer
    is someone known ('это я', 'ich bin's'), plead to be answered ('rispondimi') or speak of a
    shared past in Italian, it is."""
    keywords = (
        'keywords = ["Зайка", "Tatlım", "Königssee", "Schnucki", "Lago di Braies", "Tesoro",'
        ' "Zagori"]'
    )
    case = _case(tmp_path, "Michael John Heaffy", changed=(BASE_KEYWORDS, keywords))
    signed = {
        "Ana Ruiz": ["Зайка, это я", "Зайка"],
        "Omar Haddad": ["Schnucki, ich bin's. Bitte antworte"],
        "Ruth Amsel": ["ti ricordi Lago di Braies? ci sono passato oggi"],
        "Pia Conte": ["buonanotte Tesoro", "ti prego rispondimi"],  # pleading to be answered
        "Eva Lind": ["remember Zagori? I drove past it today"],
    }
    alone = {
        "Lena Ortiz": ["Зайка моя, с днём рождения"],
        "Tom Berg": ["Tatlım, nasılsın?"],
        "Ida Moser": ["we're going to Königssee this weekend"],
        "Gino Rossi": ["il mio tesoro è mia figlia, la adoro"],
        "Nick Pappas": ["any restaurant tips for Zagori?"],  # a word no list knows, as a place
    }
    hits = _hits(case, archives.facebook(tmp_path, signed | alone))
    for sender in signed:
        assert hits[sender]["kind"] == "alias" and hits[sender]["score"] >= 0.5, sender
    said = "its words say the writer is someone the reader knows ('ich bin s')"
    assert hits["Omar Haddad"]["reasons"][0].endswith(said)
    assert translate(hits["Omar Haddad"]["reasons"][0], "es").endswith(
        "quien escribe es alguien a quien se conoce ('ich bin s')"
    )
    assert not set(alone) & set(hits)


def test_an_x_dm_carrying_the_configured_phone_or_email_is_a_hit(tmp_path: Path) -> None:
    """Written out or spelt out to dodge filters ('at', '[dot]'), the address is decisive."""
    case = _case(tmp_path, "Michael John Heaffy")
    archive = archives.x(
        tmp_path,
        {
            "1600000000000000001": ["new number, call me (212) 555-0147 please"],
            "1600000000000000002": ["or write to R.Heaffy@example.net."],
            "1600000000000000003": ["my number is 212 555 0199, call me about the flat"],
            "1600000000000000004": ["write me: r.heaffy at example dot net"],
            "1600000000000000005": ["R.Heaffy [at] example [dot] net, please"],
            "1600000000000000006": ["mine is r(at)heaffy(dot)net, see you at example"],
        },
    )
    hits = _hits(case, archive)
    phone, mail = hits["1600000000000000001"], hits["1600000000000000002"]
    assert phone["kind"] == mail["kind"] == "alias"
    assert phone["reasons"][0] == (
        "contact rule: the restrained person's phone number '+1 212 555 0147' appears in its"
        " messages"
    )
    for sender in ("1600000000000000002", "1600000000000000004", "1600000000000000005"):
        assert hits[sender]["score"] >= 0.96
        assert "e-mail address 'r.heaffy@example.net'" in hits[sender]["reasons"][0]
    assert not {"1600000000000000003", "1600000000000000006"} & set(hits)


def test_a_phone_number_written_in_words_is_the_configured_one(tmp_path: Path) -> None:
    """Digits spelt out in English, Spanish, German or Polish, alone or mixed with figures, to get
    past a filter."""
    case = _case(tmp_path, "Michael John Heaffy")
    archive = archives.x(
        tmp_path,
        {
            "1600000000000000021": ["new number: two one two, five five five, zero one four seven"],
            "1600000000000000022": ["llámame: dos uno dos cinco cinco cinco cero uno cuatro siete"],
            "1600000000000000023": ["212 double five 5 oh one four seven"],
            "1600000000000000026": [
                "ruf mich an: zwei eins zwei fünf fünf fünf null eins vier sieben"
            ],
            "1600000000000000027": [
                "nowy numer: dwa jeden dwa pięć pięć pięć zero jeden cztery siedem"
            ],
            "1600000000000000024": ["one two three four five six seven, count with me"],
            "1600000000000000025": ["two one two five five five zero one four eight"],
        },
    )
    hits = _hits(case, archive)
    spelt = ("21", "22", "23", "26", "27")
    for sender in (f"16000000000000000{n}" for n in spelt):
        assert hits[sender]["score"] >= 0.96, sender
        assert "phone number '+1 212 555 0147'" in hits[sender]["reasons"][0]
    assert not {"1600000000000000024", "1600000000000000025"} & set(hits)


def test_an_address_reaching_the_same_gmail_mailbox_is_the_configured_one(tmp_path: Path) -> None:
    """Gmail ignores dots and '+tags' in an address: each way of writing it reaches the same
    person, so each is decisive; another mailbox is not."""
    gmail = ("r.heaffy@example.net", "m.heaffy85@gmail.com")
    case = _case(tmp_path, "Michael John Heaffy", changed=gmail)
    archive = archives.x(
        tmp_path,
        {
            "1600000000000000011": ["write to mheaffy85@gmail.com instead"],
            "1600000000000000012": ["M.Heaffy85+flat@googlemail.com, it's me"],
            "1600000000000000013": ["m.heaffy86@gmail.com is my cousin's"],
            "1600000000000000014": ["try mheaffy85@example.net"],
        },
    )
    hits = _hits(case, archive)
    for sender in ("1600000000000000011", "1600000000000000012"):
        assert hits[sender]["score"] >= 0.96
        assert "e-mail address 'm.heaffy85@gmail.com'" in hits[sender]["reasons"][0]
    assert not {"1600000000000000013", "1600000000000000014"} & set(hits)


def test_a_number_or_address_in_disguise_is_the_configured_one(tmp_path: Path) -> None:
    """Keycap emoji, bold or Arabic-Indic digits, letters for digits, a webmail address without
    its ending or with a Cyrillic letter, spaced out letter by letter: each is the configured
    detail once the disguise is off; a number one digit off is not."""
    gmail = ("r.heaffy@example.net", "m.heaffy85@gmail.com")
    case = _case(tmp_path, "Michael John Heaffy", changed=gmail)
    disguised = {
        "1600000000000000031": "2️⃣1️⃣2️⃣ 5️⃣5️⃣5️⃣ 0️⃣1️⃣4️⃣7️⃣ text me",
        "1600000000000000032": "𝟐𝟏𝟐 𝟓𝟓𝟓 𝟎𝟏𝟒𝟕",
        "1600000000000000033": "٢١٢٥٥٥٠١٤٧",
        "1600000000000000034": "new # 2I2-555-O147",
        "1600000000000000035": "212*555*0147",
        "1600000000000000036": "mheaffy85 at gmail, you know the rest",
        "1600000000000000037": "m.heaffy85@gmаil.com",
        "1600000000000000038": "m . h e a f f y 8 5 @ g m a i l . c o m",
    }
    others = {
        "1600000000000000039": "2I2-555-O148 is the shop",
        "1600000000000000040": "mheaffy85 at example, or hotmail",
    }
    archive = archives.x(tmp_path, {k: [v] for k, v in (disguised | others).items()})
    hits = _hits(case, archive)
    for sender in disguised:
        assert hits[sender]["score"] >= 0.96, sender
        assert "'+1 212 555 0147'" in hits[sender]["reasons"][0] or (
            "'m.heaffy85@gmail.com'" in hits[sender]["reasons"][0]
        )
    assert not set(others) & set(hits)


def test_handles_built_from_the_name_and_birth_year_are_hits(tmp_path: Path) -> None:
    case = _case(tmp_path, "Richard Smith")
    ig = archives.instagram(
        tmp_path,
        followers=["smithr85", "smithj85", "smith.r.84", "rsmith", "smith.1985", "smith84"],
    )
    tt = archives.tiktok(
        tmp_path,
        {"rsmith1985": ["hi"], "smith.r.85": ["it's me"]},
        followers=["r.smithson85", "richard_s1203"],
    )
    hits = _hits(case, ig, tt)
    for handle in ("smithr85", "rsmith1985", "smith.r.85", "richard_s1203", "smith.1985"):
        assert hits[handle]["kind"] == "alias"
        assert hits[handle]["score"] >= 0.5
    assert hits["smithr85"]["reasons"][0] == (
        "handle rule: 'smithr85' = surname + first initial + birth year, from the restrained"
        " person's name 'Richard Smith'"
    )
    assert "day and month of birth" in hits["richard_s1203"]["reasons"][0]
    assert "'smith.1985' = surname + birth year" in hits["smith.1985"]["reasons"][0]
    assert not {"smithj85", "smith.r.84", "rsmith", "r.smithson85", "smith85"} & set(hits)


def test_a_date_in_the_birth_year_or_the_surname_with_the_birthday_are_hits(
    tmp_path: Path,
) -> None:
    """Only the birth year known: 'rsmith031485' (March 14, 1985) carries a date in it. The
    birth date known: 'smith.1203' is the surname with the day and month of birth."""
    (tmp_path / "y").mkdir(), (tmp_path / "d").mkdir()
    undated = _case(tmp_path / "y", "Richard Smith", changed=("birth_date = 1985-03-12\n", ""))
    ig = archives.instagram(tmp_path / "y", followers=["rsmith031485", "rsmith031484", "rsmith"])
    hits = _hits(undated, ig)
    assert (
        "'rsmith031485' = first initial + surname + a date in the birth year"
        in (hits["rsmith031485"]["reasons"][0])
    )
    assert not {"rsmith031484", "rsmith"} & set(hits)
    dated = _case(tmp_path / "d", "Richard Smith")
    tt = archives.tiktok(tmp_path / "d", {}, followers=["smith.1203", "smith.1204", "rsmith031485"])
    hits = _hits(dated, tt)
    assert "'smith.1203' = surname + day and month of birth" in hits["smith.1203"]["reasons"][0]
    assert not {"smith.1204", "rsmith031485"} & set(hits)  # another day, another date


def test_leetspeak_mixing_ones_for_i_and_l_is_read(tmp_path: Path) -> None:
    """A '1' stands for i and for l in one handle: 'w1111am' and 'wi11i4m' need both readings
    at once; the same given name with another surname is no hit."""
    case = _case(tmp_path, "William Richard Baker")
    archive = archives.instagram(
        tmp_path, followers=["w1111am_b4k3r", "wi11i4m.b4k3r", "w1111am_b4rn3s"]
    )
    hits = _hits(case, archive)
    for handle in ("w1111am_b4k3r", "wi11i4m.b4k3r"):
        assert hits[handle]["kind"] == "alias" and hits[handle]["score"] >= 0.5, handle
    assert "w1111am_b4rn3s" not in hits


def test_umlauts_written_out_are_the_configured_name(tmp_path: Path) -> None:
    """German speakers write 'ä' as 'ae' where a username or keyboard has none: 'Schaefer'
    is Schäfer, in handles and display names; the reason quotes the name as configured."""
    case = _case(tmp_path, "Elisabeth Schäfer")
    archive = archives.instagram(
        tmp_path, {"Lisa Schaefer": ["hallo"]}, followers=["schaefer_liesl1985", "schaefer_anna"]
    )
    hits = _hits(case, archive)
    for written in ("Lisa Schaefer", "schaefer_liesl1985"):
        assert hits[written]["kind"] == "alias", written
        assert "name 'Elisabeth Schäfer'" in hits[written]["reasons"][0]
    assert "schaefer_anna" not in hits


def test_a_listed_handle_on_another_platform_or_dressed_up_is_a_hit(tmp_path: Path) -> None:
    """People keep their handle across platforms and dress it up for a second account; one
    made of no name needs its own rule. Another number is another handle."""
    listed = ("birth_year = 1985", 'birth_year = 1985\nhandles = { instagram = ["darkwolf77"] }')
    case = _case(tmp_path, "Michael John Heaffy", changed=listed)
    seen = ["darkwolf77", "the_darkwolf77", "dark.wolf.77", "darkwolf77_2"]
    hits = _hits(case, archives.tiktok(tmp_path, {}, followers=[*seen, "darkwolf78", "greywolf77"]))
    for handle in seen:
        assert hits[handle]["kind"] == "alias" and hits[handle]["score"] >= 0.5, handle
    assert hits["darkwolf77"]["reasons"][0] == (
        "handle rule: 'darkwolf77' is the restrained person's instagram handle 'darkwolf77',"
        " here on tiktok"
    )
    assert hits["darkwolf77"]["score"] > hits["the_darkwolf77"]["score"]
    assert translate(hits["dark.wolf.77"]["reasons"][0], "es").startswith(
        "regla del nombre de usuario: 'dark.wolf.77' se lee como"
    )
    assert not {"darkwolf78", "greywolf77"} & set(hits)


def test_a_second_account_decorating_the_name_in_its_handle_is_a_hit(tmp_path: Path) -> None:
    case = _case(tmp_path, "Richard Smith")
    decorated = ["the_real_richard_smith", "richardsmith.backup", "its.rick.smith", "xrickysmithx"]
    decorated.append("x_rsmith_x")
    strangers = ["the_real_richard", "smith.official", "theodore.smith", "imogen_smith"]
    strangers.append("xsmithx")
    hits = _hits(case, archives.instagram(tmp_path, followers=decorated + strangers))
    for handle in decorated[:4]:
        assert hits[handle]["kind"] == "alias"
        rules = (f"name rule: handle '{handle}' reads as", f"handle rule: '{handle}'")
        assert hits[handle]["reasons"][0].startswith(rules)
    said = hits["the_real_richard_smith"]["reasons"][0]
    assert said.startswith("handle rule: 'the_real_richard_smith' read as 'richard_smith' =")
    # an initial and the surname count in display names only, decorated or not
    assert not {"x_rsmith_x", *strangers} & set(hits)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("William Smith", "Bill Smith"),
        ("William Smith", "Will Smith"),
        ("Richard Doyle", "Rick Doyle"),
        ("Michael Heaffy", "Mikey Heaffy"),
        ("Daniel Novak", "Danny Novak"),
        ("Michael John Heaffy", "Michael Heaffy"),
        ("Michael John Heaffy", "Heaffy M."),
        ("José García López", "Pepe García"),
        ("José Luis García López", "García López, José Luis"),
        ("Michael John Heaffy", "Michael J. Heaffy"),
        ("Michael John Heaffy", "Mike J. Heaffy"),
        ("Michael John Heaffy", "HEAFFY, Michael J."),
        ("Michael Heaffy", "Michael 'Mikey' Heaffy"),
        ("Michael Heaffy", "Michael (Mike) Heaffy"),
        ("Michael Heaffy", "Dr. Michael Heaffy"),
        ("Michael Heaffy", "Mike Heaffy | Photography"),
        ("Michael Heaffy", "Michael Heaffy (backup)"),
        ("Svenja Leonie Kranz", "Svenja Kranz"),  # a middle name no nickname list holds
        ("Nicolas Thibaut Bodin", "N. Bodin"),
        ("Michael John Heaffy", "MJ Heaffy"),  # the initials written together
        ("Michael John Heaffy", "M. John Heaffy"),
        ("Francisco Valentín Julián Almazán", "Pancho Julián Almazán"),  # one of two dropped
        ("Daniel Smith", "Ντάνιελ Σμιθ"),  # in Greek letters, ντ for a foreign d
        ("Michael Heaffy", "Heaffy, Mike"),  # surname first, with the nickname
        ("Michael Heaffy", "michael heaffy (the real one)"),
        ("Michael Heaffy", "M.i.c.h.a.e.l H.e.a.f.f.y"),  # letters set apart
        ("Michael Heaffy", "M i k e H e a f f y"),
        ("Michael Heaffy", "🅜🅘🅚🅔 🅗🅔🅐🅕🅕🅨"),  # letters in black circles
        ("Konstantinos Oikonomou", "•°Kostas Oikonomou°•"),  # Greek diminutive, signs around
        ("Mehmet Hüseyin Aydın", "Memo Aydın 💔"),  # Turkish diminutive
        ("Yelena Sergeyevna Volkova", "Lena Volkova"),  # Russian diminutive
        ("Aleksey Nikolayevich Popov", "Alexey Popow"),  # another Latin spelling
        ("Michael Heaffy", "the real Mike Heaffy"),  # words the name says of itself
        ("Michael Heaffy", "mike heaffy's alt"),
        ("Michael Heaffy", "Michael Heaffy 2nd acct"),
        ("Friedrich Hoffmann", "★彡 Fritz Hoffmann 彡★"),  # a lone Chinese sign as decoration
        ("Francesco Greco", "ꜰʀᴀɴᴄᴏ ɢʀᴇᴄᴏ"),  # small capitals
        ("Marcelo Ribeiro Silva", "Μαρκελο Σιλβα"),  # Greek letters, β for v, by sound
        ("Hoàng Hữu Dũng", "Ντουνγκ Χοανγκ"),  # ου for u, γκ for g; given name first
        ("Trần Văn Quang", "Trần Quang"),  # 'Văn' is a middle name, not the Dutch 'van'
        ("Diarmuid McCarthy", "Diarmuid MacCarthy"),  # Mc written as Mac
        ("Eoghan O'Neill", "Eoghan O Neill"),
        ("Katarina Hjørnevik", "Katarina Hjoernevik"),  # ø written out
        ("Christophe Le Gall", "Chris Le Gall"),  # French diminutive
        ("Mohammed Ben Youssef", "Mo Ben Youssef"),
    ],
)
def test_names_as_people_write_them_are_hits_and_look_alikes_are_not(
    tmp_path: Path, name: str, written: str
) -> None:
    case = _case(tmp_path, name)
    first, last = name.split()[0], name.split()[-1]
    look_alikes = {f"{first} Okafor": ["hello!"], f"Sarah {last}": ["hi, cousin?"]}
    archive = archives.instagram(tmp_path, {written: ["please talk to me"], **look_alikes})
    hits = _hits(case, archive)
    assert hits[written]["kind"] == "alias"
    assert hits[written]["score"] >= 0.5
    assert hits[written]["reasons"][0].startswith(f"name rule: display name '{written}' reads as")
    assert not set(look_alikes) & set(hits)


def test_a_name_written_backwards_is_a_hit_and_says_so_in_both_languages(tmp_path: Path) -> None:
    """'Yffaeh Leahcim' and 'yffaeh.ekim' hide the name from a search, not from a reader; a
    name that only shares letters with it backwards is not it."""
    case = _case(tmp_path, "Michael John Heaffy")
    archive = archives.instagram(
        tmp_path,
        {"Yffaeh Leahcim": ["hi"], "Nora Yffaeh": ["hi"]},
        followers=["yffaeh.ekim", "leahcim.smith"],
    )
    hits = _hits(case, archive)
    for written, field in (("Yffaeh Leahcim", "display name"), ("yffaeh.ekim", "handle")):
        assert hits[written]["kind"] == "alias" and hits[written]["score"] >= 0.5
        said = f"{field} '{written}', read backwards, is the restrained person's name"
        assert any(said in r for r in hits[written]["reasons"]), hits[written]["reasons"]
        assert all(translate(r, "es") is not None for r in hits[written]["reasons"])
    assert any("'yffaeh.ekim' read as 'mike.heaffy'" in r for r in hits["yffaeh.ekim"]["reasons"])
    assert not {"leahcim.smith", "Nora Yffaeh"} & set(hits)


def test_a_name_one_letter_off_is_a_hit_unless_the_slip_is_a_name_of_its_own(
    tmp_path: Path,
) -> None:
    """'Michael Heafy' and 'heafy_michael' keep the name close enough for friends to find;
    'Michael Heaney', 'Micheal' and 'Michel Heaffy' are other people's real names, and a slip
    in both words is no longer the name."""
    case = _case(tmp_path, "Michael John Heaffy")
    slipped = {"Michael Heafy": "heafy", "Mcihael Heaffy": "mcihael", "heafy_michael": "heafy"}
    others = ["Michael Heaney", "Michel Heaffy", "Micheal Heaffy", "Mcihael Heafy"]
    archive = archives.instagram(
        tmp_path, dict.fromkeys([*list(slipped)[:2], *others], ["hi"]), followers=["heafy_michael"]
    )
    hits = _hits(case, archive)
    for written, word in slipped.items():
        (reason,) = [r for r in hits[written]["reasons"] if r.startswith("name rule:")]
        assert f"one letter off ('{word}' for" in reason
        assert translate(reason, "es") is not None
        assert hits[written]["kind"] == "alias" and hits[written]["score"] >= 0.5
    assert not set(others) & set(hits)


def test_a_full_name_hit_ranks_between_a_chosen_variant_and_initials_and_reads_in_spanish(
    tmp_path: Path,
) -> None:
    """A namesake writes the full name as their own; reversing it is somebody's choice, and
    initials are shared by many more people: the floors rank the three in that order."""
    case = _case(tmp_path, "Michael John Heaffy")
    written = ("Heaffy Michael", "Michael John Heaffy", "M. Heaffy")
    archive = archives.instagram(tmp_path, dict.fromkeys(written, ["hi"]))
    hits = _hits(case, archive)
    reversed_, full, initial = (hits[name]["score"] for name in written)
    assert reversed_ > full > initial >= 0.5
    with case.store() as store:
        (reasons,) = store.db.execute(
            "SELECT reasons FROM hits JOIN accounts ON accounts.id = hits.account_id"
            " WHERE display_name = 'Michael John Heaffy'"
        ).fetchone()
    assert translate(json.loads(reasons)[0], "es").startswith("regla del nombre:")


def test_surname_and_initial_of_a_spanish_double_surname_read_at_the_first_surname(
    tmp_path: Path,
) -> None:
    """People go by their first surname: 'Millán J.' is read as Joel Millán Almeida's
    surname and initial, not as a lone initial with nothing else of the name."""
    case = _case(tmp_path, "Joel Millán Almeida")
    archive = archives.instagram(tmp_path, {"Millán J.": ["hola, soy yo"]})
    hit = _hits(case, archive)["Millán J."]
    assert hit["kind"] == "alias"
    assert hit["reasons"][1].endswith("J is the initial of Joel; surname first")


def test_a_middle_name_no_nickname_list_holds_still_gives_the_initials_handle(
    tmp_path: Path,
) -> None:
    """'Todd' is in no nickname list, so it might be a first surname; read as a middle name
    too, Brian Todd Hansen born 1985 gives 'bth1985', as well as 'btodd85'."""
    case = _case(tmp_path, "Brian Todd Hansen")
    hits = _hits(case, archives.instagram(tmp_path, followers=["bth1985", "btodd85", "bth1984"]))
    assert hits["bth1985"]["reasons"][0] == (
        "handle rule: 'bth1985' = initials + birth year, from the restrained person's name"
        " 'Brian Todd Hansen'"
    )
    assert hits["btodd85"]["kind"] == "alias"
    assert "bth1984" not in hits
