"""Page chrome: the parts of a captured web page that are not the policy.

Policies captured from web pages and converted to Markdown keep the site's menus,
cookie banners, "Related articles" and share links, footers and forms. They are
found here by their shape and place, never by per-site lists:

- anywhere: a cookie banner (cookie wording and two or more button labels), a
  copyright line, a block of short lines repeated five or more times on the page,
  and a section titled like page furniture ("Related articles", "Follow us") whose
  body is links or short labels;
- before the policy's first paragraph of prose, and after its last one: link-only
  lists and paragraphs, short label lines with links, forms, "Was this helpful?";
- a short banner saying the policy is being revised, with no date or commitment;
- a form or booking widget under the policy: from its first field to the end of the
  page most blocks are field labels, buttons and status lines.

The regions stay in the source (the exact round trip holds); :attr:`Policy.chrome`
lists them and significance judges a change confined to them as editorial.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from policydoc.model import Block, ChromeRegion, Policy, Section
from policydoc.text import normalize_space

__all__ = ["declared_chrome", "find_chrome"]

_LINK = re.compile(r"!?\[(?P<label>[^\]\n]*)\]\([^)\n]*\)|<https?://[^>\s]+>")
_MARKUP = re.compile(r"^[\s>*+\-#|]*(?:\d{1,3}[.)]\s+)?|&\w+;|[*_`|·•–—›»/\s]+")
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\s+(?:©\s*)?\d{4}|\ball rights reserved\b", re.I
)
_COOKIE = re.compile(r"\bcookies?\b", re.I)
# Button labels: capitalised as buttons are, so "you can accept or reject cookies" is not one.
_BUTTON = re.compile(
    r"\b(?:Accept(?: [Aa]ll)?(?: [Cc]ookies)?|Reject(?: [Aa]ll)?|Allow (?:[Aa]ll|[Cc]ookies|[Ss]election)"
    r"|Deny(?: [Aa]ll)?|Decline(?: [Aa]ll)?|Got [Ii]t|I [Aa]gree|I [Aa]ccept|Agree and [Cc]lose"
    r"|Cookie (?:[Ss]ettings|[Pp]references)|Manage (?:[Cc]ookies|[Pp]references|[Ss]ettings|[Cc]hoices)"
    r"|Customi[sz]e(?: [Ss]ettings| [Cc]ookies)?|Only [Nn]ecessary|Necessary [Oo]nly"
    r"|Save (?:[Pp]references|[Ss]ettings))\b"
)
# The banner of implied consent: "By continuing to browse you agree to our use of cookies".
_IMPLIED = re.compile(r"\bby (?:continuing to|further) (?:browse|browsing|use|using|navigat)", re.I)
_SOCIAL = re.compile(
    r"\((?:https?:)?//(?:www\.)?(?:facebook|twitter|x|linkedin|instagram|youtube|tiktok|pinterest"
    r"|plus\.google|t\.me|reddit|threads|snapchat)\.(?:com|net|me)",
    re.I,
)
_FORM = re.compile(
    r"^\s*(?:[\w' ]{1,30}\*|submit|send(?: message)?|subscribe|sign up(?: free)?|book a demo"
    r"|request a demo|get started|contact sales|required|first name|last name|e-?mail(?: address)?\*?)\s*$",
    re.I,
)
_AFTER_END = re.compile(
    r"^\W*(?:was this (?:page|article|answer|information) (?:helpful|useful)|back to top"
    r"|share (?:this|on)|print(?: this page)?|did this (?:answer|help)|yes\W+no"
    r"|rate this (?:page|article)|still need help|(?:was|is) this helpful)\b",
    re.I,
)
# Headings of page furniture, in words any site uses; the section's body must also read as
# links or labels, so a policy section that happens to be titled so is kept.
_CHROME_TITLE = re.compile(
    r"^\W*(?:related(?: articles| pages| topics| links| content| resources)?|see also|share(?: this)?"
    r"|follow us|connect with us|quick links|useful links|more resources|popular (?:articles|topics)"
    r"|you may also like|recommended(?: articles)?|in this (?:article|section|page)|on this page"
    r"|(?:table of )?contents|jump to|navigation|menu|footer|newsletter|subscribe|need (?:more )?help"
    r"|was this (?:page|article) helpful|cookie (?:settings|preferences|consent)|explore|products"
    r"|company|resources|support|legal)\W*$",
    re.I,
)
# A form or booking widget printed under the policy: field labels marked required, buttons
# and status lines, each a paragraph of its own (a policy lists data in sentences or lists).
_WIDGET = re.compile(
    r"^\W*(?:[\w' ]{1,30}\*|submit|send(?: message)?|next|continue|back|loading\W*"
    r"|something went wrong|try again|get started|sign up(?: free)?|subscribe|contact sales"
    r"|(?:book|request|schedule|watch)(?: a| an| your)?(?: free| live)?"
    r" (?:demo|call|consultation|meeting|video|follow-up)"
    r"|pick a (?:time|date)|select (?:a )?(?:time|date)|first(?: and last)? name|last name"
    r"|(?:company|business) name|phone(?: number)?|e-?mail(?: address)?|job title)\W*$",
    re.I,
)
# A site's notice that the policy is being revised ("Revisions to the privacy policy are
# currently under discussion"): a state of the site, not a term of the policy.
_REVISING = re.compile(
    r"\b(?:revisions?|changes?|updates?|amendments?|(?:this|the|our) (?:privacy )?"
    r"(?:policy|notice|statement|terms))\b[^.!?]{0,60}?\b(?:(?:is|are) (?:currently |now )?"
    r"(?:under (?:discussion|review|consultation)|being (?:discussed|reviewed|revised|drafted"
    r"|prepared|considered)|open for (?:comment|discussion)))"
    r"|\bproposed (?:revisions?|changes?|updates?|amendments?) to (?:this|the|our)\b"
    r"|\bwe are (?:currently )?(?:reviewing|revising|updating) (?:this|the|our) (?:privacy )?"
    r"(?:policy|notice|statement)\b",
    re.I,
)
# A banner states; a policy clause on changes commits or conditions ("we will notify you").
_COMMITS = re.compile(r"\b(?:may|will|shall|must|reserve|agree|if|when|before)\b", re.I)
_MAX_BANNER_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_KEEP = re.compile(r"@|\d")  # e-mail and postal addresses, phone numbers, periods
_POLICY_WORDS = re.compile(
    r"\b(?:privacy|personal|data|information|polic(?:y|ies)|notice|consent|rights?|cookies?"
    r"|law|contact|request|delete|retain|share|collect)",
    re.I,
)
_MAX_LABEL_WORDS = 6
_WIDGET_CUES = 3
_REPEATS = 5


def find_chrome(policy: Policy) -> tuple[ChromeRegion, ...]:
    """The regions of *policy*'s page that are not the policy, in line order."""
    items = _items(policy)
    if not items:
        return ()
    repeated = _repeated_lines(items)
    # Kinds are read only where they can matter: every block is first checked for the cues
    # that count anywhere (cheap text tests), the rest near the head and tail.
    kinds = _Kinds(items, repeated)
    chrome: dict[int, str] = {}
    for k, (_, b) in enumerate(items):
        if _maybe_strong(b, repeated) and kinds[k] in _STRONG:
            chrome[k] = str(kinds[k])
    first = next(
        (k for k, (_, b) in enumerate(items) if _is_prose(b) and kinds[k] is None), len(items)
    )
    for k in range(first):
        if kinds[k] is not None and (kinds[k] != "navigation" or _has_link(items[k][1])):
            chrome.setdefault(k, "navigation" if kinds[k] == "promotion" else str(kinds[k]))

    def loose(j: int) -> bool:
        return kinds[j] is not None or _short(items[j][1])

    for k in range(len(items) - 1, first, -1):  # the first paragraph of prose starts the policy
        kind, block = kinds[k], items[k][1]
        if kind is None and _short(block):
            kind = "promotion"  # a tagline or call to action under the policy
        elif kind is None and _teaser(block, items[k + 1 :], chrome):
            kind = "promotion"  # "We care about children's privacy." above "Learn more"
        elif kind is None and block.text:
            # Prose inside a widget (a form's consent text, a demo pitch) sits between its
            # fields and buttons; the policy's last paragraph has policy text before it.
            # Text that reads as policy (or gives an address) must sit between chrome on both
            # sides; other prose needs only the widget below it and one label above.
            after = sum(j in chrome for j in range(k + 1, min(k + 4, len(items))))
            before = sum(loose(j) for j in range(max(k - 3, 0), k))
            needed = 2 if _POLICY_WORDS.search(block.text) or "@" in block.text else 1
            if after < 2 or before < needed:
                break
            kind = "promotion"
        if kind is not None:
            chrome.setdefault(k, kind)
    widget = _widget(items, kinds, first, chrome)
    for k in range(widget, len(items)):
        chrome.setdefault(k, "form" if _widget_cue(items[k][1]) else kinds[k] or "form")
    # A footer's menu sits beside its copyright line or social links.
    for k in sorted(chrome):
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(items) and j not in chrome and items[j][0] is items[k][0]:
                if kinds[j] is None or not _has_link(items[j][1]):
                    break
                chrome[j] = str(kinds[j])
                j += step
    for section in policy.walk():
        if _CHROME_TITLE.match(section.title) and section.blocks:
            owned = [k for k, (s, _) in enumerate(items) if s is section]
            if all(kinds[k] is not None or not items[k][1].text for k in owned):
                for k in owned:
                    chrome.setdefault(k, "link-list" if kinds[k] is None else str(kinds[k]))
    start = items[widget][1].lines[0] if widget < len(items) else None
    return _regions(policy, items, chrome, start)


