"""Spelling variants and near-names: other transliterations, patronymics, one-letter pairs.

Kept apart from the name lists so both stay short; written from general knowledge.
"""

from __future__ import annotations

# Other Latin spellings of the same Russian/Greek names, as passports, Germans or French write them.
ALT_TRANSLIT: dict[str, tuple[str, ...]] = {
    "Dmitry": ("Dmitriy", "Dmitrij", "Dmitri"),
    "Aleksandr": ("Alexander", "Aleksander"),
    "Sergey": ("Sergei", "Sergej"),
    "Aleksey": ("Alexey", "Alexei", "Aleksej"),
    "Mikhail": ("Mihail", "Michail"),
    "Nikolay": ("Nikolai", "Nikolaj"),
    "Ekaterina": ("Yekaterina", "Jekaterina"),
    "Natalya": ("Natalia", "Natalja"),
    "Yelena": ("Elena", "Jelena"),
    "Volkov": ("Volkoff", "Wolkow"),
    "Sokolov": ("Sokolow",),
    "Morozov": ("Morosow",),
    "Lebedev": ("Lebedew",),
    "Kuznetsov": ("Kusnezow", "Kuznetsoff"),
    "Popov": ("Popow",),
    "Orlov": ("Orlow",),
    "Georgios": ("Yiorgos", "George"),
    "Dimitrios": ("Demetrios", "Dimitri"),
    "Konstantinos": ("Constantine", "Konstantin"),
    "Papadopoulos": ("Papadopulos",),
    "Karagiannis": ("Karayannis",),
}

# Patronymics for Russian legal names (middle name in the config).
PATRONYMICS_M = ("Sergeyevich", "Ivanovich", "Nikolayevich", "Viktorovich", "Andreyevich")
PATRONYMICS_F = ("Sergeyevna", "Ivanovna", "Nikolayevna", "Viktorovna", "Andreyevna")

# Vietnamese middle names ("tên đệm").
VI_MIDDLE_M = ("Văn", "Đức", "Quốc", "Hữu")
VI_MIDDLE_F = ("Thị", "Ngọc", "Thu", "Minh")

# Real given names one letter away from another real one (for "one letter off" innocents).
ONE_LETTER_PAIRS: dict[str, tuple[str, ...]] = {
    "Daniel": ("Danielle",),
    "Dan": ("Jan", "Don"),
    "Mario": ("Maria", "Marie"),
    "Robert": ("Roberta",),
    "Rob": ("Bob", "Rod"),
    "Marcelo": ("Marcela",),
    "Francesco": ("Francesca",),
    "Francesca": ("Francesco",),
    "Giovanni": ("Giovanna",),
    "Alessandro": ("Alessandra",),
    "Alessandra": ("Alessandro",),
    "Aleksandr": ("Aleksandra",),
    "Alexander": ("Alexandra",),
    "Aleksander": ("Aleksandra",),
    "Aleksandra": ("Aleksander",),
    "Gabriela": ("Gabriel",),
    "Mariana": ("Marina",),
    "Juliana": ("Julianna",),
    "Patrícia": ("Patrício",),
    "Fernanda": ("Fernando",),
    "Eduardo": ("Eduarda",),
    "Antônio": ("Antônia",),
    "José": ("Josué",),
    "Manuel": ("Manuela",),
    "Isabel": ("Isabela",),
    "Dolores": ("Doloris",),
    "Jakub": ("Jakob",),
    "Tomasz": ("Tomas",),
    "Katarzyna": ("Katarina",),
    "Minh": ("Linh", "Anh"),
    "Lan": ("Lam", "Loan"),
    "Hùng": ("Dũng",),
    "Dũng": ("Hùng",),
    "Mehmet": ("Mehmed",),
    "Hasan": ("Hakan",),
    "Elif": ("Elis",),
    "Sergey": ("Sergei",),
    "Eleni": ("Elena",),
    "Dimitrios": ("Dimitrio",),
    "Yelena": ("Yelana",),
    "Friedrich": ("Frederik",),
    "Matthias": ("Mathias",),
    "Susanne": ("Susann",),
}

# Surnames one letter from another real surname (a different family, not a slip).
SURNAME_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "Miller": ("Millet", "Mills"),
    "Baker": ("Barker", "Bader"),
    "King": ("Kling",),
    "Young": ("Yount",),
    "Russo": ("Rosso", "Russi"),
    "Ricci": ("Rizzi",),
    "Bruno": ("Brunn",),
    "Gallo": ("Galli",),
    "Conti": ("Conte",),
    "Greco": ("Greci",),
    "Marino": ("Marini",),
    "Müller": ("Möller",),
    "Weber": ("Wever",),
    "Becker": ("Bekker", "Decker"),
    "Krüger": ("Kröger",),
    "Wagner": ("Wegner",),
    "Fischer": ("Fischel",),
    "Nowak": ("Novak",),
    "Kaya": ("Kara", "Kayra"),
    "Demir": ("Demirci",),
    "Silva": ("Silvo",),
    "Santos": ("Santo",),
    "Herrera": ("Ferrera",),
    "Morales": ("Moraes",),
    "Popov": ("Popova",),
    "Orlov": ("Orlova",),
    "Lê": ("Lý",),
    "Vũ": ("Võ",),
}
