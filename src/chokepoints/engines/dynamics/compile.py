"""Compile a network (a chokepoints world or a pymrio IOSystem) into plain arrays.

The dynamics engine works on three kinds of objects:

- **nodes** ``i``: an industry (MRIO region x sector) or a world node (an actor making one
  product); baseline output ``x0`` and capacity ``cap0`` in units/day, final demand ``y``.
- **slots** ``k``: one input inventory of one node, the pair (customer node, input product),
  with its technical coefficient ``a_k`` (input units per output unit), target cover
  ``s_k`` (days) and restoration time ``tau_k`` (days). In an MRIO a slot is BoARIO's
  ``inputs_stock[sector, industry]`` entry.
- **flows** ``f``: supplier node -> customer slot with a baseline order ``z_f`` (units/day)
  and a lead time (days). Zero-baseline flows are *candidates*: links a customer may
  reroute to; ``alt_f`` (units/day) weights them then.

Compilation happens once; :func:`~chokepoints.engines.dynamics.simulate.simulate` never
sees pandas.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from chokepoints.errors import DataError
from chokepoints.limits import LIMITS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]

#: BoARIO's ``TECHNOLOGY_THRESHOLD``: an input below this share is not constraining.
TECHNOLOGY_THRESHOLD = 1e-5


@dataclass(frozen=True)
class CompiledModel:
    """A network as contiguous arrays plus the index maps back to its labels.

    Attributes
    ----------
    node_ids : ndarray of str, shape (n_nodes,)
        Node labels (world ``node_id`` or MRIO ``region/sector``).
    node_region, node_product : ndarray of str, shape (n_nodes,)
        Country or MRIO region; product or MRIO sector.
    products : ndarray of str, shape (n_products,)
        Product (or sector) labels; ``slot_product`` indexes into it.
    x0 : ndarray, shape (n_nodes,)
        Baseline output, units/day.
    cap0 : ndarray, shape (n_nodes,)
        Production capacity before shocks and overproduction, units/day.
    final_demand : ndarray, shape (n_nodes,)
        Final demand addressed to the node, units/day (constant).
    price_usd_per_unit : ndarray, shape (n_nodes,)
        US$ per unit of the node's output (NaN if unknown).
    node_slot_ptr : ndarray of int64, shape (n_nodes + 1,)
        Slots of node ``i`` are ``node_slot_ptr[i]:node_slot_ptr[i + 1]``.
    slot_node, slot_product : ndarray of int32, shape (n_slots,)
        Customer node and input product of each inventory slot.
    slot_a : ndarray, shape (n_slots,)
        Technical coefficient, input units per output unit.
    slot_inv_days : ndarray, shape (n_slots,)
        Target inventory, days of use at current output (``inf``: never constraining).
    slot_tau_days : ndarray, shape (n_slots,)
        Inventory restoration characteristic time, days.
    slot_active : ndarray of bool, shape (n_slots,)
        Whether the input can constrain production (BoARIO's threshold on tiny inputs).
    slot_sub : ndarray of int32, shape (n_slots,)
        Slot of the substitute input (same node), or -1.
    slot_sub_rate : ndarray, shape (n_slots,)
        Substitute units needed per unit of main input replaced (penalty included).
    inv0 : ndarray, shape (n_slots,)
        Initial inventories, input units.
    flow_ids : ndarray of str, shape (n_flows,) or (0,)
        Flow labels. Empty for an MRIO (``n^2`` labels would dominate memory): its flows
        are named ``"<supplier node>-><customer node>"`` and found by
        :meth:`flow_index` all the same.
    flow_sup, flow_slot : ndarray of int32, shape (n_flows,)
        Supplier node and customer slot of each flow.
    flow_z : ndarray, shape (n_flows,)
        Baseline order, units/day (0 for candidate links).
    flow_alt : ndarray, shape (n_flows,)
        Weight of a candidate link when its customer reroutes, units/day.
    flow_lead : ndarray of int32, shape (n_flows,)
        Lead time, days (0: delivered the day it ships).
    unit : str
        Unit of quantities (``"t"`` for worlds, the MRIO's monetary unit otherwise).
    meta : dict
        Provenance: source kind, parameters used to compile.
    dense_z : ndarray, shape (n_nodes, n_nodes), optional
        A complete MRIO's flows as one dense matrix, units/day (``compile_mrio(...,
        flows="dense")``); the flow arrays are then empty and gates cannot be applied.
    """

    node_ids: npt.NDArray[np.str_]
    node_region: npt.NDArray[np.str_]
    node_product: npt.NDArray[np.str_]
    products: npt.NDArray[np.str_]
    x0: FloatArray
    cap0: FloatArray
    final_demand: FloatArray
    price_usd_per_unit: FloatArray
    node_slot_ptr: npt.NDArray[np.int64]
    slot_node: IntArray
    slot_product: IntArray
    slot_a: FloatArray
    slot_inv_days: FloatArray
    slot_tau_days: FloatArray
    slot_active: npt.NDArray[np.bool_]
    slot_sub: IntArray
    slot_sub_rate: FloatArray
    inv0: FloatArray
    flow_ids: npt.NDArray[np.str_]
    flow_sup: IntArray
    flow_slot: IntArray
    flow_z: FloatArray
    flow_alt: FloatArray
    flow_lead: IntArray
    unit: str = "t"
    meta: dict[str, Any] = field(default_factory=dict)
    dense_z: npt.NDArray[np.floating[Any]] | None = None

    @property
    def n_nodes(self) -> int:
        return int(self.x0.shape[0])

    @property
    def n_slots(self) -> int:
        return int(self.slot_node.shape[0])

    @property
    def n_flows(self) -> int:
        if self.dense_z is not None:
            return int(self.meta.get("n_flows", 0))
        return int(self.flow_sup.shape[0])

    def node_index(self, labels: str | list[str]) -> npt.NDArray[np.int64]:
        """Positions of node labels; raises ``KeyError`` naming the unknown ones."""
        if isinstance(labels, str):
            labels = [labels]
        pos = {v: i for i, v in enumerate(self.node_ids.tolist())}
        missing = [v for v in labels if v not in pos]
        if missing:
            raise KeyError(f"No node named {missing[0]!r} (nodes look like {self.node_ids[0]!r}).")
        return np.array([pos[v] for v in labels], dtype=np.int64)

    def flow_index(self, labels: str | list[str]) -> npt.NDArray[np.int64]:
        """Positions of flow labels; raises ``KeyError`` naming the unknown ones."""
        if isinstance(labels, str):
            labels = [labels]
        if self.flow_ids.size == 0 and self.n_flows > 0:
            return np.array([self._mrio_flow(v) for v in labels], dtype=np.int64)
        pos = {v: i for i, v in enumerate(self.flow_ids.tolist())}
        missing = [v for v in labels if v not in pos]
        if missing:
            raise KeyError(f"No flow named {missing[0]!r}.")
        return np.array([pos[v] for v in labels], dtype=np.int64)

    def _mrio_flow(self, label: str) -> int:
        sup_label, _, cus_label = label.partition("->")
        i = int(self.node_index(sup_label)[0])
        j = int(self.node_index(cus_label)[0])
        p = np.searchsorted(self.products, self.node_product[i])
        k = np.nonzero((self.slot_node == j) & (self.slot_product == p))[0]
        hit = np.nonzero((self.flow_sup == i) & np.isin(self.flow_slot, k))[0]
        if hit.size == 0:
            raise KeyError(f"No flow named {label!r} (no input from {sup_label} to {cus_label}).")
        return int(hit[0])


def _assemble(
    *,
    node_ids: np.ndarray,
    node_region: np.ndarray,
    node_product: np.ndarray,
    products: np.ndarray,
    x0: FloatArray,
    cap0: FloatArray,
    final_demand: FloatArray,
    price: FloatArray,
    slot_node: np.ndarray,
    slot_product: np.ndarray,
    slot_a: FloatArray,
    slot_inv_days: FloatArray,
    slot_tau_days: FloatArray,
    slot_active: np.ndarray,
    slot_sub: np.ndarray,
    slot_sub_rate: FloatArray,
    inv0: FloatArray,
    flow_ids: np.ndarray,
    flow_sup: np.ndarray,
    flow_slot: np.ndarray,
    flow_z: FloatArray,
    flow_alt: FloatArray,
    flow_lead: np.ndarray,
    unit: str,
    meta: dict[str, Any],
) -> CompiledModel:
    """Sort slots by node and flows by slot, then freeze the arrays."""
    n = len(node_ids)
    order = np.lexsort((slot_product, slot_node))
    inv_order = np.empty_like(order)
    inv_order[order] = np.arange(order.size)
    slot_sub = np.where(slot_sub >= 0, inv_order[np.maximum(slot_sub, 0)], -1)
    slot_node = slot_node[order]
    counts = np.bincount(slot_node, minlength=n)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    flow_slot = inv_order[flow_slot]
    forder = np.lexsort((flow_sup, flow_slot))

    def f64(a: Any) -> FloatArray:
        return np.ascontiguousarray(a, dtype=np.float64)

    def i32(a: Any) -> IntArray:
        return np.ascontiguousarray(a, dtype=np.int32)

    return CompiledModel(
        node_ids=np.asarray(node_ids, dtype=str),
        node_region=np.asarray(node_region, dtype=str),
        node_product=np.asarray(node_product, dtype=str),
        products=np.asarray(products, dtype=str),
        x0=f64(x0),
        cap0=f64(cap0),
        final_demand=f64(final_demand),
        price_usd_per_unit=f64(price),
        node_slot_ptr=ptr,
        slot_node=i32(slot_node),
        slot_product=i32(np.asarray(slot_product)[order]),
        slot_a=f64(np.asarray(slot_a)[order]),
        slot_inv_days=f64(np.asarray(slot_inv_days)[order]),
        slot_tau_days=f64(np.asarray(slot_tau_days)[order]),
        slot_active=np.ascontiguousarray(np.asarray(slot_active)[order], dtype=np.bool_),
        slot_sub=i32(slot_sub[order]),
        slot_sub_rate=f64(np.asarray(slot_sub_rate)[order]),
        inv0=f64(np.asarray(inv0)[order]),
        flow_ids=np.asarray(flow_ids, dtype=str)[forder]
        if len(flow_ids)
        else np.asarray(flow_ids, dtype=str),
        flow_sup=i32(np.asarray(flow_sup)[forder]),
        flow_slot=i32(flow_slot[forder]),
        flow_z=f64(np.asarray(flow_z)[forder]),
        flow_alt=f64(np.asarray(flow_alt)[forder]),
        flow_lead=i32(np.asarray(flow_lead)[forder]),
        unit=unit,
        meta=meta,
    )


def _per_sector(value: float | Mapping[str, float], sectors: list[str], name: str) -> FloatArray:
    if isinstance(value, Mapping):
        missing = [s for s in sectors if s not in value]
        if missing:
            raise DataError(
                file=None,
                row=None,
                field=name,
                value=missing[0],
                reason=f"has no value for this sector (expected a value for each of {sectors})",
            )
        return np.array([float(value[s]) for s in sectors])
    return np.full(len(sectors), float(value))


def compile_mrio(
    io: Any,
    *,
    inventory_days: float | Mapping[str, float] = 90,
    infinite_inventory_sectors: tuple[str, ...] | list[str] = (),
    restoration_tau_days: float | Mapping[str, float] = 60,
    monetary_factor: float = 1e6,
    days_per_year: int = 365,
    flows: str = "sparse",
    dense_dtype: Any = np.float64,
) -> CompiledModel:
    """Compile a pymrio ``IOSystem`` (the input BoARIO takes) into a :class:`CompiledModel`.

    Regions and sectors are sorted lexically, as BoARIO does, so node ``i`` is BoARIO's
    industry ``i``. Quantities are the table's monetary unit per day.

    Parameters
    ----------
    io : pymrio.IOSystem
        Needs ``Z`` and ``Y`` (DataFrames indexed by (region, sector)); ``x`` and ``A``
        are computed from them when missing. pymrio itself is not imported.
    inventory_days : float or dict of sector -> float
        Target input inventory, days of use (BoARIO ``main_inv_dur`` / ``inventory_dict``);
        values <= 1 become 2, as in BoARIO.
    infinite_inventory_sectors : sequence of str
        Inputs that never constrain production (BoARIO ``infinite_inventories_sect``).
    restoration_tau_days : float or dict of sector -> float
        Inventory restoration time, days (BoARIO ``inventory_restoration_tau``).
    monetary_factor : float
        US$ per unit of the table's values (1e6 for tables in M$), used for lost US$.
    days_per_year : int
        Days per year of the table (BoARIO ``iotable_year_to_temporal_unit_factor``).
    flows : {"sparse", "dense"}
        "sparse": one entry per non-zero coefficient (needed for gates on flows).
        "dense": keep ``Z`` as one ``dense_dtype`` matrix and no flow arrays, the
        smallest form of a large, complete table (10,000 industries: 0.8 GB in float64,
        0.4 GB in float32, against ~2.8 GB of flow arrays).
    dense_dtype : numpy dtype
        Storage of the dense matrix.
    """
    if flows not in ("sparse", "dense"):
        raise ValueError(f"flows must be 'sparse' or 'dense' (got {flows!r}).")
    Z = io.Z
    Y = io.Y
    if Z is None or Y is None:
        raise DataError(
            file=None,
            row=None,
            field="Z/Y",
            value=None,
            reason="is not set on the IOSystem (expected both Z and Y DataFrames)",
        )
    Z = Z.reindex(sorted(Z.index), axis=0).reindex(sorted(Z.columns), axis=1)
    Y = Y.reindex(sorted(Y.index), axis=0)
    regions = sorted(set(Z.index.get_level_values(0)))
    sectors = sorted(set(Z.index.get_level_values(1)))
    R, S = len(regions), len(sectors)
    n = R * S
    expected = pd.MultiIndex.from_product([regions, sectors])
    if list(Z.index) != list(expected):
        raise DataError(
            file=None,
            row=None,
            field="Z.index",
            value=len(Z.index),
            reason=f"is not a full (region, sector) product (expected {n} rows)",
        )
    Zv = Z.to_numpy(dtype=np.float64)
    x_year = Zv.sum(axis=1) + Y.to_numpy(dtype=np.float64).sum(axis=1)
    if getattr(io, "x", None) is not None:
        x_year = io.x.reindex(sorted(io.x.index)).to_numpy(dtype=np.float64).ravel()
    zc_sj = Zv.reshape(R, S, n).sum(axis=0)
    if getattr(io, "A", None) is not None:
        A = io.A.reindex(sorted(io.A.index), axis=0).reindex(sorted(io.A.columns), axis=1)
        # slots: (input sector s, buyer j), BoARIO's tech_mat = I_sum @ A
        a_sj = A.to_numpy(dtype=np.float64).reshape(R, S, n).sum(axis=0)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            a_sj = np.nan_to_num(zc_sj / x_year[None, :])
    step = 1 / days_per_year
    x0 = x_year * step
    y = Y.to_numpy(dtype=np.float64).sum(axis=1) * step
    inv = _per_sector(inventory_days, sectors, "inventory_days")
    inv = np.where(np.isin(sectors, list(infinite_inventory_sectors)), np.inf, inv)
    inv = np.where(inv <= 1, 2.0, inv)
    tau = _per_sector(restoration_tau_days, sectors, "restoration_tau_days")
    # a dense table keeps every (sector, buyer) slot: the fused kernel indexes k = j S + s
    s_idx, j_idx = np.nonzero(a_sj > 0) if flows == "sparse" else np.nonzero(a_sj >= 0)
    K = s_idx.size
    slot_of = np.full((S, n), -1, dtype=np.int64)
    slot_of[s_idx, j_idx] = np.arange(K)
    slot_a = a_sj[s_idx, j_idx]
    slot_inv = inv[s_idx]
    with np.errstate(invalid="ignore"):
        inv0 = np.nan_to_num(x0[j_idx] * slot_a * slot_inv, nan=np.inf, posinf=np.inf)
    active = zc_sj[s_idx, j_idx] > x0[j_idx] * TECHNOLOGY_THRESHOLD
    # what both forms share: the nodes, the products and the table's units
    labels = np.array([f"{r}/{s}" for r in regions for s in sectors])
    meta: dict[str, Any] = {
        "source": "pymrio.IOSystem",
        "regions": R,
        "sectors": S,
        "days_per_year": days_per_year,
        "monetary_factor": monetary_factor,
    }
    common: dict[str, Any] = {
        "node_ids": labels,
        "node_region": np.repeat(np.array(regions, dtype=str), S),
        "node_product": np.tile(np.array(sectors, dtype=str), R),
        "products": np.array(sectors, dtype=str),
        "x0": x0,
        "cap0": x0.copy(),
        "final_demand": y,
        "price": np.full(n, float(monetary_factor)),
        "slot_sub": np.full(K, -1),
        "slot_sub_rate": np.ones(K),
        "unit": "monetary unit",
    }
    if flows == "dense":
        # slots ordered node-major, as _assemble would sort them
        order = np.lexsort((s_idx, j_idx))
        cm = _assemble(
            **common,
            slot_node=j_idx[order],
            slot_product=s_idx[order],
            slot_a=slot_a[order],
            slot_inv_days=slot_inv[order],
            slot_tau_days=tau[s_idx][order],
            slot_active=active[order],
            inv0=inv0[order],
            flow_ids=np.zeros(0, dtype=str),
            flow_sup=np.zeros(0, dtype=np.int64),
            flow_slot=np.zeros(0, dtype=np.int64),
            flow_z=np.zeros(0),
            flow_alt=np.zeros(0),
            flow_lead=np.zeros(0, dtype=np.int32),
            meta={**meta, "n_flows": int(np.count_nonzero(Zv))},
        )
        dz = np.empty((n, n), dtype=dense_dtype)
        np.multiply(Zv, step, out=dz, casting="unsafe")
        return dataclasses.replace(cm, dense_z=dz)
    sup, cus = np.nonzero(Zv > 0)
    flow_slot = slot_of[sup % S, cus]
    if (flow_slot < 0).any():
        raise DataError(
            file=None,
            row=None,
            field="A",
            value=None,
            reason="is zero where Z is positive (expected A = Z / x; run io.calc_all())",
        )
    return _assemble(
        **common,
        slot_node=j_idx,
        slot_product=s_idx,
        slot_a=slot_a,
        slot_inv_days=slot_inv,
        slot_tau_days=tau[s_idx],
        slot_active=active,
        inv0=inv0,
        flow_ids=np.zeros(0, dtype=str),
        flow_sup=sup,
        flow_slot=flow_slot,
        flow_z=Zv[sup, cus] * step,
        flow_alt=np.zeros(sup.size),
        flow_lead=np.zeros(sup.size, dtype=np.int32),
        meta=meta,
    )


def _check_lead_times(lead_days: np.ndarray, flows: pd.DataFrame) -> None:
    """Refuse NaN, negative or over-limit lead times before delay lines are sized by them."""
    lim = LIMITS["lead_time_days"]
    bad = ~np.isfinite(lead_days) | (lead_days < 0) | (lead_days > lim.value())
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        flow = str(flows["flow_id"].iloc[k]) if "flow_id" in flows.columns else str(k)
        if np.isfinite(lead_days[k]) and lead_days[k] > 0:
            lim.check(float(lead_days[k]), field=f"lead_time_days of flow {flow}")
        raise DataError(
            "is not a lead time (expected a finite number of days >= 0)",
            field=f"lead_time_days of flow {flow}",
            value=float(lead_days[k]),
        )


def _num(df: pd.DataFrame, col: str, default: float) -> FloatArray:
    if col not in df.columns:
        return np.full(len(df), default)
    return pd.to_numeric(df[col], errors="coerce").fillna(default).to_numpy(np.float64)


def compile_world(
    world: Any,
    *,
    default_inventory_days: float = 30.0,
    restoration_tau_days: float = 30.0,
    days_per_year: int = 365,
    candidate_suppliers: bool = True,
    max_candidates_per_slot: int = 20,
) -> CompiledModel:
    """Compile a chokepoints world (nodes, flows, recipes tables) into arrays.

    Technical coefficients come from the flows, as in an input-output table:
    ``a_k = sum of baseline flows into (customer, product) / customer output``. Recipes
    name substitutes: a row with ``substitute_for = p1`` lets its input replace ``p1``
    at ``input_per_output`` units per output unit, with ``substitution_penalty`` of the
    output lost. With ``candidate_suppliers``, every other node making a product a
    customer buys (or may substitute) becomes a zero-baseline candidate link that the
    customer may reroute to, weighted by that node's spare capacity; a node whose
    optional ``rerouting_candidate`` column is False offers no such link (the export
    probes of :func:`chokepoints.scenarios.runner.add_export_probes`).

    Parameters
    ----------
    world : chokepoints.world.World or any object with ``nodes``, ``flows``, ``recipes``
        Tables with the columns of ``chokepoints.world.schema``.
    default_inventory_days : float
        Input cover, days, where a node's ``inventory_days`` is missing.
    restoration_tau_days : float
        Inventory restoration time, days.
    days_per_year : int
        Days per year used to turn ``*_t_per_yr`` into t/day.
    candidate_suppliers : bool
        Add candidate links for rerouting and substitution.
    max_candidates_per_slot : int
        Keep at most this many candidates per (customer, product), largest spare first.
    """
    nodes = world.nodes.reset_index(drop=True)
    flows = world.flows.reset_index(drop=True)
    recipes = getattr(world, "recipes", pd.DataFrame()).reset_index(drop=True)
    for col in ("node_id", "product_id", "production_t_per_yr"):
        if col not in nodes.columns:
            raise DataError(
                file="nodes", row=None, field=col, value=None, reason="is missing (required)"
            )
    node_ids = nodes["node_id"].astype(str).to_numpy()
    n = len(node_ids)
    pos = pd.Series(np.arange(n), index=node_ids)
    problems = []
    # node position of each flow's ends, -1 where unknown: one hash lookup per end
    # (Series.isin on Arrow strings goes through a Python list, ~7 s per 10^6 flows)
    unique_ids = pos.index.is_unique
    ends: dict[str, np.ndarray] = {}
    for name in ("supplier_node", "customer_node"):
        keys = flows[name].astype(str)
        if unique_ids:
            ends[name] = pos.index.get_indexer(keys)
            unknown = ends[name] < 0
        else:
            unknown = ~keys.isin(pos.index).to_numpy()
        for r in np.nonzero(unknown)[0][:5]:
            problems.append(
                DataError(
                    file="flows",
                    row=int(r) + 1,
                    field=name,
                    value=flows[name].iloc[r],
                    reason="is not a node_id of nodes (expected an existing node)",
                )
            )
    if problems:
        raise problems[0]
    step = 1.0 / days_per_year
    prod = _num(nodes, "production_t_per_yr", 0.0)
    capacity = _num(nodes, "capacity_t_per_yr", np.nan)
    capacity = np.where(np.isnan(capacity), prod, np.maximum(capacity, prod))
    inv_days = _num(nodes, "inventory_days", default_inventory_days)
    price = (
        pd.to_numeric(nodes["price_usd_per_t"], errors="coerce").to_numpy(np.float64)
        if "price_usd_per_t" in nodes.columns
        else np.full(n, np.nan)
    )
    node_product = nodes["product_id"].astype(str).to_numpy()
    products, node_prod_idx = np.unique(node_product, return_inverse=True)
    prod_pos = {p: i for i, p in enumerate(products.tolist())}
    if unique_ids:
        sup, cus = ends["supplier_node"].astype(np.int64), ends["customer_node"].astype(np.int64)
    else:
        sup = pos[flows["supplier_node"].astype(str)].to_numpy()
        cus = pos[flows["customer_node"].astype(str)].to_numpy()
    qty = _num(flows, "quantity_t_per_yr", 0.0)
    lead_days = _num(flows, "lead_time_days", 0.0)
    _check_lead_times(lead_days, flows)
    lead = np.round(lead_days).astype(np.int64)
    fprod = node_prod_idx[sup]
    out_total = np.bincount(sup, weights=qty, minlength=n)
    final = np.maximum(prod - out_total, 0.0) * step
    # slots: (customer, product) pairs with flows, plus substitutes named by recipes.
    # Vectorised: a slot key is customer * n_products + product.
    P = len(products)
    sub_rows: list[tuple[np.ndarray, int, int, float]] = []  # (nodes, main p, sub p, rate)
    if len(recipes) and "substitute_for" in recipes.columns:
        rec = recipes.fillna({"substitute_for": ""})
        main_ipo = {
            (str(r.output_product_id), str(r.input_product_id)): float(r.input_per_output)
            for r in rec.itertuples()
            if str(r.substitute_for) == ""
        }
        for r in rec.itertuples():
            p1 = str(r.substitute_for)
            if p1 == "" or p1 not in prod_pos or str(r.input_product_id) not in prod_pos:
                continue
            pen = float(getattr(r, "substitution_penalty", 0.0) or 0.0)
            a_main = main_ipo.get((str(r.output_product_id), p1), float("nan"))
            a_sub = float(r.input_per_output)
            rate = (a_sub / a_main if a_main > 0 else 1.0) / max(1.0 - pen, 1e-9)
            out_nodes = np.nonzero(node_product == str(r.output_product_id))[0]
            sub_rows.append((out_nodes, prod_pos[p1], prod_pos[str(r.input_product_id)], rate))
    flow_key = cus.astype(np.int64) * P + fprod
    main_keys = np.unique(flow_key)
    sub_main: list[np.ndarray] = []
    sub_sub: list[np.ndarray] = []
    sub_rate: list[np.ndarray] = []
    for out_nodes, p_main, p_sub, rate in sub_rows:
        k1 = out_nodes.astype(np.int64) * P + p_main
        has = np.isin(k1, main_keys)  # only nodes that buy the main input
        sub_main.append(k1[has])
        sub_sub.append(out_nodes[has].astype(np.int64) * P + p_sub)
        sub_rate.append(np.full(int(has.sum()), rate))
    sub_keys = np.concatenate(sub_sub) if sub_sub else np.zeros(0, dtype=np.int64)
    keys = np.union1d(main_keys, sub_keys)
    K = keys.size
    slot_node = keys // P
    slot_product = keys % P
    flow_slot = np.searchsorted(keys, flow_key)
    slot_in = np.bincount(flow_slot, weights=qty, minlength=K)
    with np.errstate(divide="ignore", invalid="ignore"):
        slot_a = np.where(prod[slot_node] > 0, slot_in / prod[slot_node], 0.0)
    slot_sub = np.full(K, -1, dtype=np.int64)
    slot_sub_rate = np.ones(K)
    if sub_main:
        k1 = np.searchsorted(keys, np.concatenate(sub_main))
        slot_sub[k1] = np.searchsorted(keys, sub_keys)
        slot_sub_rate[k1] = np.concatenate(sub_rate)
    x0 = prod * step
    slot_inv = inv_days[slot_node]
    inv0 = x0[slot_node] * slot_a * slot_inv
    flow_ids = (
        flows["flow_id"].astype(str).to_numpy()
        if "flow_id" in flows.columns
        else np.array([f"flow{i}" for i in range(len(flows))])
    )
    alt = np.zeros(len(flows))
    if candidate_suppliers and K:
        spare = np.maximum(capacity - prod, 0.0) * step
        if "rerouting_candidate" in nodes.columns:  # optional: False = offers no link
            offers = (
                nodes["rerouting_candidate"]
                .astype(object)
                .where(nodes["rerouting_candidate"].notna(), True)
            )
            spare = np.where(offers.astype(bool).to_numpy(), spare, 0.0)
        slot_lead = np.zeros(K, dtype=np.int64)
        np.maximum.at(slot_lead, flow_slot, lead)
        existing = np.unique(sup.astype(np.int64) * K + flow_slot)
        add_sup_l, add_slot_l = [], []
        for p in np.unique(slot_product).tolist():
            cand = np.nonzero((node_prod_idx == p) & (spare > 0))[0]
            if cand.size == 0:
                continue
            # largest spare first; one extra so a slot can skip itself or an existing link
            cand = cand[np.argsort(-spare[cand], kind="stable")][: max_candidates_per_slot + 1]
            ks = np.nonzero(slot_product == p)[0]
            ii = np.tile(cand, ks.size)
            kk = np.repeat(ks, cand.size)
            ok = (ii != slot_node[kk]) & ~np.isin(ii.astype(np.int64) * K + kk, existing)
            ii, kk = ii[ok], kk[ok]
            # keep the first max_candidates_per_slot per slot (kk is grouped, in order)
            first = np.searchsorted(kk, kk)
            rank = np.arange(kk.size) - first
            keep = rank < max_candidates_per_slot
            add_sup_l.append(ii[keep])
            add_slot_l.append(kk[keep])
        if add_sup_l:
            add_sup = np.concatenate(add_sup_l)
            add_slot = np.concatenate(add_slot_l)
            add_ids = np.char.add(
                np.char.add("candidate:", node_ids[add_sup].astype(str)),
                np.char.add("->", node_ids[slot_node[add_slot]].astype(str)),
            )
            sup = np.concatenate([sup, add_sup])
            flow_slot = np.concatenate([flow_slot, add_slot])
            qty = np.concatenate([qty, np.zeros(add_sup.size)])
            alt = np.concatenate([alt, spare[add_sup]])
            lead = np.concatenate([lead, slot_lead[add_slot]])
            flow_ids = np.concatenate([flow_ids.astype(str), add_ids])
    meta = {
        "source": "chokepoints.World",
        "name": str(getattr(world, "name", "world")),
        "days_per_year": days_per_year,
        "default_inventory_days": default_inventory_days,
        "restoration_tau_days": restoration_tau_days,
        "candidate_suppliers": candidate_suppliers,
    }
    country = (
        nodes["country"].astype(str).to_numpy() if "country" in nodes.columns else np.full(n, "")
    )
    return _assemble(
        node_ids=node_ids,
        node_region=country,
        node_product=node_product,
        products=products,
        x0=x0,
        cap0=capacity * step,
        final_demand=final,
        price=price,
        slot_node=slot_node,
        slot_product=slot_product,
        slot_a=slot_a,
        slot_inv_days=slot_inv,
        slot_tau_days=np.full(K, float(restoration_tau_days)),
        slot_active=slot_a > 0,
        slot_sub=slot_sub,
        slot_sub_rate=slot_sub_rate,
        inv0=inv0,
        flow_ids=flow_ids,
        flow_sup=sup,
        flow_slot=flow_slot,
        flow_z=qty * step,
        flow_alt=alt,
        flow_lead=lead,
        unit="t",
        meta=meta,
    )


def compile_arrays(
    *,
    node_ids: npt.ArrayLike,
    node_product: npt.ArrayLike,
    x0: npt.ArrayLike,
    flow_sup: npt.ArrayLike,
    flow_cus: npt.ArrayLike,
    flow_z: npt.ArrayLike,
    cap0: npt.ArrayLike | None = None,
    final_demand: npt.ArrayLike | None = None,
    inventory_days: float | npt.ArrayLike = 30.0,
    restoration_tau_days: float = 30.0,
    flow_lead: npt.ArrayLike | None = None,
    node_region: npt.ArrayLike | None = None,
    price_usd_per_unit: npt.ArrayLike | None = None,
    flow_ids: npt.ArrayLike | None = None,
) -> CompiledModel:
    """Compile a network given directly as arrays (vectorised; for large firm networks).

    The same :class:`CompiledModel` as :func:`compile_world` and :func:`compile_mrio`
    build from a world or an MRIO table (formerly ``compile_network``, a name the
    world's static :func:`chokepoints.world.compile.compile_network_arrays` shared).

    Slots are the distinct (customer, supplier's product) pairs; ``a_k`` is the sum of
    baseline flows into the slot over the customer's output.

    Parameters
    ----------
    node_ids, node_product : array of str, shape (n_nodes,)
    x0 : array, shape (n_nodes,)
        Baseline output, units/day.
    flow_sup, flow_cus : array of int, shape (n_flows,)
        Supplier and customer node positions.
    flow_z : array, shape (n_flows,)
        Baseline flow, units/day.
    cap0 : array, shape (n_nodes,), optional
        Capacity, units/day (default ``x0``).
    final_demand : array, shape (n_nodes,), optional
        Final demand, units/day (default: output not sold to other nodes).
    inventory_days : float or array of shape (n_nodes,)
        Input cover of each customer, days.
    restoration_tau_days : float
        Inventory restoration time, days.
    flow_lead : array of int, shape (n_flows,), optional
        Lead times, days (default 0).
    """
    node_ids = np.asarray(node_ids)
    n = node_ids.shape[0]
    x0 = np.asarray(x0, dtype=np.float64)
    sup = np.asarray(flow_sup, dtype=np.int64)
    cus = np.asarray(flow_cus, dtype=np.int64)
    z = np.asarray(flow_z, dtype=np.float64)
    for name, arr, size in (("x0", x0, n), ("flow_cus", cus, sup.size), ("flow_z", z, sup.size)):
        if arr.shape != (size,):
            raise ValueError(f"{name} has shape {arr.shape} but expected ({size},).")
    if sup.size and (sup.min() < 0 or sup.max() >= n or cus.min() < 0 or cus.max() >= n):
        raise ValueError(f"flow_sup and flow_cus must be node positions in 0..{n - 1}.")
    products, prod_idx = np.unique(np.asarray(node_product, dtype=str), return_inverse=True)
    key = cus * len(products) + prod_idx[sup]
    uniq, flow_slot = np.unique(key, return_inverse=True)
    slot_node = uniq // len(products)
    slot_product = uniq % len(products)
    K = uniq.size
    slot_in = np.bincount(flow_slot, weights=z, minlength=K)
    with np.errstate(divide="ignore", invalid="ignore"):
        slot_a = np.where(x0[slot_node] > 0, slot_in / x0[slot_node], 0.0)
    inv_days = np.broadcast_to(np.asarray(inventory_days, dtype=np.float64), (n,))
    slot_inv = inv_days[slot_node]
    out_total = np.bincount(sup, weights=z, minlength=n)
    fd = np.maximum(x0 - out_total, 0.0) if final_demand is None else np.asarray(final_demand)
    return _assemble(
        node_ids=node_ids,
        node_region=np.asarray(node_region) if node_region is not None else np.full(n, ""),
        node_product=np.asarray(node_product, dtype=str),
        products=products,
        x0=x0,
        cap0=x0.copy() if cap0 is None else np.asarray(cap0, dtype=np.float64),
        final_demand=np.asarray(fd, dtype=np.float64),
        price=(
            np.full(n, np.nan)
            if price_usd_per_unit is None
            else np.asarray(price_usd_per_unit, dtype=np.float64)
        ),
        slot_node=slot_node,
        slot_product=slot_product,
        slot_a=slot_a,
        slot_inv_days=slot_inv,
        slot_tau_days=np.full(K, float(restoration_tau_days)),
        slot_active=slot_a > 0,
        slot_sub=np.full(K, -1),
        slot_sub_rate=np.ones(K),
        inv0=x0[slot_node] * slot_a * slot_inv,
        flow_ids=np.zeros(0, dtype=str) if flow_ids is None else np.asarray(flow_ids, dtype=str),
        flow_sup=sup,
        flow_slot=flow_slot,
        flow_z=z,
        flow_alt=np.zeros(sup.size),
        flow_lead=(
            np.zeros(sup.size, dtype=np.int32) if flow_lead is None else np.asarray(flow_lead)
        ),
        unit="t",
        meta={"source": "arrays"},
    )


#: The former name of :func:`compile_arrays` (kept for existing callers).
compile_network = compile_arrays
