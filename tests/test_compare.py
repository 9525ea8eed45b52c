from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

import policydoc
from policydoc import Amendment, ChangeKind, PatchError, apply_patch, compare, parse
from policydoc.normalize import NORMALIZERS
from policydoc.text import sentences
from tests.conftest import shared_path
from tests.strategies import any_text, edited_policies, formatting_variants, policy_specs, render

BASE = """# Privacy Policy

Last updated: January 1, 2025

## 1. Information we collect

We collect your name and email address when you sign up. We also collect usage data.

## 2. How we use information

We use your information to provide the service and to send you receipts.

## 3. Sharing

We do not share your personal information with advertisers. We share data with our hosting provider.

## 4. Retention

We keep your data for 30 days after you close your account.

## 5. Contact

Write to privacy@example.com with any question about this policy.
"""


def kinds(a: Amendment) -> dict[str, str]:
    return {c.section_id: c.kind.value for c in a.changes}


def test_identical_documents_are_unchanged() -> None:
    a = compare(BASE, BASE)
    assert a.identical
    assert set(kinds(a).values()) == {"unchanged"}
    assert a.changed == ()


def test_modified_section_has_word_ops_and_sentences() -> None:
    new = BASE.replace("We do not share your", "We share your")
    a = compare(BASE, new)
    c = next(c for c in a.changes if c.section_id == "sharing")
    assert c.kind == ChangeKind.MODIFIED and c.modified
    assert [(o.op, o.text) for o in c.ops if o.op != "equal"] == [("delete", "do not ")]
    assert c.words_deleted == 2 and c.words_inserted == 0
    (s,) = c.sentences
    assert s.old.startswith("We do not share") and s.new.startswith("We share your")
    assert s.deleted == "do not"


def test_renamed_section_keeps_both_facts() -> None:
    new = BASE.replace("## 4. Retention", "## 4. How long we keep data").replace(
        "30 days", "90 days"
    )
    c = next(c for c in compare(BASE, new).changes if c.old and c.old[0].id == "retention")
    assert c.kind == ChangeKind.RENAMED and c.renamed and c.modified
    assert c.new[0].id == "how-long-we-keep-data"


def test_renumbering_is_formatting() -> None:
    new = BASE.replace("## 3. Sharing", "## 7. Sharing")
    c = next(c for c in compare(BASE, new).changes if c.section_id == "sharing")
    assert c.kind == ChangeKind.FORMATTING and c.renumbered
    assert "numbering" in c.normalizers


def test_moved_section() -> None:
    p = parse(BASE)
    sections = [s.full_source for s in p.sections]
    new = p.preamble_source + "".join([sections[4], *sections[:4]])
    a = compare(BASE, new)
    moved = [c.section_id for c in a.changes if c.kind == ChangeKind.MOVED]
    assert moved == ["contact"]
    assert all(c.kind in ("unchanged", "moved") for c in a.changes)


def test_added_and_removed_sections() -> None:
    new = BASE.replace(
        "## 5. Contact",
        "## 5. Children\n\nOur service is not for children under 16.\n\n## 6. Contact",
    ).replace(
        "## 4. Retention\n\nWe keep your data for 30 days after you close your account.\n\n", ""
    )
    a = compare(BASE, new)
    assert kinds(a)["children"] == "added"
    assert kinds(a)["retention"] == "removed"
    order = [c.section_id for c in a.changes]
    assert order.index("retention") == order.index("sharing") + 1  # listed where it stood


def test_split_and_merge() -> None:
    split = BASE.replace(
        "## 1. Information we collect\n\nWe collect your name and email address when you sign up. We also collect usage data.",
        "## 1. Account information\n\nWe collect your name and email address when you sign up.\n\n"
        "## Usage information\n\nWe also collect usage data such as pages visited.",
    )
    a = compare(BASE, split)
    (c,) = [c for c in a.changes if c.kind == ChangeKind.SPLIT]
    assert [s.id for s in c.old] == ["information-we-collect"]
    assert [s.id for s in c.new] == ["account-information", "usage-information"]
    b = compare(split, BASE)
    (m,) = [c for c in b.changes if c.kind == ChangeKind.MERGED]
    assert [s.id for s in m.old] == ["account-information", "usage-information"]
    assert [s.id for s in m.new] == ["information-we-collect"]


def test_formatting_reports_the_normaliser() -> None:
    new = BASE.replace("We keep your data for 30 days", "We keep *your* data\nfor 30\u00a0days")
    c = next(c for c in compare(BASE, new).changes if c.section_id == "retention")
    assert c.kind == ChangeKind.FORMATTING
    assert set(c.normalizers) == {"markup", "whitespace"}


def test_normalisers_can_be_switched_off() -> None:
    old = "## A\n\nSee [our page](https://a.example).\n"
    new = "## A\n\nSee [our page](https://b.example).\n"
    assert compare(old, new).changes[0].kind == "formatting"
    assert (
        compare(old, new, normalizers=["unicode", "markup", "whitespace"]).changes[0].kind
        == "modified"
    )
    with pytest.raises(policydoc.ConfigError, match="unknown normaliser 'nope'"):
        compare(old, new, normalizers=["nope"])


def test_metadata_and_preamble_changes() -> None:
    new = BASE.replace("January 1, 2025", "March 1, 2025")
    a = compare(BASE, new)
    assert [(m.key) for m in a.metadata] == ["date", "date_text"]
    assert a.preamble.kind == "modified"
    assert set(kinds(a).values()) == {"unchanged"}


def test_patch_round_trip_and_wrong_base() -> None:
    new = BASE.replace("\n", "\r\n").replace("30 days", "30\u00a0days  ")
    patch = compare(BASE, new).to_patch()
    assert apply_patch(BASE, patch) == new
    with pytest.raises(PatchError, match="refusing"):
        apply_patch(BASE + " ", patch)
    with pytest.raises(PatchError, match="not a policydoc patch"):
        apply_patch(BASE, "garbage")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


