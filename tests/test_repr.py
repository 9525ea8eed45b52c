"""REPL and Jupyter: short informative reprs, and HTML that escapes whatever a policy says."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import policydoc
from policydoc import History

# Markup the parser strips from plain text, and text it keeps that is markup in HTML.
HOSTILE = "<script>alert(1)</script>"
KEPT = '1 < 2 & "R&D" <img'
OLD = f"""# Privacy {HOSTILE}

## 1. Sharing {KEPT} and a very long title that goes on and on and on

We share your email address with our payment processor.

## 2. Retention

We keep your data for 30 days.
"""
NEW = OLD.replace(
    "payment processor.", f"payment processor and advertising partners {HOSTILE} <img."
).replace("30 days", "5 years")


@pytest.fixture
def objects(tmp_path):
    """One instance of every public class a user meets in a REPL."""
    amendment = policydoc.compare(OLD, NEW)
    assessment = amendment.assess()
    history = History.open(tmp_path / f"h{HOSTILE[:7]}.sqlite3")
    history.add(OLD, label=f"v1 {HOSTILE}", effective="2025-01-01")
    added = history.add(NEW, label="v2", effective="2025-01-02")
    change = next(c for c in amendment.changes if c.sentences)
    policy = amendment.new
    rule = policydoc.RuleSet.default().rules[0]
    yield {
        "Policy": policy,
        "Section": policy.sections[0],
        "Block": policy.sections[0].blocks[0],
        "Amendment": amendment,
        "SectionChange": change,
        "SentenceChange": change.sentences[0],
        "MetadataChange": policydoc.MetadataChange("date", None, "2025-01-01"),
        "DiffOp": change.sentences[0].ops[0],
        "Assessment": assessment,
        "Reason": assessment.reasons[0],
        "Evidence": assessment.reasons[0].evidence,
        "Notice": assessment.notice(),
        "Rule": rule,
        "Finding": policydoc.Finding("A long message " * 10),
        "History": history,
        "Version": history.head,
        "AddResult": added,
        "Since": history.since(f"v1 {HOSTILE}"),
        "Problem": policydoc.Problem(2, "v2", "a long message " * 10),
        "StructureIssue": policydoc.StructureIssue(
            "bold-as-text", 3, "a long message " * 10, "x" * 80
        ),
        "ChromeRegion": policydoc.ChromeRegion("footer", (3, 9), f"© {HOSTILE} " * 10, "x" * 80),
        "PolicyText": policydoc.PolicyText(
            "in-force", (3, 90), dt.date(2020, 1, 1), None, f"Effective until {HOSTILE}"
        ),
        "Settings": policydoc.Settings.from_mapping(
            {"fail-on": "major", "policies": [f"legal/{k}/*.md" for k in range(20)]},
            source="pyproject.toml",
        ),
    }
    history.close()


def test_every_public_class_is_covered(objects) -> None:
    classes = {
        name
        for name in policydoc.__all__
        if isinstance(getattr(policydoc, name), type)
        and not issubclass(getattr(policydoc, name), (Exception, str))
    }
    # Not objects a user holds: Normalizer and Unit are inputs to rules, RuleSet has its own test.
    assert classes - {"Normalizer", "Unit", "RuleSet"} <= set(objects)


def test_reprs_are_short_and_name_their_class(objects) -> None:
    for name, obj in objects.items():
        text = repr(obj)
        assert text.startswith(f"<{name} "), text
        assert len(text) <= 130, f"{name} repr is {len(text)} characters: {text}"
        assert "\n" not in text


def test_reprs_say_what_matters(objects, tmp_path) -> None:
    history, reason, notice = objects["History"], objects["Reason"], objects["Notice"]
    text = repr(history)
    assert "2 versions" in text and "head 'v2'" in text and history.head.level.value in text
    assert str(tmp_path) in text or "…" in text
    assert reason.rule in repr(reason) and reason.level.value in repr(reason)
    assert reason.section_id[:20] in repr(reason)
    assert f"{len(notice.items)} item" in repr(notice) and "consent=" in repr(notice)
    settings = repr(objects["Settings"])  # where from, and what differs from the defaults
    assert "'pyproject.toml'" in settings and "fail_on='major'" in settings
    assert "notice_days" not in settings
    history.close()
    assert "not readable" in repr(history)  # a closed history still has a repr


HTML_CLASSES = ["Policy", "Section", "Amendment", "Assessment", "Reason", "Notice"]
HTML_CLASSES += ["History", "Version", "Since"]


@pytest.mark.parametrize("name", HTML_CLASSES)
def test_html_is_escaped(objects, name) -> None:
    markup = objects[name]._repr_html_()
    assert "<script" not in markup.lower()
    assert "<img" not in markup.lower()
    if name not in ("Notice", "Version"):  # these two do not show the hostile text
        assert "&lt;script&gt;" in markup or "&lt;img" in markup, name
    if name in ("Policy", "Section", "Amendment", "Assessment", "Reason"):
        assert "&amp;" in markup and "&lt;img" in markup, name


def test_html_shows_what_each_object_is_about(objects) -> None:
    assessment = objects["Assessment"]
    markup = assessment._repr_html_()
    # a verdict, then one row per reason with its level coloured and its evidence
    assert re.search(r"color:#[0-9a-f]{6}'>" + assessment.level.value, markup)
    assert markup.count("<tr>") == len(assessment.reasons) + 1
    assert assessment.reasons[0].evidence.marked[:20].replace("'", "&#x27;") in markup
    history = objects["History"]
    timeline = history._repr_html_()
    assert all(f"<td>{v.seq}</td>" in timeline for v in history.versions)
    section_html = objects["Section"]._repr_html_()
    assert "very long title" in section_html and "Retention" not in section_html
    assert objects["Policy"].sections[1].id in objects["Policy"]._repr_html_()
    assert (
        "<del" in objects["Amendment"]._repr_html_() or "<ins" in objects["Amendment"]._repr_html_()
    )
