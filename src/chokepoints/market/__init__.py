"""Market inputs and commands: the YAML market file, bundled cases, backtest and CLI.

The engine itself is :mod:`chokepoints.engines.market`; this package reads and
validates inputs (:mod:`.io`), runs the 2025 price backtest (:mod:`.backtest`) and
renders results (:mod:`.cli`).
"""
