"""Markdown text -> :class:`~policydoc.model.Policy`, built on markdown-it-py's token stream.

The parser works in two passes: markdown-it-py turns the text into block
tokens with line maps; we then decide which tokens are headings (ATX, setext,
or bold pseudo-headings), cut the *lines* of the input at heading starts (so
every character lands in exactly one node), and nest the sections by level.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from typing import Any

import attrs
from markdown_it import MarkdownIt
from markdown_it.rules_core import inline as _core_inline
from markdown_it.rules_core import text_join as _core_text_join
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType
from mdit_py_plugins.front_matter import front_matter_plugin

from policydoc.dates import find_date_line, parse_date
from policydoc.errors import InputError
from policydoc.frontmatter import load_front_matter
from policydoc.model import Block, Policy, Section
from policydoc.pagechrome import find_chrome
from policydoc.pagetexts import find_texts
from policydoc.text import normalize_space, slugify

__all__ = ["MAX_BYTES", "load", "parse"]

MAX_BYTES = 2 * 1024 * 1024
"""Inputs larger than this are refused with :class:`~policydoc.InputError`.

Eight times the largest real policy in the test corpus (250 KB); assessing an edit of a
1.9 MB policy took 37 s on a shared 2-core machine, and the cost grows linearly with size.
"""

# markdown-it's own line splitting: only CR, LF and CRLF end a line.
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# Where str.splitlines() ends a line and markdown-it does not.
_OTHER_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"

_BLOCK_KINDS = {
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "blockquote_open": "blockquote",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "hr": "rule",
}

_NUMBER_RE = re.compile(
    r"""^(?P<number>
        (?:article|section|clause|part|chapter|schedule|annex)\s+(?:\d+(?:\.\d+)*|[IVXLCDM]+)\b\.?
      | \d{1,3}(?:\.\d{1,3})*(?:\.|\)|(?=\s))
      | [IVXLCDM]+[.)](?=\s)
      | [A-Z][.)](?=\s)
      | \(\w{1,4}\)(?=\s)
    )
    \s*(?:[-–—:.]\s*)?(?P<title>\S.*)?$""",
    re.X | re.I,
)
_TAG_RE = re.compile(r"<[^>]*>")
_MAX_PSEUDO_WORDS = 12


class _Markdown(MarkdownIt):
    """markdown-it as the parser uses it: the same tokens, found faster."""

    def parse(self, src: str, env: EnvType | None = None) -> list[Token]:
        return _Tokens(super().parse(src, env))

    # Normalising a link destination (URL parsing, punycode, percent-encoding in pure
    # Python) was a tenth of parsing; the same destinations recur within a policy and
    # between its versions, and the function is pure, so its results are remembered.
    @cached_property
    def _links(self) -> Callable[[str], str]:
        return lru_cache(maxsize=4096)(super().normalizeLink)

    def normalizeLink(self, url: str) -> str:
        return self._links(url)


def _markdown(*, inline: bool = True) -> MarkdownIt:
    # maxNesting bounds recursion on adversarial input (deeply nested quotes and lists).
    md = _Markdown("commonmark", {"maxNesting": 40}).use(front_matter_plugin)
    md.enable("table")
    if not inline:
        md.disable(["inline", "text_join"])
    return md


_MD = _markdown()
# The same parser without its inline pass: _tokens() runs that pass itself, only where needed.
_BLOCKS = _markdown(inline=False)

# Characters an inline rule of _MD acts on (besides line breaks): backslash escapes, code
# spans, emphasis, links and images, autolinks and HTML, entities. Text without them is
# plain: markdown-it makes it text tokens split at line breaks, which _plain_children
# builds directly (tests/test_parse_fast.py holds it to markdown-it's own tokens).
_RICH_RE = re.compile(r"[\\`*_\[<&]")


def _tokens(text: str) -> list[Token]:
    """``_MD.parse(text)``, equal token for token once :func:`_kids` fills in the
    children of plain text, found faster.

    The inline pass is about half of markdown-it's time. Most blocks of a policy are plain
    text: their inline tokens are built only if the walker asks for them (most of the time
    their text is all it needs, and it is the source text). The others go through
    markdown-it's own inline and text-join rules (with the references the blocks defined),
    and are remembered for the next version of the policy.
    """
    env: EnvType = {}
    tokens = _BLOCKS.parse(text, env)
    references = bool(env.get("references"))
    for tok in tokens:
        if tok.type == "inline":
            content = tok.content
            if not _RICH_RE.search(content):
                tok.children = None  # plain text: see _kids
            elif len(content) > _REMEMBERED_CHARS or (references and "[" in content):
                # Not remembered: a long text (bounds the memory held), or links that
                # may name the references this document defines.
                tok.children = _rich_children(content, env)
            else:
                tok.children = _remembered_children(content)
    return tokens


def _rich_children(content: str, env: EnvType) -> list[Token]:
    """The inline tokens of *content*, by markdown-it's own inline and text-join rules."""
    tok = Token("inline", "", 0, content=content, children=[])
    state = StateCore(content, _BLOCKS, env, [tok])
    _core_inline(state)
    _core_text_join(state)
    return tok.children or []


# The versions of a policy that are compared or stored share most of their paragraphs; the
# inline tokens of the same text are the same unless reference definitions are in play, and
# the walker only reads them, so they are remembered. A corpus document has at most about
# 400 blocks with inline markup, 97% of their text in blocks of up to 2,000 characters: room
# for one large policy between its versions; full, it holds about 6 MB on the corpus.
_REMEMBERED_CHARS = 2000


@lru_cache(maxsize=1024)
def _remembered_children(content: str) -> list[Token]:
    return _rich_children(content, {})


def _kids(inline: Token) -> list[Token]:
    """The children of an inline token of :func:`_tokens`, built now for plain text."""
    children = inline.children
    if children is None:
        children = inline.children = _plain_children(inline.content)
    return children


def _text_of(inline: Token) -> str:
    """``_inline_text(_kids(inline))``: a line of plain text is its own text."""
    if inline.children is None and "\n" not in inline.content:
        return inline.content
    return _inline_text(_kids(inline))


