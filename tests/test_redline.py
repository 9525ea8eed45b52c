"""Redlines that keep structure: lists stay lists, tables stay tables, headings stay headings."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import policydoc
from policydoc import compare
from policydoc.cli import main
from policydoc.review import review_page

OLD = """# Privacy Policy

Last updated: March 3, 2025. This privacy policy explains what we do.

## Data we collect

We collect:

- your email address;
- your phone.
  - only for two-factor sign-in

| Data | Kept for |
|---|---|
| Email | 30 days |
| Logs | 7 days |

### Cookies

We use cookies.

Another paragraph.

## Contact

Write to us.
"""

NEW = (
    OLD.replace("your phone.", "your phone number.")
    .replace("| Email | 30 days |", "| Email | 90 days |")
    .replace("| Logs | 7 days |", "| Logs | 7 days |\n| IP address | 14 days |")
    .replace("We use cookies.", "We may use cookies.")
    .replace("March 3, 2025", "June 1, 2025")
)


@pytest.fixture(scope="module")
def amendment() -> policydoc.Amendment:
    return compare(OLD, NEW)


def test_text_redline_marks_words_inline_with_section_paths(amendment) -> None:
    out = amendment.redline("text", context_lines=0)
    assert "- your phone{+ number+}." in out  # a list item stays an item
    assert "| Email | [-30-]{+90+} days |" in out  # a changed cell is marked in its cell
    assert "| {+IP address+} | {+14 days+} |" in out  # an added row is a whole inserted row
    assert "@@ Data we collect > Cookies #cookies: modified @@\nWe {+may +}use cookies.\n" in out
    # Unchanged lines are left out with no context, shown with context.
    assert "your email address" not in out and "Another paragraph." not in out
    wide = amendment.redline("text", context_lines=1)
    assert "- your email address;" in wide and "Another paragraph." in wide
    # Metadata is shown whole, the date text ending where the date ends.
    assert "metadata date_text: Last updated: March 3, 2025 -> Last updated: June 1, 2025\n" in out


def test_text_redline_separates_distant_hunks() -> None:
    body = "\n\n".join(f"Paragraph number {k} says something." for k in range(10))
    old = f"## Terms\n\n{body}\n"
    new = old.replace("number 1 says", "number 1 now says").replace(
        "number 8 says", "number 8 no longer says"
    )
    out = compare(old, new).redline("text", context_lines=1)
    assert out.count("@@ Terms #terms: modified @@") == 2
    assert "Paragraph number 4" not in out


def test_markdown_redline_keeps_lists_tables_and_headings(amendment) -> None:
    out = amendment.redline("markdown")
    assert "## Data we collect *(modified)*" in out
    assert "### Cookies *(modified)*" in out
    assert "- your email address;\n- your phone **number**.\n  - only for two-factor sign-in" in out
    assert "| Data | Kept for |\n|---|---|\n| Email | ~~30~~**90** days |" in out
    assert "| **IP address** | **14 days** |" in out
    # The redline is itself Markdown with the same structure.
    p = policydoc.parse(out)
    data = p["data-we-collect-modified"]
    assert [b.kind for b in data.blocks] == ["paragraph", "list", "table"]


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: list[tuple[str, ...]] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))
        self.stack.append(tag)

    def handle_endtag(self, tag) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data) -> None:
        if data.strip():
            self.seen.append((*self.stack, data.strip()))


@pytest.mark.parametrize("page", ["html", "review"])
def test_html_redlines_keep_lists_and_tables(amendment, page) -> None:
    html = amendment.redline("html") if page == "html" else review_page(amendment)
    tree = _Tree()
    tree.feed(html)
    assert any(s[-3:] == ("li", "ins", "number") for s in tree.seen)
    assert any(s[-4:] == ("tr", "td", "del", "30") for s in tree.seen)
    assert any(s[-4:] == ("tr", "td", "ins", "IP address") for s in tree.seen)
    assert '<tr class="line-insert">' in html
    assert "<h3>Cookies" in html or "Cookies</h2>" in html


EVIL = (
    "## Sharing <img src=x onerror=alert(1)>\n\n<script>alert('x')</script>\n\n"
    "&lt;script&gt;alert(2)&lt;/script&gt; said the **&lt;b&gt;** tag.\n\n"
    "| a | b |\n|---|---|\n| <b onmouseover=x()>c</b> | d |\n\n"
    "- [click](javascript:alert(1)) <svg onload=alert(3)>\n"
)


# The three ways to the review page: the function, and the thin calls on the two classes.
PAGES = {
    "review_page": review_page,
    "Amendment.to_html": lambda a: a.to_html(),
    "Assessment.to_html": lambda a: a.assess().to_html(),
}


@pytest.mark.parametrize("make", PAGES.values(), ids=PAGES.keys())
def test_review_page_is_escaped_and_self_contained(make) -> None:
    a = compare("## Sharing\n\nNothing.\n", EVIL)
    page = make(a)
    tree = _Tree()
    tree.feed(page)
    for tag, attrs in tree.tags:
        assert tag not in ("script", "img", "svg", "iframe", "object", "link"), tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").lower().startswith("javascript:"), (tag, value)
    assert "&lt;script&gt;" in page and "alert" in page
    csp = [dict(attrs).get("content") for tag, attrs in tree.tags if tag == "meta"]
    assert any("default-src 'none'" in (c or "") for c in csp)  # nothing may be loaded or run


def test_review_page_shows_verdict_notice_and_reasons(amendment) -> None:
    old = "# Privacy Policy\n\n## Data\n\nWe collect your email address.\n\n## Contact\n\nWrite to us.\n"
    new = old.replace("your email address.", "your email address and your precise location.")
    assessment = compare(old, new).assess()
    page = review_page(assessment)
    verdict = page.index('class="verdict lvl-major"')
    assert verdict < page.index("Draft notice") < page.index('aria-label="changed sections"')
    assert 'class="lvl-major"><a href="#change-0">Data</a>' in page
    assert "sensitive.new" in page and "precise location" in page
    with pytest.raises(TypeError, match="Amendment or an Assessment"):
        review_page("not an amendment")  # type: ignore[arg-type]


def test_to_html_is_the_review_page(amendment) -> None:
    assessment = amendment.assess()
    page = review_page(amendment)
    assert page.startswith("<!DOCTYPE html>")
    assert amendment.to_html() == assessment.to_html() == page == review_page(assessment)
    assert amendment.to_html(context=True) == review_page(amendment, context=True)
    assert "Contact" in amendment.to_html(context=True) and "Contact" not in page


def test_amendment_to_html_uses_the_rules_given() -> None:
    old = "# Privacy Policy\n\n## Data\n\nWe collect your email address.\n"
    a = compare(old, old.replace("address.", "address and your precise location."))
    strict = a.to_html()
    rules = policydoc.RuleSet.default().with_level("sensitive.new", "minor")
    lenient = a.to_html(rules=rules)
    assert 'class="verdict lvl-major"' in strict
    assert 'class="verdict lvl-major"' not in lenient
    assert lenient == a.assess(rules=rules).to_html()


def test_notebook_display_is_a_fragment_of_the_same_content(amendment) -> None:
    # In Jupyter the page's own <head>, CSP and body-wide styles would restyle the notebook:
    # the objects show fragments there, and to_html() is the page to save or open.
    assessment = amendment.assess()
    for obj in (amendment, assessment):
        fragment = obj._repr_html_()
        assert "<!DOCTYPE" not in fragment and "<style" not in fragment
    assert assessment.level.value in assessment._repr_html_()
    assert all(r.rule in assessment._repr_html_() for r in assessment.reasons)
    assert all(r.rule in assessment.to_html() for r in assessment.reasons)
    assert "IP address" in amendment._repr_html_() and "IP address" in amendment.to_html()


def test_cli_review_format(tmp_path, capsys) -> None:
    old, new, out = tmp_path / "old.md", tmp_path / "new.md", tmp_path / "review.html"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    assert main(["diff", str(old), str(new), "--format", "review", "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["diff", str(old), str(new), "--context-lines", "0"]) == 1
    assert "{+ number+}" in capsys.readouterr().out


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.slow
def test_review_page_renders_in_a_real_browser(amendment, tmp_path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed")
    page = tmp_path / "review.html"
    page.write_text(review_page(amendment), encoding="utf-8")
    shot = tmp_path / "review.png"
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1100,1400",
        f"--screenshot={shot}",
        page.as_uri(),
    ]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, check=False, env={**os.environ, "HOME": str(tmp_path)}
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # A blank page compresses to almost nothing; a rendered report does not.
    assert len(data) > 20_000, len(data)
    # Printing must work too: the page lays out for paper without errors.
    pdf = tmp_path / "review.pdf"
    proc = subprocess.run(
        [*cmd[:-2], f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0 and pdf.read_bytes()[:5] == b"%PDF-"
    keep = os.environ.get("POLICYDOC_SCREENSHOT")
    if keep:
        Path(keep).write_bytes(data)


def test_ansi_and_json_redlines_carry_the_list_and_cell_changes(amendment) -> None:
    ansi = amendment.redline("ansi", context_lines=0)
    assert "- your phone\x1b[32m number\x1b[0m." in ansi
    assert "| Email | \x1b[9;31m30\x1b[0m\x1b[32m90\x1b[0m days |" in ansi
    data = amendment.to_dict()
    ops = {c["section"]: c["ops"] for c in data["changes"]}
    assert ["insert", " number"] in ops["data-we-collect"]
    assert ["delete", "30"] in ops["data-we-collect"] and ["insert", "90"] in ops["data-we-collect"]


def test_numbered_lists_stay_numbered() -> None:
    old = "## Rights\n\n1. Access\n2. Deletion\n   - within 30 days\n\nText.\n"
    a = compare(old, old.replace("Deletion", "Deletion and correction"))
    md = a.redline("markdown")
    assert "1. Access\n1. Deletion **and correction**\n   - within 30 days" in md
    html = a.redline("html")
    assert "<ol><li>Access</li>" in html and "<ul><li>within 30 days</li></ul></ol>" in html
    again = policydoc.parse(md)
    assert again.sections[0].text == "Access Deletion and correction within 30 days Text."