def declared_chrome(
    policy: Policy, *, headings: Sequence[str] = (), text: Sequence[str] = ()
) -> tuple[ChromeRegion, ...]:
    """Regions a user declared as chrome: sections whose title matches one of *headings*
    and blocks whose text matches one of *text* (regular expressions, case-insensitive)."""
    if not headings and not text:
        return ()
    title_res = [re.compile(h, re.I) for h in headings]
    text_res = [re.compile(t, re.I) for t in text]
    out: list[ChromeRegion] = []
    covered: list[tuple[int, int]] = []
    for section in policy.walk():
        if any(r.search(section.title) for r in title_res):
            if any(a <= section.lines[0] <= b for a, b in covered):
                continue
            body = " ".join(s.text for s in section.walk() if s.text)
            out.append(ChromeRegion("declared", section.lines, body, section.id))
            covered.append(section.lines)
    for owner, block in _items(policy):
        if any(a <= block.lines[0] <= b for a, b in covered):
            continue
        if any(r.search(block.text) for r in text_res):
            out.append(
                ChromeRegion("declared", block.lines, block.text, owner.id if owner else None)
            )
    return tuple(sorted(out, key=lambda r: r.lines))


_STRONG = frozenset({"footer", "consent-banner", "repeated", "social-links", "revision-notice"})