def _plain_children(content: str) -> list[Token]:
    """The inline tokens markdown-it makes of *content* that holds no rich character."""
    if "\n" not in content:
        return [Token("text", "", 0, content=content)] if content else []
    out: list[Token] = []
    lines = content.split("\n")
    last = len(lines) - 1
    for k, line in enumerate(lines):
        if k:
            line = line.lstrip(" \t")  # markdown-it skips the next line's indentation
        if k == last:
            if line:
                out.append(Token("text", "", 0, content=line))
            break
        # Two trailing spaces make a hard break, one a soft break; either is dropped.
        kind = "hardbreak" if line.endswith("  ") else "softbreak"
        line = line.rstrip(" ") if kind == "hardbreak" else line.removesuffix(" ")
        if line:
            out.append(Token("text", "", 0, content=line))
        out.append(Token(kind, "br", 0))
    return out


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Policy:
    """Read and parse a policy file (UTF-8; the exact bytes are kept)."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes; the limit is {max_bytes:,} (pass max_bytes= to raise it)",
                source=name,
            )
        with open(name, "rb") as f:
            data = f.read()
    except OSError as e:
        raise InputError(e.strerror or str(e), source=name) from None
    return parse(decode(data, source=name), source=name, max_bytes=max_bytes)


def decode(data: bytes, *, source: str | None = None) -> str:
    """Decode UTF-8 bytes, refusing binary data with an error that names the line."""
    nul = data.find(b"\x00")
    if nul >= 0:  # anywhere: a NUL after the first kilobytes is no more Markdown than one before
        line = data[:nul].count(b"\n") + 1
        raise InputError(
            "this looks like a binary file (NUL byte), not Markdown", source=source, line=line
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "convert the file to UTF-8",
            source=source,
            line=line,
        ) from None


def split_lines(text: str) -> list[str]:
    """Split on CR, LF and CRLF only, keeping the line endings (``"".join`` gives *text*)."""
    # splitlines() is several times faster than the regex and splits on CR, LF and CRLF
    # alike; it also splits on a few rare characters, and then the regex does the work.
    if not any(c in text for c in _OTHER_BREAKS):  # eight substring scans beat a regex class
        return text.splitlines(keepends=True)
    return _LINE_RE.findall(text)


Level = tuple[float, int, int]
"""How deep a heading sits; a heading nests under the nearest earlier one with a lower level.

