"""What counts as contact under the configured jurisdiction, in plain words, in each language.

General information for the reader of the report, chosen by the start of `[order]
jurisdiction` ("US-NY" → US, "ES-MD" → ES); any other value gets a neutral text. It is
never legal advice, and every text says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from nocontact.language.catalogues import LANGS


@dataclass(frozen=True, slots=True)
class Explanation:
    title: str
    points: tuple[str, ...]
    note: str


_NOTE = {
    "en": (
        "This is general information, not legal advice. The exact terms are those written in "
        "your order; a lawyer, victim advocate or the court can say how they apply to you."
    ),
    "es": (
        "Esto es información general, no asesoramiento jurídico. Los términos exactos son los "
        "que figuran en su resolución; un abogado, la oficina de asistencia a las víctimas o el "
        "juzgado pueden decirle cómo se aplican a su caso."
    ),
}

_TEXTS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "US": {
        "en": (
            "What counts as contact under a US protective order",
            (
                "Orders usually forbid contact “directly or through third parties”: a message "
                "passed on by a relative or friend can count as contact by the restrained person.",
                "Contact on social media counts: messages, comments, tags and mentions, and "
                "follow or friend requests.",
                "Creating a new or anonymous account to follow, watch or reach you can count "
                "as contact, even without a message.",
                "Replying does not make their contact allowed, but the record shows who wrote "
                "first in each conversation.",
            ),
        ),
        "es": (
            "Qué cuenta como contacto según una orden de protección de EE. UU.",
            (
                "Las órdenes suelen prohibir el contacto “directamente o a través de terceros”: "
                "un mensaje transmitido por un familiar o amigo puede contar como contacto de "
                "la persona sujeta a la orden.",
                "El contacto en redes sociales cuenta: mensajes, comentarios, etiquetas y "
                "menciones, y solicitudes de seguimiento o de amistad.",
                "Crear una cuenta nueva o anónima para seguirle, vigilarle o llegar a usted "
                "puede contar como contacto, aunque no envíe ningún mensaje.",
                "Responder no hace que su contacto esté permitido, pero el registro muestra "
                "quién escribió primero en cada conversación.",
            ),
        ),
    },
    "ES": {
        "en": (
            "What counts as contact in Spain (Criminal Code, art. 468: breach of a sentence "
            "or protective measure)",
            (
                "A ban on communicating covers any means: a like, a comment, a mention or a "
                "follow on social media can count as communication.",
                "Friendly messages count, and so do messages later deleted or unsent.",
                "The protected person's consent is no defence: the order binds the restrained "
                "person even if you reply or agree to contact.",
                "Repetition aggravates: each breach counts, and a pattern supports stronger "
                "measures and keeping the order in force.",
            ),
        ),
        "es": (
            "Qué cuenta como comunicación en España (art. 468 del Código Penal: "
            "quebrantamiento de condena o de medida cautelar)",
            (
                "La prohibición de comunicarse abarca cualquier medio: un «me gusta», un "
                "comentario, una mención o un «seguir» en redes sociales pueden contar como "
                "comunicación.",
                "Los mensajes amistosos cuentan, y también los que después se borran o se anulan.",
                "El consentimiento de la víctima no excluye el delito: la prohibición obliga "
                "a la persona condenada o investigada aunque usted responda o acepte el "
                "contacto.",
                "La reiteración agrava: cada quebrantamiento cuenta, y un patrón justifica "
                "medidas más firmes y mantener la prohibición.",
            ),
        ),
    },
    "": {
        "en": (
            "What counts as contact",
            (
                "What counts as contact depends on the wording of your order and on the law "
                "where it was issued.",
                "This report lists every record of contact found, including messages through "
                "other people and from new accounts, so that a person who knows that law can "
                "judge them.",
            ),
        ),
        "es": (
            "Qué cuenta como contacto",
            (
                "Qué cuenta como contacto depende de la redacción de su resolución y de la ley "
                "del lugar donde se dictó.",
                "Este informe recoge todos los registros de contacto encontrados, incluidos los "
                "mensajes a través de otras personas y desde cuentas nuevas, para que alguien "
                "que conozca esa ley pueda valorarlos.",
            ),
        ),
    },
}


def family(jurisdiction: str) -> str:
    """The text family a jurisdiction string selects.

    >>> family("US-NY"), family("es"), family("UK")
    ('US', 'ES', '')
    """
    code = jurisdiction.strip().upper()
    return next((prefix for prefix in ("US", "ES") if code.startswith(prefix)), "")


def explain(jurisdiction: str, lang: str) -> Explanation:
    """The introduction's plain-words text for this jurisdiction and language."""
    if lang not in LANGS:
        lang = "en"
    title, points = _TEXTS[family(jurisdiction)][lang]
    return Explanation(title, points, _NOTE[lang])
