"""chokepoints: how export controls on critical minerals move through supply chains.

The library is organised by concept:

- :mod:`chokepoints.world`    the supply network (countries, products, nodes, flows, recipes)
- :mod:`chokepoints.policy`   export-control measures and the dated, sourced timeline
- :mod:`chokepoints.engines`  pure computations over compiled arrays (exposure, dynamics, ...)
- :mod:`chokepoints.cli`      the ``chokepoints`` command, a thin skin over the library
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("chokepoints")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