``(base, container, rank)``: *base* is the Markdown heading level (1-6) for ATX
and setext headings; bold pseudo-headings and titled list items take half a
level below the last real heading (or the level of the next real heading after
their list or paragraph, so they never outrank it). *container* is ``2 * d - 1``
for a titled list item at list depth *d* and ``2 * d`` for a bold paragraph
inside *d* list items, so structure inside an item stays inside it. Plain-line
titles are placed like bold ones, or a quarter level below the bold title or titled
item they follow (they are its sub-titles). *rank*
orders clause numbers: ``Article 1``/``A.``/``IV`` (0) above ``1`` and
unnumbered titles (1) above ``1.1`` (2) above ``1.1.1`` (3) above ``(a)`` (9).
"""


_INFERRED = {"bold": "bold", "item": "list-item", "plain": "plain-line"}
# Groups that are body text after a title line.
_BODY_GROUPS = frozenset(
    (
        "bullet_list_open",
        "ordered_list_open",
        "table_open",
        "blockquote_open",
        "fence",
        "code_block",
    )
)


class _Heading:
    __slots__ = (
        "body",
        "end",
        "head_end",
        "inferred",
        "kind",
        "level",
        "number",
        "scope",
        "start",
        "title",
    )

    def __init__(
        self,
        start: int,
        end: int,
        title: str,
        body: Block | None,
        *,
        kind: str,
        level: Level = (0.0, 0, 0),
        number: str | None = None,
        head_end: int | None = None,
        scope: int = 0,
    ):
        self.start = start  # first line (0-based)
        self.end = end  # line after the heading (0-based, exclusive)
        # "real" (ATX/setext), "bold" (pseudo-heading), "item" (titled list item) or "plain"
        # (a short line standing alone as a paragraph, or a one-item numbered list).
        self.kind = kind
        self.inferred: str | None = _INFERRED.get(kind)
        self.level = level
        if number is None:
            number, title = split_number(title)
        else:
            title = normalize_space(title).rstrip(":").strip()
        self.number = number
        self.title = title
        self.body = body  # body that shares the heading's paragraph (bold pseudo-heading)
        # Characters of the heading when it ends inside its first line (a titled list item
        # whose body follows on the same line); None means whole lines start..end.
        self.head_end = head_end
        self.scope = scope  # line after the list or paragraph this heading sits in


_VERSION_RE = re.compile(r"\b(?:version|v\.?|rev(?:ision)?\.?)\s*(\d+(?:\.\d+)*[a-z]?)\b", re.I)
_META_LINE_RE = re.compile(
    r"^\W*(?:version\b|v\d|rev(?:ision)?\b|last\s+(?:updated|modified|revised|changed|amended)"
    r"|updated\b|revised\b|effective\b|in\s+force\b|dated?\b|as\s+of\b)",
    re.I,
)
_YEAR_RE = re.compile(r"\d{4}")
_TITLE_WORDS_RE = re.compile(
    r"\b(?:privacy|policy|notice|statement|terms|conditions|agreement)\b", re.I
)


def _is_meta_line(text: str) -> bool:
    """A version or effective/updated-date line: document metadata, never a heading."""
    return bool(_META_LINE_RE.match(text)) or (
        len(text.split()) <= 6
        and _YEAR_RE.search(text) is not None  # parse_date's five patterns all need a year
        and parse_date(text) is not None
    )


def _rank(number: str | None) -> int:
    if number is None:
        return 1
    if number[0].isdigit():
        return number.count(".") + 1
    if number.isalpha() and number.islower():  # (a), a), (iv): sub-clauses of a numbered clause
        return 9
    return 0


# A plain line is a title only when nothing in it reads as running text or page furniture:
# no link, e-mail, mark of a second sentence, ellipsis, form or template marks, postal code;
# no colon or semicolon (a lead-in to a list), no bullet character (a list item).
_NOT_TITLE_RE = re.compile(
    r"https?:|www\.|@|©|[|{}<>*=;%#]|\.\.\.|…|[a-z0-9)][.!?]\s+\S"
    r"|[a-z][.!?][A-Z]|\b[A-Z]+\d+[A-Z\d]*\b|^[•·–—\-▪►■◦○●]|\bthe following\b"
)
# A sentence written in sentence case opens with its subject or a connective: "We use ...",
# "The following ...", "And they ...".
_SUBJECTS = frozenset(
    "we you i it they he she there this that these those please if thank hi hello "
    "the and or but so also each when as however".split()
)
# A line ending in one of these words runs on into the text after it ("... such as").
_RUN_ON = frozenset(
    "a an the and or of to by for from about as such include includes including "
    "following below see can may will must should would could which that than our your "
    "at in on into via".split()
)
# A verb of a sentence ("Cookies can be controlled ...") after its subject; titles have
# them only after a question word or relative ("What Is ...", "Data That May Be Shared").
_VERBS = frozenset("can may will must should would could shall is are was were has".split())
_OPENERS = frozenset("how what when where which who whom whose why that we you i they".split())
_PLAIN_MAX_CHARS = 100
_CHAIN = 3  # titles in a row (a title and its sub-titles) before body text must follow


def _title_like(text: str) -> bool:
    """Whether a plain short line reads as a title: never a sentence, an address or a link."""
    words = text.split()
    if not words or len(words) > _MAX_PSEUDO_WORDS or len(text) > _PLAIN_MAX_CHARS:
        return False
    if text[-1] in ".,;:!" or ":" in text or _NOT_TITLE_RE.search(text):
        return False
    first = next((c for c in text if c.isalpha()), "")
    if not first.isupper() or sum(c.isdigit() for c in text) > 4:
        return False
    if words[0].casefold() in _SUBJECTS and (len(words) == 1 or not words[1][:1].isupper()):
        return False
    if words[-1].casefold() in _RUN_ON and len(words) > 1:
        return False
    folded = [w.casefold() for w in words]
    for k in range(1, len(folded)):
        if folded[k] in _VERBS:
            if not any(w in _OPENERS for w in folded[:k]):
                return False
            break
    if "," in text and len(words) >= 6 and words[1][:1].islower() and words[-1][:1].islower():
        return False  # "When you visit our site, we can see": a clause, not a list of topics
    return not _is_meta_line(text)


class _Candidate:
    """A plain line that may be a title: kept as text unless the document confirms it."""

    __slots__ = ("block", "follows", "heading", "next_start", "region")

    def __init__(self, heading: _Heading, block: Block, region: int, follows: str, next_start: int):
        self.heading = heading
        self.block = block
        self.region = region  # index of the last heading with markup or bold before it
        self.follows = follows  # what comes next: "body", "title", "heading", "short", "end"
        self.next_start = next_start  # first line of what comes next


class _Walker:
    """Walks the block tokens, descending into lists and quotes that hold headings."""

    def __init__(
        self,
        tokens: Sequence[Token],
        lines: Sequence[str],
        source: str | None,
        *,
        infer: bool = True,
    ):
        self.tokens = tokens
        self.lines = lines
        self.source = source
        self.headings: list[_Heading] = []
        self.blocks: list[tuple[int, Block]] = []  # (owner heading index or -1, block)
        self.metadata: dict[str, Any] = {}
        self.front_matter_end = 0
        self.title: str | None = None
        self.has_h1 = any(t.type == "heading_open" and t.tag == "h1" for t in tokens)
        self.infer = infer
        self.candidates: list[_Candidate] = []
        self.labels: set[str] | None = None  # titles after empty headings that repeat (UI labels)
        self.run_in: bool | None = None  # whether clause titles are run in (see run_in_clauses)

    # -- traversal ----------------------------------------------------------------

    def run(self, i: int, stop: int, depth: int, scope: int | None = None) -> None:
        """Handle the groups in ``tokens[i:stop]`` at list depth *depth*."""
        while i < stop:
            j = _group_end(self.tokens, i)
            i = max(j + 1, self.group(i, j, depth, scope) or 0)

    def group(self, i: int, j: int, depth: int, scope: int | None) -> int | None:
        """Handle one group; returns the token to go on from when it took the next groups too."""
        tok = self.tokens[i]
        if tok.map is None:
            return None
        start, end = tok.map
        group = self.tokens[i : j + 1]
        if tok.type == "front_matter" and start == 0:
            self.front_matter_end = end
            self.metadata = load_front_matter(tok.content, self.source)
            return None
        if tok.type == "heading_open":
            title = normalize_space(_text_of(group[1]))
            if not title and self.infer:
                found = self.next_line_title(j + 1)
                if found is not None:
                    text, number, last, head_end = found
                    if self.meta_line(text):
                        # "####" then "Effective: 1 May 2025": a date, not a section.
                        self.add_block(_block(group, self.lines))
                        return None
                    h = _Heading(
                        start, head_end, text, None, kind="real", level=_real(tok), number=number
                    )
                    h.inferred = "next-line"
                    if self.add_heading(h):
                        return last + 1
            if not self.meta_line(title):
                self.add_heading(_Heading(start, end, title, None, kind="real", level=_real(tok)))
                return None
        if tok.type == "paragraph_open":
            if depth == 0 and self.title_block(group):
                return None
            pseudo = self.pseudo_heading(group, depth, end if scope is None else scope)
            if pseudo is not None and self.add_heading(pseudo):
                return None
        if tok.type in ("bullet_list_open", "ordered_list_open") and self.has_structure(i, j):
            self.list(i, j, depth, end if scope is None else scope)
            return None
        if tok.type == "blockquote_open" and self.has_structure(i, j):
            self.run(i + 1, j, depth, end if scope is None else scope)
            return None
        block = _block(group, self.lines)
        self.add_block(block)
        if depth == 0 and scope is None and self.infer:
            plain = self.plain_title(i, j, block.text)
            if plain is not None:
                follows, next_start = self.follows(j + 1)
                h = _Heading(start, end, plain[0], None, kind="plain", number=plain[1], scope=end)
                h.level = (0.0, 0, _rank(h.number))
                self.candidates.append(
                    _Candidate(h, block, len(self.headings) - 1, follows, next_start)
                )
        return None

    # -- headings without markup -----------------------------------------------------

    def plain_title(self, i: int, j: int, text: str | None = None) -> tuple[str, str | None] | None:
        """The title and number of a lone short line: a one-line paragraph of plain text, or
        a numbered list of one item that is such a line (``1. Who we are``).

        *text* is the group's block text when known: for such a line, the line's text."""
        toks = self.tokens
        number: str | None = None
        if toks[i].type == "ordered_list_open":
            # list_item_open, paragraph_open, inline, paragraph_close, list_item_close
            if j - i != 6 or toks[i + 2].type != "paragraph_open":
                return None
            number = toks[i + 1].info or None
            i += 2
        para_map = toks[i].map
        if toks[i].type != "paragraph_open" or para_map is None:
            return None
        start, end = para_map
        if end - start != 1:
            return None
        inline = toks[i + 1]
        if inline.children is None:  # plain text: one text token, visible unless blank
            if not inline.content.strip():
                return None
        else:
            children = _visible_children(inline)
            if not children or any(c.type != "text" for c in children):
                return None
        if text is None:
            text = normalize_space(_inline_text(_visible_children(inline)))
        if text.count(" ") > 2 * _MAX_PSEUDO_WORDS:
            # Far more words than a title has even after its number (at most "Section 5 -")
            # and an open "**": a paragraph. Counting spaces is cheaper than splitting it.
            return None
        if text[:2] in ("**", "__") and "*" not in text[2:] and "_" not in text[2:]:
            text = text[2:].lstrip()  # bold left open: the title of a converter's broken markup
        own, title = split_number(text)  # (which drops a final colon: a lead-in, not a title)
        if text.endswith(":") or not _title_like(title):
            return None
        return title, number or own

    def follows(self, k: int) -> tuple[str, int]:
        """What the group at ``tokens[k]`` is to a plain line before it, and its first line."""
        toks = self.tokens
        tok = toks[k] if k < len(toks) else None
        if tok is None or tok.map is None:
            return "end", len(self.lines)
        line = tok.map[0]
        if tok.type == "heading_open":
            return "heading", line
        if tok.type in ("paragraph_open", "ordered_list_open") and self.plain_title(
            k, _group_end(toks, k)
        ):
            return "title", line
        if tok.type == "paragraph_open":
            children = _visible_children(toks[k + 1])
            if _may_be_bold(toks[k + 1]) and _bold_title(children, allow_period=False) is not None:
                return "heading", line
            text = normalize_space(_inline_text(children))
            n = len(text.split())
            return ("body" if n >= 8 or (n >= 3 and text[-1] in ".!?:;)") else "short"), line
        if tok.type in _BODY_GROUPS:
            return "body", line
        return "short", line

    def next_line_title(self, k: int) -> tuple[str, str | None, int, int] | None:
        """The title an empty ATX heading takes from the line after it (``####`` /
        ``Information We Collect``): the title, its number, the last token and line taken."""
        toks = self.tokens
        number: str | None = None
        if k + 3 < len(toks) and toks[k].type == "ordered_list_open":
            # A lone "1." between the empty heading and its title is the clause number.
            if toks[k + 2].type != "list_item_close" or toks[k + 3].type != "ordered_list_close":
                return None
            number = toks[k + 1].info or None
            k += 4
        para_map = toks[k].map if k + 2 < len(toks) else None
        if para_map is None or toks[k].type != "paragraph_open":
            return None
        start, end = para_map
        children = _visible_children(toks[k + 1])
        if end - start != 1 or any(c.type in ("link_open", "image") for c in children):
            return None
        text = normalize_space(_inline_text(children))
        if not text or len(text.split()) > _MAX_PSEUDO_WORDS or text[-1] in ".,;:":
            return None
        if text.casefold() in self.ui_labels():
            return None
        return text, number, k + 2, end

    def run_in_clauses(self) -> bool:
        """Whether a paragraph opens with a numbered bold title followed by its text on the
        same line (``**2. USE.** We use ...``): the document's clause titles are run in."""
        if self.run_in is None:
            self.run_in = False
            for tok in self.tokens:
                bold = tok.type == "inline" and _may_be_bold(tok)
                children = _visible_children(tok) if bold else None
                if not children or children[0].type != "strong_open":
                    continue
                close = next((k for k, c in enumerate(children) if c.type == "strong_close"), 0)
                after = children[close + 1 : close + 2]
                if (
                    close
                    and _SPLIT_NUMBER_RE.match(_inline_text(children[1:close]).strip())
                    and after
                    and after[0].type == "text"
                    and after[0].content.strip()
                ):
                    self.run_in = True
                    break
        return self.run_in

    def ui_labels(self) -> set[str]:
        """Lines that follow three or more empty headings ("Read more"): labels, not titles."""
        if self.labels is None:
            toks = self.tokens
            seen: dict[str, int] = {}
            for k in range(len(toks) - 4):
                if (
                    toks[k].type == "heading_close"
                    and not toks[k - 1].content.strip()
                    and toks[k + 1].type == "paragraph_open"
                ):
                    key = normalize_space(toks[k + 2].content).casefold()
                    seen[key] = seen.get(key, 0) + 1
            self.labels = {t for t, n in seen.items() if n >= 3}
        return self.labels

    def confirm_plain_titles(self) -> None:
        """Make the plain lines the document confirms as titles headings of their own.

        A line is a title when body text follows it (perhaps after up to two more titles),
        it is not a label repeated three or more times, and another such line shares its
        stretch of the document: two or more lines of one kind between the same headings
        structure that stretch, where one short line alone may be anything.
        """
        cands = self.candidates
        if not cands:
            return
        by_start = {c.heading.start: k for k, c in enumerate(cands)}
        chain = [0] * len(cands)  # titles up to and including this one before body text
        for k in range(len(cands) - 1, -1, -1):
            c = cands[k]
            if c.follows == "body":
                chain[k] = 1
            elif c.follows == "title":
                nxt = by_start.get(c.next_start)
                if nxt is not None and 0 < chain[nxt] < _CHAIN:
                    chain[k] = chain[nxt] + 1
        kept = [c for k, c in enumerate(cands) if chain[k]]
        counts: dict[str, int] = {}
        for c in kept:
            key = c.heading.title.casefold()
            counts[key] = counts.get(key, 0) + 1
        labels = self.labels or set()
        kept = [
            c
            for c in kept
            if counts[c.heading.title.casefold()] < 3 and c.heading.title.casefold() not in labels
        ]
        regions: dict[int, int] = {}
        for c in kept:
            regions[c.region] = regions.get(c.region, 0) + 1
        accepted = [c for c in kept if regions[c.region] >= 2]
        if not accepted:
            return
        old = self.headings
        merged = sorted([*old, *(c.heading for c in accepted)], key=lambda h: h.start)
        index = {id(h): k for k, h in enumerate(merged)}
        starts = [c.heading.start for c in accepted]
        taken = {id(c.block) for c in accepted}
        blocks: list[tuple[int, Block]] = []
        for owner, block in self.blocks:
            if id(block) in taken:
                continue
            k = bisect.bisect_right(starts, block.lines[0] - 1) - 1
            owner_start = old[owner].start if owner >= 0 else -1
            if k >= 0 and starts[k] > owner_start:
                blocks.append((index[id(accepted[k].heading)], block))
            else:
                blocks.append((index[id(old[owner])] if owner >= 0 else -1, block))
        self.headings, self.blocks = merged, blocks

    def list(self, i: int, j: int, depth: int, scope: int) -> None:
        titled = _titled_list(self.tokens, i, j)
        ordered = self.clause_list(i, j)
        k = i + 1
        while k < j:
            e = _group_end(self.tokens, k)
            self.item(k, e, depth + 1, scope, ordered=ordered, titled=titled)
            k = e + 1

    def item(self, i: int, j: int, depth: int, scope: int, *, ordered: bool, titled: bool) -> None:
        item = self.tokens[i]
        assert item.map is not None
        first = i + 1
        if first >= j:
            self.add_block(_block(self.tokens[i : j + 1], self.lines, kind="list"))
            return
        head = self.tokens[first]
        head_end = _group_end(self.tokens, first)
        number = item.info or None
        heading: _Heading | None = None
        if head.type == "heading_open" and head.map is not None:
            title = _text_of(self.tokens[first + 1])
            heading = _Heading(
                item.map[0], head.map[1], title, None, kind="real", level=_real(head)
            )
            if number and split_number(title)[0] is None:
                heading.number = number
        elif head.type == "paragraph_open":
            heading = self.item_heading(first, head_end, depth, scope, ordered, titled, number)
        if heading is not None and self.add_heading(heading):
            self.run(head_end + 1, j, depth, scope)
            return
        if self.has_structure(i, j):
            self.run(first, j, depth, scope)
            return
        self.add_block(_block(self.tokens[i : j + 1], self.lines, kind="list"))

    def item_heading(
        self,
        i: int,
        j: int,
        depth: int,
        scope: int,
        ordered: bool,
        titled: bool,
        number: str | None,
    ) -> _Heading | None:
        """A list item's first paragraph as its heading: a bold title, or a titled list's title."""
        para = self.tokens[i]
        assert para.map is not None
        start, end = para.map
        bold = _clause_title(self.tokens[i + 1], ordered=True) if ordered or titled else None
        if bold is not None:
            title, rest = bold
            own_number, title = split_number(title)
            body_children = rest
            head_end = None
            body: Block | None = None
            if body_children:
                if body_children[0].type in ("softbreak", "hardbreak"):
                    body_children = body_children[1:]
                text = normalize_space(_inline_text(body_children)).lstrip(":.-–— ")
                first_line = self.lines[start]
                cut = _after_bold(first_line)
                head_end = cut
                body = Block(
                    kind="paragraph",
                    source=first_line[cut:] + "".join(self.lines[start + 1 : end]),
                    text=text,
                    lines=(start + 1, max(start + 1, end)),
                )
            h = _Heading(
                start,
                start + 1 if body is not None else end,
                title,
                body,
                kind="item",
                number=own_number or number,
                head_end=head_end,
                scope=scope,
            )
            h.level = (0.0, 2 * depth - 1, _rank(h.number))
            return h
        if titled:
            title = normalize_space(_inline_text(_visible_children(self.tokens[i + 1])))
            h = _Heading(start, end, title, None, kind="item", number=None, scope=scope)
            if number is not None and h.number is None:
                h.number = number
            h.level = (0.0, 2 * depth - 1, _rank(h.number))
            return h
        return None

    def meta_line(self, title: str) -> bool:
        """A heading or bold line that only states a version or a date: metadata, not a section."""
        if not _is_meta_line(title):
            return False
        version = _VERSION_RE.search(title)
        if version:
            self.metadata.setdefault("version", version.group(1))
        return True

    # -- what to add --------------------------------------------------------------

    def add_heading(self, h: _Heading) -> bool:
        # Lines are cut at heading starts: a second heading on the same line cannot start a
        # section (it stays text), and nothing may start inside the front matter.
        if h.start < self.front_matter_end:
            return False
        if self.headings and h.start <= self.headings[-1].start:
            return False
        if not h.title and h.kind != "real":
            return False
        self.headings.append(h)
        return True

    def add_block(self, block: Block) -> None:
        self.blocks.append((len(self.headings) - 1, block))

    def has_structure(self, i: int, j: int) -> bool:
        """Whether the list or quote at ``tokens[i..j]`` holds headings or titled items."""
        toks = self.tokens
        if toks[i].type != "blockquote_open" and (
            _titled_list(toks, i, j) or self.clause_list(i, j)
        ):
            return True
        for k in range(i + 1, j):
            t = toks[k]
            if t.type == "heading_open":
                return True
            if t.type in ("bullet_list_open", "ordered_list_open"):
                e = _group_end(toks, k)
                if _titled_list(toks, k, e) or self.clause_list(k, e):
                    return True
        return False

    def clause_list(self, i: int, j: int) -> bool:
        """Whether the list at ``tokens[i..j]`` is a list of clauses with bold titles.

        Its items open with a bold title (any title in a numbered list, a numbered one in a
        bulleted list), and either it is the document's own structure (no ATX/setext
        heading below the title before it), an item goes on past its first paragraph,
        other items are headings, or every item is a bold title alone.
        A short list of bold terms under a real heading ("1. **Essential** - ...") stays
        a list: its items are the section's content, not sections of their own.
        """
        toks = self.tokens
        ordered = toks[i].type == "ordered_list_open"
        items = titles = bare = 0
        bodies = headed = False
        k = i + 1
        while k < j:
            e = _group_end(toks, k)
            first = k + 1
            items += 1
            if first < e and toks[first].type == "heading_open":
                headed = True  # its other items are peers of real headings
            if first < e and toks[first].type == "paragraph_open":
                title = _clause_title(toks[first + 1], ordered=ordered)
                if title is not None:
                    titles += 1
                    bare += not title[1]
                if _group_end(toks, first) + 1 < e:
                    bodies = True
            k = e + 1
        if not titles:
            return False
        return (
            bodies
            or headed
            or bare == items  # only bold titles: headings written as list items
            or not any(h.kind == "real" and h.level[0] > 1 for h in self.headings)
        )

    def title_block(self, group: Sequence[Token]) -> bool:
        """A bold title block at the top (``**PRIVACY POLICY**  `` / company / date) is the title."""
        if self.has_h1 or self.headings or self.title is not None or not _may_be_bold(group[1]):
            return False
        if any(owner == -1 and b.kind != "html" for owner, b in self.blocks):
            return False
        children = _visible_children(group[1])
        if not children or children[0].type != "strong_open":
            return False
        close = next((k for k, c in enumerate(children) if c.type == "strong_close"), None)
        if close is None:
            return False
        title = normalize_space(_inline_text(children[1:close]))
        rest = children[close + 1 :]
        if not title or not _TITLE_WORDS_RE.search(title) or len(title.split()) > _MAX_PSEUDO_WORDS:
            return False
        if rest and rest[0].type not in ("softbreak", "hardbreak"):
            return False
        self.title = title
        others = [normalize_space(x) for x in _split_breaks(rest[1:] if rest else [])]
        others = [x.strip("*_ ") for x in others if x.strip("*_ ")]
        for line in others:
            version = _VERSION_RE.search(line)
            if version and _is_meta_line(line):
                self.metadata.setdefault("version", version.group(1))
            elif not _is_meta_line(line) and "company" not in self.metadata:
                self.metadata["company"] = line
        assert group[0].map is not None
        start, end = group[0].map
        if others:
            self.add_block(
                Block(
                    kind="paragraph",
                    source="".join(self.lines[start + 1 : end]),
                    text=" ".join(others),
                    lines=(start + 2, max(start + 2, end)),
                )
            )
        return True

    def pseudo_heading(self, group: Sequence[Token], depth: int, scope: int) -> _Heading | None:
        """A paragraph that is only bold text, or bold text + line break + body, is a heading."""
        if not _may_be_bold(group[1]):
            return None
        children = _visible_children(group[1])
        lead: str | None = None
        if children and children[0].type == "text" and len(children) > 1:
            # "(a) **Cookies**: ..." - a lettered or numbered clause with a bold title.
            lead = _leading_number(children[0].content)
            if lead is None:
                return None
            children = children[1:]
        bold = _bold_title(children, allow_period=lead is not None)
        if bold is None and lead is None and self.infer and not self.run_in_clauses():
            # "**1. PERSONAL DATA WE COLLECT.**" alone: a title, unless the document writes
            # its clause titles run in ("**2. USE.** We use ..."), which stay text.
            bold = _bold_title(children, allow_period=False, numbered_stop=True)
        if bold is None:
            return None
        title, rest = bold
        if self.meta_line(title):
            return None
        assert group[0].map is not None
        start, end = group[0].map
        number = lead
        if lead is None:
            number, title = split_number(title)
        level: Level = (0.0, 2 * depth, _rank(number))
        if not rest:
            return _Heading(
                start, end, title, None, kind="bold", number=number, level=level, scope=scope
            )
        if rest[0].type in ("hardbreak", "softbreak"):
            body = Block(
                kind="paragraph",
                source="".join(self.lines[start + 1 : end]),
                text=normalize_space(_inline_text(rest[1:])),
                lines=(start + 2, max(start + 2, end)),
            )
            h = _Heading(start, start + 1, title, body, kind="bold", number=number, level=level)
            h.scope = scope
            return h
        if lead is None:
            return None
        # A lettered clause: the body follows the title on the same line.
        first_line = self.lines[start]
        cut = _after_bold(first_line)
        body = Block(
            kind="paragraph",
            source=first_line[cut:] + "".join(self.lines[start + 1 : end]),
            text=normalize_space(_inline_text(rest)).lstrip(":.-–— "),
            lines=(start + 1, max(start + 1, end)),
        )
        return _Heading(
            start,
            start + 1,
            title,
            body,
            kind="bold",
            number=number,
            level=level,
            head_end=cut,
            scope=scope,
        )


