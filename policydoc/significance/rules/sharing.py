"""Sharing and sale: data newly sold, passed on in a merger, sent to new recipients or abroad,
or sent to fewer recipients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from policydoc.significance.rules.helpers import OUTWARD, affirmative_new, dropped
from policydoc.significance.rules.identity import postal_addresses
from policydoc.significance.rules.rows import new_rows
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.words import FUNCTION_WORDS, quote

if TYPE_CHECKING:
    from policydoc.amendment import SectionChange

_MERGER = re.compile(
    r"\bmerger|\bacqui|\bbankrupt|\breorgani|\bsale of (?:all|some|part|our|the company|assets|business)|\bassets\b|\bsuccessor"
)


_DEFINITION = re.compile(
    r"\b(?:is|are)\s+[\"“']?(?:sold|sale|sell|selling|shared|sharing)[\"”']?\s+(?:when|if)\b"
    r"|[\"“'](?:sell|sale|sold|selling)[\"”']\s+(?:means|is defined|includes)|\bthe (?:term|definition of)\b"
)


# A right or a refusal that names a sale ("opt out of the sale of your data", "refrain from
# selling") says nothing about whether the company sells.
_SALE_RIGHT = re.compile(
    r"\b(?:opt(?:-| )?(?:out|in)|object|refrain|request|right)\b[^.;]{0,40}?\b(?:sale|sell|selling|sold|rent|renting)\b"
    r"|\bdo not sell\b|\bdon't sell\b|\b(?:sale|selling) (?:or sharing )?opt(?:-| )?out\b"
)
# Selling goods is trade, not a sale of data: "the products we sell", "items you sell",
# "tickets sold by the organiser".
_GOODS = (
    r"(?:products?|goods|items?|tickets?|merchandise|vehicles?|cars?|homes?|houses?|propert(?:y|ies)"
    r"|services?|subscriptions?|gift cards?|plans?|policies|insurance|crypto(?:-assets?|currenc(?:y|ies))?"
    r"|assets?|books?|wines?)"
)
_GOODS_SALE = re.compile(
    rf"\b{_GOODS}\s+(?:that\s+|which\s+)?(?:we|you|they|our\s+\w+|sellers?|merchants?)\s+(?:\w+\s+)?"
    r"(?:sells?|sold|rents?|rented)\b"
    rf"|\b(?:sells?|selling|sold|rents?|renting|rented)\s+(?:\w+\s+){{0,2}}{_GOODS}\b"
    r"|\b(?:sold|rented) by\b"
)


@rule("sale.new", "major", "sale")
def sale_new(u: Unit) -> Iterator[Finding]:
    """Personal data is now sold or rented."""
    if not affirmative_new(u) or u.new is None or _MERGER.search(u.new.text):
        return
    if not u.doc.vocab.has("sale", _GOODS_SALE.sub(" ", _SALE_RIGHT.sub(" ", u.local.text))):
        return
    added = u.added("sale") - u.doc.disclosed("sale")
    if _DEFINITION.search(u.new.text):
        return  # 'data is "sold" when ...' defines a word; it does not say the company sells
    if added and (u.new.about_personal_data or u.topic in ("sharing", "collection", "use")):
        yield Finding(f"Personal data may now be sold or rented ({quote(added)}).")


@rule("sharing.merger", "material", "sharing")
def merger(u: Unit) -> Iterator[Finding]:
    """Data may pass to a buyer or successor in a merger or acquisition."""
    if (
        affirmative_new(u)
        and u.new
        and _MERGER.search(u.new.text)
        and not _MERGER.search(u.doc.old_text)
    ):
        if u.new.about_personal_data or u.new.has("share_verb"):
            yield Finding("A new clause lets personal data pass to a buyer or successor.")


_INWARD = re.compile(
    r"\b(?:receiv\w*|obtain\w*|get|gets|collect\w*|gather\w*|import\w*)\b.{0,200}?\bfrom\b"
)


# A capitalised name as an item of a comma-separated list ("InMobi, Moloco, Chartboost").
_LISTED_NAME = re.compile(r"(?:^|,\s*|\band\s+)([A-Z][\w&'.-]*[\w])(?=\s*(?:,|\band\b|\(|$))")
_ANONYMOUS = re.compile(
    r"\b(?:anonymi[sz]ed|anonymous|aggregated?|de-?identified|non-personal|statistical)\b"
)
_EXAMPLES = re.compile(r"\bfor example\b|\bsuch as\b|\be\.g\.|\bincluding\b|\bfor instance\b")
_AUTHORITIES = frozenset(
    "government;law enforcement;public authorities;authorities;courts;regulators;police".split(";")
)
_COMPELLED = re.compile(
    r"\b(?:required|compelled|obliged|obligated) (?:to do so )?by (?:applicable )?law|\blegal (?:obligation|requirement|process)"
    r"|\bcourt order|\bsubpoena|\bcomply with (?:the |applicable |a )?(?:law|legal)"
)


_RIGHT_TO_KNOW = re.compile(
    r"\bright to (?:obtain|know|request|receive|access|be told)\b[^.;]{0,80}?"
    r"\b(?:list|names?|identit(?:y|ies)|categor(?:y|ies))\b"
)


# Parts of a postal address are capitalised names too ("Capital Quarter", "Tyndall Street").
_ADDRESS_WORD = re.compile(
    r"\b(?:Street|St|Road|Rd|Avenue|Ave|Floor|Suite|Unit|Quarter|Park|Building|House|Lane|Way|"
    r"Square|Place|Court|Drive|Boulevard|Blvd|Plaza|Tower|Centre|Center|P\.?O\.? Box)\b"
)
_ADDRESS_LINE = re.compile(
    r"\bregistered (?:office|address)\b|\b(?:our|postal|mailing) address\b|\blocated at\b|"
    r"\bwrite to us at\b|\boffices? (?:is|are) (?:at|in)\b"
)


def _table_headers(change: SectionChange) -> list[str]:
    """The header rows of the tables in a change's new sections, as plain lower-case text."""
    out = []
    for section in change.new:
        for block in section.blocks:
            if block.kind != "table":
                continue
            lines = block.source.splitlines()
            if lines:
                cells = [c.strip(" *_`") for c in lines[0].strip().strip("|").split("|")]
                out.append(" ".join(" ".join(cells).lower().split()))
    return [h for h in out if h]


