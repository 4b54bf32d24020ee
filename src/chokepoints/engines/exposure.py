"""Static exposure kernels: concentration, embodied origin, removal of a supplier.

Pure functions of arrays (see :class:`chokepoints.world.compile.NetworkArrays` for the
meaning of each array); no pandas, no files. Labelled wrappers live in
:mod:`chokepoints.exposure`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Longest supply chain (ore -> sector) has six stages, so five hops.
MAX_DEPTH = 6


def shares_and_hhi(quantities: FloatArray) -> tuple[FloatArray, float]:
    """Shares of a total and the Herfindahl-Hirschman index.

    Parameters
    ----------
    quantities : ndarray, shape (n,)
        Non-negative amounts (e.g. output per country, t/yr).

    Returns
    -------
    shares : ndarray, shape (n,)
        ``quantities / quantities.sum()`` (all zero if the total is zero).
    hhi : float
        Sum of squared percentage shares, 0..10,000 (US DOJ/FTC convention).
    """
    total = float(quantities.sum())
    if total <= 0:
        return np.zeros_like(quantities), 0.0
    shares = quantities / total
    return shares, float(np.sum((100 * shares) ** 2))


def input_coefficients(
    flow_supplier: IntArray, flow_customer: IntArray, flow_qty: FloatArray, output: FloatArray
) -> sp.csr_matrix:
    """Sparse matrix M (n_nodes x n_nodes): M[n, s] = t received from s per t of n's output."""
    n = output.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        coef = np.where(output[flow_customer] > 0, flow_qty / output[flow_customer], 0.0)
    return sp.csr_matrix((coef, (flow_customer, flow_supplier)), shape=(n, n))


def embodied_origin(
    m: sp.csr_matrix,
    node_country: IntArray,
    makes_target: npt.NDArray[np.bool_],
    n_countries: int,
) -> FloatArray:
    """Content of a target product embodied per unit of each node's output, by origin.

    ``B[n, c]`` = units of the target product made in country ``c`` that one unit of node
    ``n``'s output contains, directly or through any number of intermediate nodes in
    third countries. Solves ``B = D + diag(1 - makes_target) M B`` on the DAG by repeated
    substitution (at most :data:`MAX_DEPTH` sweeps).

    Parameters
    ----------
    m : csr_matrix, shape (n_nodes, n_nodes)
        Input coefficients from :func:`input_coefficients`.
    node_country : ndarray of int, shape (n_nodes,)
    makes_target : ndarray of bool, shape (n_nodes,)
        True where the node makes the target product.
    n_countries : int

    Returns
    -------
    ndarray, shape (n_nodes, n_countries)
        Target-product units per unit of output.
    """
    n = node_country.shape[0]
    d = np.zeros((n, n_countries))
    d[np.flatnonzero(makes_target), node_country[makes_target]] = 1.0
    keep = (~makes_target).astype(np.float64)[:, None]
    b = d.copy()
    for _ in range(MAX_DEPTH):
        nxt = d + keep * (m @ b)
        if np.allclose(nxt, b, rtol=0, atol=1e-15):
            break
        b = nxt
    return b


def available_fraction(
    removed: npt.NDArray[np.bool_],
    node_stage: IntArray,
    node_has_inputs: npt.NDArray[np.bool_],
    flow_supplier: IntArray,
    flow_customer: IntArray,
    flow_product: IntArray,
    flow_qty: FloatArray,
) -> FloatArray:
    """Share of each node's baseline output still possible when ``removed`` nodes stop.

    No rerouting, no stocks: a node makes the smallest share available among its inputs
    (fixed proportions, as in a Leontief recipe), and each input is available in the
    proportion of its baseline suppliers still producing (scaled by their own
    availability). Stages are processed upstream first.

    Returns
    -------
    ndarray, shape (n_nodes,)
        Available share of baseline output, 0..1.
    """
    n = node_stage.shape[0]
    avail = np.where(removed, 0.0, 1.0)
    for stage in np.unique(node_stage):
        at = (node_stage == stage) & node_has_inputs & ~removed
        if not at.any():
            continue
        sel = at[flow_customer]
        cust, prod = flow_customer[sel], flow_product[sel]
        got = flow_qty[sel] * avail[flow_supplier[sel]]
        base = flow_qty[sel]
        # aggregate per (customer, product) pair, then take the minimum per customer
        key = cust * (int(flow_product.max()) + 1) + prod
        uniq, inv = np.unique(key, return_inverse=True)
        got_k = np.bincount(inv, weights=got, minlength=uniq.size)
        base_k = np.bincount(inv, weights=base, minlength=uniq.size)
        ratio = np.divide(got_k, base_k, out=np.ones_like(got_k), where=base_k > 0)
        cust_k = uniq // (int(flow_product.max()) + 1)
        frac = np.ones(n)
        np.minimum.at(frac, cust_k, ratio)
        avail[at] = frac[at]
    return avail
