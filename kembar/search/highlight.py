"""The words of a query marked in a text: plain strings, each with whether it is a match, which the template
escapes (nothing here is HTML)."""

import re


def _pattern(words) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def marked(text: str, words, *, length: int | None = None, before: int = 60) -> list[tuple[str, bool]]:
    """`text` cut into (part, is_match) pieces. With `length`, only a window of about that many characters
    around the first match (the start when none), with "…" where it was cut."""
    pattern = _pattern(words)
    first = pattern.search(text) if pattern else None
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        start = max(0, first.start() - before) if first else 0
        end = min(len(text), start + length)
        if start and " " in text[start : start + 15]:
            start = text.index(" ", start) + 1  # begin at a word
    window = text[start:end]
    out: list[tuple[str, bool]] = [("…", False)] if start else []
    last = 0
    for m in pattern.finditer(window) if pattern else ():
        if m.start() > last:
            out.append((window[last : m.start()], False))
        out.append((m.group(), True))
        last = m.end()
    if last < len(window):
        out.append((window[last:], False))
    if end < len(text):
        out.append(("…", False))
    return out


def matches(text: str, words) -> bool:
    pattern = _pattern(words)
    return bool(pattern and pattern.search(text))
