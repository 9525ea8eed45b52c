"""Who is responsible and how to reach them: a new controller, new contact details or a new
postal address of the same company."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.rules.helpers import emails_gone
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.words import quote

_SUFFIX = re.compile(
    r",?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|GmbH|S\.A\.S?|SAS|S\.A\.R\.L|SARL|B\.V|BV|N\.V|plc|PLC|Corp|"
    r"Corporation|Company|Co|AG|SE|Pty|AB|AS|Oy|S\.p\.A|SpA|LLP|LP)\.?$"
)


_LEGAL_FORMS = {
    "limited": "ltd", "incorporated": "inc", "corporation": "corp", "company": "co",
    "l l c": "llc", "private": "pte",
}  # fmt: skip


_RESPONSIBLE = re.compile(
    r"\bcontroller\b|\boperated by\b|\bresponsible for\b|\bowned by\b|\bacquir|\bmerge[dr]?\b|"
    r"\bsuccessor\b|\bprovided by\b|\bis (?:now )?(?:run|operated|provided) by\b"
)


def _legal_identity(org: str) -> str:
    """An organisation's name and legal form, spelled one way."""
    key = " ".join(re.sub(r"[^\w]+", " ", org.casefold()).split())
    return " ".join(_LEGAL_FORMS.get(w, w) for w in key.split())


def _org_core(org: str) -> str:
    """The distinctive part of an organisation name: up to two words before its legal suffix."""
    return " ".join(_SUFFIX.sub("", org).split()[-2:]).lower()


def _glued_to_known(org: str, u: Unit) -> bool:
    """Table cells run together glue words before a name ("Payments Netherlands Onfido
    Ltd"): a name that ends with one the old version used is that name."""
    identity = _legal_identity(org)
    return any(identity.endswith(" " + _legal_identity(k)) for k in u.doc.old_orgs)


@rule("controller.changed", "material", "controller_identity")
def controller_changed(u: Unit) -> Iterator[Finding]:
    """A different company is now responsible for the data."""
    # A new legal entity named where the old version named another, or in a controller clause.
    if u.new is None or u.kind not in ("modify", "insert"):
        return
    if u.kind == "modify" and u.old is not None:
        # Another legal form of the same name ("Corporation Limited" -> "Corporation Pte. Ltd.")
        # is another legal entity; spacing, commas and capitals are not.
        before = {_legal_identity(o) for o in u.old.orgs}
        after = {_legal_identity(o) for o in u.new.orgs}
        known = {_legal_identity(o) for o in u.doc.old_orgs}
        gained = {
            g
            for g in after - before - known
            if not any(g.endswith(" " + k) for k in known | before)
        }  # not a known name with table cells glued before it (see _glued_to_known)
        if gained and before - after:
            yield Finding(
                f"Another legal entity is named: {quote(gained)} (was {quote(before - after)})."
            )
            return
    same_sentence = {_legal_identity(o) for o in u.old.orgs} if u.old else set()
    new_orgs = {
        o
        for o in u.new.orgs
        if _legal_identity(o) not in same_sentence
        and not re.search(r"\b" + re.escape(_org_core(o)) + r"\b", u.doc.old_prose)
        and not _glued_to_known(o, u)
    }
    if not new_orgs:
        return
    lost = (u.old.orgs - u.new.orgs) if u.old else set()
    # A new sentence naming a company says who is responsible only in so many words; a group
    # company named as a DPO's employer or in a certification is not a new controller.
    named_responsible = u.kind == "modify" or bool(_RESPONSIBLE.search(u.new.text))
    if lost or (named_responsible and (u.new.has("controller") or u.topic == "controller")):
        yield Finding(
            f"New company named as responsible: {quote(new_orgs)}"
            + (f" (was {quote(lost)})." if lost else ".")
        )


_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Parade|Place|Pl|"
    r"Square|Sq|Court|Ct|Parkway|Pkwy|Highway|Hwy|Broadway|Green|Quay|Row|Terrace|Strasse|Straße|"
    r"Floor|Suite|Ste|Unit|Box)"
)
_ADDRESS_PART = re.compile(
    r"\b\d+[\w-]*\s+(?:[A-Z][\w'-]*\.?\s+){0,3}" + _STREET + r"\b"
    r"|\b" + _STREET + r"\s+#?\d+[\w-]*"
    # Postcodes: UK ("EC1V 9BP"), US ZIP after a state ("NY 10038"), Irish Eircodes, 4-5 digit codes.
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b|\b[A-Z]\d{2}\s?[A-Z\d]{4}\b"
    # A 4-5 digit postcode before a town ("20457 Hamburg"), not a year ("2025 These").
    r"|\b(?!(?:19|20)\d{2}\b)\d{4,5}\s+[A-Z][a-z]+"
)


def postal_addresses(raw: str) -> set[str]:
    """Postal-address fragments of a sentence (street and number, floor, postcode)."""
    return {" ".join(m.group(0).split()) for m in _ADDRESS_PART.finditer(raw)}


@rule("contact.changed", "minor", "contact")
def contact_changed(u: Unit) -> Iterator[Finding]:
    """New contact details (e-mail, phone) of the same company."""
    if u.kind == "insert" and u.new is not None:
        known = u.doc.old_emails | {p for f in u.doc.old_sentences for p in f.phones}
        added = (u.new.emails | u.new.phones) - known
        if added:
            yield Finding(f"New contact details: {quote(added)}.")
        return
    if u.kind == "delete" and u.old is not None:
        kept = {e for f in u.doc.new_sentences for e in f.emails} | {
            p for f in u.doc.new_sentences for p in f.phones
        }
        gone = (u.old.emails | u.old.phones) - kept
        if gone:
            yield Finding(f"Contact details removed: {quote(gone)}.")
        return
    if u.kind != "modify" or not (u.old and u.new):
        return
    # Street numbers and postcodes the old version never gave: reformatting an address
    # ("Blvd." -> "Boulevard") or splitting its sentence differently changes none of them.
    moved = {
        a
        for a in postal_addresses(u.new.raw)
        if any(n not in u.doc.old_numbers for n in re.findall(r"\d[\w-]*", a))
    }
    if moved and postal_addresses(u.old.raw) and not u.new.orgs - u.old.orgs:
        # The same company at a new street address, floor or postcode.
        yield Finding(f"Postal address changed: {quote(moved)}.")
        return
    added = (u.new.emails - u.old.emails) | (u.new.phones - u.old.phones)
    removed = emails_gone(u.old, u.new) | (u.old.phones - u.new.phones)
    if added:
        yield Finding(f"Contact details changed: {quote(added)}.")
    elif removed and re.search(r"\b(?:form|portal|link|page|website|online)\b", u.new.text):
        yield Finding(
            f"Contact details changed: {quote(removed)} replaced by an online form or page."
        )
