"""Names of places in any script, in the one form they are searched by."""

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"[\s\-‐‑–—_.,'’`ʼ()/]+")


def normalise(name: str) -> str:
    """ "São Paulo" → "sao paulo", "Suwŏn" → "suwon", "柳州" → "柳州", "수원시" → "수원시".

    Case folded (NFKC), accents dropped from letters whose base is Latin, every other script kept as
    written (a Japanese or Korean name must not lose its marks), punctuation and runs of spaces made one space.
    """
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKC", name).casefold()
        if not text.isascii():
            text = "".join(_fold(c) for c in text)
    return " ".join(_SPACE.sub(" ", text).split())[:200]


@lru_cache(maxsize=1 << 16)
def _fold(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)
    return "".join(c for c in base if not unicodedata.combining(c)) if base[:1].isascii() else char


#: Words a partner's recorded name may carry around the place's name ("Kota Liuzhou", "Suwon City").
_TITLES = frozenset(
    "city kota municipality metropolitan metropolis prefecture province state county district region "
    "shi si sheng ken fu to do gun special autonomous teukbyeolsi gwangyeoksi teukbyeoljachisi zizhiqu".split()
)


def bare(name: str) -> str:
    """A name without the titles around it, for matching a recorded partner to a place."""
    words = [w for w in normalise(name).split() if w not in _TITLES]
    text = " ".join(words)
    # 柳州市 / 수원시 / 名古屋市: the CJK "city" suffix.
    return re.sub(r"(?<=.)[市시]$", "", text)
