"""Synthetic writing habits for the benchmark: pet names, stock phrases, typos, punctuation.

Each synthetic person gets a `Style` (a few habits drawn from shared pools) and writes
templated messages with it, so an evader's new account writes like the old one while
innocent accounts share some habits by chance, as real people do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PLEADING = (
    "i just want to talk {pet}",
    "please answer me",
    "you know i never meant any of it",
    "remember {place}? we were happy there",
    "i miss you {pet}",
    "why did you block me",
    "can we just meet for coffee",
    "i saw you at {place} yesterday",
    "i know you still care {pet}",
    "dont do this to us",
    "its been so long, just say something",
    "i changed, i swear",
    "your mom would want us to talk",
    "i still have your stuff, come get it",
    "one conversation thats all i ask",
    "i drove past {place} and thought of you",
    "the dog misses you too",
    "i got a new job, you would be proud",
    "i know what the paper says but come on",
    "nobody will ever love you like i do {pet}",
    "i was wrong and i know it",
    "just tell me you are ok",
    "i wrote you a letter, can i send it",
    "i cant sleep without you {pet}",
    "we had plans, remember",
    "you owe me an explanation",
    "i am not angry anymore",
    "lets go back to {place} this summer",
    "i deleted everything, happy now",
    "your friends turned you against me",
    "i will wait as long as it takes",
    "i keep our photo on my desk",
    "happy anniversary {pet}",
    "i heard you moved, where to",
    "just one coffee, public place, i promise",
    "my therapist says i should tell you this",
    "its not fair to shut me out",
    "i am outside, come down",
    "i found your ring in the car",
    "do you still listen to our song",
)
GENERIC = (
    "love this pic",
    "happy birthday!",
    "did you see the game last night",
    "congrats on the new job",
    "where was this taken",
    "miss you guys",
    "are you coming saturday",
    "that is so cool",
    "call me when you can",
    "great photo",
    "we should catch up soon",
    "thanks for the invite",
    "see you at {place}",
    "how was the trip",
    "this made my day",
    "haha so true",
    "is the shop open tomorrow",
    "good luck with the move",
    "what time is practice",
    "loved the party",
)
PHRASES = (
    "for real tho",
    "just saying",
    "ok whatever",
    "no cap",
    "swear to god",
    "honestly",
    "you know what i mean",
    "at the end of the day",
    "i kid you not",
    "believe me",
    "lord help me",
    "mark my words",
    "trust me on this",
    "cross my heart",
    "no joke",
    "like i said",
    "to be fair",
    "bottom line",
    "for what its worth",
    "say less",
    "hand on heart",
    "mind you",
    "no lie",
    "dead serious",
    "i mean it",
    "fair enough",
    "just so you know",
    "end of story",
    "god as my witness",
    "straight up",
    "real talk",
    "all the same",
    "mark this",
    "come on now",
    "you hear me",
    "not gonna lie",
    "to be honest",
    "as always",
    "cant make this up",
    "thats all",
)
PET_NAMES = ("babe", "hun", "sweetheart", "love", "darling", "baby girl", "sunshine", "angel")
PET_SUFFIXES = ("-bean", "-bear", "-boo", "kins", "-pie", "-bug")
TYPOS = {
    "definitely": "definately",
    "a lot": "alot",
    "tomorrow": "tommorow",
    "because": "becuase",
    "weird": "wierd",
    "until": "untill",
    "their": "thier",
    "really": "realy",
    "know": "kno",
    "you": "u",
    "your": "ur",
    "just": "jst",
    "please": "pls",
    "talk": "tlak",
    "miss": "mis",
    "want": "wnat",
    "answer": "anwser",
    "never": "nevr",
    "still": "stil",
    "something": "somthing",
}
EMOJI = ("😢", "❤️", "🙏", "😂", "👍", "🔥", "😘", "💔", "🙄", "😊")
PLACES = (
    "Lake Placid",
    "the boardwalk",
    "Rosie's diner",
    "Cape May",
    "the old mill",
    "Hudson park",
    "Bear Mountain",
    "Coney Island",
    "the marina",
    "Saratoga",
    "Pine Barrens",
    "Montauk",
    "Lake George",
    "the orchard",
    "Niagara",
    "Delaware Gap",
    "the lighthouse",
    "Mystic",
    "Cold Spring",
    "the drive-in",
    "Fire Island",
    "Woodstock",
    "Kingston pier",
    "Ocean City",
    "the cabin",
    "Beacon",
    "Seneca lake",
    "Jones Beach",
    "the pizza place",
    "Cooperstown",
)


@dataclass(frozen=True, slots=True)
class Style:
    """One person's writing habits."""

    phrases: tuple[str, ...]
    typos: tuple[tuple[str, str], ...]
    topics: tuple[str, ...]  # the pleading sentences this person keeps coming back to
    emoji: str
    lowercase: bool
    ending: str  # "", "...", "!!", " ?"
    signoff: str  # "", " - R", " xx"

    @classmethod
    def draw(cls, rng: random.Random, *, initial: str) -> Style:
        """A random mix of habits from the shared pools."""
        return cls(
            phrases=tuple(rng.sample(PHRASES, 3)),
            typos=tuple(rng.sample(sorted(TYPOS.items()), 4)),
            topics=tuple(rng.sample(PLEADING, 8)),
            emoji=rng.choice(EMOJI),
            lowercase=rng.random() < 0.6,
            ending=rng.choice(("", "...", "!!", " ?", "..")),
            signoff=rng.choice(("", "", f" - {initial.upper()}", " xx", " ok?")),
        )

    def write(self, rng: random.Random, sentences: list[str], *, strength: float) -> str:
        """A message in this style; `strength` is how often each habit shows (0..1)."""
        text = ". ".join(sentences)
        if rng.random() < strength:
            text = f"{text}, {rng.choice(self.phrases)}"
        for right, wrong in self.typos:
            if rng.random() < 0.3 + 0.6 * strength:
                text = text.replace(right, wrong)
        text = text if self.lowercase else text[:1].upper() + text[1:]
        text += self.ending if rng.random() < 0.3 + 0.6 * strength else ""
        if rng.random() < strength:
            text += f" {self.emoji}"
        return text + (self.signoff if rng.random() < strength else "")


