"""Named, idempotent normalisers applied before comparing text.

Real policy histories are full of changes that change no words: re-wrapped
lines, restyled lists and headings, new link targets, smart quotes. Each
normaliser removes one kind of such noise; a change that disappears under the
pipeline is reported as ``formatting`` together with the normalisers that
absorbed it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

import attrs

from policydoc.errors import ConfigError
from policydoc.text import normalize_space

__all__ = ["NORMALIZERS", "NORMALIZER_VERSION", "Normalizer", "normalize"]

NORMALIZER_VERSION = "2"
"""Changes whenever the pipeline reads some text differently; stores record the version their
normal-hashes were computed with."""


@attrs.frozen(slots=True)
class Normalizer:
    """A named text -> text function that is idempotent: ``f(f(x)) == f(x)``."""

    name: str
    """Short name used in configuration and in ``formatting`` changes."""
    func: Callable[[str], str] = attrs.field(repr=False)
    """The text -> text function."""
    description: str
    """What the normaliser ignores, in words."""
    repeat: bool = attrs.field(default=False, repr=False)
    """Run to a fixed point: removing one layer of markup can uncover another ("*# x*")."""

    def __call__(self, text: str) -> str:
        out = self.func(text)
        if self.repeat:
            # Every pass only removes or replaces markup, so this converges; the bound is a
            # guard against a pathological input, not a time limit.
            for _ in range(32):
                if out == text:
                    break
                text, out = out, self.func(out)
        return out


_ZS = re.compile(r"[^\S\n]+")  # whitespace other than newline


_LINE_EDGE = re.compile(r"^ | $", re.M)


def _unicode(text: str) -> str:
    # Keep line structure: later normalisers work line by line.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        # ASCII is NFKC already with nothing invisible: per line, normalize_space only
        # collapses whitespace runs and strips the ends, which two passes do on the whole text.
        return _LINE_EDGE.sub("", _ZS.sub(" ", text))
    lines = text.split("\n")
    return "\n".join(normalize_space(ln) if ln.strip() else "" for ln in lines)


_TYPO = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u2026": "...",
    }
)  # fmt: skip


_TYPO_TEXT = {chr(c): t for c, t in _TYPO.items() if isinstance(t, str)}
_TYPO_CHAR = re.compile("[" + "".join(map(re.escape, _TYPO_TEXT)) + "]")


# Two or three hyphens typed for a dash inside a line (not a "---" rule on its own line).
_DASHES = re.compile(r"(?<=[^\s-])-{2,3}(?=[^\s-])|(?<=\S )-{2,3}(?= \S)")


# Entities for the same characters ("&mdash;" is "—"): decoded here, before the dashes and
# quotes they stand for are folded; the markup normaliser decodes the rest.
_TYPO_ENTITY = re.compile(
    r"&(?:[mn]dash|[lr]squo|[lr]dquo|hellip|nbsp|#8211|#8212|#8216|#8217|#8220|#8221|#x2014|#x2013);"
)


# Speed: each pattern below runs only when the text holds a literal its every match must
# contain ("&" for an entity, "--" for typed dashes, "](" for a link, ...). A pattern that
# cannot match leaves the text as it is, so skipping it changes nothing, and most
# sections hold none of these.


def _typography(text: str) -> str:
    if "&" in text:
        # "&nbsp;" is a space: normalising it alone would strip it to nothing ("30&nbsp;days").
        text = _TYPO_ENTITY.sub(lambda m: normalize_space(html.unescape(m.group(0))) or " ", text)
    if not text.isascii():  # _TYPO maps only non-ASCII characters
        # translate() looks every character of a non-ASCII text up in a dict: slow on long
        # sections; the regex visits only the characters _TYPO maps, with the same result.
        text = _TYPO_CHAR.sub(lambda m: _TYPO_TEXT[m.group(0)], text)
    # "--" typed for a dash reads as the dash itself ("USA -- privacy@..." / "USA — privacy@...").
    return _DASHES.sub("-", text) if "--" in text else text


_IMAGE_OR_LINK = re.compile(
    r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\s*\)"
)
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.M)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+|[^>\s@]+@[^>\s]+)>")
_TRACKING = re.compile(r"([?&])(?:utm_[a-z]+|fbclid|gclid|mc_[a-z]+|_ga|_gl)=[^&\s)\]>\"]*&?", re.I)


# A "?" or "&" left dangling at the end of an address once its tracking parameters are
# gone; a "&" between words ("Hotels & Resorts") is text.
_DANGLING = re.compile(r"(?<=[^\s(\[])[?&](?=[\s)\]>\"]|$)", re.M)


def _links(text: str) -> str:
    prev = None
    while prev != text and "](" in text:  # nested brackets: strip from the inside out
        prev = text
        text = _IMAGE_OR_LINK.sub(r"\1", text)
    if "][" in text:
        text = _REF_LINK.sub(r"\1", text)
    if "]:" in text:
        text = _REF_DEF.sub("", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    prev = None
    while prev != text and "=" in text:
        prev = text
        text = _TRACKING.sub(r"\1", text)
    return _DANGLING.sub("", text) if "?" in text or "&" in text else text


_SKIP_LINE = re.compile(
    r"^\s*(?:[=\-]{2,}|(?:[-*_]\s*){3,}|\|?(?:\s*:?-{1,}:?\s*\|)+\s*:?-*:?\s*)$"
)
_ATX = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_ATX_CLOSE = re.compile(r"\s+#+\s*$")
_QUOTE = re.compile(r"^(?:\s*>)+\s?")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,9}[.)])\s+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.S)
_EMPHASIS = re.compile(r"\*+|~~|`+|(?<!\w)_+|_+(?!\w)")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")


def _markup(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if _SKIP_LINE.match(line):
            continue
        line = _ATX_CLOSE.sub("", _ATX.sub("", line)) if _ATX.match(line) else line
        start = line.lstrip()[:1]  # str.isspace() is re's \s: the first character after it
        if start == ">":
            line = _QUOTE.sub("", line)
            start = line.lstrip()[:1]
        prev = None
        # A marker starts with one of "-*+•" or a digit (isdigit() covers every \d).
        while prev != line and (start in "-*+•" or start.isdigit()):  # "- 1. item", nesting
            prev = line
            line = _BULLET.sub("", line)
            start = line.lstrip()[:1]
        if line.endswith("\\"):  # a backslash hard break is the same break as two spaces
            line = line[:-1]
        lines.append(line.replace("|", " "))
    text = "\n".join(lines)
    text = _HTML_TAG.sub(" ", text) if "<" in text else text
    if "&" in text:
        # A decoded entity reads like the character typed in its place, which the unicode
        # normaliser already folded ("&trade;" and "™" are both "TM").
        text = _ENTITY.sub(lambda m: unicodedata.normalize("NFKC", html.unescape(m.group(0))), text)
    if "*" in text or "~" in text or "`" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def _whitespace(text: str) -> str:
    return " ".join(text.split())


NORMALIZERS: tuple[Normalizer, ...] = (
    Normalizer(
        "unicode",
        _unicode,
        "NFKC; NBSP and other Unicode spaces as spaces; invisible characters dropped",
    ),
    Normalizer(
        "typography", _typography, "smart quotes, dashes and ellipses as ASCII", repeat=True
    ),
    Normalizer(
        "links",
        _links,
        "link targets and tracking parameters dropped, link text kept",
        repeat=True,
    ),
    Normalizer(
        "markup",
        _markup,
        "emphasis, heading, list-marker, quote, table and HTML markup dropped",
        repeat=True,
    ),
    Normalizer(
        "whitespace", _whitespace, "whitespace runs and line wrapping collapsed to single spaces"
    ),
)
"""The built-in normalisers, in the order :func:`compare` applies them."""
_BY_NAME = {n.name: n for n in NORMALIZERS}


def resolve(names: Iterable[str] | None) -> tuple[Normalizer, ...]:
    """The normalisers named in *names* (all when ``None``), always in pipeline order."""
    if names is None:
        return NORMALIZERS
    wanted = list(names)
    unknown = [n for n in wanted if n not in _BY_NAME]
    if unknown:
        raise ConfigError(f"unknown normaliser {unknown[0]!r}; choose from {', '.join(_BY_NAME)}")
    return tuple(n for n in NORMALIZERS if n.name in wanted)


def normalize(text: str, normalizers: Sequence[Normalizer] = NORMALIZERS) -> str:
    """Apply *normalizers* in order. The result is what word diffs compare."""
    for n in normalizers:
        text = n(text)
    if not normalizers or normalizers[-1].name != "whitespace":
        # Word diffs need a canonical form of whitespace even when wrapping is compared.
        text = _ZS.sub(" ", text).strip()
    return text


def absorbed_by(old: str, new: str, normalizers: Sequence[Normalizer]) -> tuple[str, ...]:
    """Names of the normalisers without which *old* and *new* would differ."""
    needed = []
    for n in normalizers:
        rest = [m for m in normalizers if m is not n]
        if normalize(old, rest) != normalize(new, rest):
            needed.append(n.name)
    return tuple(needed)
