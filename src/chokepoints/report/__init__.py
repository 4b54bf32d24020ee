"""HTML reports of scenario results: inline SVG charts, no JavaScript, works offline.

from chokepoints.report import scenario_report
html = scenario_report(ds, summarize(ds), backtest=None)
"""

from chokepoints.report.html import backtest_report, compare_report, scenario_report

__all__ = ["backtest_report", "compare_report", "scenario_report"]