def _known_name(name: str, u: Unit) -> bool:
    """Did the old version name it? Also when table cells glued other words to it
    ("Google Cloud EMEA Ltd Hosting Frankfurt"): its first two words, or all of its words,
    are in the old version."""
    low = name.lower()
    if low in u.doc.old_text:
        return True
    if u.change is not None and any(
        h.startswith(low) or low.startswith(h) for h in _table_headers(u.change)
    ):
        return True  # a table's header row ("Recipient | Role | Where") glued to its first row
    words = low.split()
    if len(words) >= 2 and " ".join(words[:2]) in u.doc.old_text:
        return True
    return len(words) >= 2 and all(w in u.doc.old_words for w in words)


@rule("sharing.new_recipient", "material", "sharing")
def new_recipient(u: Unit) -> Iterator[Finding]:
    """Personal data goes to recipients not disclosed before."""
    if not affirmative_new(u) or u.new is None:
        return
    # "We receive information from Google" names a source, not a recipient.
    outward = bool(OUTWARD.search(u.new.text))
    inward = not outward and bool(_INWARD.search(u.new.text))
    added = {
        t
        for t in u.new_to_doc("recipient")
        if not inward and not re.search(r"\bfrom\b(?:\W+\w+){0,6}\W+" + re.escape(t), u.new.text)
    }
    if _ANONYMOUS.search(u.local.text) and not u.local.has("data_type"):
        return  # anonymised or aggregated figures are not personal data
    if (
        u.kind == "modify"
        and u.old is not None
        and u.old.terms("recipient")
        and _EXAMPLES.search(u.changed_text.text)
        and not u.changed_text.has("sale")
    ):
        return  # "service providers (for example, Amazon Web Services)" names who they are
    if added <= _AUTHORITIES and _COMPELLED.search(u.new.text):
        return  # disclosures the law compels are a clarification, not a new practice
    if _RIGHT_TO_KNOW.search(u.new.text):
        return  # "the right to obtain a list of the third parties ..." names a right, not a recipient
    if added and (outward or (u.topic == "sharing" and u.new.about_personal_data)):
        yield Finding(f"New recipients of personal data: {quote(added)}.")
        return
    # A single-word brand added to a list of partners ("InMobi, Moloco, Chartboost").
    if u.topic == "sharing" and u.kind == "modify" and u.sentence is not None:
        inserted = " ".join(o.text for o in u.sentence.ops if o.op == "insert")
        listed = {
            m.group(1)
            for m in _LISTED_NAME.finditer(inserted.strip())
            if not re.search(r"\b" + re.escape(m.group(1).lower()) + r"\b", u.doc.old_prose)
            and m.group(1).lower() not in FUNCTION_WORDS
        }
        in_list = u.old is not None and u.old.raw.count(",") >= 2
        if listed and in_list:
            yield Finding(f"New named recipients in a list of partners: {quote(listed)}.")
            return
    # A company the old version never named, handed data or doing work on it, in any section
    # ("uses Formstack to capture feedback", "hosted by Lodgex", "shared with Brightpath").
    handled = {
        name
        for name in map(_handled_name, _HANDLED_BY.finditer(u.changed_text.raw))
        if name.lower() not in u.doc.old_text and name.split()[0].lower() not in FUNCTION_WORDS
    }
    if handled and (u.new.about_personal_data or u.new.has("share_verb") or u.topic != "other"):
        yield Finding(f"A company not named before now handles personal data: {quote(handled)}.")
        return
    # A named company added to a sharing section or table ("| Meridian Ad Partners | ... |").
    if u.topic == "sharing":
        # In a table, read the new rows cell by cell so adjacent cells do not run together.
        src = u.local if "|" in u.local.raw else u.changed_text
        names = {n for n in src.names if not _known_name(n, u) and not _ADDRESS_WORD.search(n)}
        if _ADDRESS_LINE.search(src.text):
            names = set()  # "Our registered office is 2nd Floor, Capital Quarter": an address
        if names and not u.changed_text.pointer:
            yield Finding(f"New named recipients in a sharing section: {quote(names)}.")


