"""Honest limits: what the engine cannot read it says so, and inputs mean what users mean."""

from __future__ import annotations

from pathlib import Path

import pytest

import policydoc
from policydoc import InputError, Level

_FR = (
    "# Politique de confidentialité\n\n## Données\n\nNous collectons votre adresse e-mail et "
    "votre nom pour gérer votre compte. Nous ne vendons jamais vos données personnelles à des "
    "tiers. Vous pouvez demander la suppression de vos données à tout moment en nous écrivant. "
    "Nous conservons les données pendant trois ans après la fin de votre abonnement, puis nous "
    "les supprimons de nos serveurs situés en France.\n"
)


def test_a_policy_not_in_english_is_flagged_for_review_not_judged() -> None:
    assessment = policydoc.compare(_FR, _FR.replace("ne vendons jamais", "vendons")).assess()
    assert assessment.needs_review
    assert assessment.level >= Level.MINOR
    assert "language.unsupported" in {r.rule for r in assessment.reasons}


def test_an_unchanged_policy_not_in_english_needs_nothing() -> None:
    assessment = policydoc.compare(_FR, _FR).assess()
    assert assessment.level == Level.NONE and not assessment.needs_review


def test_a_path_compares_the_files_contents(tmp_path: Path) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("# P\n\nWe do not share your email address.\n", "utf-8")
    new.write_text("# P\n\nWe share your email address.\n", "utf-8")
    assert policydoc.compare(old, new).assess().level >= Level.MATERIAL


def test_a_string_naming_a_file_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text("# P\n\nText.\n", "utf-8")
    with pytest.raises(InputError, match=r"name of an existing file.*pathlib.Path"):
        policydoc.compare(str(path), "# P\n\nText.\n")


def test_assess_on_something_else_than_an_amendment_says_what_it_needs() -> None:
    with pytest.raises(TypeError, match=r"compare\(old, new\)"):
        policydoc.assess("# Privacy")  # type: ignore[arg-type]
