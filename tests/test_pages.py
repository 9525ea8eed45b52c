"""Captured web pages: page chrome around a policy and several texts on one page.

Fixtures in tests/fixtures/pages (README there); the Webs page is a real capture.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import policydoc
from policydoc import Level, Settings
from policydoc._examples import example_path
from policydoc.cli import main

from .conftest import shared_path
from .strategies import edited_policies, policy_specs, render

PAGES = Path(__file__).parent / "fixtures" / "pages"


def _load(name: str) -> policydoc.Policy:
    return policydoc.load(PAGES / name)


def _assess(old: str, new: str, **kw: object) -> policydoc.Assessment:
    return policydoc.compare(_load(old), _load(new)).assess(**kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.md")), ids=lambda p: p.name)
def test_round_trip_is_exact(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert policydoc.parse(text).source == text


# -- chrome ------------------------------------------------------------------------------


def test_menu_banner_related_links_and_footer_are_chrome() -> None:
    p = _load("chrome-v1.md")
    kinds = [(r.kind, r.lines) for r in p.chrome]
    assert kinds == [
        ("consent-banner", (1, 8)),  # the menu and the cookie banner before the title
        ("after-end", (28, 28)),  # "Was this article helpful?"
        ("footer", (30, 38)),  # related articles, social links, copyright
    ]
    assert p.chrome[2].section_id == "related-articles"
    # The policy itself is untouched: its sections and words are still there.
    assert [s.id for s in p.sections][:3] == [
        "information-we-collect",
        "how-we-use-information",
        "contact",
    ]


def test_chrome_only_change_is_editorial_and_names_the_region() -> None:
    a = _assess("chrome-v1.md", "chrome-v2.md")
    assert a.level == Level.EDITORIAL
    assert {r.rule for r in a.reasons} == {"editorial.chrome"}
    messages = " ".join(r.message for r in a.reasons)
    assert "consent-banner at lines 1-8" in messages
    assert "footer at lines 30-38" in messages


def test_policy_change_beside_chrome_change_is_still_read() -> None:
    a = _assess("chrome-v1.md", "chrome-v3.md")
    assert a.level == Level.MAJOR
    assert any(r.rule == "sensitive.new" for r in a.reasons)
    assert all(r.level == Level.EDITORIAL for r in a.reasons if r.rule == "editorial.chrome")


def test_real_capture_menu_and_footer() -> None:
    p = _load("webs-2020-12-08.md")
    regions = {(r.kind, r.lines) for r in p.chrome}
    assert ("link-list", (1, 23)) in regions  # site menu and country list
    # Social links, the site menu, two sign-up pitches and "©2020 Webs. All Rights Reserved."
    assert ("footer", (149, 161)) in regions
    assert p.chrome[-1].lines[1] == 181  # promotions under the footer, to the end
    text = (PAGES / "webs-2020-12-08.md").read_text(encoding="utf-8")
    edited = text.replace("©2020", "©2021").replace("[Blog](", "[Stories](")
    a = policydoc.compare(text, edited).assess()
    assert a.level == Level.EDITORIAL
    assert {r.rule for r in a.reasons} == {"editorial.chrome"}


def test_policy_text_with_cookie_wording_is_not_a_banner() -> None:
    text = (
        "# Privacy\n\n## Cookies\n\nWe use cookies. You can accept or reject cookies and "
        "manage preferences in your browser; we allow you to set cookie preferences.\n\n"
        "## Contact\n\nWrite to privacy@example.com.\n"
    )
    assert policydoc.parse(text).chrome == ()


def test_declared_chrome_from_settings(tmp_path: Path) -> None:
    page = (
        "# Privacy\n\n## Data we collect\n\nWe collect your email address to send receipts.\n\n"
        "## Our advisors\n\nJane Doe advises families on saving for college and retirement.\n"
    )
    edited = page.replace("saving for college and retirement", "health insurance and data")
    plain = policydoc.compare(page, edited).assess()
    assert plain.level > Level.EDITORIAL
    settings = Settings.from_mapping({"chrome-headings": ["^our advisors$"]})
    declared = policydoc.compare(page, edited).assess(rules=settings.rules())
    assert declared.level == Level.EDITORIAL
    assert "declared at lines 7-9" in declared.reasons[0].message
    # The user sees what was treated as chrome.
    (tmp_path / "policydoc.toml").write_text('chrome-headings = ["^our advisors$"]\n')
    (tmp_path / "page.md").write_text(page)
    issues = policydoc.check_structure(
        policydoc.parse(page), chrome_headings=settings.chrome_headings
    )
    assert [(i.kind, i.line, i.problem) for i in issues] == [("chrome", 7, False)]


def test_outline_marks_chrome_and_texts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outline", str(PAGES / "chrome-v1.md")]) == 0
    out = capsys.readouterr().out
    assert "[chrome: consent-banner]  lines 1-8" in out
    assert main(["outline", "--json", str(PAGES / "chrome-v1.md")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["kind"] for c in data["chrome"]] == ["consent-banner", "after-end", "footer"]
    assert data["texts"] == []
    import jsonschema

    jsonschema.validate(data, policydoc.json_schema("outline"))
    # --check lists how the page was read; chrome and texts are not problems.
    assert main(["outline", "--check", str(PAGES / "announced.md")]) == 0
    out = capsys.readouterr().out
    assert "text: lines 1-125: the announced text, effective 2024-03-01" in out
    assert "the in-force text, effective 2024-01-15, until 2024-03-01" in out
    assert "0 problems" in out


# -- several texts -----------------------------------------------------------------------


def test_texts_and_their_roles() -> None:
    roles = {
        name: [(t.role, t.effective_from, t.effective_until) for t in _load(name).texts]
        for name in ("twice.md", "announced.md", "previous.md", "once.md")
    }
    d = dt.date
    assert roles["twice.md"] == [
        ("in-force", d(2024, 6, 1), None),
        ("duplicate", d(2024, 6, 1), None),
    ]
    assert roles["announced.md"] == [
        ("announced", d(2024, 3, 1), None),
        ("in-force", d(2024, 1, 15), d(2024, 3, 1)),
    ]
    assert [r for r, _, _ in roles["previous.md"]] == ["in-force", "previous"]
    assert roles["once.md"] == []


def test_policy_printed_twice_then_once_is_editorial() -> None:
    a = _assess("twice.md", "once.md")
    assert a.level == Level.EDITORIAL
    assert a.changed and not a.amendment.identical
    assert any("second copy" in r.message for r in a.reasons)


def test_switch_to_announced_text_compares_texts_in_force() -> None:
    a = _assess("announced.md", "switched.md")
    v1, v2 = (policydoc.load(example_path(f"lumen-privacy-v{k}")) for k in (1, 2))
    bare = policydoc.compare(v1, v2).assess()
    assert a.level == bare.level  # old text in force before, new text in force after
    note = next(r for r in a.reasons if r.rule == "editorial.texts")
    assert "text in force before (lines 126-248" in note.message
    assert "until 2024-03-01" in note.message


def test_same_pages_with_several_texts_are_unchanged() -> None:
    a = _assess("announced.md", "announced.md")
    assert a.level == Level.NONE and not a.changed


# -- properties --------------------------------------------------------------------------

HEADERS = [
    "",
    "*   [Home](https://example.com/)\n*   [Blog](https://example.com/blog)\n"
    "*   [Help](https://example.com/help)\n\n",
    "[Skip to content](#main)\n\nWe use cookies on this site. Accept all Reject all "
    "Cookie settings\n\n",
    "*   [Home](https://example.com/)\n*   [Careers](https://example.com/jobs)\n\n"
    "This website uses cookies. Accept Decline\n\n",
]
FOOTERS = [
    "",
    "\nWas this article helpful? Yes No\n",
    "\n*   [About us](https://example.com/about)\n*   [Press](https://example.com/press)\n\n"
    "© 2024 Example Inc. All rights reserved.\n",
    "\n## Related articles\n\n*   [Delete your account](https://example.com/help/delete)\n"
    "*   [Export your data](https://example.com/help/export)\n",
    "\n[Facebook](https://www.facebook.com/x) [Twitter](https://twitter.com/x) "
    "[LinkedIn](https://www.linkedin.com/company/x)\n\n© 2025 Example Inc.\n",
]


def _wrap(text: str, header: str, footer: str) -> str:
    return header + text + footer


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    edited_policies(),
    st.sampled_from(HEADERS),
    st.sampled_from(HEADERS),
    st.sampled_from([f for f in FOOTERS if f.startswith("\n## ") or not f]),
)
def test_chrome_around_a_policy_never_changes_the_level(
    pair: tuple[str, str], h1: str, h2: str, f1: str
) -> None:
    """A menu, banner or footer (changed or not) keeps an edit's level; around an edit with
    no level (or two empty sections becoming one) it adds at most an editorial change.

    The footer is the same on both sides and has its own heading: a footer glued to a last
    section that the edit removes makes that section's text differ, and compare() may then
    pair the sections otherwise (a known limit; adding any footer alone is checked below). Policies whose
    section titles repeat are left out for the same reason."""
    f2 = f1
    old, new = pair
    for text in (old, new):
        titles = [s.title for s in policydoc.parse(text).walk()]
        assume(len(set(titles)) == len(titles))
    bare = policydoc.compare(old, new).assess().level
    wrapped = policydoc.compare(_wrap(old, h1, f1), _wrap(new, h2, f2)).assess().level
    if bare >= Level.EDITORIAL:
        assert wrapped == bare
    else:
        assert wrapped <= Level.EDITORIAL


@settings(max_examples=40, deadline=None)
@given(policy_specs(), st.sampled_from(HEADERS), st.sampled_from(FOOTERS))
def test_chrome_alone_is_at_most_editorial(spec, header: str, footer: str) -> None:  # type: ignore[no-untyped-def]
    text = render(spec)
    level = policydoc.compare(text, _wrap(text, header, footer)).assess().level
    assert level <= Level.EDITORIAL


@settings(max_examples=25, deadline=None)
@given(policy_specs(min_sections=3))
def test_printed_twice_then_once_is_editorial(spec) -> None:  # type: ignore[no-untyped-def]
    once = render(spec)
    twice = once + "\n" + once
    level = policydoc.compare(twice, once).assess().level
    assert level <= Level.EDITORIAL


# -- real pairs (optional data) ----------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.slow
def test_training_pairs_needing_no_notice_are_not_flagged_for_chrome() -> None:
    """Labelled none/editorial pairs of ../shared/training flagged material or above: three
    before chrome regions (021 demo widget, 035 menus and footer promos, 057), two now. 021's
    widget is read only in part (its first fields sit right under the policy's last
    paragraph); 057 is no chrome case (a change clause)."""
    root = shared_path("training", "cases")
    flagged = []
    for d in sorted(p for p in root.iterdir() if (p / "label.json").is_file()):
        label = json.loads((d / "label.json").read_text("utf-8"))
        if label["level"] not in ("none", "editorial"):
            continue
        a = policydoc.compare(policydoc.load(d / "old.md"), policydoc.load(d / "new.md"))
        if a.assess().level >= Level.MATERIAL:
            flagged.append(d.name)
    assert set(flagged) <= {"021", "057"}, flagged