def pet_name(rng: random.Random, victim: str) -> str:
    """A pet name for the protected person: personal ('Janie-bean') or common ('babe')."""
    if rng.random() < 0.6:
        return f"{victim.title()}{rng.choice(PET_SUFFIXES)}".replace("--", "-")
    return rng.choice(PET_NAMES)


def pleading(rng: random.Random, style: Style, *, pet: str, place: str, strength: float) -> str:
    """A message from the restrained person: personal sentences in their style."""
    count = rng.choice((1, 1, 2, 2, 3))
    sentences = [s.format(pet=pet, place=place) for s in rng.sample(style.topics, count)]
    if rng.random() >= strength:  # a plainer message: the pet name left out
        sentences = [s.replace(f" {pet}", "") for s in sentences]
    return style.write(rng, sentences, strength=strength)


HELLOS = (
    "hey {pet}",
    "{pet}?",
    "you up {pet}",
    "morning {pet}",
    "thinking of you {pet}",
    "{pet} please",
)


def hello(rng: random.Random, style: Style, *, pet: str, strength: float) -> str:
    """A short message from the restrained person: only a greeting and their pet name."""
    return style.write(rng, [rng.choice(HELLOS).format(pet=pet)], strength=strength)


def chatter(rng: random.Random, style: Style, *, place: str, pet: str | None = None) -> str:
    """An everyday message from anyone else, sometimes with a pet name of their own."""
    sentences = [s.format(place=place) for s in rng.sample(GENERIC, rng.choice((1, 1, 2)))]
    if pet and rng.random() < 0.3:
        sentences[-1] += f" {pet}"
    return style.write(rng, sentences, strength=0.6)
