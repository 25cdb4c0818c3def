"""Name normalisation for merging transliteration variants: Ghaani/Qaani, Kataib/Kataeb, Sayyed/Sayyid, al-/el-.

`name_key` is conservative (folds only what never distinguishes two names in news transliteration);
`sound_key` is looser and only proposes candidates, which must also pass a fuzzy match of their keys.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ARTICLES = {"al", "el", "ul", "the"}  # Arabic article (al-/el-) and English 'the'
APOSTROPHES = "'’‘ʼʻ`´"
VOWELS = re.compile(r"[aeiouy]+")
DIGRAPHS = (("gh", "q"), ("kh", "k"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("ou", "u"), ("ee", "i"), ("oo", "u"))


def fold(text: str) -> str:
    """Lower case, diacritics and apostrophes removed, hyphens and punctuation as spaces."""
    text = re.sub(r"(?<![^\W\d_])([A-Za-z])\.", r"\1", text)  # U.N. -> UN, U.S. -> US
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch not in APOSTROPHES)
    text = re.sub(r"[^\w\s]|_", " ", text.casefold())
    return " ".join(text.split())


@lru_cache(maxsize=1 << 17)  # linking asks for the same names (countries, entities) many times over
def name_key(name: str) -> str:
    """'Kata'ib Sayyid al-Shuhada' -> 'kataib sayyid shuhada': folded, with Arabic/English articles dropped."""
    words = [w for w in fold(name).split() if w not in ARTICLES]
    return " ".join(words)


def _sound(word: str) -> str:
    for a, b in DIGRAPHS:
        word = word.replace(a, b)
    word = re.sub(r"(.)\1+", r"\1", word)  # doubled letters: Saadi/Sadi, Sayyid/Sayid
    return word[0] + VOWELS.sub("", word[1:]) if word else word  # vowels vary freely in transliteration


def sound_key(name: str) -> str:
    """'Esmail Ghaani' and 'Esmail Qaani' -> 'esml qn'; 'Kataeb' and 'Kataib' -> 'ktb'."""
    return " ".join(_sound(w) for w in name_key(name).split())
