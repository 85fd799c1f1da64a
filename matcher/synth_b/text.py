"""What people write in the second generator: a voice per person, and its own templates.

Written apart from `matcher.synth_text`: here a person's writing is a `Voice` (two favourite
expressions, case and punctuation habits, a few words always misspelt, an emoji, a sign-off)
laid over templates of its own, in English and Spanish. Innocent accounts draw voices from the
same pools, so habits are shared by chance, as in a real inbox.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

EXPRESSIONS = (
    "for real though",
    "no joke",
    "honestly speaking",
    "just saying",
    "mark my words",
    "like i said before",
    "long story short",
    "believe it or not",
    "between you and me",
    "at this point",
    "for the record",
    "to be fair",
    "you feel me",
    "the thing is",
    "whatever happens",
    "in any case",
    "o sea",
    "la verdad",
    "te lo juro",
    "ya sabes",
    "de todos modos",
    "pase lo que pase",
)
MISSPELLINGS = (
    ("definitely", "definately"),
    ("a lot", "alot"),
    ("because", "becuase"),
    ("tomorrow", "tommorow"),
    ("really", "realy"),
    ("weird", "wierd"),
    ("separate", "seperate"),
    ("until", "untill"),
    ("nothing", "nothin"),
    ("going to", "gonna"),
)
EMOJI = ("🙏", "💔", "😤", "🙄", "❤️", "😂", ":/", ";)")
SIGNOFFS = ("- {initial}", "xo", "ok bye", "ttyl", "peace", "{initial}.")

# The restrained person's messages to the protected person: pressure, guilt and demands.
PRESSURE = (
    "you cant ignore me forever",
    "answer the phone, it is important",
    "i know you read these",
    "we need to settle the car thing because it is still in my name",
    "you are making a big mistake and you know it",
    "this is not over",
    "i just want my things back, nothing else",
    "check your email tomorrow",
    "tell your lawyer he is wasting his time",
    "i was going to pay you back, that is the truth",
    "everyone says you have changed and not for the better",
    "i am really trying here",
    "i will be at the usual place on friday",
    "nobody else has to know we talked",
    "you blocked me again, really?",
    "it is weird how you act like i never existed",
    "i definitely deserve a second chance",
    "we were together a lot longer than that paper says",
    "i keep going to our old spots",
    "contestame por favor",
    "no puedes hacer como si no existiera",
    "solo quiero hablar cinco minutos",
    "sigo esperando una respuesta",
    "te vi ayer y no me saludaste",
)
# A relay: an associate writing for the restrained person.
RELAY = (
    "{given} asked me to tell you he is sorry",
    "please call {given} back, he is not doing well",
    "he just wants to talk, be reasonable",
    "you know {given} never meant to hurt you",
    "{given} says you still have his watch",
    "i am only passing on a message from {given}",
    "can you at least answer {given}, for the family",
    "{given} dice que lo siente mucho",
)
# Ordinary inbox messages from people who have nothing to do with the order.
ORDINARY = (
    "is the bike still for sale",
    "happy birthday!! have a great one",
    "are we still on for saturday",
    "thanks for the recommendation",
    "saw your post about the concert, was it good",
    "can you send me the recipe",
    "congrats on the promotion",
    "what time does the market open",
    "lol that video",
    "did you get my package",
    "we should grab lunch sometime",
    "how is your mom doing",
    "the meeting moved to thursday",
    "love the new haircut",
    "where did you buy that jacket",
    "are you going to the reunion",
    "feliz cumple!!",
    "nos vemos el sábado?",
    "gracias por todo",
    "que tal el viaje",
)
PROMO = (
    "limited offer at {site}, click now",
    "you won a gift card, claim at {site}",
    "grow your followers fast {site}",
    "crypto tips daily, join {site}",
)
SHORT_PET = ("{pet}", "{pet}?", "{pet}...", "hey {pet}")
KEYWORD_ONLY = (
    "remember {place}",
    "{pet}, remember {place}?",
    "thinking about {place} again",
    "{place} was ours",
    "{pet}",
)
CONTACT = (
    "call me {phone}",
    "new number {phone}",
    "write to me at {email}",
    "my email is still {email}",
    "text {phone} if you change your mind",
)


@dataclass(frozen=True, slots=True)
class Voice:
    """How someone writes, whatever they write about."""

    expressions: tuple[str, ...]
    lower: bool
    ellipsis: bool
    emoji: str | None
    signoff: str | None
    misspelt: tuple[tuple[str, str], ...]

    @classmethod
    def draw(cls, rng: random.Random, initial: str) -> Voice:
        signoff = (
            rng.choice(SIGNOFFS).format(initial=initial.upper()) if rng.random() < 0.5 else None
        )
        return cls(
            expressions=tuple(rng.sample(EXPRESSIONS, 2)),
            lower=rng.random() < 0.5,
            ellipsis=rng.random() < 0.4,
            emoji=rng.choice(EMOJI) if rng.random() < 0.6 else None,
            signoff=signoff,
            misspelt=tuple(rng.sample(MISSPELLINGS, rng.randint(1, 3))),
        )

    def write(self, rng: random.Random, text: str, strength: float) -> str:
        """The text as this voice writes it; each habit shows with probability `strength`."""
        if rng.random() < strength:
            phrase = rng.choice(self.expressions)
            text = f"{phrase}, {text}" if rng.random() < 0.5 else f"{text}, {phrase}"
        for right, wrong in self.misspelt:
            if rng.random() < strength + 0.2:
                text = text.replace(right, wrong)
        if self.ellipsis and rng.random() < strength:
            text = text.replace(", ", "... ")
        if self.emoji and rng.random() < strength:
            text = f"{text} {self.emoji}"
        if self.signoff and rng.random() < strength:
            text = f"{text}\n{self.signoff}"
        if not self.lower:
            text = text[:1].upper() + text[1:]
        return text


def plain(text: str) -> str:
    """Careful writing: capitalised, full stop, none of anyone's habits (changed writing)."""
    text = text.replace("dont", "do not").replace("cant", "cannot")
    return text[:1].upper() + text[1:].rstrip("?!.") + "."
