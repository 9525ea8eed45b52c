"""Vocabularies the significance rules read policies with.

Seeded from the OPP-115 taxonomy (personal-information types, purposes,
third-party entities, choices, retention, security) and the regulator
guidance in the project's materiality notes. Each vocabulary is a set of
lower-case phrases; plurals are matched automatically. Extend them from code
(``RuleSet.extend_vocabulary``) or configuration (``[tool.policydoc.vocabulary]``).
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Mapping
from importlib.resources import files
from typing import Any

import attrs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__: list[str] = []


@attrs.frozen(slots=True)
class Concept:
    """A concept of the W3C Data Privacy Vocabulary with the phrasings policies use for it."""

    iri: str
    label: str
    category: str
    phrases: tuple[str, ...]
    sensitive: bool = False
    children: bool = False


def _load_concepts() -> tuple[Concept, ...]:
    # Kept as data (derived from DPV 2.3, W3C licence notice in the file) so that the
    # vocabulary can be read, reviewed and extended without touching the rules.
    text = files("policydoc.significance").joinpath("data/dpv.toml").read_text("utf-8")
    return tuple(
        Concept(
            iri=c["iri"],
            label=c["label"],
            category=c["category"],
            phrases=tuple(p.lower() for p in c["phrases"]),
            sensitive=bool(c.get("sensitive", False)),
            children=bool(c.get("children", False)),
        )
        for c in tomllib.loads(text)["concept"]
    )


CONCEPTS: tuple[Concept, ...] = _load_concepts()
_BY_PHRASE: dict[str, Concept] = {p: c for c in CONCEPTS for p in c.phrases}


def concept_of(term: str) -> Concept | None:
    """The DPV concept a vocabulary term names, if any ("faceprints" -> pd:Biometric)."""
    t = term.lower().strip()
    head, _, last = t.rpartition(" ")
    # A phrase is singular by its last word: "identity documents" -> "identity document".
    plain = f"{head} {_singular(last)}" if head else _singular(t)
    return _BY_PHRASE.get(t) or _BY_PHRASE.get(plain)


def same_concept_disclosed(term: str, disclosed: Iterable[str]) -> bool:
    """Did the old text already name *term*'s DPV concept in other words ("facial template"
    for "face template", "health data" for "health")? Only the same concept counts: a broader
    one named in passing ("sensitive information such as health") does not disclose that
    heart rate is collected, nor does a narrower one ("genetic data") disclose all health data."""
    mine = concept_of(term)
    if mine is None:
        return False
    return any((c := concept_of(d)) is not None and c.iri == mine.iri for d in disclosed)


# Umbrella classes ("sensitive personal data") name no category of their own: a policy
# that says it protects "sensitive data" has not started collecting any.
_UMBRELLAS = (
    "#SensitivePersonalData",
    "#SpecialCategoryPersonalData",
    "#Sensitive",
    "#SpecialCategory",
)


def _dpv(category: str, *, sensitive: bool | None = None) -> frozenset[str]:
    return frozenset(
        p
        for c in CONCEPTS
        if c.category == category
        and (sensitive is None or (c.sensitive == sensitive and not c.iri.endswith(_UMBRELLAS)))
        for p in c.phrases
    )


# DPV purposes a user would not expect from the basic service (the others, such as
# "provide the service" or "process your payment", are what every policy says).
_UNEXPECTED_PURPOSES = frozenset(
    """Advertising;Personalised Advertising;Targeted Advertising;Marketing;Direct Marketing;
    Social Media Marketing;Research and Development;Commercial Research;Scientific Research;
    Customer Solvency Monitoring;Personnel Monitoring""".replace("\n", "")
    .replace("    ", "")
    .split(";")
)

DEFAULT_VOCABULARY: dict[str, frozenset[str]] = {
    # Personal-information types (OPP-115 "Personal Information Type").
    "data_type": frozenset(
        """name;full name;first name;last name;email;email address;e-mail;e-mail address;phone number;telephone number;
        mobile number;postal address;home address;mailing address;address book;contacts;contact list;date of birth;birthday;age;gender;
        ip address;device identifier;device id;advertising identifier;advertising id;mac address;imei;cookie identifier;
        location;location data;geolocation;gps;approximate location;precise location;general location;
        photos;photo;images;pictures;picture;videos;voice;voice recordings;audio;audio recordings;microphone;camera;recordings;
        messages;message content;content of your messages;communications;chat;chats;call logs;
        payment information;payment card;credit card;debit card;card number;bank account;billing information;financial information;
        browsing history;search history;search queries;purchase history;transaction history;order history;
        usage data;usage information;log data;log files;device information;browser type;operating system;crash reports;
        social media profile;profile information;account information;username;password;credentials;
        employment;employer;job title;income;education;inferences;preferences;interests;
        keystrokes;screen recordings;clipboard;calendar entries;notes;user content;your content;
        fingerprint;biometric;biometrics;faceprint;face;facial;voiceprint;health;medical;genetic;
        race;racial;ethnicity;ethnic origin;religion;religious beliefs;sexual orientation;sex life;political opinions;
        trade union;criminal;government id;government-issued id;passport;driver's license;social security number;
        national id;tax id;precise geolocation""".replace("\n", "").split(";")
    ),
    # Special categories: GDPR art. 9, CPRA "sensitive personal information", FTC sensitive data.
    "sensitive": frozenset(
        """biometric;biometrics;fingerprint;fingerprints;faceprint;facial recognition;facial geometry;face scan;voiceprint;
        health;medical;health data;medical records;mental health;genetic;dna;race;racial;ethnicity;ethnic origin;religion;
        religious beliefs;sexual orientation;sex life;political opinions;political affiliation;trade union;criminal;precise location;
        precise geolocation;gps location;government id;government-issued id;passport;driver's license;social security number;
        national id;immigration status;citizenship;pregnancy;disability""".replace("\n", "").split(
            ";"
        )
    ),
    "children": frozenset(
        """child;children;children's;kids;minor;minors;under 13;under 16;under 18;under the age;parental consent;parent;
        parents;guardian;students;student;teen;teens;teenagers;coppa""".replace("\n", "").split(";")
    ),
    # OPP-115 "Third Party Entity".
    "recipient": frozenset(
        """third party;third parties;third-party;not owned by us;we do not own or control;we don't own or control;
        partners;partner;business partners;advertising partners;marketing partners;
        advertisers;advertiser;ad networks;advertising networks;data brokers;data broker;affiliates;affiliate;subsidiaries;
        parent company;service providers;service provider;vendors;vendor;processors;sub-processors;contractors;
        analytics providers;social networks;social media platforms;sponsors;researchers;insurers;lenders;employers;
        government;law enforcement;public authorities;authorities;other users;the public;publicly;buyer;buyers;acquirer;
        successor;google;facebook;meta;microsoft;amazon;apple;tiktok;twitter;linkedin;openai;anthropic;
        industry consortia;consortia;consortium""".replace("\n", "").split(";")
    ),
    "share_verb": frozenset(
        """share;shares;shared;sharing;disclose;discloses;disclosed;disclosure;provide to;make available;transfer;transfers;
        transferred;give;sell;sold;rent;rented;license;licence;trade;exchange;send;sent to;pass on;passed to;receive;
        receives""".replace("\n", "").split(";")
    ),
    "sale": frozenset(
        "sell;sells;selling;sold;sale of;sale of your;rent;rents;renting;rented;for money;monetary consideration;"
        "valuable consideration;in exchange for payment;in exchange for money;in return for payment;"
        "for a fee;we are paid;pay us for;paid for access;license it to;licence it to".split(";")
    ),
    "collect_verb": frozenset(
        """collect;collects;collected;collecting;collection;obtain;obtains;obtained;gather;gathers;gathered;record;records;
        recorded;capture;captures;captured;access;accesses;receive;receives;received;ask for;request;infer;infers;inferred;
        derive;derived;scan;scans;scanned;track;tracks;tracked;monitor;monitors;monitored;process;processes;processed;
        store;stores;stored;use;uses;used;read""".replace("\n", "").split(";")
    ),
    # OPP-115 "Purpose": the ones a user would not expect from the basic service.
    "purpose_new": frozenset(
        """advertising;advertisements;ads;targeted advertising;personalized advertising;personalised advertising;
        interest-based advertising;behavioral advertising;behavioural advertising;marketing;direct marketing;profiling;
        research;market research;train;training;machine learning;artificial intelligence;ai;
        ai models;large language models;generative ai;automated decision-making;automated decisions;scoring;
        credit scoring;risk scoring;cross-context;cross-site;resell;monetize;monetise;any purpose;other purposes;
        any lawful purpose;measurement;audience measurement;sponsored""".replace("\n", "").split(
            ";"
        )
    ),
    "ai": frozenset(
        "machine learning;artificial intelligence;ai;ai models;ai model;large language models;llm;llms;"
        "generative ai;neural networks;train our models;train models;training data;model training;"
        "speech models;speech-recognition models;speech recognition models;recognition models;"
        "language model;summarisation models;summarization models;machine-learning models;"
        "ml models;our models;the models;its models;their models;underlying models;foundation models;"
        "ai systems;ai features;ai assistant;chatbot;assistant models".split(";")
    ),
    "train": frozenset(
        "train;trains;training;trained;fine-tune;fine-tuning;improve our models;develop our models;"
        "learn from;develop and improve our;when we develop".split(";")
    ),
    # OPP-115 "User Choice/Control" and "User Access, Edit & Deletion"; GDPR arts. 15-22; CCPA.
    "right": frozenset(
        """right;rights;access;correct;correction;rectify;rectification;delete;deletion;erase;erasure;portability;export;
        download a copy;object;objection;restrict;restriction;opt out;opt-out;opt in;opt-in;unsubscribe;withdraw;
        withdraw your consent;withdraw consent;complaint;lodge a complaint;appeal;do not sell;do not share;
        limit the use;choices;choice;control;controls;settings;preferences;request;requests;
        contest;human review;human intervention;point of view""".replace("\n", "").split(";")
    ),
    "security": frozenset(
        """encrypt;encrypted;encryption;end-to-end;tls;ssl;two-factor;2fa;multi-factor;mfa;audit;audits;iso 27001;
        soc 2;penetration testing;pseudonymise;pseudonymize;pseudonymised;pseudonymized;anonymise;anonymize;hashed;
        access controls;firewalls;secure;security""".replace("\n", "").split(";")
    ),
    "security_weak": frozenset(
        """cannot guarantee;can not guarantee;cannot ensure;no method;not completely secure;not 100% secure;
        reasonable efforts;reasonable steps;commercially reasonable;best efforts;try to;attempt to;at your own risk;
        no guarantee;not responsible for""".replace("\n", "").split(";")
    ),
    "retention": frozenset(
        """retain;retains;retained;retention;keep;keeps;kept;store;stores;stored;storage;delete;deletes;deleted;
        erase;erased;archive;indefinitely;as long as;until""".replace("\n", "").split(";")
    ),
    "retention_vague": frozenset(
        """indefinitely;as long as necessary;as long as we need;as long as needed;for as long as;as long as required;
        no longer than necessary;permanently;forever;until you delete;legitimate interest applies;as long as the consent""".replace(
            "\n", ""
        ).split(";")
    ),
    "transfer": frozenset(
        """outside the eea;outside the eu;outside the european economic area;outside the european union;outside the uk;
        outside your country;third country;third countries;international transfers;international transfer;
        standard contractual clauses;sccs;scc;adequacy decision;bcr;bcrs;dpf;
        data privacy framework;privacy shield;binding corporate rules;cross-border""".replace(
            "\n", ""
        ).split(";")
    ),
    "country": frozenset(
        """united states;usa;u.s.;united kingdom;uk;european union;eu;eea;switzerland;canada;mexico;brazil;argentina;
        india;china;hong kong;singapore;japan;korea;south korea;australia;new zealand;russia;israel;turkey;
        south africa;nigeria;philippines;vietnam;indonesia;malaysia;taiwan;ukraine;egypt;uae;saudi arabia;
        ireland;germany;france;netherlands;spain;italy;poland;sweden;norway;denmark;finland;belgium;austria;portugal""".replace(
            "\n", ""
        ).split(";")
    ),
    "dispute": frozenset(
        """arbitration;arbitrate;arbitrator;binding arbitration;class action;class-action;class action waiver;
        jury trial;waive;waiver;governing law;governed by the laws;exclusive jurisdiction;exclusive venue;small claims;
        limitation of liability;liable;indemnify""".replace("\n", "").split(";")
    ),
    "change_weak": frozenset(
        """check this page;check back;review this page;review this policy periodically;check this policy;periodically;
        regularly;continued use;continuing to use;constitutes acceptance;constitute acceptance;deemed to accept;
        at any time;without notice;without prior notice;sole discretion;from time to time;continue to use;
        continues to use;deemed to have accepted;deemed to accept;deemed accepted;deemed acceptance;will be deemed;
        by continuing;if you continue;your continued""".replace("\n", "").split(";")
    ),
    "change_strong": frozenset(
        """notify you;notify;email you;e-mail you;notice;prominent notice;in advance;prior notice;before the change;
        before any change;before it takes effect;days before;days prior;days' notice;days notice;ask for your consent;seek your consent;obtain your consent;
        alert you;inform you;once you have accepted;until you accept;ask you to accept;your acceptance;
        accepted them;agree to the changes;accept the changes""".replace("\n", "").split(";")
    ),
    # Terms of service that cost the user money, rights or content (the rubric's "other ToS
    # risk terms": fees, renewal, liability, content licence). Termination and suspension are
    # read as the company's new powers (practice.new_permission): "when you close your
    # account" is the user's act.
    "tos_risk": frozenset(
        """renew automatically;renews automatically;automatically renew;automatically renews;auto-renew;
        auto-renews;auto-renewal;automatic renewal;recurring charge;recurring charges;recurring billing;
        recurring payment;non-refundable;nonrefundable;no refunds;not refundable;late fee;late fees;
        cancellation fee;early termination fee;administration fee;service fee;price increase;increase the price;
        increase our prices;change our prices;change the price;limitation of liability;aggregate liability;
        total liability;shall not exceed;will not exceed;liability is limited;indemnify;indemnification;
        hold harmless;perpetual;irrevocable;sublicensable;sub-licensable;royalty-free;transferable licence;
        transferable license;worldwide licence;worldwide license;waive any moral rights;forfeit;forfeited;
        set off;withhold payment;chargeback fee;members of your household;on behalf of yourself and;
        others who use;anyone who uses your account;all users of your account""".replace(
            "\n", ""
        ).split(";")
    ),
    "retroactive": frozenset(
        """already collected;previously collected;have collected;collected before;collected prior;whenever collected;
        regardless of when;existing data;existing content;all information we have;
        created before;uploaded before;past content;historical data;
        applies to all information;apply to all information;apply retroactively;retroactively;
        prior to this update;before this update;before the effective date;before the update;before these changes;
        before these terms were;before this policy was;before the terms were;before the policy was;before we updated;
        already provided;already shared;already uploaded;already submitted;already given us;already hold;already have about;
        previously provided;previously shared;previously uploaded;previously submitted;previously given;
        whenever they were made;whenever they were created;whenever it was;no matter when;already in your""".replace(
            "\n", ""
        ).split(";")
    ),
    "tracking": frozenset(
        """cookie;cookies;pixel;pixels;web beacon;web beacons;tracking pixel;tracking technologies;fingerprinting;
        digital fingerprint;device fingerprint;sdk;sdks;local storage;session replay;cross-site tracking;
        third-party cookies;tracker;trackers""".replace("\n", "").split(";")
    ),
    "controller": frozenset(
        """controller;data controller;joint controller;operated by;operates;is responsible for;responsible for your;
        we are;acquired;acquisition;merger;merged;subsidiary of;owned by;successor;data protection officer;dpo;
        representative""".replace("\n", "").split(";")
    ),
    "protective_verb": frozenset(
        """notify;inform;tell;email you;delete;erase;destroy;anonymize;anonymise;encrypt;protect;safeguard;secure;ask;
        seek;obtain your consent;get your consent;request your consent;allow you;let you;enable you;give you;
        honor;honour;respect;respond;comply;limit;restrict;minimize;minimise;review;audit;offer;provide you""".replace(
            "\n", ""
        ).split(";")
    ),
    "use_verb": frozenset(
        """collect;gather;obtain;use;process;share;disclose;sell;rent;transfer;track;monitor;retain;keep;store;combine;
        link;profile;access;analyze;analyse;scan;infer;send;provide;make available;train;license;publish;
        display""".replace("\n", "").split(";")
    ),
    "personal": frozenset(
        """personal information;personal data;personally identifiable;your information;your data;information about you;
        data about you;your personal;user data;customer data;your content;information you provide;information we collect;
        data we collect;pii""".replace("\n", "").split(";")
    ),
}


def _with_dpv(vocabulary: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    extra = {
        # Only the sensitive categories join the data vocabulary: DPV's fine-grained ordinary
        # types ("postal code", "device settings") turned rewordings into "new data" on the
        # training pairs; their IRIs still name the concept in evidence (concept_of).
        "data_type": _dpv("data_type", sensitive=True),
        "sensitive": _dpv("data_type", sensitive=True),
        "children": frozenset(p for c in CONCEPTS if c.children for p in c.phrases),
        "recipient": _dpv("recipient"),
        "security": _dpv("security"),
        "purpose_new": frozenset(
            p for c in CONCEPTS if c.label in _UNEXPECTED_PURPOSES for p in c.phrases
        ),
    }
    return {k: v | extra.get(k, frozenset()) for k, v in vocabulary.items()}


DEFAULT_VOCABULARY = _with_dpv(DEFAULT_VOCABULARY)

# Replacements that never change meaning (controlled list, after the materiality notes Part C).
SYNONYMS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in [
        ("utilize", "use"), ("utilise", "use"), ("utilizes", "uses"), ("utilises", "uses"), ("in order to", "to"),
        ("prior to", "before"), ("subsequent to", "after"), ("in the event that", "if"), ("commence", "begin"),
        ("terminate", "end"), ("purchase", "buy"), ("assist", "help"), ("obtain", "get"), ("additional", "more"),
        ("approximately", "about"), ("request", "ask"), ("e-mail", "email"), ("website", "site"), ("web site", "website"),
        ("webpage", "page"), ("we are", "we're"), ("do not", "don't"), ("does not", "doesn't"), ("will not", "won't"),
        ("cannot", "can't"), ("can not", "cannot"), ("we have", "we've"), ("that", "which"), ("this", "that"),
        ("policy", "notice"), ("privacy policy", "privacy notice"), ("privacy statement", "privacy policy"),
        ("information", "data"), ("personal information", "personal data"), ("customers", "users"),
        ("user", "customer"), ("services", "service"), ("app", "application"), ("via", "through"),
        ("such as", "like"), ("e.g.", "for example"), ("i.e.", "that is"), ("and/or", "or"), ("towards", "toward"),
        ("amongst", "among"), ("whilst", "while"), ("shall", "will"), ("regarding", "about"), ("concerning", "about"),
        ("numerous", "many"), ("sufficient", "enough"), ("demonstrate", "show"), ("provide", "give"),
        ("such as", "for example"), ("e.g.", "such as"), ("for instance", "for example"), ("is not", "isn't"),
        ("are not", "aren't"), ("notify", "inform"), ("notify", "tell"), ("inform", "tell"), ("notify", "remind"),
        ("retain", "keep"), ("retained", "kept"), ("as", "because"), ("since", "because"), ("enter", "put"),
        ("ensure", "make sure"), ("upon", "on"), ("whether", "if"), ("modify", "change"), ("amend", "change"),
        ("select", "choose"), ("receive", "get"), ("obtained", "got"), ("therefore", "so"), ("however", "but"),
        ("verify", "confirm"), ("respond", "reply"), ("run", "operate"), ("preceding", "past"), ("request", "ask"),
        ("are required to", "must"), ("is required to", "must"), ("required to", "must"), ("prior", "before"),
        ("sets forth", "explains"), ("set forth", "explained"), ("in accordance with", "under"),
        # Plain-language rewrites say the same commitment in everyday words.
        ("disclose", "share"), ("hand", "share"), ("companies", "parties"), ("company", "party"),
        ("erase", "delete"), ("rectify", "correct"), ("safeguard", "protect"), ("answer", "respond"),
        ("minors", "children"), ("kids", "children"), ("individuals", "people"), ("persons", "people"),
        ("store", "keep"), ("stored", "kept"), ("acquire", "buy"), ("furnish", "give"),
        ("complete", "full"), ("entire", "whole"), ("commence", "start"), ("begin", "start"),
        ("require", "need"), ("requires", "needs"), ("permit", "allow"), ("permits", "allows"),
        ("individual", "person"), ("therefore", "so"), ("subsequently", "later"), ("prior to", "before"),
    ]
)  # fmt: skip


def _pattern(terms: Iterable[str]) -> re.Pattern[str]:
    # The phrases go into a trie-shaped pattern: a thousand alternatives that share their
    # first letters are tried once per shared prefix, not once each, at every position.
    # Longest match first, as a sorted alternation would give.
    trie: dict[str, Any] = {}
    for t in {t.strip().lower() for t in terms if t.strip()}:
        node = trie
        for ch in t:
            node = node.setdefault(ch, {})
        node[""] = "(?:s|es)?" if t[-1].isalpha() else ""
    return re.compile(r"(?<![\w-])(?:" + _trie_regex(trie) + r")(?![\w-])")


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    end = node.get("")
    if end is not None:
        # Ending here is the shortest option: tried after every longer branch.
        branches.append(end)
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


# A narrow data type is already disclosed when the policy disclosed a broader type that
# contains it ("passwords" under "credentials"): naming it is an example, not new collection.
# Only narrow -> broad: "email address" does not disclose "phone number".
_CONTACT = ("contact details", "contact information", "contact info")
_DEVICE = ("device information", "device data", "technical information", "technical data", "log data",
           "log files", "log information")  # fmt: skip
COVERED_BY: dict[str, tuple[str, ...]] = {
    "password": ("credentials", "login credentials", "account credentials", "login information",
                 "login details", "log-in details", "account information", "sign-in details"),
    "username": ("credentials", "login information", "login details", "account information"),
    "email": _CONTACT, "email address": (*_CONTACT, "email"), "e-mail": (*_CONTACT, "email"),
    "e-mail address": (*_CONTACT, "email", "email address"),
    "phone number": _CONTACT, "telephone number": (*_CONTACT, "phone number"),
    "mobile number": (*_CONTACT, "phone number"),
    "postal address": (*_CONTACT, "address"), "mailing address": (*_CONTACT, "address", "postal address"),
    "first name": ("name", "full name"), "last name": ("name", "full name"), "full name": ("name",),
    "ip address": _DEVICE, "browser type": _DEVICE, "operating system": _DEVICE,
    "device identifier": _DEVICE, "device id": _DEVICE, "crash reports": (*_DEVICE, "usage data"),
    "approximate location": ("location", "location data", "general location"),
    "general location": ("location", "location data", "approximate location"),
    "payment card": ("payment information", "billing information", "financial information"),
    "credit card": ("payment information", "billing information", "payment card"),
    "debit card": ("payment information", "billing information", "payment card"),
    "card number": ("payment information", "billing information", "payment card"),
    "order history": ("purchase history", "transaction history"),
    "purchase history": ("order history", "transaction history"),
    "transaction history": ("purchase history", "order history"),
    "photo": ("images", "image", "pictures", "picture"), "image": ("photos", "photo", "pictures", "picture"),
    "picture": ("photos", "photo", "images", "image"),
}  # fmt: skip


def covered(term: str, disclosed: set[str]) -> bool:
    """Is *term* (a data type) already disclosed by itself or by a broader type?"""
    return term in disclosed or any(_singular(b) in disclosed for b in COVERED_BY.get(term, ()))


# Phrases that contain a vocabulary term but mean something else.
_EXCLUDE: dict[str, re.Pattern[str]] = {
    "sensitive": re.compile(
        r"(?:digital|device|browser|canvas|unique|machine)\W+fingerprint\w*|fingerprinting"
        r"|child sexual abuse\w*"
        # Law enforcement's work, not data about a person's offences.
        r"|criminal (?:investigation|proceeding|law|activit|authorit|prosecution|justice|court|matter|inquir|probe)\w*"
        # Unlocking a device or an app with a fingerprint or a face is done on the device; the
        # company does not receive the biometric ("protected by your fingerprint", "Face ID").
        r"|(?:protected by|unlock\w*(?: \w+){0,3} (?:with|using)|(?:log|sign)(?:-| )?in (?:with|using)|"
        r"authenticat\w* (?:with|using)) (?:your |a |the )?(?:fingerprint|face|facial|biometric)\w*"
        r"(?:(?:,| or| and) (?:your |a )?(?:fingerprint|face|facial|biometric)\w*)*"
        r"|\b(?:face|touch) id\b"
    ),
    "data_type": re.compile(r"calendar (?:year|month|days?)|(?:privacy|explanatory) videos?"),
    "children": re.compile(r"child sexual abuse\w*|parent compan\w+"),
}


class Vocabulary:
    """Compiled vocabularies: ``vocab.find("data_type", text)`` -> the terms found."""

    def __init__(self, terms: Mapping[str, Iterable[str]]):
        self.terms = {
            k: frozenset(t.strip().lower() for t in v if t.strip()) for k, v in terms.items()
        }
        self._patterns = {k: _pattern(v) for k, v in self.terms.items() if v}

    def find(self, category: str, text: str) -> set[str]:
        pat = self._patterns.get(category)
        if pat is None:
            return set()
        exclude = _EXCLUDE.get(category)
        if exclude is not None:
            if category == "sensitive" and exclude.search(text):
                # A sentence about device fingerprints uses the bare word for them too.
                text = re.sub(r"fingerprint\w*", " ", text)
            text = exclude.sub(" ", text)
        return {_singular(m.group(0)) for m in pat.finditer(text)}

    def has(self, category: str, text: str) -> bool:
        return (
            bool(self.find(category, text))
            if category in _EXCLUDE
            else bool((pat := self._patterns.get(category)) and pat.search(text))
        )


@functools.lru_cache(maxsize=65536)
def _singular(term: str) -> str:
    if " " in term:
        return term  # phrases ("united states") are kept as written
    if term.endswith("ies") and len(term) > 4:
        return term
    if term.endswith("es") and term[:-2].endswith(("ss", "sh", "ch", "x")):
        return term[:-2]
    if term.endswith("s") and not term.endswith("ss") and len(term) > 3:
        return term[:-1]
    return term
