"""What the rules see about a flow: China-origin content, end-use class, uncovered elements.

The gates (:func:`chokepoints.policy.compile_gates`) can apply two kinds of rule only when
they are told more than a flow's product and countries:

- extraterritorial content rules (``content_rule``, e.g. MOFCOM No. 61's 0.1% rule on
  foreign-made magnets) need the share of China-origin controlled material in the goods;
- end-use rules (``targets.end_uses: [military]``) need the flow's end use.

Both are derived here from a world's nodes, flows and recipes, per node, so that any flow
(recorded, or a rerouting candidate of the dynamics engine) takes its supplier's content
and its customer's end use. The conventions (mass basis, origin stage, which sectors are
military) are stated once in :mod:`chokepoints.conventions`.

:func:`elements_without_nodes` reports the elements a measure names that no product of
the world contains at the measure's stages (MOFCOM No. 57's Ho, Er, Tm, Eu, Yb in the
bundled world), so they are listed rather than silently dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from chokepoints.conventions import CONTENT_ORIGIN_STAGE, END_USE_CLASS
from chokepoints.engines.exposure import MAX_DEPTH, embodied_origin, input_coefficients

if TYPE_CHECKING:
    from chokepoints.policy.models import Measure
    from chokepoints.policy.timeline import Timeline
    from chokepoints.world import World

#: End-use label of a flow whose customer serves military and civilian sectors.
MIXED = None


def _product_elements(world: World) -> dict[str, frozenset[str]]:
    out = {}
    for pid, text in world.products["elements"].items():
        out[str(pid)] = frozenset(e.strip() for e in str(text).split(";") if e.strip())
    return out


def controlled_elements(timeline: Timeline, issuer: str = "CHN") -> frozenset[str]:
    """Elements named by any content rule of ``issuer`` in the timeline (any date)."""
    out: set[str] = set()
    for m in timeline.measures:
        if m.kind == "content_rule" and m.issuer == issuer:
            out |= set(m.coverage.elements)
    return frozenset(out)


def china_content_by_node(
    world: World, elements: Iterable[str], origin: str = "CHN"
) -> dict[str, float]:
    """China-origin controlled content per unit of each node's output, by mass.

    Parameters
    ----------
    world : World
        Nodes, flows, products (``elements``) of the network.
    elements : iterable of str
        The controlled element symbols (:func:`controlled_elements`).
    origin : str
        Country whose content is counted (the rule's issuer).

    Returns
    -------
    dict of str to float
        Node id -> t REO of controlled-element oxide separated in ``origin`` embodied in
        one unit of the node's output (t, or t magnet-equivalent for components and
        sectors); 0 for nodes without such content. Oxide-stage nodes in ``origin`` that
        make a controlled oxide count 1 (their output is the material itself).
    """
    from chokepoints.world.compile import compile_network

    arr = compile_network(world)
    wanted = frozenset(elements)
    if not wanted or origin not in arr.countries:
        return {str(n): 0.0 for n in arr.node_ids}
    elems = _product_elements(world)
    stage_of = world.products["stage"].to_dict()
    prod_ids = np.asarray(arr.products)[arr.node_product]
    makes = np.array(
        [
            stage_of.get(str(p)) == CONTENT_ORIGIN_STAGE and bool(elems.get(str(p), set()) & wanted)
            for p in prod_ids
        ],
        dtype=bool,
    )
    m = input_coefficients(arr.flow_supplier, arr.flow_customer, arr.flow_qty, arr.output)
    b = embodied_origin(m, arr.node_country, makes, len(arr.countries))
    col = b[:, arr.countries.index(origin)]
    return {str(n): float(v) for n, v in zip(arr.node_ids, col, strict=True)}


def military_share_by_node(
    world: World, classes: Mapping[str, str] | None = None
) -> npt.NDArray[np.float64]:
    """Share of each node's output that ends in a military end-use sector.

    A sector node counts 1 when its product's class (``classes``, default
    :data:`~chokepoints.conventions.END_USE_CLASS`) is ``military``, else 0; any other
    node takes the quantity-weighted share of its customers; a node without customers
    counts 0. Shape (n_nodes,), in ``world.nodes`` order.
    """
    from chokepoints.world.compile import compile_network

    cls = END_USE_CLASS if classes is None else classes
    arr = compile_network(world)
    prod_ids = np.asarray(arr.products)[arr.node_product]
    leaf = np.array([cls.get(str(p)) == "military" for p in prod_ids], dtype=float)
    n = arr.n_nodes
    out_total = np.bincount(arr.flow_supplier, weights=arr.flow_qty, minlength=n)
    has_out = out_total > 0
    share = leaf.copy()
    for _ in range(MAX_DEPTH + 1):
        down = np.bincount(
            arr.flow_supplier, weights=arr.flow_qty * share[arr.flow_customer], minlength=n
        )
        nxt = np.where(has_out, np.divide(down, out_total, where=has_out, out=np.zeros(n)), leaf)
        if np.array_equal(nxt, share):
            break
        share = nxt
    return share


def end_use_by_node(
    world: World, classes: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Node id -> ``"military"``, ``"civilian"`` or None (serves both; see conventions)."""
    share = military_share_by_node(world, classes)
    out: dict[str, str | None] = {}
    for node, s in zip(world.nodes.index, share, strict=True):
        if s >= 1.0 - 1e-9:
            out[str(node)] = "military"
        elif s <= 1e-9:
            out[str(node)] = "civilian"
        else:
            out[str(node)] = MIXED
    return out


