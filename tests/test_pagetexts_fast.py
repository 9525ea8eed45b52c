"""Finding a page printed twice reads the source in parts; a property test holds it to the
check as first written, on the whole source."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from policydoc import parse
from policydoc.model import Policy, PolicyText
from policydoc.pagetexts import _printed_twice
from tests.strategies import LAYOUTS, any_text, policy_specs, render_layout


def _reference(policy: Policy) -> tuple[PolicyText, ...] | None:
    offset = len(policy.front_matter.splitlines())
    text = policy.source.removeprefix("\ufeff")[len(policy.front_matter) :]
    head = text.lstrip().split("\n", 1)[0].strip()
    if not head or text.count(head) < 2:
        return None
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


_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", " \n", "\u2028", "\x0b"])
layouts = st.builds(render_layout, policy_specs(), st.sampled_from(LAYOUTS))


@st.composite
def pages(draw: st.DrawFn) -> str:
    text = draw(st.one_of(layouts, any_text)).replace("\x00", "")
    end = draw(_ENDS)
    text = text.replace("\n", end) if draw(st.booleans()) else text
    shape = draw(st.sampled_from(["once", "twice", "twice-and-more", "front-matter"]))
    if shape == "twice":
        return text + draw(_ENDS) + text
    if shape == "twice-and-more":
        return text + end + text + end + draw(any_text).replace("\x00", "")
    if shape == "front-matter":
        return "---\ntitle: x\n---\n" + text + end + text
    return text


@given(pages())
def test_printed_twice_is_the_check_on_the_whole_source(text: str) -> None:
    policy = parse(text)
    assert _printed_twice(policy, list(policy.walk())) == _reference(policy)
