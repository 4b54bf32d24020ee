"""How critical each rare earth is: static indices and the model's dynamic criticality.

* :mod:`chokepoints.criticality.static`: HHI and WGI-weighted HHI per stage and element
  from the bundled world; the EU CRM supply-risk and economic-importance indicators from
  the EU 2023 tables, next to the published scores.
* :mod:`chokepoints.criticality.dynamic`: days to a first line stop and lost end-use
  output if one country stops supplying a stage (dynamics engine).

The pure formulas are in :mod:`chokepoints.engines.criticality`; docs/economy.md explains
the method, the parameters that could not be sourced and the gap to the published values.
"""
