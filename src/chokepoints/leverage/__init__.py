"""Negotiation leverage: both sides' chokepoints, pain per scenario, and the bargain.

``pain`` builds the pain matrix and the bargaining view (``leverage_report``), ``data``
reads the bundled second supply chain (``chokepoints/data/leverage``), ``report`` writes
an HTML fragment, ``cli`` the ``chokepoints leverage`` command. The maths lives in
:mod:`chokepoints.engines.bargaining`. Assumptions and sources: docs/leverage.md.
"""