def _in_window(m: Measure, first: dt.date, last: dt.date) -> bool:
    return m.start <= last and (m.end is None or m.end >= first)


def elements_without_nodes(
    timeline: Timeline, world: World, first: dt.date, last: dt.date
) -> dict[str, list[str]]:
    """Elements a measure names that no node of the world makes at the measure's stages.

    A product counts when at least one node makes it. Only measures whose dates overlap ``[first, last]`` (suspended or not) are checked.

    Returns
    -------
    dict of str to list of str
        Measure id (a scenario's changed copies under the original id) -> the element
        symbols (in the measure's order) with no node of a covered stage in the world;
        measures with none left out.
    """
    with_nodes = {str(p) for p in world.nodes["product_id"]}
    elems = {p: e for p, e in _product_elements(world).items() if p in with_nodes}
    stage_of = world.products["stage"].to_dict()
    out: dict[str, list[str]] = {}
    for m in timeline.measures:
        if not m.coverage.elements or not _in_window(m, first, last):
            continue
        stages = set(m.coverage.stages)
        present: set[str] = set()
        for pid, es in elems.items():
            if not stages or stage_of.get(pid) in stages:
                present |= es
        missing = [e for e in m.coverage.elements if e not in present]
        # a scenario's changed copies (``<id>@<date>``, ``<id><<date>``) report as the original
        key = m.id.split("@", 1)[0].split("<", 1)[0]
        if missing:
            out[key] = list(dict.fromkeys([*out.get(key, []), *missing]))
    return out


def content_share_for(
    world: World, timeline: Timeline, product: str, origin: str, issuer: str = "CHN"
) -> tuple[float | None, str | None]:
    """The China-origin content a regime query can assume for ``product`` made in ``origin``.

    Returns
    -------
    share : float or None
        The content of node ``<origin>:<product>`` (:func:`china_content_by_node`), or
        None when the world has no such node or ``origin`` is the issuer itself (content
        rules do not apply to the issuer's own exports).
    node : str or None
        The node the share was read from.
    """
    node = f"{origin}:{product}"
    if origin == issuer or node not in world.nodes.index:
        return None, None
    content = china_content_by_node(world, controlled_elements(timeline, issuer), issuer)
    return content.get(node, 0.0), node