EVIL = (
    "## Sharing <img src=x onerror=alert(1)>\n\n<script>alert('x')</script> "
    "&lt;script&gt;alert(2)&lt;/script&gt; [click](javascript:alert(1)) "
    '<a href="javascript:evil()" onclick="steal()">x</a> <svg onload=alert(3)>\n'
)


@pytest.mark.parametrize("normalizers", [None, ["whitespace"]])
def test_html_redline_is_inert(normalizers) -> None:
    a = compare("## Sharing\n\nNothing.\n", EVIL, normalizers=normalizers)
    for page in (a.redline("html"), a._repr_html_()):
        parser = _Tags()
        parser.feed(page)
        allowed = {
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "h1",
            "h2",
            "div",
            "nav",
            "ol",
            "ul",
            "li",
            "a",
            "span",
            "section",
            "small",
            "p",
            "del",
            "ins",
            "code",
        }
        for tag, attrs in parser.tags:
            assert tag in allowed, tag
            for name, value in attrs:
                assert not name.startswith("on"), (tag, name)
                assert not (value or "").lower().startswith("javascript:"), (tag, value)
        assert "alert" in page  # the text is shown, escaped


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "ansi", "json"])
def test_every_redline_format_mentions_the_change(fmt: str) -> None:
    a = compare(BASE, BASE.replace("30 days", "90 days"))
    out = a.redline(fmt)
    assert "90" in out and "30" in out


def test_json_schema_and_round_trip() -> None:
    a = compare(BASE, BASE.replace("30 days", "90 days"))
    data = json.loads(a.to_json(include_sources=True))
    assert data["schema"] == 1
    assert list(data)[:3] == ["schema", "old", "new"]
    assert Amendment.from_dict(data).to_dict() == a.to_dict()


def test_repr_is_readable() -> None:
    a = compare(BASE, BASE.replace("30 days", "90 days"))
    assert repr(a) == "<Amendment 'Privacy Policy': 1 modified; +1/-1 words>"


# -- properties --------------------------------------------------------------------


@given(any_text, any_text)
def test_patch_rebuilds_arbitrary_text(old: str, new: str) -> None:
    from policydoc.patch import make_patch

    assert apply_patch(old, make_patch(old, new)) == new


@given(edited_policies())
def test_patch_and_accounting_on_edited_policies(pair: tuple[str, str]) -> None:
    old, new = pair
    a = compare(old, new)
    assert apply_patch(old, a.to_patch()) == new
    _assert_accounted(a)


@given(policy_specs(), st.sampled_from(["atx", "setext", "bold"]))
def test_self_comparison_is_unchanged(spec, style) -> None:
    text = render(spec, style=style)
    a = compare(text, text)
    assert all(c.kind == "unchanged" for c in (*a.changes, a.preamble))


@given(formatting_variants())
def test_formatting_only_edits_are_formatting(pair: tuple[str, str]) -> None:
    a = compare(*pair)
    assert {c.kind.value for c in (*a.changes, a.preamble)} <= {"unchanged", "formatting"}


@given(edited_policies())
def test_compare_is_deterministic(pair: tuple[str, str]) -> None:
    assert compare(*pair).to_dict() == compare(*pair).to_dict()


@given(edited_policies())
def test_json_round_trips(pair: tuple[str, str]) -> None:
    a = compare(*pair)
    data = json.loads(a.to_json(include_sources=True))
    assert Amendment.from_dict(data).to_dict() == a.to_dict()


def _assert_accounted(a: Amendment) -> None:
    old_ids = [s.id for c in a.changes for s in c.old]
    new_ids = [s.id for c in a.changes for s in c.new]
    assert sorted(old_ids) == sorted(a.old.ids)
    assert sorted(new_ids) == sorted(a.new.ids)


@pytest.mark.corpus
def test_corpus_pairs_patch_exactly_and_account_for_every_section() -> None:
    root = shared_path("corpus", "pairs")
    for d in sorted(root.iterdir()):
        old = policydoc.load(d / "old.md")
        new = policydoc.load(d / "new.md")
        a = compare(old, new)
        assert apply_patch(old.source, a.to_patch()) == new.source, d.name
        _assert_accounted(a)


@pytest.mark.parametrize("normalizer", NORMALIZERS, ids=lambda n: n.name)
@given(text=any_text)
def test_each_normaliser_is_idempotent(normalizer, text: str) -> None:
    once = normalizer(text)
    assert normalizer(once) == once


@given(any_text, any_text)
def test_fast_delta_application_matches_diff_match_patch(old: str, new: str) -> None:
    from diff_match_patch import diff_match_patch

    from policydoc.patch import apply_delta, delta

    d = delta(old, new)
    reference = "".join(t for op, t in diff_match_patch().diff_fromDelta(old, d) if op != -1)
    assert apply_delta(old, d) == reference == new


@given(any_text, any_text, any_text)
def test_a_chain_of_deltas_rebuilds_the_last_text(a: str, b: str, c: str) -> None:
    from policydoc.patch import apply_deltas, delta

    assert apply_deltas(a, [delta(a, b), delta(b, c)]) == c


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A lone lower-case word ends its sentence, so an edit after it is read alone.
        ("Never collect a. We ask first.", ["Never collect a.", "We ask first."]),
        # Initials and abbreviations do not end a sentence.
        ("J. Smith is our officer. It ends.", ["J. Smith is our officer.", "It ends."]),
        (
            "We share it with, e.g. banks. You may object.",
            ["We share it with, e.g. banks.", "You may object."],
        ),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
