"""Recognise "Last updated" / "Effective date" lines and parse common English dates."""

from __future__ import annotations

import datetime as dt
import re

__all__: list[str] = []

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

DATE_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.I),
    re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.I),
    re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.,]\s?(?P<year>\d{4})"),
    re.compile(rf"{_MONTH},?\s+{_YEAR}", re.I),
]

_LABEL = re.compile(
    # The lookahead holds the first letters of the alternatives: most positions fail on
    # it at once instead of trying each alternative (same matches, a third less time).
    r"(?=[deilrtuv])"
    r"(?:last\s+(?:updated|modified|revised|changed|amended)(?:\s+on)?"
    r"|(?:date\s+of\s+)?last\s+revision"
    r"|effective\s+(?:date|as\s+of|from|on)"
    r"|(?:this\s+policy\s+(?:is|was)\s+)?(?:updated|revised|effective)(?:\s+on)?"
    r"|in\s+force\s+(?:from|since|as\s+of|on)"
    r"|version\s+date)"
    r"\s*(?:[:\-–—]|is|was)?\s*(?:on\s+|as\s+of\s+)?",
    re.I,
)


def parse_date(text: str) -> dt.date | None:
    """Parse the first date in *text* (ISO, ``March 3, 2024``, ``3 March 2024``, ``03/15/2024``)."""
    for pattern in DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        g = m.groupdict()
        try:
            year = int(g["year"])
            if "m" in g and g.get("m"):
                return dt.date(year, int(g["m"]), int(g["d"]))
            if g.get("a"):
                a, b = int(g["a"]), int(g["b"])
                # US month/day unless the first number cannot be a month.
                month, day = (a, b) if a <= 12 else (b, a)
                return dt.date(year, month, day)
            month = _MONTHS[g["month"].lower().rstrip(".")]
            day = int(g["day"]) if g.get("day") else 1
            return dt.date(year, month, day)
        except (ValueError, KeyError):
            # "31 June 2024" is no date at all; trying the next pattern would read
            # "June 2024" inside it as June 1st.
            return None
    return None


# Every alternative of _LABEL contains one of these words: a text without any cannot match,
# and finding that out is much cheaper than trying _LABEL's alternatives at every position.
_LABEL_WORDS = ("updated", "modified", "revised", "changed", "amended", "revision", "effective", "version")  # fmt: skip
# re.I lets exactly these non-ASCII characters match ASCII letters (İ ı ſ and the Kelvin
# sign; checked over every code point): text with one of them takes the regex path.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_LABEL_WORD = re.compile("|".join(_LABEL_WORDS), re.I)


def _may_have_label(text: str) -> bool:
    if _FOLDS_TO_ASCII.search(text):
        return _LABEL_WORD.search(text) is not None
    lower = text.lower()  # no other character lower-cases to, or matches, an ASCII letter
    return any(w in lower for w in _LABEL_WORDS)


def find_date_line(text: str) -> tuple[dt.date, str] | None:
    """Find a "Last updated: <date>" style statement; return the date and the matched text."""
    if not _may_have_label(text):
        return None
    for m in _LABEL.finditer(text):
        window = text[m.end() : m.end() + 40]
        date = parse_date(window)
        if date is not None and _starts_near(window):
            # The matched text ends where the date ends, never mid-way into the next sentence.
            return date, text[m.start() : m.end() + _date_end(window)].strip()
    return None


def _date_end(window: str) -> int:
    """Where the first date in *window* ends."""
    for pattern in DATE_PATTERNS:
        m = pattern.search(window)
        if m:
            return m.end()
    return len(window)


def _starts_near(window: str) -> bool:
    # The date must follow the label closely, not appear somewhere later in the sentence.
    return bool(re.match(r"\s*[\w(]{0,3}\s*\d|\s*[A-Za-z]{3,9}\.?\s+\d", window))
