"""Children and sensitive data: newly collected or shared is major."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import sensitive

from .judge import fires, judge


def test_biometric_data_newly_collected_is_major() -> None:
    found = judge(None, "We collect your fingerprints to verify your identity.", topic="collection")
    assert found["sensitive.new"] is Level.MAJOR


def test_a_promise_not_to_collect_sensitive_data_is_not_collection() -> None:
    assert not fires(sensitive.sensitive_new, None, "We never collect your health data.")


def test_childrens_data_newly_collected_is_major() -> None:
    found = judge(
        None, "We collect personal information from children under 13 with parental consent."
    )
    assert found["children.new"] is Level.MAJOR