def _real(tok: Token) -> Level:
    return (float(int(tok.tag[1:])), 0, 0)


def _visible_children(inline: Token) -> list[Token]:
    return [c for c in _kids(inline) if not (c.type == "text" and not c.content.strip())]


def _may_be_bold(inline: Token) -> bool:
    """Whether the inline token can hold bold text at all: a quick test before its tokens.

    markdown-it makes ``strong_open`` only of a run of two ``*`` or ``_`` in the source.
    """
    content = inline.content
    return "**" in content or "__" in content


_LEAD_RE = re.compile(r"^\s*(\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)|[a-z]\)|[a-z]\.)\s*$")


def _clause_title(inline: Token, *, ordered: bool) -> tuple[str, list[Token]] | None:
    """The bold title opening a list item: any in a numbered list, a numbered one in a bulleted."""
    if not _may_be_bold(inline):
        return None
    bold = _bold_title(_visible_children(inline), allow_period=True)
    if bold is None or not (ordered or split_number(bold[0])[0] is not None):
        return None
    return bold


def _leading_number(text: str) -> str | None:
    """``"(a) "`` -> ``"a"``: the marker of a lettered clause written as plain text."""
    m = _LEAD_RE.match(text)
    return m.group(1).strip("().") if m else None


_SPLIT_NUMBER_RE = re.compile(r"\d{1,3}(?:\.\d{1,3})*\.?")