class _Kinds:
    """:func:`_kind` of each item, read on first use."""

    def __init__(self, items: list[tuple[Section | None, Block]], repeated: frozenset[str]):
        self.items, self.repeated = items, repeated
        self.known: dict[int, str | None] = {}

    def __getitem__(self, k: int) -> str | None:
        if k not in self.known:
            self.known[k] = _kind(self.items[k][1], self.repeated)
        return self.known[k]


def _maybe_strong(block: Block, repeated: frozenset[str]) -> bool:
    """Could *block* be a copyright line, a cookie banner or a repeated label?"""
    text = block.text
    if not text:
        return False
    if text.count(" ") < 80:
        low = text.lower()
        if "©" in text or "(c)" in low or "reserved" in low or "copyright" in low:
            return True
        if "cookie" in low:
            return True
        if (
            text.count(" ") < _MAX_BANNER_WORDS
            and ("revis" in low or "propos" in low or "under" in low or "updating" in low)
            and _REVISING.search(text)
        ):
            return True
    return bool(repeated) and text.count(" ") <= 3 * _MAX_LABEL_WORDS


def _items(policy: Policy) -> list[tuple[Section | None, Block]]:
    out: list[tuple[Section | None, Block]] = [(None, b) for b in policy.preamble]
    for s in policy.walk():
        out.extend((s, b) for b in s.blocks)
    return out


def _lines(block: Block) -> list[str]:
    return [ln for ln in block.source.splitlines() if ln.strip()]


@functools.lru_cache(maxsize=8192)
def _label(line: str) -> str:
    """A line without its markup, as a label (one line is read several times)."""
    return normalize_space(_MARKUP.sub(" ", line)).strip()


@functools.lru_cache(maxsize=8192)
def _bare(line: str) -> str:
    """A line without links, images and markup: what is left when the links are taken out."""
    return _MARKUP.sub(" ", _LINK.sub(" ", line)).strip()


def _has_link(block: Block) -> bool:
    return "](" in block.source or "<http" in block.source


