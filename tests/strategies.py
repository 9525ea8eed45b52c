"""Hypothesis strategies for policy documents: the one place tests get generated input from.

``policy_specs()`` generates a structured policy (title, nested sections, bodies)
that ``render()`` turns into Markdown in one of several real-world styles;
``edit_scripts`` (used by the amendment tests) mutate a spec.
"""

from __future__ import annotations

import dataclasses
import string

from hypothesis import strategies as st

WORDS = (
    "we collect use share store delete your personal information data email address "
    "account service partners cookies analytics security rights access request law "
    "provide improve process retain days months contact us policy update notice the a "
    "of and to with for by on in from may will not only must never"
).split()

TITLE_WORDS = (
    "Information Collection Use Sharing Cookies Retention Security Rights Children "
    "Transfers Changes Contact Summary Scope Definitions Choices Advertising Storage"
).split()


@dataclasses.dataclass
class SectionSpec:
    title: str
    level: int  # 1 = top level
    number: str | None
    paragraphs: list[str]


@dataclasses.dataclass
class PolicySpec:
    title: str | None
    preamble: list[str]
    sections: list[SectionSpec]


sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(
    lambda ws: (" ".join(ws)).capitalize() + "."
)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
titles = st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=3, unique=True).map(" ".join)


@st.composite
def policy_specs(draw: st.DrawFn, *, min_sections: int = 1, max_sections: int = 8) -> PolicySpec:
    n = draw(st.integers(min_sections, max_sections))
    sections: list[SectionSpec] = []
    level = 1
    numbered = draw(st.booleans())
    counter: list[int] = []
    for _ in range(n):
        level = draw(st.integers(1, min(level + 1, 3))) if sections else 1
        counter = counter[:level]
        while len(counter) < level:
            counter.append(0)
        counter[level - 1] += 1
        number = ".".join(map(str, counter)) if numbered else None
        sections.append(
            SectionSpec(
                title=draw(titles),
                level=level,
                number=number,
                paragraphs=draw(st.lists(paragraphs, min_size=0, max_size=3)),
            )
        )
    title = draw(st.one_of(st.none(), st.just("Privacy Policy")))
    preamble = draw(st.lists(paragraphs, max_size=2))
    return PolicySpec(title=title, preamble=preamble, sections=sections)


STYLES = ("atx", "setext", "bold")
LAYOUTS = ("atx", "clauses", "list-headings", "quoted", "titled-items")
"""Section layouts real policies use; ``render_layout`` writes a spec in any of them."""


def _label(s: SectionSpec) -> str:
    return f"{s.number} {s.title}" if s.number else s.title


def _indent(text: str, by: int) -> str:
    return "\n".join((" " * by + ln) if ln else ln for ln in text.split("\n"))


def _clauses(sections: list[SectionSpec]) -> str:
    """The whole policy one ordered list: ``1. **Title.** body``, sub-clauses as nested lists."""

    def items(k: int, depth: int) -> tuple[list[str], int]:
        out: list[str] = []
        n = 0
        while k < len(sections) and sections[k].level == depth:
            s = sections[k]
            n += 1
            marker = f"{n}. "
            first = f"{marker}**{_label(s)}.**" + (f" {s.paragraphs[0]}" if s.paragraphs else "")
            parts = [first, *(_indent(p, len(marker)) for p in s.paragraphs[1:])]
            k += 1
            if k < len(sections) and sections[k].level > depth:
                sub, k = items(k, depth + 1)
                parts.append(_indent(sub_text(sub), len(marker)))
            out.append("\n\n".join(parts))
        return out, k

    def sub_text(parts: list[str]) -> str:
        return "\n\n".join(parts)

    out, _ = items(0, 1)
    return sub_text(out)


def _list_headings(sections: list[SectionSpec]) -> str:
    """Every section a bullet whose first block is its heading (setext for the top level)."""
    out = []
    for s in sections:
        label = _label(s)
        head = f"{label}\n{'-' * len(label)}" if s.level == 1 else "#" * (s.level + 1) + " " + label
        body = "\n\n".join([head, *s.paragraphs])
        out.append("*   " + _indent(body, 4)[4:])
    return "\n\n".join(out)