def _bold_title(
    children: Sequence[Token], *, allow_period: bool, numbered_stop: bool = False
) -> tuple[str, list[Token]] | None:
    """Bold text at the start of an inline run: its title and the tokens after it.

    *numbered_stop* lets a numbered title end in a full stop (see :func:`_numbered_title`).
    """
    if not children or children[0].type != "strong_open":
        return None
    close = next((k for k, c in enumerate(children) if c.type == "strong_close"), None)
    if close is None:
        return None
    inner = list(children[1:close])
    two_runs = False
    # "**11.1** **Apply Applicants**": a clause number and its title in two bold runs.
    if (
        _SPLIT_NUMBER_RE.fullmatch(normalize_space(_inline_text(inner)))
        and close + 1 < len(children)
        and children[close + 1].type == "strong_open"
    ):
        close2 = next(
            (k for k in range(close + 2, len(children)) if children[k].type == "strong_close"),
            None,
        )
        if close2 is not None:
            second = children[close + 2 : close2]
            inner = [*inner, *second]
            title_text = f"{_inline_text(children[1:close])} {_inline_text(second)}"
            close = close2
            two_runs = True
        else:
            title_text = _inline_text(inner)
    else:
        title_text = _inline_text(inner)
    if any(c.type in ("softbreak", "hardbreak") for c in inner):
        return None
    title = normalize_space(title_text).rstrip(":").strip()
    if allow_period or (
        numbered_stop and title.endswith(".") and _numbered_title(title, two_runs=two_runs)
    ):
        title = title.rstrip(".").strip()
    # Nested bold ("****TITLE****") reads as plain bold.
    # A question ("What do we collect?") is a title; a statement with a final stop is not.
    if not title or len(title.split()) > _MAX_PSEUDO_WORDS or title[-1] in ".!;,":
        return None
    rest = list(children[close + 1 :])
    while rest and rest[0].type == "strong_close":
        rest = rest[1:]
    if rest and rest[0].type == "text":
        stripped = rest[0].content.lstrip()
        if stripped[:1] in (":", ".", "-", "–", "—"):
            stripped = stripped[1:].lstrip()
            if not stripped:
                rest = rest[1:]
    if rest and rest[0].type == "text" and not rest[0].content.strip(" :"):
        rest = rest[1:]
    if rest and rest[0].type not in ("hardbreak", "softbreak") and not allow_period:
        return None
    return title, rest


