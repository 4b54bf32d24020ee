"""Conventions shared by every engine's summaries, stated once.

Every result that says "shortage" or reports a Monte Carlo band imports its numbers from
here: the scenario summary (:mod:`chokepoints.scenarios.summary`), the supplier-map run
(:mod:`chokepoints.suppliers.run`), the HTML report and the service's job results
(:mod:`chokepoints.api.jobs`). The market path reports neither (it is one deterministic
price path per scenario); the policy flows use the end-use and content conventions below.

Shortage
    A day on which a node's output is below :data:`SHORTAGE_THRESHOLD` (0.99) of its
    reference output: for a scenario run, the same run with every export control
    lifted (``counterfactual_production``, :mod:`chokepoints.scenarios.reference`); for a
    supplier map, the line's baseline output. Dips under 1% of the reference are
    treated as model noise (stock smoothing, float32 rounding), not shortage.

Bands
    Monte Carlo results are reported as the median and the 5% and 95% quantiles over runs
    (:data:`QUANTILES`), named ``p05``, ``p50`` and ``p95`` (:data:`BAND_LABELS`).

End-use classes
    The military end-use rules of the policy timeline (``targets.end_uses: [military]``)
    act on a flow when every unit of its customer's output ends in an end-use sector of
    class ``military`` (:data:`END_USE_CLASS`); flows whose customers serve only other
    sectors are ``civilian``; flows serving both are reported as mixed and gated only by
    rules without an end-use condition. The bundled world's ``sector:aerospace_defense``
    lumps civil aerospace with defence; counting it as military makes the military
    end-use bans an upper bound (docs/scenarios.md).

China-origin content
    Extraterritorial content rules (``content_rule`` measures) compare a flow's share of
    China-origin controlled rare earths with the rule's de minimis share. The share a
    scenario run uses is by mass: t REO of controlled-element oxide separated in the
    rule's issuing country, embodied per unit of the flow's product (t of magnet, or t
    magnet-equivalent of a component), computed from the world's flows and recipes with
    :func:`chokepoints.engines.exposure.embodied_origin`. The rules are worded by value;
    the mass share is documented as the basis used (docs/policy.md).
"""

from __future__ import annotations

#: Output below this share of baseline counts as a shortage day (or a line stop).
SHORTAGE_THRESHOLD = 0.99

#: Quantiles over Monte Carlo runs: lower band, median, upper band.
QUANTILES: tuple[float, float, float] = (0.05, 0.5, 0.95)

#: Column suffixes of the band quantiles, in :data:`QUANTILES` order.
BAND_LABELS: tuple[str, str, str] = ("p05", "p50", "p95")

#: End-use class of each end-use sector product of the bundled world; sectors not named
#: here are ``civilian``.
END_USE_CLASS: dict[str, str] = {"sector:aerospace_defense": "military"}

#: Stage at which China-origin content is counted (where controlled oxide is separated).
CONTENT_ORIGIN_STAGE = "oxide"