def render_layout(spec: PolicySpec, layout: str) -> str:
    """Markdown for *spec* in one of :data:`LAYOUTS` (``titled-items`` needs one level and bodies)."""
    if layout == "atx":
        return render(spec)
    head: list[str] = []
    if spec.title:
        head.append(f"# {spec.title}")
    head.extend(spec.preamble)
    if layout == "clauses":
        body = _clauses(spec.sections)
    elif layout == "list-headings":
        body = _list_headings(spec.sections)
    elif layout == "quoted":
        atx = render(PolicySpec(title=None, preamble=[], sections=spec.sections)).rstrip("\n")
        body = "\n".join(("> " + ln) if ln else ">" for ln in atx.split("\n"))
    elif layout == "titled-items":
        body = "\n\n".join(
            "*   " + _indent("\n\n".join([_label(s), *s.paragraphs]), 4)[4:] for s in spec.sections
        )
    else:
        raise ValueError(layout)
    return "\n\n".join([*head, body]) + "\n"


def fits_layout(spec: PolicySpec, layout: str) -> bool:
    """Whether *layout* can express *spec* (a titled-item list is flat and every item has a body)."""
    if layout != "titled-items":
        return True
    return len(spec.sections) >= 2 and all(s.level == 1 and s.paragraphs for s in spec.sections)


def render(spec: PolicySpec, *, style: str = "atx", newline: str = "\n") -> str:
    """Markdown for *spec* in a heading style: ATX, setext where possible, or bold pseudo-headings."""
    out: list[str] = []
    offset = 1  # top-level sections are always "##", with or without a title
    if spec.title:
        out.append(f"# {spec.title}")
    out.extend(spec.preamble)
    max_level = max((s.level for s in spec.sections), default=1)
    for s in spec.sections:
        label = f"{s.number} {s.title}" if s.number else s.title
        depth = s.level + offset
        if style == "setext" and depth <= 2:
            out.append(f"{label}\n{'=' * len(label) if depth == 1 else '-' * len(label)}")
        elif style == "bold" and s.level == max_level == 1:
            # Bold pseudo-headings can only express one level below the title.
            body = "\n".join(s.paragraphs[:1])
            out.append(f"**{label}**  \n{body}" if body else f"**{label}**")
            out.extend(s.paragraphs[1:])
            continue
        else:
            out.append("#" * depth + " " + label)
        out.extend(s.paragraphs)
    return (newline * 2).join(part.replace("\n", newline) for part in out) + newline


# Arbitrary text, biased towards the characters that make Markdown interesting.
MARKDOWN_ALPHABET = st.sampled_from(
    list("#*_-=>`[]()!|:.\\ \t\n\r") + list(string.ascii_letters[:6]) + ["\u00a0", "1.", "\r\n"]
)
markdown_noise = st.lists(MARKDOWN_ALPHABET, max_size=200).map("".join)
any_text = st.one_of(st.text(max_size=300), markdown_noise)


# -- amendments ------------------------------------------------------------------


@st.composite
def formatting_variants(draw: st.DrawFn) -> tuple[str, str]:
    """Two renderings of one policy that differ only in presentation.

    Re-wrapped lines, NBSP for spaces, another heading style, another list
    marker, another link target: nothing a reader would call a word change.
    """
    spec = draw(policy_specs())
    style_a, style_b = (
        draw(st.sampled_from(["atx", "setext"])),
        draw(st.sampled_from(["atx", "setext"])),
    )
    a = render(spec, style=style_a)
    b = render(spec, style=style_b)
    rng = draw(st.randoms(use_true_random=False))

    def rewrap(text: str) -> str:
        out = []
        for line in text.split("\n"):
            if line.startswith("#") or set(line) <= set("=-") or not line:
                out.append(line)
                continue
            words_ = line.split(" ")
            out.append(
                "".join(
                    w + (rng.choice([" ", "\n", "\u00a0", "  "]) if i < len(words_) - 1 else "")
                    for i, w in enumerate(words_)
                )
            )
        return "\n".join(out)

    if draw(st.booleans()):
        b = rewrap(b)
    if draw(st.booleans()):
        item = draw(sentences)
        a += f"\n- {item}\n- [contact us](https://example.com/a?utm_source=x)\n"
        b += f"\n* {item}\n* [contact us](https://example.com/b)\n"
    return a, b