def _numbered_title(title: str, *, two_runs: bool) -> bool:
    """A clause title with a final stop: ``**1. PERSONAL DATA WE COLLECT.**`` (capitals) or
    ``**9.** **Amendments.**`` (number and title in two bold runs). One run in sentence case
    (``**2. Plans and payment.**``) is the style of run-in clause titles, which stay text."""
    number, rest = split_number(title)
    rest = rest.rstrip(".").strip()
    return number is not None and _title_like(rest) and (two_runs or rest.isupper())


_AFTER_BOLD_RE = re.compile(r"^.*?(?:\*\*|__)[^\s*_].*?(?:\*\*|__)+(?:[ \t]*[:.\-–—])?")


def _after_bold(line: str) -> int:
    """Index just after the bold title (and its colon) on a clause's first line."""
    m = _AFTER_BOLD_RE.match(line)
    return m.end() if m else 0


def _split_breaks(children: Sequence[Token]) -> list[str]:
    out: list[list[Token]] = [[]]
    for c in children:
        if c.type in ("softbreak", "hardbreak"):
            out.append([])
        else:
            out[-1].append(c)
    return [_inline_text(part) for part in out]


def _titled_list(tokens: Sequence[Token], i: int, j: int) -> bool:
    """A list of two or more items that each open with a short title line and go on with a body.

    HTML-to-Markdown converters write accordions and section lists this way
    (``*   Who is the data controller`` followed by indented paragraphs).
    """
    items = 0
    k = i + 1
    while k < j:
        e = _group_end(tokens, k)
        first = k + 1
        if first >= e or tokens[first].type != "paragraph_open":
            return False
        para = tokens[first]
        assert para.map is not None
        if para.map[1] - para.map[0] != 1:
            return False
        children = _visible_children(tokens[first + 1])
        if not children or any(c.type in ("link_open", "image", "code_inline") for c in children):
            return False
        text = normalize_space(_inline_text(children))
        if not text or len(text.split()) > _MAX_PSEUDO_WORDS or text[-1] in ".;,:!":
            return False
        para_end = _group_end(tokens, first)
        if para_end + 1 >= e:  # no body after the title
            return False
        items += 1
        k = e + 1
    return items >= 2


