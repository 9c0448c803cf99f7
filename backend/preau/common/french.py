"""French that reads right: elision before a name or a word ("d'Axel", "l'école").

The rule, the same as the web app's (frontend/src/shared/elision.ts):
- "de", "le", "la", "que" lose their vowel before a word starting with a vowel, accented or
  not (d'Axel, d'Émile, qu'Inès, l'école), and before an H (given names take the mute h:
  d'Hugo, d'Hélène; so do l'heure, l'histoire);
- before a Y only when a consonant follows (d'Yves; de Yanis, de Yasmine);
- never before a consonant, a digit or an empty name (de CE1 A, de Zoé).
The apostrophe is the straight one, as in the rest of the backend's French.
"""

from __future__ import annotations

import re
import unicodedata

_VOWELS = "aeiouàâäéèêëîïôöùûüœæ"
_ELIDES = re.compile(rf"^(?:[{_VOWELS}h]|y[^{_VOWELS}y\s])", re.IGNORECASE)
_ELIDED = {"de": "d'", "le": "l'", "la": "l'", "que": "qu'"}


def takes_elision(word: str) -> bool:
    """Whether "de", "le", "que"… before this word lose their vowel."""
    return bool(_ELIDES.match(unicodedata.normalize("NFC", word.strip())))


def elide(particle: str, word: str) -> str:
    """``elide("de", "Axel")`` → "d'Axel"; ``elide("de", "Léa")`` → "de Léa"."""
    text = word.strip()
    if particle not in _ELIDED or not takes_elision(text):
        return f"{particle} {text}"
    return f"{_ELIDED[particle]}{text}"


def of(name: str) -> str:
    """"de" and the name, elided: "d'Axel", "de Léa"."""
    return elide("de", name)
