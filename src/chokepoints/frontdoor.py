"""The Python front door: ``chokepoints.World``, ``chokepoints.Scenario``, ``chokepoints.run``.

Like PyPSA's ``Network`` or pymrio's ``IOSystem``, a few names reach the whole library
from a notebook::

    import chokepoints as cp
    world = cp.World.load()                    # the bundled rare-earth world
    sq = cp.Scenario.load("status-quo")        # a bundled scenario, or a YAML path
    ds = cp.run("status-quo", runs=20, seed=1) # xarray.Dataset (run, time, node)
    ds.production.sel(region="JPN")            # labels are indexed

Everything here calls the same library functions as the CLI; nothing is computed here.
"""

from __future__ import annotations

import os
from contextlib import nullcontext
from html import escape
from typing import TYPE_CHECKING, Any

from chokepoints.scenarios.spec import Scenario as _ScenarioSpec
from chokepoints.scenarios.spec import bundled_names, load_scenario
from chokepoints.world.model import World
from chokepoints.world.vocabulary import use_vocabulary

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["Scenario", "World", "run"]


class Scenario(_ScenarioSpec):
    """A scenario: world, timeline up to a cut-off, overrides, assumptions, horizon, runs.

    The validated scenario of :mod:`chokepoints.scenarios.spec`, with a loader, a
    ``run`` method and notebook-friendly reprs.

    Examples
    --------
    >>> from chokepoints import Scenario
    >>> sq = Scenario.load("status-quo", runs=2)
    >>> sq.runs
    2
    >>> "status-quo" in Scenario.names()
    True
    """

    @classmethod
    def load(cls, name_or_path: str | os.PathLike[str], **replace: Any) -> Scenario:
        """Read a bundled scenario by name (``status-quo``) or a scenario YAML file.

        Parameters
        ----------
        name_or_path : str or path
            Bundled name or path to a ``.yaml`` file.
        **replace
            Top-level fields to replace (``runs=10``, ``seed=3``, ``horizon_days=90``).

        Raises
        ------
        NotFoundError
            If a bundled name is unknown (with near matches).
        DataErrors
            If the file is invalid (every problem, with file, entry and field).
        """
        spec = load_scenario(str(name_or_path), **replace)
        return cls.model_validate(spec.model_dump())

    @staticmethod
    def names() -> list[str]:
        """Names of the bundled scenarios."""
        return bundled_names()

    def run(self, *, runs: int | None = None, seed: int | None = None) -> xr.Dataset:
        """Run this scenario (see :func:`run`)."""
        return run(self, runs=runs, seed=seed)

    def market(self, market: str) -> xr.Dataset:
        """Monthly prices and flows of one market under this scenario's measures.

        ``market`` is a bundled market (``dysprosium-oxide``) or a world product id; see
        :func:`chokepoints.market.path.market_path` for the variables and units.
        """
        from chokepoints.market.path import market_path

        return market_path(self, market)

    def __repr__(self) -> str:
        return (
            f"<Scenario {self.name!r}: start {self.start.isoformat()}, "
            f"{self.horizon_days} days, {self.runs} runs, seed {self.seed}, "
            f"world {self.world!r}, {len(self.overrides)} override(s)>"
        )

    def __str__(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        rows = [
            ("title", self.title),
            ("start", self.start.isoformat()),
            ("horizon", f"{self.horizon_days} days (+{self.spin_up_days} spin-up)"),
            ("runs, seed", f"{self.runs}, {self.seed}"),
            ("world", self.world),
            ("timeline cut-off", str(self.timeline.model_dump().get("cutoff", ""))),
            ("overrides", str(len(self.overrides))),
        ]
        body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
        return f"<div><strong>Scenario {escape(self.name)}</strong><table>{body}</table></div>"


def run(
    scenario: str | os.PathLike[str] | _ScenarioSpec = "status-quo",
    *,
    runs: int | None = None,
    seed: int | None = None,
    world: World | None = None,
) -> xr.Dataset:
    """Run a scenario through the dynamics engine and return the labelled result.

    Parameters
    ----------
    scenario : str, path or Scenario
        Bundled name (``"status-quo"``), YAML path, or a loaded scenario.
    runs, seed : int, optional
        Override the scenario's Monte Carlo runs and seed.
    world : World, optional
        Run on this world instead of the one the scenario names.

    Returns
    -------
    xarray.Dataset
        ``production`` (run, time, node) in the world's quantity unit per day, with
        ``units`` on every variable; ``region``, ``product`` and ``stage`` indexed, so
        ``ds.sel(region="JPN")`` works; provenance in attrs (scenario and its hash,
        seed, runs, versions, and a ``history`` of the steps applied).

    Examples
    --------
    >>> import chokepoints as cp
    >>> ds = cp.run("status-quo", runs=2, seed=1)  # doctest: +SKIP
    >>> ds.production.sel(region="JPN").dims  # doctest: +SKIP
    ('run', 'time', 'node')
    """
    from chokepoints.results import add_history, check_result, selectable
    from chokepoints.scenarios.runner import compile_scenario, run_compiled

    spec = scenario if isinstance(scenario, _ScenarioSpec) else load_scenario(str(scenario))
    # a world given in memory is the product vocabulary while the scenario compiles
    with use_vocabulary(world) if world is not None else nullcontext():
        model = compile_scenario(spec, world=world)
    ds = run_compiled(model, runs=runs, seed=seed)
    ds = add_history(
        selectable(ds),
        "run",
        scenario=spec.name,
        runs=int(ds.sizes["run"]),
        seed=int(ds.attrs.get("seed", -1)),
    )
    return check_result(ds)
