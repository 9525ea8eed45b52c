"""Several texts on one page: an announced version above the one in force, an archived
previous version, or the same policy printed twice.

A page holds several texts when it has a banner that ends a text's validity
("Effective until January 1, 2020"), a heading that introduces an earlier version
("Previous version", "Archived privacy policy"), or when its sequence of section
titles starts over. Each text gets a role: ``in-force``, ``announced`` (a later
version shown ahead of its date), ``previous`` or ``duplicate``.
:func:`policydoc.compare` compares the text in force on each page.
"""

from __future__ import annotations

import datetime as dt
import re

from policydoc.dates import parse_date
from policydoc.model import Block, Policy, PolicyText, Section
from policydoc.text import sentences

__all__ = ["find_texts", "in_force"]

_UNTIL = re.compile(
    r"\b(?:effective|in (?:effect|force)|valid|applies|applicable)\s+(?:until|through|till)\b",
    re.I,
)
_FROM = re.compile(
    r"\b(?:effective(?:\s+(?:date|as of|from|on))?|in (?:effect|force) (?:from|as of|since)"
    r"|(?:go|goes|come|comes|take|takes) (?:into )?effect(?: on)?|last (?:updated|modified|revised))\b",
    re.I,
)
_ANNOUNCED = re.compile(
    r"\b(?:will (?:go|come) into effect|will take effect|will be effective|takes effect on"
    r"|goes into effect on|updated (?:privacy )?policy will)\b",
    re.I,
)
_PREVIOUS = re.compile(
    r"^\W*(?:(?:the\s+)?(?:previous|prior|earlier|former|old|archived?)\s+"
    r"(?:version|privacy (?:policy|notice|statement)|policy|notice|statement)s?"
    r"|archived? (?:version|copy))\b",
    re.I,
)
_NON_SPACE = re.compile(r"\S")
_MAX_BANNER_WORDS = 40
_MIN_TEXT_WORDS = 150
_MIN_REPEAT = 3


def find_texts(policy: Policy) -> tuple[PolicyText, ...]:
    """The versions of the policy *policy*'s page holds, or ``()`` when it holds one."""
    sections = list(policy.walk())
    twice = _printed_twice(policy, sections)
    if twice is not None:
        return twice
    starts: dict[int, str] = {}  # line -> cue
    items: list[tuple[Section | None, Block]] = [(None, b) for b in policy.preamble]
    items += [(s, b) for s in sections for b in s.blocks]
    for owner, block in items:
        text = block.text
        # Most blocks are longer than a banner: counting spaces rules them out cheapest.
        if not text or text.count(" ") >= _MAX_BANNER_WORDS:
            continue
        low = text.lower()
        if not ("until" in low or "through" in low or "till" in low) or not _UNTIL.search(low):
            continue
        if parse_date(text) is None:
            continue
        # The banner belongs to its section's text when it opens the section.
        line = owner.lines[0] if owner is not None and owner.blocks[0] is block else block.lines[0]
        starts.setdefault(line, text)
    for s in sections:
        if _PREVIOUS.match(s.title):
            starts.setdefault(s.lines[0], s.title)
    titles = [s.title.casefold() for s in sections]
    if len(titles) >= 2 * _MIN_REPEAT:
        head = titles[:_MIN_REPEAT]
        for j in range(1, len(titles) - _MIN_REPEAT + 1):
            if titles[j : j + _MIN_REPEAT] == head:
                starts.setdefault(sections[j].lines[0], "the section titles start over")
    if not starts:
        return ()
    end = policy.source.count("\n") + (0 if policy.source.endswith("\n") else 1)
    first = len(policy.front_matter.splitlines()) + 1
    bounds = sorted({first, *starts})
    spans = [(a, b - 1) for a, b in zip(bounds, [*bounds[1:], end + 1], strict=True)]
    texts = [_describe(policy, items, span, starts.get(span[0], "")) for span in spans]
    # A banner just above the point where the titles start over opens that text: a span too
    # short to be a policy joins the one after it (the last one joins the one before).
    k = 0
    while k < len(texts) and len(texts) > 1:
        if texts[k][1] >= _MIN_TEXT_WORDS:
            k += 1
            continue
        a, b = (k, k + 1) if k + 1 < len(texts) else (k - 1, k)
        cue = texts[a][3] if _UNTIL.search(texts[a][3]) or not texts[b][3] else texts[b][3]
        if a == k - 1:
            cue = texts[a][3]
        merged = _describe(policy, items, (texts[a][0][0], texts[b][0][1]), cue)
        texts[a : b + 1] = [merged]
        k = max(a, 0)
    if len(texts) < 2:
        return ()
    return _roles(texts)


_Draft = tuple[tuple[int, int], int, frozenset[str], str, dt.date | None, dt.date | None, bool]


