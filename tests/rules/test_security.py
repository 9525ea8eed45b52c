"""Security: a dropped measure is material, a new one minor."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import security

from .judge import fires, judge


def test_a_dropped_measure_is_material() -> None:
    found = judge(
        "We encrypt your data in transit and at rest.", "We protect your data.", topic="security"
    )
    assert found["security.weakened"] is Level.MATERIAL


def test_a_new_measure_is_minor() -> None:
    old, new = "We protect your data.", "We encrypt your data in transit and at rest."
    assert fires(security.strengthened, old, new, topic="security")
    assert not fires(security.weakened, old, new, topic="security")
    assert security.strengthened.level is Level.MINOR


def test_anonymised_data_made_pseudonymised_is_material() -> None:
    found = judge(
        "Before survey answers reach partners they are anonymised.",
        "Before survey answers reach partners they are pseudonymised.",
    )
    assert found["security.deidentification_weakened"] is Level.MATERIAL
    assert "security.strengthened" not in found
    # The other way round is a stronger measure.
    found = judge(
        "Before survey answers reach partners they are pseudonymised.",
        "Before survey answers reach partners they are anonymised.",
    )
    assert "security.deidentification_weakened" not in found
