"""Compile a World's tables into plain arrays with index maps (for the static engines).

The engines in :mod:`chokepoints.engines.exposure` see only these arrays, never pandas.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from chokepoints.world.model import World
from chokepoints.world.vocabulary import STAGES


@dataclass(frozen=True)
class NetworkArrays:
    """A world as arrays. Nodes are ordered as in ``world.nodes``.

    Attributes
    ----------
    node_ids, countries, products : tuple of str
        Labels of the node, country and product axes.
    node_country, node_product, node_stage : ndarray of int, shape (n_nodes,)
        Country index, product index and stage index (0 = ore ... 5 = sector) per node.
    output : ndarray of float, shape (n_nodes,)
        Baseline output per year, in each product's unit.
    flow_supplier, flow_customer : ndarray of int, shape (n_flows,)
        Node indices of each flow's ends.
    flow_product : ndarray of int, shape (n_flows,)
        Product index of each flow.
    flow_qty : ndarray of float, shape (n_flows,)
        Baseline quantity per year, in the product's unit.
    """

    node_ids: tuple[str, ...]
    countries: tuple[str, ...]
    products: tuple[str, ...]
    node_country: npt.NDArray[np.int64]
    node_product: npt.NDArray[np.int64]
    node_stage: npt.NDArray[np.int64]
    output: npt.NDArray[np.float64]
    flow_supplier: npt.NDArray[np.int64]
    flow_customer: npt.NDArray[np.int64]
    flow_product: npt.NDArray[np.int64]
    flow_qty: npt.NDArray[np.float64]

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @cached_property
    def node_country_ids(self) -> npt.NDArray[np.str_]:
        """Country code of each node, shape (n_nodes,)."""
        return np.asarray(self.countries)[self.node_country]

    @cached_property
    def node_product_ids(self) -> npt.NDArray[np.str_]:
        """Product id of each node, shape (n_nodes,)."""
        return np.asarray(self.products)[self.node_product]


def compile_network_arrays(world: World) -> NetworkArrays:
    """Turn the world's node and flow tables into :class:`NetworkArrays`.

    The static arrays of the exposure kernels; the dynamics engine compiles its own
    :class:`~chokepoints.engines.dynamics.CompiledModel` with
    :func:`~chokepoints.engines.dynamics.compile_world` (docs/architecture.md).
    """
    nodes, flows = world.nodes, world.flows
    node_ids = tuple(str(n) for n in nodes.index)
    countries = tuple(str(c) for c in world.countries.index)
    products = tuple(str(p) for p in world.products.index)
    n_pos = {n: i for i, n in enumerate(node_ids)}
    c_pos = {c: i for i, c in enumerate(countries)}
    p_pos = {p: i for i, p in enumerate(products)}
    s_pos = {s: i for i, s in enumerate(STAGES)}
    stage_of = world.products["stage"].to_dict()
    return NetworkArrays(
        node_ids=node_ids,
        countries=countries,
        products=products,
        node_country=np.array([c_pos[c] for c in nodes["country"]], dtype=np.int64),
        node_product=np.array([p_pos[p] for p in nodes["product_id"]], dtype=np.int64),
        node_stage=np.array([s_pos[stage_of[p]] for p in nodes["product_id"]], dtype=np.int64),
        output=nodes["production_t_per_yr"].to_numpy(dtype=np.float64),
        flow_supplier=np.array([n_pos[s] for s in flows["supplier_node"]], dtype=np.int64),
        flow_customer=np.array([n_pos[c] for c in flows["customer_node"]], dtype=np.int64),
        flow_product=np.array([p_pos[p] for p in flows["product_id"]], dtype=np.int64),
        flow_qty=flows["quantity_t_per_yr"].to_numpy(dtype=np.float64),
    )


#: The former name of :func:`compile_network_arrays` (kept for existing callers).
compile_network = compile_network_arrays