def _describe(
    policy: Policy, items: list[tuple[Section | None, Block]], span: tuple[int, int], cue: str
) -> _Draft:
    blocks = [b for _, b in items if span[0] <= b.lines[0] <= span[1]]
    text = " ".join(b.text for b in blocks if b.text)
    words = len(text.split())
    said = frozenset(re.sub(r"\W+", " ", s.casefold()).strip() for s in sentences(text))
    until = parse_date(cue) if _UNTIL.search(cue) else None
    start: dt.date | None = None
    announced = False
    for b in blocks[:6]:
        short = len(b.text.split()) <= 2 * _MAX_BANNER_WORDS and not _UNTIL.search(b.text)
        m = _FROM.search(b.text) if short else None
        if m is not None and start is None:
            start = parse_date(b.text[m.start() :])
        announced = announced or bool(_ANNOUNCED.search(b.text))
    return (span, words, said, cue, start, until, announced)


def _roles(drafts: list[_Draft]) -> tuple[PolicyText, ...]:
    roles: list[str] = []
    for k, (_, _, said, cue, _, until, _) in enumerate(drafts):
        earlier = [d[2] for d in drafts[:k]]
        if any(_same(said, e) for e in earlier):
            roles.append("duplicate")
        elif until is not None or _PREVIOUS.match(cue):
            roles.append("previous")
        else:
            roles.append("")
    # A text that is valid until a date, shown beside one that has not yet started, is the one
    # still in force: the other is announced.
    ended = [k for k, r in enumerate(roles) if r == "previous" and drafts[k][5] is not None]
    open_ = [k for k, r in enumerate(roles) if r == ""]
    if ended and open_:
        until = drafts[ended[0]][5]
        assert until is not None
        later = [k for k in open_ if drafts[k][6] or (drafts[k][4] or dt.date.min) >= until]
        if later:
            roles[ended[0]] = "in-force"
            for k in later:
                roles[k] = "announced"
    if "in-force" not in roles:
        k = next((k for k, r in enumerate(roles) if r == ""), 0)
        roles[k] = "in-force"
    roles = [r or "previous" for r in roles]
    return tuple(
        PolicyText(role, span, start, until, cue)
        for role, (span, _, _, cue, start, until, _) in zip(roles, drafts, strict=True)
    )


def _printed_twice(policy: Policy, sections: list[Section]) -> tuple[PolicyText, ...] | None:
    """The page's text followed by itself again, line for line, whatever its length."""
    offset = len(policy.front_matter.splitlines())
    if not _comes_back([policy.preamble_source, *(s.source for s in sections)]):
        return None  # the opening does not come back: no second copy
    text = policy.source.removeprefix("\ufeff")[len(policy.front_matter) :]
    body = text.splitlines()
    numbered = [(offset + k + 1, ln.strip()) for k, ln in enumerate(body) if ln.strip()]
    half = len(numbered) // 2
    if (
        not half
        or len(numbered) % 2
        or any(a[1] != b[1] for a, b in zip(numbered[:half], numbered[half:], strict=True))
    ):
        return None
    second = numbered[half][0]
    date = policy.metadata.get("date")
    start = date if isinstance(date, dt.date) else None
    return (
        PolicyText("in-force", (offset + 1, second - 1), start),
        PolicyText("duplicate", (second, numbered[-1][0]), start, None, "the same text again"),
    )


# Where str.splitlines() ends a line.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _comes_back(parts: list[str]) -> bool:
    """Whether the first and the last line of the text after the front matter (*parts*: the
    preamble's and each section's source) both occur again (``str.count``): a text printed
    twice has each in both copies.

    Read from the parts rather than the text joined: they hold whole lines, so a line
    without CR or LF in it never straddles two of them.
    """
    filled = [p for p in parts if not p.isspace() and p]
    if not filled:
        return False
    first = filled[0]
    at = _NON_SPACE.search(first)
    assert at is not None
    end = first.find("\n", at.start())
    if end < 0 or "\r" in first[at.start() : end]:
        # The first line may go on past this part (CR line ends, or none): the whole text.
        text = "".join(parts)
        head = text.lstrip().split("\n", 1)[0].strip()
        if text.count(head) < 2:
            return False
    elif sum(p.count(first[at.start() : end].strip()) for p in parts) < 2:
        return False
    last = filled[-1].rstrip()
    tail = last[max(last.rfind(c) for c in _LINE_BREAKS) + 1 :].strip()
    return sum(p.count(tail) for p in parts) >= 2


def _same(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) >= 0.9 * max(len(a), len(b))


def in_force(policy: Policy) -> PolicyText | None:
    """The text in force on *policy*'s page, when the page holds several texts."""
    return next((t for t in policy.texts if t.role == "in-force"), None)