def parse(
    text: str, *, source: str | None = None, max_bytes: int = MAX_BYTES, _infer: bool = True
) -> Policy:
    """Parse Markdown *text* into a :class:`Policy`.

    *source* names where the text came from; it appears in error messages.
    (``_infer=False`` leaves out plain-line and next-line titles: the benchmark's baseline.)
    """
    if not isinstance(text, str):
        raise TypeError(
            f"parse() needs str, not {type(text).__name__}; use policydoc.load() for files"
        )
    if len(text) > max_bytes:
        raise InputError(
            f"text is {len(text):,} characters; the limit is {max_bytes:,}", source=source
        )
    # A byte order mark (Windows editors write one) would hide the first heading from
    # markdown-it; it is not content, so it is set aside and put back only in Policy.source.
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            "NUL character in the text; this is not Markdown",
            source=source,
            line=text.count("\n", 0, nul) + 1,
        )
    lines = split_lines(text)
    walker = _Walker(_tokens(text), lines, source, infer=_infer)
    walker.run(0, len(walker.tokens), 0)
    walker.confirm_plain_titles()
    headings, blocks, metadata = walker.headings, walker.blocks, walker.metadata
    front_matter_end = walker.front_matter_end
    _assign_levels(headings)

    title: str | None = walker.title
    sections_h = headings
    h1 = [h for h in headings if h.kind == "real" and h.level[0] == 1.0]
    if (
        title is None
        and headings
        and headings[0].kind == "real"
        and headings[0].level[0] == 1.0
        and len(h1) == 1
    ):
        first = headings[0]
        title = (f"{first.number} " if first.number else "") + first.title
        sections_h = headings[1:]

    first_start = sections_h[0].start if sections_h else len(lines)
    owner_offset = len(headings) - len(sections_h)  # 1 when the first heading is the title
    preamble_blocks = tuple(b for owner, b in blocks if owner < owner_offset)
    per_heading: list[list[Block]] = [[] for _ in sections_h]
    for h_index, h in enumerate(sections_h):
        if h.body is not None:
            per_heading[h_index].append(h.body)
    for owner, block in blocks:
        k = owner - owner_offset
        if k >= 0:
            per_heading[k].append(block)

    sections = _build_tree(sections_h, per_heading, lines)

    if title is None and isinstance(metadata.get("title"), str):
        title = metadata["title"].strip() or None

    found = find_date_line(" ".join(b.text for b in preamble_blocks))
    if found is None:
        for s in _walk(sections):
            found = find_date_line(s.text)
            if found:
                break
    if found is not None:
        metadata.setdefault("date", found[0])
        metadata.setdefault("date_text", found[1])

    policy = Policy(
        title=title,
        metadata=metadata,
        preamble=preamble_blocks,
        sections=sections,
        front_matter="".join(lines[:front_matter_end]),
        preamble_source="".join(lines[front_matter_end:first_start]),
        source_name=source,
        bom=bom,
    )
    # How the page was read: what is not the policy, and which versions of it it holds.
    return attrs.evolve(policy, chrome=find_chrome(policy), texts=find_texts(policy))


