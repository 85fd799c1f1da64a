"""Phones, e-mails and keywords as people really write them in messages."""

from __future__ import annotations

import random

from .variants import fold, typo

# country: (national number pattern, international form, local forms); '#' = next digit
PHONES: dict[str, tuple[str, str, list[str]]] = {
    "fr": (
        "6########",
        "+33 # ## ## ## ##",
        [
            "0# ## ## ## ##",
            "0#.##.##.##.##",
            "0#########",
            "+33#########",
            "0#-##-##-##-##",
            "+33 (0)# ## ## ## ##",
        ],
    ),
    "nl": (
        "6########",
        "+31 # ########",
        ["0#-########", "0# #### ####", "0#########", "+31#########", "0# ## ## ## ##"],
    ),
    "no": ("9#######", "+47 ### ## ###", ["### ## ###", "########", "## ## ## ##", "+47########"]),
    "ie": (
        "8########",
        "+353 ## ### ####",
        ["0## ### ####", "0#########", "0##-#######", "+353#########", "(0##) ### ####"],
    ),
    "hu": (
        "30#######",
        "+36 ## ### ####",
        ["06 ## ### ####", "06-##/###-####", "06#########", "+36 ## #######", "06/## ### ####"],
    ),
    "eg": (
        "10########",
        "+20 ## #### ####",
        ["0## #### ####", "0##########", "+20##########", "0##-####-####"],
    ),
    "in": (
        "9#########",
        "+91 ##### #####",
        ["##### #####", "0##### #####", "##########", "+91-##########", "+91 ### ### ####"],
    ),
    "cn": (
        "13#########",
        "+86 ### #### ####",
        ["### #### ####", "###-####-####", "###########", "+86 ###########"],
    ),
    "jp": ("90########", "+81 ##-####-####", ["0##-####-####", "0##########", "0## #### ####"]),
    "ph": (
        "9#########",
        "+63 ### ### ####",
        ["0### ### ####", "0##########", "0###-###-####", "+63##########"],
    ),
    "ng": (
        "80########",
        "+234 ### ### ####",
        ["0### ### ####", "0##########", "+234##########", "0###-###-####"],
    ),
    "us": (
        "###5550###",
        "+1 ### ### ####",
        ["(###) ###-####", "###.###.####", "###-###-####", "##########", "+1 (###) ###-####"],
    ),
}

DIGIT_WORDS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "fr": ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"],
    "nl": ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"],
    "no": ["null", "en", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni"],
    "hu": ["nulla", "egy", "kettő", "három", "négy", "öt", "hat", "hét", "nyolc", "kilenc"],
}

MAIL_DOMAINS = {
    "fr": ["gmail.com", "orange.fr", "free.fr", "laposte.net"],
    "nl": ["gmail.com", "ziggo.nl", "hotmail.nl", "kpnmail.nl"],
    "no": ["gmail.com", "online.no", "hotmail.no"],
    "ie": ["gmail.com", "eircom.net", "hotmail.co.uk"],
    "hu": ["gmail.com", "freemail.hu", "citromail.hu"],
    "eg": ["gmail.com", "yahoo.com", "hotmail.com"],
    "in": ["gmail.com", "rediffmail.com", "yahoo.co.in"],
    "cn": ["qq.com", "163.com", "gmail.com"],
    "jp": ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"],
    "ph": ["gmail.com", "yahoo.com.ph"],
    "ng": ["gmail.com", "yahoo.com"],
    "us": ["gmail.com", "outlook.com", "icloud.com"],
}
AT_WORDS = {"fr": "arobase", "nl": "apenstaartje", "hu": "kukac", "no": "krøllalfa"}
DOT_WORDS = {"fr": "point", "nl": "punt", "hu": "pont", "no": "punktum"}
INFLECT = {
    "hu": ["on", "ra", "ban", "ról", "i", "nál"],
    "nl": ["je", "tje", "s", "se"],
    "no": ["en", "s", "a"],
    "fr": ["s", "ette", "tte"],
    "en": ["'s", "s", "y"],
    "ja": ["-chan", "chan", "-san"],
    "tl": ["ko", "s"],
    "hi": ["ji", "u", "s"],
}