_NAME_RUN = r"(?P<{}>[A-Z][\w&'.-]*[\w](?: [A-Z][\w&'.-]*[\w]){{0,3}})"
_HANDLED_BY = re.compile(
    r"\b(?:uses?|using|engages?|relies? on) " + _NAME_RUN.format("a") + r" (?:to|for)\b"
    r"|\b(?:provided|hosted|operated|processed|powered|run) by "
    + _NAME_RUN.format("b")
    + r"|\b(?:share[sd]?|disclose[sd]?|sen[dt]s?|transfer(?:s|red)?|provide[sd]?|pass(?:es|ed)?)"
    r"\b[^.;]{0,60}?\b(?:to|with) " + _NAME_RUN.format("c")
)


def _handled_name(m: re.Match[str]) -> str:
    return next(g for g in (m.group("a"), m.group("b"), m.group("c")) if g)


_MOVES_DATA = re.compile(r"\b(?:transfer\w*|stor(?:e|es|ed|ing|age)|host\w*|servers?|process\w*)\b")


@rule("transfer.new", "material", "international_transfer")
def transfer_new(u: Unit) -> Iterator[Finding]:
    """Personal data newly transferred to other countries."""
    if not affirmative_new(u) or u.new is None:
        return
    if (postal_addresses(u.new.raw) or u.new.emails) and not _MOVES_DATA.search(u.new.text):
        return  # a contact line: the company's or its representative's address, not a transfer
    countries = u.new_to_doc("country")
    transfers = u.new_to_doc("transfer")
    moves_data = re.search(
        r"\b(?:transfer\w*|stor(?:e|es|ed|ing|age)|host\w*|located|servers?|outside|process\w*)\b",
        u.new.text,
    )
    about_data = u.new.about_personal_data or bool(
        {"data", "information", "it", "them"} & set(u.new.words)
    )
    # A destination added to a list of destinations is a new transfer even when the country
    # is named elsewhere for other data ("Japan, Korea" -> "Japan, Korea, the United States").
    listed = (
        u.kind == "modify"
        and u.old is not None
        and moves_data is not None
        and re.search(r"\b(?:transfer\w*|stored|hosted|located|processed)\b", u.old.text)
    )
    if listed and u.added("country"):
        countries = countries | u.added("country")
    if (countries and moves_data and about_data) or (transfers and not u.doc.disclosed("transfer")):
        yield Finding(f"Data may now be transferred abroad: {quote(countries | transfers)}.")
        return
    # A recipient's row in a table now names a transfer safeguard (SCCs, BCRs, ...): its data
    # leaves the country, whatever the rest of the policy said about other recipients.
    rows = [r for r in new_rows(u) if "|" in r]
    if rows and u.sentence is not None:
        gone = " ".join(o.text for o in u.sentence.ops if o.op == "delete")
        vocab = u.doc.vocab
        gained = vocab.find("transfer", " ".join(rows).lower()) - vocab.find(
            "transfer", gone.lower()
        )
        if gained:
            yield Finding(
                f"A recipient in a table now has data transferred abroad: {quote(gained)}."
            )


@rule("sharing.recipient_removed", "minor", "sharing")
def recipient_removed(u: Unit) -> Iterator[Finding]:
    """Fewer recipients of personal data."""
    if gone := dropped(u, "recipient"):
        yield Finding(f"Recipients no longer listed: {quote(gone)}.")