def _repeated_lines(items: Iterable[tuple[Section | None, Block]]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for _, b in items:
        if b.kind not in ("paragraph", "list"):
            continue
        if b.text.count(" ") > 3 * _MAX_LABEL_WORDS and "\n" not in b.source.rstrip("\n"):
            continue  # one long line: a sentence
        for line in _lines(b):
            if line.count(" ") > 2 * _MAX_LABEL_WORDS + 2:
                continue  # a sentence, not a label
            label = _label(line)
            if label and len(label.split()) <= _MAX_LABEL_WORDS and not _title_case(label):
                counts[label.casefold()] += 1
    # A title shows up in a table of contents and in each text a page holds: labels that
    # recur more often than that are the page's own ("Close tooltip", "Download PDF").
    return frozenset(k for k, n in counts.items() if n >= _REPEATS)


def _title_case(label: str) -> bool:
    """A section title ("Basic Account Information"): it recurs in tables of contents."""
    long = [w for w in re.findall(r"[^\W\d_]+", label) if len(w) > 3]
    return len(long) >= 2 and all(w[0].isupper() for w in long)


def _kind(block: Block, repeated: frozenset[str]) -> str | None:
    """What kind of chrome *block* looks like on its own, or ``None`` if it reads as policy text."""
    if block.kind not in ("paragraph", "list", "html", "blockquote", "table"):
        return None
    text = block.text
    if not text:
        return None
    n_words = text.count(" ") + 1
    if n_words <= 40 and _COPYRIGHT.search(text):
        return "footer"
    if n_words <= 80 and _COOKIE.search(text):
        buttons = {m.group(0).casefold() for m in _BUTTON.finditer(text)}
        if len(buttons) >= 2 or _IMPLIED.search(text):
            return "consent-banner"
    if block.kind == "table":
        return None
    if _revision_notice(block):
        return "revision-notice"
    if _AFTER_END.match(text):
        return "after-end"
    lines = _lines(block)
    # Most blocks are prose: a line too long for a label, and no link, rules out every
    # remaining kind without the costlier per-line reading below.
    if "](" not in block.source and any(ln.count(" ") > 2 * _MAX_LABEL_WORDS + 2 for ln in lines):
        return None
    if repeated and lines and all(_label(ln).casefold() in repeated for ln in lines):
        return "repeated"
    if sum(bool(_FORM.match(_label(ln))) for ln in lines) >= max(2, len(lines) // 2):
        return "form"
    if _KEEP.search(_LINK.sub(" ", block.source)):
        return None
    links = _LINK.findall(block.source)
    if links and all(not re.search(r"[^\W\d_]{2}", _bare(ln)) for ln in lines):
        if any(len(label.split()) > _MAX_LABEL_WORDS for label in links):
            return None
        social = {m.group(0).casefold() for m in _SOCIAL.finditer(block.source)}
        return "social-links" if len(social) >= 3 else "link-list"
    if all(
        len(_bare(ln).split()) <= _MAX_LABEL_WORDS and not _SENTENCE_END.search(_bare(ln))
        for ln in lines
    ):
        return "navigation" if len(lines) > 1 or _has_link(block) else "promotion"
    return None


def _revision_notice(block: Block) -> bool:
    """A short banner saying the policy is being revised, with no date, number or commitment."""
    text = block.text
    return (
        block.kind == "paragraph"
        and text.count(" ") < _MAX_BANNER_WORDS
        and bool(_REVISING.search(text))
        and not _KEEP.search(_LINK.sub(" ", block.source))
        and not _COMMITS.search(text)
    )


def _widget_cue(block: Block) -> bool:
    return (
        block.kind == "paragraph"
        and block.text.count(" ") < _MAX_LABEL_WORDS
        and "\n" not in block.source.strip()
        and bool(_WIDGET.match(_label(block.source.strip())))
    )


_PITCH = re.compile(r"[?!]")


def _widget(
    items: list[tuple[Section | None, Block]], kinds: _Kinds, first: int, chrome: dict[int, str]
) -> int:
    """Where a form or booking widget under the policy starts (``len(items)``: none).

    A widget prints field labels, buttons and status lines, with its pitch and consent
    text between them: from its first field to the end of the page most blocks are such
    labels. The policy's own paragraphs come before it, so a label in the policy (one
    "Email address" line) is followed by prose and starts nothing.
    """
    cues = [k for k in range(first + 1, len(items)) if _widget_cue(items[k][1])]
    if len(cues) < _WIDGET_CUES:
        return len(items)
    n = len(items)

    def loose(j: int) -> bool:
        b = items[j][1]
        return j in chrome or kinds[j] is not None or _short(b) or _widget_cue(b)

    # Loose blocks from each position to the end, counted once from the end.
    tail = [0] * (n + 1)
    for j in range(n - 1, -1, -1):
        tail[j] = tail[j + 1] + loose(j)
    for i, w in enumerate(cues):
        if len(cues) - i < _WIDGET_CUES:
            break
        if 3 * tail[w] >= 2 * (n - w):
            # The widget's title just above its first field ("Got a few minutes?").
            for _ in range(2):
                b = items[w - 1][1]
                if w - 1 <= first or not (loose(w - 1) or _pitch(b)):
                    break
                w -= 1
            return w
    return n


def _pitch(block: Block) -> bool:
    """A widget's call ("Got a few minutes?", "Wait! You're about to schedule a demo.")."""
    text = block.text
    return (
        len(text.split()) <= 30
        and bool(_PITCH.search(text))
        and not _POLICY_WORDS.search(text)
        and not _KEEP.search(text)
    )


_MORE = re.compile(r"^\W*(?:learn|read|find out|see|discover) more\b", re.I)


def _teaser(
    block: Block, after: list[tuple[Section | None, Block]], chrome: dict[int, str]
) -> bool:
    """A few words introducing a "Learn more" link that follows."""
    return len(block.text.split()) <= 30 and bool(after) and bool(_MORE.match(after[0][1].text))


def _short(block: Block) -> bool:
    """A few words with no number or address that read as a label or tagline ("Ready to
    get started?", "Better Websites Made Simple."), not a short sentence ("Thank you.")."""
    words = block.text.split()
    if block.kind != "paragraph" or len(words) > 8 or _KEEP.search(block.text):
        return False
    if len(words) == 1 and block.text.endswith("."):
        return False  # "Text.", "Thanks.": a sentence
    capitals = sum(w[0].isupper() for w in words)
    return not words or not block.text.rstrip().endswith(".") or 2 * capitals >= len(words)


_PUNCT = re.compile(r"[.!?;:]")


def _is_prose(block: Block) -> bool:
    return block.text.count(" ") >= 7 and bool(_PUNCT.search(block.text))


def _regions(
    policy: Policy,
    items: list[tuple[Section | None, Block]],
    chrome: dict[int, str],
    widget: int | None = None,
) -> tuple[ChromeRegion, ...]:
    """Join chrome blocks that follow each other in one owner; a section whose whole body
    (and sub-sections) is chrome becomes one region with its heading, and so does a section
    that starts inside a widget (from line *widget*), whose labels read as headings."""
    whole: dict[str, Section] = {}
    chrome_blocks = {id(items[k][1]) for k in chrome}

    def all_chrome(s: Section) -> bool:
        if widget is not None and s.lines[0] >= widget:
            return True
        ok = all(id(b) in chrome_blocks for b in s.blocks) and all(
            all_chrome(c) for c in s.children
        )
        return ok and bool(s.blocks or s.children)

    for s in policy.walk():
        if not any(s.id in w.path for w in whole.values()) and all_chrome(s):
            whole[s.id] = s
    out: list[ChromeRegion] = []
    for s in whole.values():
        kinds = [
            chrome[k] for k, (o, _) in enumerate(items) if k in chrome and o and s.id in o.path
        ]
        body = " ".join(x.text for x in s.walk() if x.text)
        kind = _main_kind(kinds) if kinds else "form"  # a widget's label read as a heading
        out.append(ChromeRegion(kind, s.lines, body, s.id))
    run: list[int] = []

    def flush() -> None:
        if run:
            owner = items[run[0]][0]
            text = " ".join(items[k][1].text for k in run if items[k][1].text)
            lines = (items[run[0]][1].lines[0], items[run[-1]][1].lines[1])
            kinds = [chrome[k] for k in run]
            out.append(ChromeRegion(_main_kind(kinds), lines, text, owner.id if owner else None))
            run.clear()

    for k in sorted(chrome):
        owner = items[k][0]
        if owner is not None and any(sid in whole for sid in owner.path):
            continue
        if run and (items[run[-1]][0] is not owner or run[-1] != k - 1):
            flush()
        run.append(k)
    flush()
    out.sort(key=lambda r: r.lines)
    if widget is not None:
        # The widget runs to the end of the page: one region, whatever labels read as headings.
        inside = [r for r in out if r.lines[0] >= widget]
        if len(inside) > 1:
            text = " ".join(r.text for r in inside if r.text)
            lines = (inside[0].lines[0], max(r.lines[1] for r in inside))
            out = [r for r in out if r.lines[0] < widget]
            out.append(ChromeRegion("form", lines, text, inside[0].section_id))
    return tuple(out)


def _main_kind(kinds: list[str]) -> str:
    order = (
        "consent-banner",
        "form",
        "footer",
        "social-links",
        "after-end",
        "link-list",
        "repeated",
        "navigation",
    )
    return next((k for k in order if k in kinds), kinds[0] if kinds else "navigation")