@st.composite
def edited_policies(draw: st.DrawFn) -> tuple[str, str]:
    """A policy and a version of it after a random edit script."""
    spec = draw(policy_specs(min_sections=2))
    old = render(spec, style=draw(st.sampled_from(STYLES)))
    new_spec = PolicySpec(
        spec.title,
        list(spec.preamble),
        [dataclasses.replace(s, paragraphs=list(s.paragraphs)) for s in spec.sections],
    )
    for _ in range(draw(st.integers(1, 5))):
        sections_ = new_spec.sections
        k = draw(st.integers(0, len(sections_) - 1))
        action = draw(
            st.sampled_from(
                ["insert", "delete", "replace", "move", "rename", "split", "merge", "add", "remove"]
            )
        )
        s = sections_[k]
        if action in ("insert", "delete", "replace") and s.paragraphs:
            p = draw(st.integers(0, len(s.paragraphs) - 1))
            ws = s.paragraphs[p].split(" ")
            i = draw(st.integers(0, len(ws) - 1))
            if action == "insert":
                ws.insert(i, draw(st.sampled_from(WORDS)))
            elif action == "delete" and len(ws) > 1:
                del ws[i]
            else:
                ws[i] = draw(st.sampled_from(WORDS))
            s.paragraphs[p] = " ".join(ws)
        elif action == "move" and len(sections_) > 1:
            sections_.insert(draw(st.integers(0, len(sections_) - 1)), sections_.pop(k))
        elif action == "rename":
            s.title = draw(titles)
        elif action == "split" and len(s.paragraphs) > 1:
            sections_.insert(k + 1, SectionSpec(draw(titles), s.level, None, s.paragraphs[1:]))
            s.paragraphs = s.paragraphs[:1]
        elif action == "merge" and k + 1 < len(sections_):
            nxt = sections_.pop(k + 1)
            s.paragraphs.extend(nxt.paragraphs)
        elif action == "add":
            sections_.insert(
                k, SectionSpec(draw(titles), 1, None, draw(st.lists(paragraphs, max_size=2)))
            )
        elif action == "remove" and len(sections_) > 1:
            sections_.pop(k)
    # Levels must still form a valid tree after moves.
    prev = 0
    for s in new_spec.sections:
        s.level = min(s.level, prev + 1)
        prev = s.level
    new = render(new_spec, style=draw(st.sampled_from(STYLES)))
    return old, new


# -- commitments whose negation flips a promise -----------------------------------------------

_DATA = ["your email address", "your location data", "your personal information", "your contacts"]
_WHO = ["advertisers", "our partners", "third parties", "data brokers"]
_PRACTICE_HEADINGS = [
    "Sharing",
    "Information we share",
    "Information we collect",
    "Who we share data with",
    "What we collect",
]


@st.composite
def negation_flips(draw: st.DrawFn) -> tuple[str, str]:
    """(old, new): a commitment in a sharing or collection section that a negation reverses.

    Either a prohibition loses its "not" ("We do not sell X" -> "We sell X") or a promise
    that protects the user gains one ("We ask for your consent before we share X" ->
    "We do not ask ...").
    """
    data, who = draw(st.sampled_from(_DATA)), draw(st.sampled_from(_WHO))
    heading = draw(st.sampled_from(_PRACTICE_HEADINGS))
    filler = draw(
        st.lists(st.sampled_from(WORDS), min_size=3, max_size=10).map(
            lambda w: " ".join(w).capitalize() + "."
        )
    )
    verb = draw(st.sampled_from(["share", "sell", "collect", "disclose"]))
    promise, broken = draw(
        st.sampled_from(
            [
                (f"We do not {verb} {data} with {who}.", f"We {verb} {data} with {who}."),
                (f"We never {verb} {data} with {who}.", f"We {verb} {data} with {who}."),
                (
                    f"We ask for your consent before we {verb} {data} with {who}.",
                    f"We do not ask for your consent before we {verb} {data} with {who}.",
                ),
                (
                    f"We will notify you before we {verb} {data} with {who}.",
                    f"We will not notify you before we {verb} {data} with {who}.",
                ),
                (
                    f"We anonymise {data} before we {verb} it with {who}.",
                    f"We do not anonymise {data} before we {verb} it with {who}.",
                ),
            ]
        )
    )
    old = f"# Policy\n\n## {heading}\n\n{filler} {promise} {filler}\n"
    return old, old.replace(promise, broken)
