"""The DPV-derived vocabulary: data a user can read, map and extend."""

from __future__ import annotations

import json

import pytest

from policydoc import Level, assess, compare
from policydoc.significance.vocab import CONCEPTS, concept_of


def test_every_concept_names_a_dpv_iri_and_its_phrasings() -> None:
    assert len(CONCEPTS) >= 200
    for c in CONCEPTS:
        assert c.iri.startswith("https://w3id.org/dpv"), c
        assert c.phrases, c
        assert all(p == p.lower().strip() for p in c.phrases), c


def test_the_data_file_carries_the_w3c_licence_notice() -> None:
    from importlib.resources import files

    text = files("policydoc.significance").joinpath("data/dpv.toml").read_text("utf-8")
    assert "W3C Data Privacy Vocabulary (DPV) 2.3" in text
    assert "https://www.w3.org/copyright/software-license-2023/" in text


@pytest.mark.parametrize(
    ("phrase", "iri"),
    [
        ("faceprints", "https://w3id.org/dpv/pd#FacialPrint"),
        ("date of birth", "https://w3id.org/dpv/pd#BirthDate"),
    ],
)
def test_plural_and_singular_phrases_find_their_concept(phrase: str, iri: str) -> None:
    concept = concept_of(phrase)
    assert concept is not None and concept.iri == iri


def test_newly_collected_sensitive_data_is_major_and_names_its_dpv_concept() -> None:
    old = "# Privacy\n\n## Data we collect\n\nWe collect your email address.\n"
    new = "# Privacy\n\n## Data we collect\n\nWe collect your email address and a face template.\n"
    assessment = assess(compare(old, new))
    assert assessment.level == Level.MAJOR
    top = assessment.reasons[0]
    assert "https://w3id.org/dpv/pd#FacialPrint" in top.evidence.concepts
    assert "https://w3id.org/dpv/pd#FacialPrint" in json.dumps(assessment.to_dict())


def test_an_umbrella_mention_of_sensitive_data_is_not_new_sensitive_collection() -> None:
    old = "# Privacy\n\n## Sensitive data\n\nWe collect your email address.\n"
    new = (
        "# Privacy\n\n## Sensitive data\n\nWe collect your email address. We only process "
        "sensitive personal data to provide the service you asked for.\n"
    )
    assert "sensitive.new" not in {r.rule for r in assess(compare(old, new)).reasons}
