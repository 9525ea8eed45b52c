"""The rule chain: every built-in rule, in the order it runs, one chain per stage.

This table is the one place the order is written. The engine runs a unit through the
``trivial`` chain (a rule that fires explains the unit away: no later stage runs), then
the ``substantive`` chain (every rule runs; every finding counts), then, only when nothing
fired, the ``fallback`` chain (the first rule that fires decides). Within a chain, order
decides which rule's reason is listed first and, in ``fallback``, which rule wins.
:class:`~policydoc.RuleSet` places a rule of its own by id (``before``/``after``) and
switches rules off and on (``without``/``enable``).
"""

from __future__ import annotations

from collections.abc import Mapping

from policydoc.significance.rules import (
    chrome,
    data,
    editorial,
    fallback,
    floors,
    identity,
    permissions,
    polarity,
    purposes,
    quantities,
    rights,
    security,
    sensitive,
    sharing,
    structure,
    terms,
)
from policydoc.significance.rules.unit import Rule, Stage

__all__ = ["CHAIN", "RULES", "STAGES"]

STAGES: tuple[Stage, ...] = ("trivial", "substantive", "fallback")

CHAIN: Mapping[Stage, tuple[Rule, ...]] = {
    "trivial": (
        chrome.CHROME,  # editorial.chrome
        editorial.restated,
        editorial.spacing,
        editorial.wording,
        editorial.navigation,
        editorial.label_text,
        editorial.links,
        editorial.lead_in_moved_rule,
    ),
    "substantive": (
        polarity.permission_widened,
        polarity.protection_removed,
        polarity.practice_limited,
        polarity.protection_weakened,
        polarity.prohibition_narrowed,
        polarity.sensitive_prohibition_narrowed,
        polarity.ruled_out_item_removed,
        polarity.sensitive_ruled_out_item_removed,
        polarity.refusal_narrowed,
        polarity.refusal_widened,
        polarity.practice_broadened,
        polarity.opt_in_replaced,
        polarity.practice_narrowed,
        quantities.worse,
        quantities.better,
        quantities.changed,
        quantities.age_lowered,
        quantities.age_raised,
        quantities.age_limit_removed,
        sharing.sale_new,
        sharing.merger,
        sensitive.sensitive_new,
        sensitive.children_new,
        data.new_type,
        purposes.ai_training,
        purposes.ai_training_future,
        purposes.purpose_new,
        sharing.new_recipient,
        data.item_added,
        sensitive.sensitive_shared,
        sharing.recipient_removed,
        data.type_removed,
        data.tracking_new,
        sharing.transfer_new,
        terms.retroactive_scope,
        terms.grandfathering_removed,
        terms.dispute_added,
        terms.dispute_option_added,
        terms.dispute_removed,
        terms.risk_added,
        terms.risk_removed,
        purposes.purpose_removed,
        rights.rights_removed,
        rights.rights_added,
        rights.rights_restricted,
        rights.scope_narrowed,
        rights.scope_widened,
        security.weakened,
        security.strengthened,
        security.deidentification_weakened,
        terms.change_clause_weakened,
        terms.change_clause_strengthened,
        identity.controller_changed,
        identity.contact_changed,
        structure.moved_into_practice,
        structure.reordered,
        structure.heading_negation_flip,
        structure.section_removed,
        terms.backdated,
        # Floors last: each skips what a vocabulary rule above already judged.
        *floors.FLOORS,
    ),
    "fallback": (
        structure.heading_renamed,
        structure.section_practice_removed,
        permissions.new_permission,
        fallback.clarification,
        fallback.description_removed,
        fallback.paraphrase,
        fallback.review_unresolved,
        fallback.review_commitment,
        fallback.editorial_text,
        fallback.metadata_changed,
    ),
}


def _flatten(chain: Mapping[Stage, tuple[Rule, ...]]) -> tuple[Rule, ...]:
    """Every rule, stage by stage; a rule listed under a stage it does not declare is a bug."""
    out: list[Rule] = []
    for stage in STAGES:
        for r in chain[stage]:
            if r.stage != stage:
                raise ValueError(
                    f"rule {r.id!r} declares stage {r.stage!r} but is listed in {stage!r}"
                )
            out.append(r)
    ids = [r.id for r in out]
    if len(set(ids)) != len(ids):
        raise ValueError(f"rule ids listed twice: {sorted({i for i in ids if ids.count(i) > 1})}")
    return tuple(out)


RULES: tuple[Rule, ...] = _flatten(CHAIN)
"""The built-in rules in chain order (what :meth:`RuleSet.default` starts from)."""