def _assign_levels(headings: Sequence[_Heading]) -> None:
    """Give bold headings and titled items their base level (see :data:`Level`)."""
    real = [(h.start, h.level[0]) for h in headings if h.kind == "real"]
    last = 0.0
    r = 0  # index into real of the first real heading not before the current one
    above: _Heading | None = None  # the last heading that is not a plain line
    for h in headings:
        if h.kind == "real":
            last = h.level[0]
            above = h
            continue
        base = last + 0.5
        if h.kind == "plain" and above is not None and above.kind != "real":
            # Plain lines under a bold title or titled item are its sub-titles.
            base = above.level[0] + 0.25
        elif h.kind != "plain":
            above = h
        while r < len(real) and real[r][0] < h.start:
            r += 1
        # The next real heading after this heading's list or paragraph: never outrank it.
        nxt = next((lv for st, lv in real[r:] if st >= h.scope), None)
        if nxt is not None and nxt > base:
            base = nxt
        h.level = (base, h.level[1], h.level[2])


def split_number(title: str) -> tuple[str | None, str]:
    """Split a clause number off a heading title: ``"3.1 Analytics"`` -> ``("3.1", "Analytics")``."""
    title = normalize_space(title).rstrip(":").strip()
    m = _NUMBER_RE.match(title)
    if not m or not m.group("title"):
        return None, title
    number = m.group("number").strip().rstrip(".)").strip()
    if number.startswith("("):
        number = number.strip("()")
    return number, m.group("title").strip().rstrip(":").strip()


def _walk(sections: Sequence[Section]) -> list[Section]:
    return [s for top in sections for s in top.walk()]


class _Tokens(list[Token]):
    """The token stream, with the end of every group found in one pass.

    The walker asks where the same groups end many times (a list, then its items, then
    again for each enclosing list): scanning each time made parsing nested lists slow.
    """

    __slots__ = ("ends",)

    def __init__(self, tokens: Sequence[Token]):
        super().__init__(tokens)
        ends = list(range(len(tokens)))
        opened: list[int] = []
        for k, t in enumerate(tokens):
            if t.nesting == 1:
                opened.append(k)
            elif t.nesting == -1 and opened:
                ends[opened.pop()] = k
        for k in opened:  # never closed: the scan below runs to the last token too
            ends[k] = len(tokens) - 1
        self.ends = ends


def _group_end(tokens: Sequence[Token], i: int) -> int:
    """Index of the token that closes the group opened at *i* (or *i* for a single token)."""
    if isinstance(tokens, _Tokens):
        return tokens.ends[i]
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _inline_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for c in children:
        if c.type in ("text", "code_inline"):
            parts.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif c.type == "image":
            parts.append(_inline_text(c.children or []))
    return "".join(parts)


def _is_toc(group: Sequence[Token]) -> bool:
    """A list whose every item is a link to a heading on the page: a table of contents."""
    links = 0
    for t in group:
        if t.type != "inline":
            continue
        if t.children is None:  # plain text (see _kids) opens with no link
            return False
        children = _visible_children(t)
        if not children or children[0].type != "link_open":
            return False
        href = str(children[0].attrGet("href") or "")
        if not href.startswith("#"):
            return False
        if any(c.type == "link_close" for c in children[:-1]) and children[-1].type != "link_close":
            return False
        links += 1
    return links >= 2


def _group_text(group: Sequence[Token]) -> str:
    parts: list[str] = []
    for t in group:
        if t.type == "inline":
            # Plain text's tokens hold its text with other spaces at line breaks: the same
            # text once spaces are normalised.
            parts.append(t.content if t.children is None else _inline_text(t.children))
        elif t.type in ("fence", "code_block"):
            parts.append(t.content)
        elif t.type == "html_block":
            parts.append(_TAG_RE.sub(" ", t.content))
    return normalize_space(" ".join(parts))


def _block(group: Sequence[Token], lines: Sequence[str], *, kind: str | None = None) -> Block:
    tok = group[0]
    assert tok.map is not None
    start, end = tok.map
    kind = kind or _BLOCK_KINDS.get(tok.type, "other")
    if kind == "list" and _is_toc(group):
        kind = "navigation"
    return Block(
        kind=kind,
        source="".join(lines[start:end]),
        text=_group_text(group),
        lines=(start + 1, max(start + 1, end)),
    )


def _build_tree(
    headings: Sequence[_Heading], bodies: Sequence[Sequence[Block]], lines: Sequence[str]
) -> tuple[Section, ...]:
    n = len(headings)
    if n == 0:
        return ()
    starts = [h.start for h in headings] + [len(lines)]
    # Parent of each heading: nearest earlier heading with a lower level.
    parent: list[int] = []
    stack: list[int] = []
    for k, h in enumerate(headings):
        while stack and headings[stack[-1]].level >= h.level:
            stack.pop()
        parent.append(stack[-1] if stack else -1)
        stack.append(k)
    children: list[list[int]] = [[] for _ in range(n)]
    roots: list[int] = []
    for k, p in enumerate(parent):
        (children[p] if p >= 0 else roots).append(k)

    # Duplicate titles get -2, -3, ... in document order: deterministic, and
    # independent of section bodies and numbers.
    ids: list[str] = []
    used: set[str] = set()
    # Where the search for a free "-n" suffix resumes for each base: every suffix tried
    # before is still taken (*used* only grows), so the ids are the same as searching from
    # 2 each time, in linear rather than quadratic time for many equal titles.
    next_suffix: dict[str, int] = {}
    for h in headings:
        base = slugify(h.title) or "section"
        candidate, n = base, next_suffix.get(base, 2)
        if candidate in used:
            candidate = f"{base}-{n}"
            while candidate in used:
                n += 1
                candidate = f"{base}-{n}"
            next_suffix[base] = n + 1
        used.add(candidate)
        ids.append(candidate)

    def last_line(k: int) -> int:
        while children[k]:
            k = children[k][-1]
        return starts[k + 1]

    def build(k: int, path: tuple[str, ...], depth: int) -> Section:
        h = headings[k]
        own_end = starts[k + 1]
        p = (*path, ids[k])
        kids = tuple(build(c, p, depth + 1) for c in children[k])
        end = last_line(k)
        return Section(
            id=ids[k],
            path=p,
            title=h.title,
            number=h.number,
            level=depth,
            heading=lines[h.start][: h.head_end]
            if h.head_end is not None
            else "".join(lines[h.start : h.end]),
            blocks=tuple(bodies[k]),
            children=kids,
            source="".join(lines[h.start : own_end]),
            lines=(h.start + 1, max(h.start + 1, end)),
            inferred=h.inferred,
        )

    return tuple(build(r, (), 1) for r in roots)
