"""What the controls cost the economy: products not made and value added lost.

* :mod:`chokepoints.economy.table`: the bundled WIOD 2011 MRIO (41 regions x 35
  industries) and the sourced product table (magnet kg per unit, unit value);
* :mod:`chokepoints.economy.losses`: from a scenario result's lost tonnes to products not
  made, direct value added per country and sector (``lost_value_added_usd_m`` next to the
  tonnes) and economy-wide losses from the ARIO engine on the MRIO.

Method, sources and limits: docs/economy.md.
"""
