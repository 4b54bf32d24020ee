"""compile_world's flow-end lookup (the hash path used for large supplier maps)."""

from __future__ import annotations

import numpy as np
import pytest

from chokepoints.engines.dynamics import compile_world
from chokepoints.errors import DataError
from chokepoints.suppliers.generate import generate_network, to_linked
from chokepoints.suppliers.run import world_tables


def test_flow_ends_are_the_named_nodes() -> None:
    tables = world_tables(to_linked(generate_network(500, seed=2)))
    c = compile_world(tables, candidate_suppliers=False, days_per_year=365)
    ids = c.node_ids.astype(str)
    flows = tables.flows.set_index("flow_id").loc[c.flow_ids.astype(str)]
    assert np.array_equal(ids[c.flow_sup], flows["supplier_node"].to_numpy(str))
    assert np.array_equal(ids[c.slot_node[c.flow_slot]], flows["customer_node"].to_numpy(str))


def test_unknown_flow_end_is_named_with_its_row() -> None:
    tables = world_tables(to_linked(generate_network(500, seed=2)))
    tables.flows.loc[7, "customer_node"] = "F-nowhere"
    with pytest.raises(DataError, match=r"row 8.*customer_node.*F-nowhere.*not a node_id"):
        compile_world(tables, candidate_suppliers=False, days_per_year=365)
