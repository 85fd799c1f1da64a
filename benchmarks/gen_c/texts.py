"""What people write: evaders, relays and ordinary people, in several languages.

Wording is generator C's own. {pet}, {place}, {name}, {nick}, {phone}, {email} are filled
in by the case builder; a language without a line falls back to English, as diaspora
accounts often write English anyway.
"""

from __future__ import annotations

import random

PLEA = {
    "en": [
        "please just talk to me",
        "I know you blocked me. I only want to explain",
        "you can't ignore me forever",
        "I miss you so much it hurts",
        "answer me",
        "why are you doing this to us",
        "I saw your story. you looked happy. good for you",
        "one coffee, that's all I ask",
        "I changed, I swear",
        "are you there?",
    ],
    "es": [
        "por favor contéstame",
        "sé que me bloqueaste, solo quiero hablar",
        "no puedes ignorarme para siempre",
        "te extraño muchísimo",
        "contesta",
        "¿por qué nos haces esto?",
        "un café nada más, te lo pido",
        "he cambiado, te lo juro",
    ],
    "pt": [
        "por favor fala comigo",
        "sei que você me bloqueou, só quero conversar",
        "você não pode me ignorar pra sempre",
        "tô morrendo de saudade",
        "me responde",
        "eu mudei, juro",
    ],
    "it": [
        "ti prego rispondimi",
        "so che mi hai bloccato, voglio solo parlarti",
        "non puoi ignorarmi per sempre",
        "mi manchi da morire",
        "rispondi",
        "sono cambiato, giuro",
    ],
    "de": [
        "bitte rede mit mir",
        "ich weiß, dass du mich blockiert hast. ich will nur reden",
        "du kannst mich nicht ewig ignorieren",
        "du fehlst mir so",
        "antworte",
        "ich hab mich geändert, ehrlich",
    ],
    "pl": [
        "proszę, odezwij się",
        "wiem, że mnie zablokowałaś. chcę tylko pogadać",
        "nie możesz mnie ignorować w nieskończoność",
        "strasznie tęsknię",
        "odpisz",
        "zmieniłem się, przysięgam",
    ],
    "tr": [
        "lütfen benimle konuş",
        "beni engellediğini biliyorum, sadece konuşmak istiyorum",
        "beni sonsuza kadar görmezden gelemezsin",
        "seni çok özledim",
        "cevap ver",
    ],
    "ru": [
        "пожалуйста, поговори со мной",
        "я знаю, что ты меня заблокировала. просто хочу объяснить",
        "ты не можешь игнорировать меня вечно",
        "я очень скучаю",
        "ответь",
    ],
}
KEYWORD = {
    "en": [
        "good night {pet}",
        "hey {pet}, it's me",
        "remember {place}? I drove past it today",
        "{pet} please",
        "I'm at {place} right now. thinking of you",
        "{place} wasn't the same without you",
    ],
    "es": [
        "buenas noches, {pet}",
        "{pet}, soy yo",
        "¿te acuerdas de {place}? hoy pasé por ahí",
        "estoy en {place} y pienso en ti",
    ],
    "pt": ["boa noite, {pet}", "{pet}, sou eu", "lembra de {place}? passei lá hoje"],
    "it": ["buonanotte {pet}", "{pet}, sono io", "ti ricordi {place}? ci sono passato oggi"],
    "de": ["gute nacht {pet}", "{pet}, ich bin's", "weißt du noch, {place}? war heute da"],
    "pl": ["dobranoc {pet}", "{pet}, to ja", "pamiętasz {place}? byłem tam dzisiaj"],
    "tr": ["iyi geceler {pet}", "{pet}, benim", "{place}'ı hatırlıyor musun? bugün oradan geçtim"],
    "ru": ["спокойной ночи, {pet}", "{pet}, это я", "помнишь {place}? я сегодня там был"],
}
MEMORY = {
    "en": [
        "our song came on the radio today",
        "I still have the ticket from our first concert",
        "happy anniversary. I didn't forget",
        "your mom's lasagna recipe, I tried it. not the same",
    ],
    "es": ["hoy sonó nuestra canción en la radio", "feliz aniversario. no lo olvidé"],
    "pt": ["tocou nossa música hoje no rádio", "feliz aniversário de namoro. eu não esqueci"],
    "it": ["oggi alla radio c'era la nostra canzone", "buon anniversario. non l'ho dimenticato"],
    "de": ["heute lief unser Lied im Radio", "alles Gute zum Jahrestag. ich hab's nicht vergessen"],
    "pl": ["dziś w radiu leciała nasza piosenka", "wszystkiego dobrego w rocznicę"],
    "tr": ["bugün radyoda bizim şarkımız çaldı", "yıldönümümüz kutlu olsun, unutmadım"],
    "ru": ["сегодня по радио играла наша песня", "с годовщиной. я не забыл"],
}
PHONE = {
    "en": [
        "new number: {phone}",
        "call me {phone} anytime",
        "this is my number now {phone}. text me",
    ],
    "es": ["mi número nuevo: {phone}", "llámame al {phone}"],
    "pt": ["meu número novo {phone}", "me liga {phone}"],
    "it": ["nuovo numero {phone}", "chiamami al {phone}"],
    "de": ["neue Nummer: {phone}", "ruf mich an {phone}"],
    "pl": ["mój nowy numer {phone}", "zadzwoń {phone}"],
    "tr": ["yeni numaram {phone}", "beni ara {phone}"],
    "ru": ["мой новый номер {phone}", "позвони мне {phone}"],
}
EMAIL = {
    "en": ["write me at {email}, nobody reads it", "my email if you ever want to talk: {email}"],
    "es": ["escríbeme a {email}", "mi correo: {email}"],
    "pt": ["me manda email {email}"],
    "it": ["scrivimi a {email}"],
    "de": ["schreib mir: {email}"],
    "pl": ["napisz na {email}"],
    "tr": ["bana yaz {email}"],
    "ru": ["напиши мне на {email}"],
}
RELAY = {
    "en": [
        "{name} wants you to know he's sorry",
        "hi, you don't know me. {name} asked me to write you",
        "I'm messaging on behalf of {name}. he just wants to talk",
        "{nick} says hi and that he misses you",
        "sorry to bother you, your ex {nick} begged me to pass this on: call him",
    ],
    "es": [
        "{name} quiere que sepas que lo siente",
        "hola, no me conoces. {name} me pidió que te escribiera",
        "te escribo de parte de {nick}",
    ],
    "pt": [
        "{name} pediu pra eu te mandar mensagem",
        "falo em nome do {nick}, ele só quer conversar",
    ],
    "it": ["{name} mi ha chiesto di scriverti", "ti scrivo da parte di {nick}"],
    "de": [
        "{name} lässt dir ausrichten, dass es ihm leid tut",
        "ich schreib dir im Auftrag von {nick}",
    ],
    "pl": ["{name} prosił, żebym do ciebie napisała", "piszę w imieniu {nick}"],
    "tr": ["{name} senden özür dilediğini iletmemi istedi", "{nick} adına yazıyorum"],
    "ru": ["{name} просил передать, что ему жаль", "пишу по просьбе {nick}"],
}
ASSOCIATE = {
    "en": [
        "he is a mess since you left. just talk to him once",
        "{nick} asked me to tell you he still loves you",
        "you are ruining my brother's life",
        "please drop the order, for the family",
    ],
    "es": [
        "está fatal desde que te fuiste. habla con él una vez",
        "{nick} me pidió que te dijera que te quiere",
    ],
    "it": [
        "{nick} mi ha chiesto di dirti che ti ama ancora",
        "ritira la denuncia, per la famiglia",
    ],
    "de": ["{nick} bittet dich, die Anzeige zurückzuziehen"],
    "pl": ["{nick} prosi, żebyś wycofała sprawę"],
    "pt": ["o {nick} pediu pra te dizer que te ama"],
    "ru": ["{nick} просил тебе сказать, что любит тебя"],
    "tr": ["{nick} seni hâlâ seviyor"],
}
# Ordinary traffic.
FRIEND = [
    "are we still on for saturday?",
    "lol did you see this",
    "happy birthday!!! 🎉",
    "can you send me the pics from last night",
    "omg same",
    "coffee tomorrow?",
    "I'm outside",
    "did you get home ok?",
    "haha yes",
    "❤️",
    "call you later",
]
COWORKER = [
    "can you cover my shift thursday?",
    "meeting moved to 3",
    "did you finish the report?",
    "the client called again",
    "see you monday",
]
FAMILY = [
    "call grandma, it's her birthday",
    "dinner sunday at ours",
    "did you eat?",
    "your cousin had the baby!",
    "send me the recipe",
]
SPAM = [
    "Congratulations! You've been selected as a brand ambassador 🌟 DM us to claim",
    "Earn $500/day from home, link in bio",
    "We loved your profile! Collab? 💅",
    "Your account will be suspended, verify here: http://meta-support-center.example.net",
    "Crypto signals group, 300% returns, join now",
    "Hi dear, how are you today?",
]
NEW_STRANGER = [
    "hi! saw your post in the running group, is the saturday run still on?",
    "hey, we met at the conference last week",
    "is the bike still for sale?",
    "hello, I think we went to the same school?",
]
PLACE_INNOCENT = [
    "we're going to {place} this weekend, want to come?",
    "just got back from {place}, so beautiful",
    "any restaurant tips for {place}?",
]
PET_INNOCENT = [
    "haha look at this {pet} 😂",
    "my daughter calls her teddy {pet}",
    "{pet}!! miss you girl",
]