def make_phone(country: str, rng: random.Random) -> str:
    """A national number (digits only) for `country`."""
    pat = PHONES[country][0]
    digits = "".join(c if c != "#" else str(rng.randrange(10)) for c in pat)
    if country == "us":
        digits = str(rng.choice([212, 312, 415, 617, 713, 206, 404])) + digits[3:]
    return digits


def _fill(pattern: str, digits: str) -> str:
    it = iter(digits)
    return "".join(next(it) if c == "#" else c for c in pattern)


def phone_intl(country: str, digits: str) -> str:
    return _fill(PHONES[country][1], digits)


def phone_local(country: str, digits: str, lang: str, rng: random.Random) -> tuple[str, str]:
    """The number in a local style; returns (text, style) where style names the form."""
    if rng.random() < 0.15:
        words = DIGIT_WORDS.get(lang, DIGIT_WORDS["en"])
        local = _fill(PHONES[country][2][0], digits)
        spoken = " ".join(words[int(c)] if c.isdigit() else "" for c in local).split()
        cut = rng.randint(2, len(spoken) - 2)
        mixed = " ".join(spoken[:cut]) + " " + "".join(str(words.index(w)) for w in spoken[cut:])
        return mixed, "phone_in_words"
    form = rng.choice(PHONES[country][2])
    return _fill(form, digits), "phone_local_format"


def make_email(user: str, country: str, rng: random.Random) -> str:
    return f"{user}@{rng.choice(MAIL_DOMAINS[country])}"


def obfuscate_email(email: str, lang: str, rng: random.Random) -> tuple[str, str]:
    """The address as someone dodging filters writes it; returns (text, tactic)."""
    user, dom = email.split("@")
    name, _, tld = dom.rpartition(".")
    at, dot = AT_WORDS.get(lang, "at"), DOT_WORDS.get(lang, "dot")
    style = rng.randrange(8)
    if style == 0:
        return email, "email_in_message"
    if style == 1:
        return f"{user} at {name} dot {tld}", "email_obfuscated"
    if style == 2:
        return f"{user} (at) {dom}", "email_obfuscated"
    if style == 3:
        return f"{user}[at]{name}[dot]{tld}", "email_obfuscated"
    if style == 4:
        return f"{user} @ {name} . {tld}", "email_obfuscated"
    if style == 5:
        return f"{user} {at} {name} {dot} {tld}", "email_obfuscated"
    if style == 6:
        return f"{user.replace('.', ' dot ')} at {name} dot {tld}", "email_obfuscated"
    return email.upper(), "email_in_message"


def alter_keyword(kw: str, lang: str, rng: random.Random) -> tuple[str, str]:
    """A keyword as written in a message; returns (form, tactic naming the change)."""
    mode = rng.choice(
        [
            "exact",
            "exact",
            "casing",
            "hashtag",
            "inflected",
            "in_longer_word",
            "misspelt",
            "accents",
        ]
    )
    if mode == "casing":
        return (kw.upper() if rng.random() < 0.5 else kw.lower()), "keyword_casing"
    if mode == "hashtag":
        tag = "".join(w[:1].upper() + w[1:] for w in kw.replace("-", " ").split())
        return "#" + (fold(tag) if rng.random() < 0.5 else tag), "keyword_hashtag"
    if mode == "inflected":
        return kw + rng.choice(INFLECT.get(lang, INFLECT["en"])), "keyword_inflected"
    if mode == "in_longer_word":
        pre = rng.choice(["my", "ma", "mini", "super", "", ""])
        post = rng.choice(["love", "forever", "2019", "trip", "lief", "xoxo"]) if not pre else ""
        return f"{pre}{kw.replace(' ', '').lower()}{post}", "keyword_in_longer_word"
    if mode == "misspelt":
        return typo(kw, rng), "keyword_misspelt"
    if mode == "accents" and fold(kw) != kw:
        return fold(kw), "keyword_accents_dropped"
    return kw, ""
