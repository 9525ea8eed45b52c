"""The C++ diff engine (policydoc[fast]) gives exactly the pure-Python engine's diffs.

The pure diff-match-patch stays the reference: every property compares the two
on the same inputs, generated (small vocabularies force long equal runs and
many near-ties, where implementations would differ first) and from the corpus.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import policydoc
from policydoc import worddiff
from tests.conftest import shared_path
from tests.strategies import edited_policies

fast = worddiff._accelerated()
needs_fast = pytest.mark.skipif(fast is None, reason="fast-diff-match-patch is not installed")

_VOCAB = ["we", "share", "data", " ", ", ", ".", "not", "your", "\n", "é", "\U0001f600"]
token_lists = st.lists(st.sampled_from(_VOCAB), max_size=80)


@needs_fast
@given(token_lists, token_lists)
def test_engines_agree_on_raw_diffs(a, b) -> None:
    (ca, cb), _ = worddiff._encode([a, b])
    assert fast(ca, cb) == worddiff._pure_diff_main(ca, cb)


@needs_fast
@given(token_lists, token_lists, st.booleans())
def test_engines_agree_on_token_diffs(monkeypatch_session, a, b, semantic) -> None:
    accelerated = worddiff.diff_tokens(a, b, semantic=semantic)
    with monkeypatch_session.context() as m:
        m.setattr(worddiff, "diff_main", worddiff._pure_diff_main)
        assert accelerated == worddiff.diff_tokens(a, b, semantic=semantic)


def _fingerprint(amendment: policydoc.Amendment) -> list[object]:
    return [(c.kind, c.ops, c.sentences, c.normalizers) for c in amendment.changes]


@needs_fast
@given(edited_policies())
def test_compare_is_identical_with_either_engine(monkeypatch_session, pair) -> None:
    old, new = pair
    accelerated = _fingerprint(policydoc.compare(old, new))
    with monkeypatch_session.context() as m:
        m.setattr(worddiff, "diff_main", worddiff._pure_diff_main)
        assert accelerated == _fingerprint(policydoc.compare(old, new))


@needs_fast
@pytest.mark.corpus
def test_compare_is_identical_with_either_engine_on_corpus_pairs(monkeypatch) -> None:
    folders = sorted(shared_path("corpus", "pairs").iterdir())[::3]  # every third: 40 pairs
    pairs = [
        (
            policydoc.parse((d / "old.md").read_text("utf-8")),
            policydoc.parse((d / "new.md").read_text("utf-8")),
        )
        for d in folders
        if d.is_dir()
    ]
    accelerated = [_fingerprint(policydoc.compare(o, n)) for o, n in pairs]
    monkeypatch.setattr(worddiff, "diff_main", worddiff._pure_diff_main)
    assert accelerated == [_fingerprint(policydoc.compare(o, n)) for o, n in pairs]


def test_pure_engine_is_the_fallback(monkeypatch) -> None:
    monkeypatch.setenv("POLICYDOC_PURE_DIFF", "1")
    assert worddiff._accelerated() is None


@needs_fast
@given(token_lists, token_lists, st.integers(min_value=1, max_value=4000))
def test_budget_decision_is_the_same_with_either_engine(monkeypatch_session, a, b, budget) -> None:
    # The C++ engine decides "over budget" from its own shortest edit script; the pure one
    # from a forward pass of Myers' algorithm: a diff is refined finely by both or by neither.
    (ca, cb), _ = worddiff._encode([a, b])
    try:
        worddiff._bounded_diff(ca, cb, budget)
        native = True
    except worddiff._OverBudget:
        native = False
    assert native == worddiff._affordable(ca, cb, budget)


@given(st.text("ab", min_size=1, max_size=200), st.text("ab", max_size=200), st.data())
def test_snake_finds_the_end_of_the_equal_run(a, b, data) -> None:
    b = a[: data.draw(st.integers(0, len(a)))] + b
    x = data.draw(st.integers(0, len(a) - 1))
    y = data.draw(st.integers(0, len(b) - 1)) if b else 0
    if not b or a[x] != b[y]:
        return
    end = x
    while end < len(a) and end - x + y < len(b) and a[end] == b[end - x + y]:
        end += 1
    assert worddiff._snake(a, b, x, y, len(a), len(b)) == end