def pick(table: dict[str, list[str]], lang: str, rng: random.Random) -> str:
    """One line in `lang`, else English, so every culture gets something to say."""
    lines = table.get(lang) or table["en"]
    if rng.random() < 0.2 and "en" in table:
        lines = table["en"]
    return rng.choice(lines)


_WORDS = {
    "en": "zero one two three four five six seven eight nine",
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve",
    "pt": "zero um dois três quatro cinco seis sete oito nove",
    "it": "zero uno due tre quattro cinque sei sette otto nove",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun",
    "pl": "zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć",
}


def phone_forms(rng: random.Random, prefix: str, local: str, lang: str) -> str:
    """The same phone number the ways people type it, sometimes in words."""
    cc = prefix.lstrip("+")
    groups = [local[i : i + 3] for i in range(0, len(local), 3)]
    forms = [
        f"{prefix} {' '.join(groups)}",
        f"{prefix}{local}",
        f"00{cc} {local}",
        "-".join(groups),
        f"({local[:3]}) {local[3:6]}-{local[6:]}",
        " ".join(local),
        local,
        f"{prefix}.{'.'.join(groups)}",
    ]
    if rng.random() < 0.25:
        words = _WORDS.get(lang, _WORDS["en"]).split()
        return " ".join(words[int(d)] for d in local)
    return rng.choice(forms)


def email_forms(rng: random.Random, email: str) -> str:
    """An e-mail address, plain or spelt out to get past filters."""
    user, dom = email.split("@")
    host, _, tld = dom.rpartition(".")
    return rng.choice(
        [
            email,
            email.upper(),
            f"{user} at {host} dot {tld}",
            f"{user} (at) {host} (dot) {tld}",
            f"{user}[at]{dom}",
            f"{user} @ {dom}",
        ]
    )
