"""What the integrations render: escaped, with one anchor per change on a changelog page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from policydoc import Settings, _site
from tests.pages import V1, material, record

TODAY = dt.date(2026, 3, 1)
HOSTILE = '<script>alert("x")</script>'


def test_box_and_changelog_escape_policy_text_and_labels(tmp_path: Path) -> None:
    title = '## 2. How long we keep data & "why" <script>x</script>'
    old = V1.replace("## 2. How long we keep data", title)
    new = material(dt.date(2026, 6, 1)).replace("## 2. How long we keep data", title)
    record(tmp_path / "h.sqlite3", old, label=HOSTILE)
    page = _site.review("privacy.md", new, Settings(store="h.sqlite3"), root=tmp_path, today=TODAY)
    box = _site.change_box(page, href='x" onclick="evil')
    log = _site.changelog(page.entries)
    for html in (box, log):
        assert "<script>" not in html
    assert "How long we keep data &amp; &quot;why&quot;" in box
    assert 'href="x&quot; onclick=&quot;evil"' in box
    assert f"<h2>{HOSTILE}</h2>" not in log and "&lt;script&gt;alert(&quot;x&quot;)" in log


def test_each_redline_on_a_changelog_page_has_its_own_anchors(tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite3"
    record(store, V1)
    page = _site.review(
        "privacy.md", material(None), Settings(store=str(store)), root=tmp_path, today=TODAY
    )
    two = _site.changelog([page.entries[0], page.entries[0]])
    ids = re.findall(r'id="([^"]+)"', two)
    assert ids and len(ids) == len(set(ids))
    for href in re.findall(r'href="#([^"]+)"', two):
        assert href in ids


def test_no_box_below_minor_and_no_store_created(tmp_path: Path) -> None:
    page = _site.review("privacy.md", V1, Settings(store="h.sqlite3"), root=tmp_path, today=TODAY)
    assert page.pending is None and page.entries == () and _site.change_box(page, href=None) == ""
    assert not (tmp_path / "h.sqlite3").exists()
    assert "No versions recorded yet." in _site.changelog(page.entries)
