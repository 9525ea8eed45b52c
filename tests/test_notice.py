"""The draft notice is for users: plain words and the policy's own text, never the engine's."""

from __future__ import annotations

import pytest

from policydoc import Level, assess, compare
from tests.test_cases import _assessed, _names


@pytest.mark.parametrize("name", [n for n in _names() if _assessed(n)[1].requires_notice])
def test_a_notice_never_carries_internal_text(name: str) -> None:
    _, assessment = _assessed(name)
    notice = assessment.notice(include_review=True)
    assert notice, name
    for text in (notice.to_text(), notice.to_markdown(), notice.to_html()):
        for r in assessment.reasons:
            assert r.message not in text, (r.rule, r.message)
        assert "no rule could" not in text
        assert 'section "")' not in text and "section **)" not in text
    assert all(item.section.strip() for item in notice.items)


_OLD = "# Privacy\n\nWe run a bakery.\n\n## Sharing\n\nWe do not share your email address.\n"


def test_each_item_says_what_the_policy_now_says() -> None:
    new = _OLD.replace("We do not share", "We share")
    notice = assess(compare(_OLD, new)).notice()
    assert [i.section for i in notice.items] == ["Sharing"]
    assert 'now says: "We share your email address."' in notice.items[0].detail


def test_a_change_in_the_untitled_opening_is_named_the_introduction() -> None:
    new = _OLD.replace(
        "We run a bakery.", "We run a bakery and sell your email address to brokers."
    )
    notice = assess(compare(_OLD, new)).notice()
    assert "the introduction" in {i.section for i in notice.items}


def test_review_only_items_are_left_out_unless_asked_for() -> None:
    sections = "".join(
        f"## Part {k}\n\nYour listings are not syndicated to site {k}.\n\n" for k in range(3)
    )
    old = "# Terms\n\n" + sections + "## Sharing\n\nWe do not share your email address.\n"
    new = old.replace("are not syndicated", "are syndicated").replace("We do not share", "We share")
    assessment = assess(compare(old, new))
    assert assessment.level >= Level.MATERIAL
    plain = assessment.notice()
    everything = assessment.notice(include_review=True)
    assert len(everything.items) > len(plain.items) >= 1


def test_a_long_notice_ends_with_how_many_more_changes_and_where() -> None:
    sections = "".join(
        f"## Part {k}\n\nWe do not share your email address with shop {k}.\n\n" for k in range(12)
    )
    old = "# Privacy\n\n" + sections
    new = old.replace("We do not share", "We share")
    notice = assess(compare(old, new)).notice(limit=4)
    assert len(notice.items) == 4 and notice.more == 8
    assert notice.to_text().count("\n- ") == 5
    assert 'And 8 more changes in sections "Part 4"' in notice.to_text()
