"""The built-in significance rules, one module per category, run in the order of one table.

A rule looks at one *unit* of change (a modified sentence pair, an inserted or deleted
sentence, a sentence moved between sections, a renamed heading, a removed section) and
yields :class:`Finding` objects. Each rule has a stable id, a default level and a
category; a :class:`~policydoc.RuleSet` can switch rules off, override their levels and
place new rules by id. Direction matters throughout: the same kind of edit is ``minor``
when the user gains and ``material`` when the user loses.

Where things are:

- ``unit``: the interface (:class:`Rule`, :class:`Unit`, :class:`Finding`, the ``rule``
  decorator); ``context``: what the whole of both versions says;
- what several categories share: ``words`` (grammar words, stems, synonyms), ``verbs`` (who
  acts on data, the category of a practice), ``rows`` (table rows and list items a section
  gained), ``helpers``, and ``meaning`` (is this still said);
- one module per category: ``chrome`` and ``editorial`` (the trivial stage), ``polarity``
  (polarity and modality), ``quantities``, ``data``, ``sharing`` (sharing and sale),
  ``purposes``, ``rights``, ``security``, ``sensitive`` (children and sensitive data),
  ``terms`` (disputes and terms), ``identity`` (controller and contact), ``structure``,
  ``floors`` (fail-safe floors), ``fallback``;
- ``chain``: the one table that orders them, a chain per stage.
"""

from __future__ import annotations

from policydoc.significance.rules.chain import CHAIN, RULES, STAGES
from policydoc.significance.rules.context import DocContext
from policydoc.significance.rules.helpers import PRIVACY_CATEGORIES
from policydoc.significance.rules.identity import postal_addresses
from policydoc.significance.rules.meaning import (
    canonical_term,
    privacy_terms,
    same_meaning,
    still_said,
)
from policydoc.significance.rules.rows import new_rows
from policydoc.significance.rules.unit import Finding, Rule, SentencePair, Unit, rule
from policydoc.significance.rules.verbs import negated_practice, practice_category, verb_class
from policydoc.significance.rules.words import bag, capitalised, stem

__all__ = [
    "CHAIN",
    "PRIVACY_CATEGORIES",
    "RULES",
    "STAGES",
    "DocContext",
    "Finding",
    "Rule",
    "SentencePair",
    "Unit",
    "bag",
    "canonical_term",
    "capitalised",
    "negated_practice",
    "new_rows",
    "postal_addresses",
    "practice_category",
    "privacy_terms",
    "rule",
    "same_meaning",
    "stem",
    "still_said",
    "verb_class",
]
